//! A `~p`-style pretty printer for the VM's own reports: a term that fits on the line is
//! written flat (strings as "..."), otherwise lists and tuples break one element per line,
//! aligned after the opening bracket, with a tuple's leading atom kept on the first line.
//! (The standard library's io_lib_pretty is the reference for user output.)

use crate::print::{write_atom, Style};
use crate::term::{Kind, Term};

fn is_string(t: Term) -> bool {
    let mut any = false;
    let mut it = t.iter_list();
    for c in it.by_ref() {
        match c.as_small() {
            Some(v) if (32..=126).contains(&v) || (160..=255).contains(&v) || v == 10 || v == 9 => {
                any = true
            }
            _ => return false,
        }
    }
    any && it.rest().is_nil()
}

/// Flat text of a term as `~p` writes it when it fits.
pub fn flat(t: Term) -> String {
    let mut s = String::new();
    flat_into(&mut s, t);
    s
}

fn flat_into(s: &mut String, t: Term) {
    if t.is_cons() {
        if is_string(t) {
            s.push('"');
            for c in t.iter_list() {
                let ch = char::from_u32(c.small_value() as u32).unwrap_or('?');
                match ch {
                    '"' => s.push_str("\\\""),
                    '\\' => s.push_str("\\\\"),
                    '\n' => s.push_str("\\n"),
                    '\t' => s.push_str("\\t"),
                    c => s.push(c),
                }
            }
            s.push('"');
            return;
        }
        s.push('[');
        let mut cur = t;
        let mut first = true;
        while cur.is_cons() {
            if !first {
                s.push(',');
            }
            first = false;
            flat_into(s, cur.head());
            cur = cur.tail();
        }
        if !cur.is_nil() {
            s.push('|');
            flat_into(s, cur);
        }
        s.push(']');
        return;
    }
    match t.boxed_kind() {
        Some(Kind::Tuple) => {
            s.push('{');
            for (i, e) in t.tuple_elems().iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                flat_into(s, *e);
            }
            s.push('}');
        }
        Some(Kind::Map) => {
            s.push_str("#{");
            let w = t.boxed_words();
            for i in 0..w.len() / 2 {
                if i > 0 {
                    s.push(',');
                }
                flat_into(s, Term(w[2 * i]));
                s.push_str(" => ");
                flat_into(s, Term(w[2 * i + 1]));
            }
            s.push('}');
        }
        Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin) => {
            crate::print::write_term(s, t, Style::Display)
        }
        _ => crate::print::write_term(s, t, Style::Write),
    }
}

/// Pretty text of `t` for a line `width` wide, starting at column 0.
pub fn pretty(t: Term, width: usize) -> String {
    let mut s = String::new();
    pp(&mut s, t, 0, width);
    s
}

fn pp(s: &mut String, t: Term, col: usize, width: usize) {
    let f = flat(t);
    if col + f.chars().count() <= width || !(t.is_cons() || t.is_tuple()) || is_string(t) {
        s.push_str(&f);
        return;
    }
    if t.is_tuple() {
        let elems = t.tuple_elems();
        s.push('{');
        let mut start = 0;
        let mut c = col + 1;
        if let Some(a) = elems.first().and_then(|e| e.as_atom()) {
            if elems.len() > 1 {
                let before = s.len();
                write_atom(s, a.name());
                s.push(',');
                c += s[before..].chars().count();
                start = 1;
            }
        }
        for (i, e) in elems.iter().enumerate().skip(start) {
            if i > start {
                s.push_str(",\n");
                s.push_str(&" ".repeat(c));
            }
            pp(s, *e, c, width);
        }
        s.push('}');
        return;
    }
    s.push('[');
    let c = col + 1;
    let mut cur = t;
    let mut first = true;
    while cur.is_cons() {
        if !first {
            s.push_str(",\n");
            s.push_str(&" ".repeat(c));
        }
        first = false;
        pp(s, cur.head(), c, width);
        cur = cur.tail();
    }
    if !cur.is_nil() {
        s.push('|');
        pp(s, cur, c, width);
    }
    s.push(']');
}
