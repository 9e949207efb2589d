//! The `maps` BIFs.

use super::*;
use crate::map;
use crate::term::Term;

fn badmap<T>(p: &mut Process, m: Term) -> Result<T, Exc> {
    let r = p.heap.tuple2(Term::atom(am::BADMAP), m);
    Err(Exc::Error(r))
}

fn badkey<T>(p: &mut Process, k: Term) -> Result<T, Exc> {
    let r = p.heap.tuple2(Term::atom(am::BADKEY), k);
    Err(Exc::Error(r))
}

fn get2(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    match map::get(a[1], a[0]) {
        Some(v) => Ok(v),
        None => badkey(p, a[0]),
    }
}

fn get3(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    Ok(map::get(a[1], a[0]).unwrap_or(a[2]))
}

fn find(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    Ok(match map::get(a[1], a[0]) {
        Some(v) => ok_tuple(p, v),
        None => Term::atom(am::ERROR),
    })
}

fn is_key(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    Ok(Term::bool(map::get(a[1], a[0]).is_some()))
}

fn put(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[2].is_map() {
        return badmap(p, a[2]);
    }
    Ok(map::put(&mut p.heap, a[2], a[0], a[1]))
}

fn update(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[2].is_map() {
        return badmap(p, a[2]);
    }
    match map::update(&mut p.heap, a[2], a[0], a[1]) {
        Some(m) => Ok(m),
        None => badkey(p, a[0]),
    }
}

fn remove(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    Ok(map::remove(&mut p.heap, a[1], a[0]))
}

fn take(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    match map::get(a[1], a[0]) {
        Some(v) => {
            let m = map::remove(&mut p.heap, a[1], a[0]);
            Ok(p.heap.tuple2(v, m))
        }
        None => Ok(Term::atom(am::ERROR)),
    }
}

fn keys(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_map() {
        return badmap(p, a[0]);
    }
    let k: Vec<Term> = map::pairs(a[0]).map(|(k, _)| k).collect();
    Ok(p.heap.list(&k))
}

fn values(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_map() {
        return badmap(p, a[0]);
    }
    let v: Vec<Term> = map::pairs(a[0]).map(|(_, v)| v).collect();
    Ok(p.heap.list(&v))
}

fn to_list(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_map() {
        return badmap(p, a[0]);
    }
    let pairs: Vec<(Term, Term)> = map::pairs(a[0]).collect();
    let items: Vec<Term> = pairs.iter().map(|&(k, v)| p.heap.tuple2(k, v)).collect();
    Ok(p.heap.list(&items))
}

fn from_list(p: &mut Process, a: &[Term]) -> BifResult {
    let items = list_arg(a[0])?;
    let mut pairs = Vec::with_capacity(items.len());
    for it in items {
        match it.as_tuple() {
            Some(t) if t.len() == 2 => pairs.push((t[0], t[1])),
            _ => return badarg(),
        }
    }
    Ok(map::from_pairs(&mut p.heap, pairs))
}

fn from_keys(p: &mut Process, a: &[Term]) -> BifResult {
    let items = list_arg(a[0])?;
    let pairs = items.into_iter().map(|k| (k, a[1])).collect();
    Ok(map::from_pairs(&mut p.heap, pairs))
}

fn size(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_map() {
        return badmap(p, a[0]);
    }
    Ok(Term::small(map::size(a[0]) as i64))
}

fn merge(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_map() {
        return badmap(p, a[0]);
    }
    if !a[1].is_map() {
        return badmap(p, a[1]);
    }
    Ok(map::merge(&mut p.heap, a[0], a[1]))
}

fn new(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.heap.map_from_sorted(&[]))
}

/// An iterator is `{Index, Map}` here; `maps:next/1` walks it in key order.
fn iterator(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_map() {
        return badmap(p, a[0]);
    }
    Ok(p.heap.tuple2(Term::small(0), a[0]))
}

fn next(p: &mut Process, a: &[Term]) -> BifResult {
    if a[0] == Term::atom(am::NONE) {
        return Ok(Term::atom(am::NONE));
    }
    let t = a[0].as_tuple().filter(|t| t.len() == 2);
    let t = t.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let i = t[0].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
    let m = t[1];
    if !m.is_map() {
        return badarg();
    }
    match map::pairs(m).nth(i) {
        Some((k, v)) => {
            let it = p.heap.tuple2(Term::small(i as i64 + 1), m);
            Ok(p.heap.tuple(&[k, v, it]))
        }
        None => Ok(Term::atom(am::NONE)),
    }
}

pub fn register() {
    let r = super::register;
    r("maps", "get", 2, get2);
    r("maps", "get", 3, get3);
    r("maps", "find", 2, find);
    r("maps", "is_key", 2, is_key);
    r("maps", "put", 3, put);
    r("maps", "update", 3, update);
    r("maps", "remove", 2, remove);
    r("maps", "take", 2, take);
    r("maps", "keys", 1, keys);
    r("maps", "values", 1, values);
    r("maps", "to_list", 1, to_list);
    r("maps", "from_list", 1, from_list);
    r("maps", "from_keys", 2, from_keys);
    r("maps", "size", 1, size);
    r("maps", "merge", 2, merge);
    r("maps", "new", 0, new);
    r("maps", "iterator", 1, iterator);
    r("maps", "next", 1, next);
}
