//! List BIFs: `++`, `--`, and the `lists` functions erl implements natively.

use super::*;
use crate::order::{compare, eq, eq_exact};
use crate::term::Term;

fn append(p: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_nil() {
        return Ok(a[1]);
    }
    let v = list_arg(a[0])?;
    Ok(p.heap.list_with_tail(&v, a[1]))
}

fn subtract(p: &mut Process, a: &[Term]) -> BifResult {
    let mut v = list_arg(a[0])?;
    let rm = list_arg(a[1])?;
    for r in rm {
        if let Some(i) = v.iter().position(|&x| eq_exact(x, r)) {
            v.remove(i);
        }
    }
    Ok(p.heap.list(&v))
}

fn reverse2(p: &mut Process, a: &[Term]) -> BifResult {
    let mut acc = a[1];
    let mut it = a[0].iter_list();
    for e in it.by_ref() {
        acc = p.heap.cons(e, acc);
    }
    if !it.rest().is_nil() {
        return badarg();
    }
    Ok(acc)
}

fn reverse1(p: &mut Process, a: &[Term]) -> BifResult {
    reverse2(p, &[a[0], Term::NIL])
}

fn member(_: &mut Process, a: &[Term]) -> BifResult {
    let mut it = a[1].iter_list();
    for e in it.by_ref() {
        if eq_exact(e, a[0]) {
            return Ok(Term::TRUE);
        }
    }
    if !it.rest().is_nil() {
        return badarg();
    }
    Ok(Term::FALSE)
}

fn key_find(a: &[Term]) -> Result<Option<Term>, Exc> {
    let n = a[1]
        .as_small()
        .filter(|&n| n >= 1)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
    let key = a[0];
    let mut it = a[2].iter_list();
    for e in it.by_ref() {
        if let Some(t) = e.as_tuple() {
            if t.len() >= n && eq(t[n - 1], key) {
                // keyfind compares with ==, like erl.
                return Ok(Some(e));
            }
        }
    }
    if !it.rest().is_nil() {
        return badarg();
    }
    Ok(None)
}

fn keyfind(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(key_find(a)?.unwrap_or(Term::FALSE))
}

fn keymember(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(key_find(a)?.is_some()))
}

fn keysearch(p: &mut Process, a: &[Term]) -> BifResult {
    Ok(match key_find(a)? {
        Some(t) => p.heap.tuple2(Term::atom(am::VALUE), t),
        None => Term::FALSE,
    })
}

/// `lists:sort/1` natively (a stable merge sort in term order).
fn sort(p: &mut Process, a: &[Term]) -> BifResult {
    let mut v = list_arg(a[0])?;
    v.sort_by(|x, y| compare(*x, *y));
    Ok(p.heap.list(&v))
}

fn usort(p: &mut Process, a: &[Term]) -> BifResult {
    let mut v = list_arg(a[0])?;
    v.sort_by(|x, y| compare(*x, *y));
    v.dedup_by(|x, y| compare(*x, *y).is_eq());
    Ok(p.heap.list(&v))
}

fn keysort(p: &mut Process, a: &[Term]) -> BifResult {
    let n = a[0]
        .as_small()
        .filter(|&n| n >= 1)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
    let mut v = list_arg(a[1])?;
    for e in &v {
        match e.as_tuple() {
            Some(t) if t.len() >= n => {}
            _ => return badarg(),
        }
    }
    v.sort_by(|x, y| compare(x.tuple_elems()[n - 1], y.tuple_elems()[n - 1]));
    Ok(p.heap.list(&v))
}

pub fn register() {
    let r = super::register;
    r("erlang", "++", 2, append);
    r("erlang", "append", 2, append);
    r("erlang", "--", 2, subtract);
    r("erlang", "subtract", 2, subtract);
    r("lists", "reverse", 2, reverse2);
    r("lists", "reverse", 1, reverse1);
    r("lists", "member", 2, member);
    r("lists", "keyfind", 3, keyfind);
    r("lists", "keymember", 3, keymember);
    r("lists", "keysearch", 3, keysearch);
    // Native fallbacks used until the Erlang `lists` is loaded; the stdlib's own
    // sort functions (which take precedence when loaded) are not BIFs in erl.
    r("ferl_native", "sort", 1, sort);
    r("ferl_native", "usort", 1, usort);
    r("ferl_native", "keysort", 2, keysort);
}
