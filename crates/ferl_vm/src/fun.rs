//! Funs: local funs (a fun-table entry of the module version that made them, plus the
//! free variables) and external funs (`fun M:F/A`, an export entry).

use std::cmp::Ordering;
use std::fmt::Write;

use crate::atom::Atom;
use crate::export::Export;
use crate::module::FunEntry;
use crate::term::{Kind, Term};

/// The export entry of an external fun.
pub fn export_of(t: Term) -> &'static Export {
    let p = t.boxed_word(0) as *const Export;
    // SAFETY: export entries are leaked and never freed; the word was written by
    // `Heap::export_fun` from a `&'static Export`.
    unsafe { &*p }
}

/// The fun entry of a local fun.
pub fn entry_of(t: Term) -> &'static FunEntry {
    let p = t.boxed_word(0) as *const FunEntry;
    // SAFETY: fun entries belong to leaked modules and are never freed.
    unsafe { &*p }
}

/// The free variables of a local fun.
pub fn env_of<'a>(t: Term) -> &'a [Term] {
    let w = t.boxed_words();
    // SAFETY: the words after the entry pointer are terms (module invariant of `term`).
    unsafe { std::slice::from_raw_parts(w.as_ptr().add(1) as *const Term, w.len() - 1) }
}

/// The arity a caller must pass.
pub fn arity_of(t: Term) -> u32 {
    match t.boxed_kind() {
        Some(Kind::Export) => export_of(t).arity,
        Some(Kind::Fun) => entry_of(t).arity,
        _ => 0,
    }
}

pub fn write_fun(out: &mut String, t: Term) {
    match t.boxed_kind() {
        Some(Kind::Export) => {
            let e = export_of(t);
            out.push_str("fun ");
            crate::print::write_atom(out, e.module.name());
            out.push(':');
            crate::print::write_atom(out, e.function.name());
            let _ = write!(out, "/{}", e.arity);
        }
        Some(Kind::Fun) => {
            let e = entry_of(t);
            let _ = write!(
                out,
                "#Fun<{}.{}.{}>",
                e.module_name.name(),
                e.index,
                e.old_uniq
            );
        }
        _ => {}
    }
}

pub fn compare_funs(a: Term, b: Term, exact: bool) -> Ordering {
    match (a.boxed_kind(), b.boxed_kind()) {
        (Some(Kind::Export), Some(Kind::Export)) => {
            let (x, y) = (export_of(a), export_of(b));
            (x.module.name(), x.function.name(), x.arity).cmp(&(
                y.module.name(),
                y.function.name(),
                y.arity,
            ))
        }
        (Some(Kind::Fun), Some(Kind::Fun)) => {
            let (x, y) = (entry_of(a), entry_of(b));
            let o = (x.module_name.name(), x.index, x.old_uniq).cmp(&(
                y.module_name.name(),
                y.index,
                y.old_uniq,
            ));
            if o != Ordering::Equal {
                return o;
            }
            let (ea, eb) = (env_of(a), env_of(b));
            match ea.len().cmp(&eb.len()) {
                Ordering::Equal => {}
                o => return o,
            }
            for (p, q) in ea.iter().zip(eb.iter()) {
                let o = if exact {
                    crate::order::compare_exact(*p, *q)
                } else {
                    crate::order::compare(*p, *q)
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        }
        // Local funs sort before external ones.
        (Some(Kind::Fun), _) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

/// Encodes a local fun as NEW_FUN_EXT.
pub fn encode_local_fun(
    out: &mut Vec<u8>,
    t: Term,
    term: fn(&mut Vec<u8>, Term),
    atom: fn(&mut Vec<u8>, Atom),
) {
    let e = entry_of(t);
    let env = env_of(t);
    let start = out.len();
    out.push(112);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.push((e.arity) as u8);
    out.extend_from_slice(&e.module().md5);
    out.extend_from_slice(&e.index.to_be_bytes());
    out.extend_from_slice(&(env.len() as u32).to_be_bytes());
    atom(out, e.module_name);
    term(out, Term::small(e.index as i64));
    term(out, Term::small(e.old_uniq as i64));
    term(out, Term::pid(0));
    for &v in env {
        term(out, v);
    }
    let size = (out.len() - start - 1) as u32;
    out[start + 1..start + 5].copy_from_slice(&size.to_be_bytes());
}
