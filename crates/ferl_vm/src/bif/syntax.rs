//! `erl_scan`, `erl_parse` and the compiler, reached through the hooks the `ferl` binary
//! installs (the VM itself knows no Erlang source). Without a hook the functions raise
//! `undef`, as if the module were missing.

use super::*;
use crate::hooks;
use crate::term::Term;
use crate::tree::{from_tree, to_tree};

fn no_hook<T>(m: &str, f: &str, args: &[Term], p: &mut Process) -> Result<T, Exc> {
    let frame = crate::exception::args_frame(&mut p.heap, Atom::new(m), Atom::new(f), args, None);
    Err(Exc::Raise {
        class: Class::Error,
        reason: Term::atom(am::UNDEF),
        trace: Some(p.heap.list(&[frame])),
    })
}

fn location(t: Term) -> Option<(u32, u32)> {
    if let Some(l) = t.as_small() {
        return Some((l.max(0) as u32, 0));
    }
    let e = t.as_tuple()?;
    if e.len() == 2 {
        return Some((e[0].as_small()? as u32, e[1].as_small()? as u32));
    }
    None
}

fn scan(p: &mut Process, a: &[Term]) -> BifResult {
    let Some(s) = hooks::syntax() else {
        return no_hook("erl_scan", "string", a, p);
    };
    let text = super::text::string_arg(a[0])?;
    let start = match a.get(1) {
        Some(l) => location(*l).ok_or(Exc::Error(Term::atom(am::BADARG)))?,
        None => (1, 0),
    };
    match s.scan(&text, start) {
        Ok((toks, end)) => {
            let ts: Vec<Term> = toks.iter().map(|t| from_tree(t, &mut p.heap)).collect();
            let l = p.heap.list(&ts);
            let e = from_tree(&end, &mut p.heap);
            Ok(p.heap.tuple(&[Term::atom(am::OK), l, e]))
        }
        Err((info, end)) => {
            let i = from_tree(&info, &mut p.heap);
            let e = from_tree(&end, &mut p.heap);
            Ok(p.heap.tuple(&[Term::atom(am::ERROR), i, e]))
        }
    }
}

fn tokens_arg(t: Term) -> Result<Vec<ferl_etf::Term>, Exc> {
    Ok(list_arg(t)?.into_iter().map(to_tree).collect())
}

fn parse_exprs(p: &mut Process, a: &[Term]) -> BifResult {
    let Some(s) = hooks::syntax() else {
        return no_hook("erl_parse", "parse_exprs", a, p);
    };
    let toks = tokens_arg(a[0])?;
    let r = s.parse_exprs(&toks);
    result(p, r)
}

fn parse_term(p: &mut Process, a: &[Term]) -> BifResult {
    let Some(s) = hooks::syntax() else {
        return no_hook("erl_parse", "parse_term", a, p);
    };
    let toks = tokens_arg(a[0])?;
    let r = s.parse_term(&toks);
    result(p, r)
}

fn result(p: &mut Process, r: Result<ferl_etf::Term, ferl_etf::Term>) -> BifResult {
    Ok(match r {
        Ok(v) => {
            let t = from_tree(&v, &mut p.heap);
            ok_tuple(p, t)
        }
        Err(e) => {
            let t = from_tree(&e, &mut p.heap);
            error_tuple(p, t)
        }
    })
}

/// `ferl:compile_file(Path, Options)`: `{ok, Module, Beam, Warnings}` or
/// `{error, Errors}` (diagnostics as strings), through the compiler hook.
fn compile_file(p: &mut Process, a: &[Term]) -> BifResult {
    let Some(c) = hooks::compiler() else {
        return no_hook("ferl", "compile_file", a, p);
    };
    let path = super::text::string_arg(a[0])?;
    let mut opts = Vec::new();
    for o in list_arg(a[1])? {
        // erlc-style option strings (`-Idir`); any other term as it prints.
        match super::text::string_arg(o) {
            Ok(s) if o.is_list() => opts.push(s),
            _ => opts.push(crate::print::to_string(o)),
        }
    }
    match c.compile_file(std::path::Path::new(&path), &opts) {
        Ok(out) => {
            let beam = p.heap.binary(&out.beam);
            let ws: Vec<Term> = out.warnings.iter().map(|w| p.heap.string(w)).collect();
            let wl = p.heap.list(&ws);
            Ok(p.heap.tuple(&[
                Term::atom(am::OK),
                Term::atom(Atom::new(&out.module)),
                beam,
                wl,
            ]))
        }
        Err(text) => {
            let s = p.heap.string(&text);
            Ok(error_tuple(p, s))
        }
    }
}

pub fn register() {
    let r = super::register;
    r("erl_scan", "string", 1, scan);
    r("erl_scan", "string", 2, scan);
    r("erl_scan", "string", 3, scan);
    r("erl_parse", "parse_exprs", 1, parse_exprs);
    r("erl_parse", "parse_term", 1, parse_term);
    r("ferl", "compile_file", 2, compile_file);
}
