//! ETS: term storage shared between processes. Objects are copied into the table (each in
//! its own heap) and copied out on lookup. Tables die with their owner.
//!
//! set, bag and duplicate_bag tables are hashed on the key's external encoding (so keys
//! compare with `=:=`); ordered_set tables are sorted in term order (keys compare with
//! `==`). `match`, `match_object` and `select` support patterns with `'_'` and `'$N'`
//! and match specifications whose guards are empty, with results `'$_'`, `'$$'` or a
//! template.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use super::*;
use crate::copy::Owned;
use crate::order::compare;
use crate::term::{Kind, Term};

#[derive(Clone, Copy, PartialEq, Eq)]
enum TKind {
    Set,
    OrderedSet,
    Bag,
    DuplicateBag,
}

struct OrdKey(Owned);
impl PartialEq for OrdKey {
    fn eq(&self, o: &Self) -> bool {
        compare(self.0.term, o.0.term).is_eq()
    }
}
impl Eq for OrdKey {}
impl PartialOrd for OrdKey {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdKey {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        compare(self.0.term, o.0.term)
    }
}

enum Data {
    Hash(HashMap<Vec<u8>, Vec<Owned>>),
    Ordered(BTreeMap<OrdKey, Owned>),
}

struct Table {
    id: u64,
    name: Atom,
    named: bool,
    kind: TKind,
    keypos: usize,
    owner: Term,
    access: Atom,
    data: Mutex<Data>,
}

#[derive(Default)]
struct Registry {
    by_id: HashMap<u64, Arc<Table>>,
    by_name: HashMap<Atom, u64>,
    next: u64,
}

fn reg() -> &'static Mutex<Registry> {
    static R: OnceLock<Mutex<Registry>> = OnceLock::new();
    R.get_or_init(|| {
        Mutex::new(Registry {
            next: 1,
            ..Registry::default()
        })
    })
}

const TID_MARK: u64 = 0x7FFF_FFFE;

fn table_of(t: Term) -> Result<Arc<Table>, Exc> {
    let r = reg().lock().unwrap_or_else(|e| e.into_inner());
    let id = if let Some(a) = t.as_atom() {
        r.by_name.get(&a).copied()
    } else if t.boxed_kind() == Some(Kind::Ref) && t.boxed_word(0) == TID_MARK {
        Some(t.boxed_word(1))
    } else {
        None
    };
    id.and_then(|id| r.by_id.get(&id).cloned())
        .ok_or(Exc::Error(Term::atom(am::BADARG)))
}

fn check_write(p: &Process, t: &Table) -> Result<(), Exc> {
    if t.access != am::PUBLIC && t.owner != p.pid() {
        return badarg();
    }
    Ok(())
}

fn check_read(p: &Process, t: &Table) -> Result<(), Exc> {
    if t.access == am::PRIVATE && t.owner != p.pid() {
        return badarg();
    }
    Ok(())
}

fn tid_term(p: &mut Process, t: &Table) -> Term {
    if t.named {
        Term::atom(t.name)
    } else {
        p.heap.reference(TID_MARK, t.id)
    }
}

fn new(p: &mut Process, a: &[Term]) -> BifResult {
    let name = atom_arg(a[0])?;
    let mut kind = TKind::Set;
    let mut keypos = 1;
    let mut named = false;
    let mut access = am::PROTECTED;
    for o in list_arg(a[1])? {
        if let Some(at) = o.as_atom() {
            match at {
                am::SET => kind = TKind::Set,
                am::ORDERED_SET => kind = TKind::OrderedSet,
                am::BAG => kind = TKind::Bag,
                am::DUPLICATE_BAG => kind = TKind::DuplicateBag,
                am::NAMED_TABLE => named = true,
                am::PUBLIC | am::PROTECTED | am::PRIVATE => access = at,
                _ => {}
            }
        } else if let Some(t) = o.as_tuple() {
            if t.len() == 2 && t[0] == Term::atom(am::KEYPOS) {
                let k = t[1].as_small().filter(|&k| k >= 1);
                keypos = k.ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
            }
        } else {
            return badarg();
        }
    }
    let mut r = reg().lock().unwrap_or_else(|e| e.into_inner());
    if named && r.by_name.contains_key(&name) {
        return badarg();
    }
    let id = r.next;
    r.next += 1;
    let data = if kind == TKind::OrderedSet {
        Data::Ordered(BTreeMap::new())
    } else {
        Data::Hash(HashMap::new())
    };
    let t = Arc::new(Table {
        id,
        name,
        named,
        kind,
        keypos,
        owner: p.pid(),
        access,
        data: Mutex::new(data),
    });
    r.by_id.insert(id, t.clone());
    if named {
        r.by_name.insert(name, id);
    }
    drop(r);
    Ok(tid_term(p, &t))
}

fn key_of(t: &Table, obj: Term) -> Result<Term, Exc> {
    match obj.as_tuple() {
        Some(e) if e.len() >= t.keypos => Ok(e[t.keypos - 1]),
        _ => badarg(),
    }
}

fn objects_arg(t: Term) -> Result<Vec<Term>, Exc> {
    if t.is_tuple() {
        Ok(vec![t])
    } else {
        list_arg(t)
    }
}

fn insert_one(t: &Table, d: &mut Data, obj: Term) -> Result<(), Exc> {
    let key = key_of(t, obj)?;
    match d {
        Data::Hash(h) => {
            let k = crate::etf::encode(key);
            let bucket = h.entry(k).or_default();
            match t.kind {
                TKind::Set => {
                    bucket.clear();
                    bucket.push(Owned::new(obj));
                }
                TKind::Bag => {
                    if !bucket.iter().any(|o| crate::order::eq_exact(o.term, obj)) {
                        bucket.push(Owned::new(obj));
                    }
                }
                _ => bucket.push(Owned::new(obj)),
            }
        }
        Data::Ordered(b) => {
            b.insert(OrdKey(Owned::new(key)), Owned::new(obj));
        }
    }
    Ok(())
}

fn insert(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let objs = objects_arg(a[1])?;
    for o in &objs {
        key_of(&t, *o)?;
    }
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    for o in objs {
        insert_one(&t, &mut d, o)?;
    }
    Ok(Term::TRUE)
}

fn lookup_in(d: &Data, key: Term) -> Vec<Term> {
    match d {
        Data::Hash(h) => h
            .get(&crate::etf::encode(key))
            .map(|v| v.iter().map(|o| o.term).collect())
            .unwrap_or_default(),
        Data::Ordered(b) => b
            .get(&OrdKey(Owned::immediate(key)))
            .map(|o| vec![o.term])
            .unwrap_or_default(),
    }
}

fn insert_new(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let objs = objects_arg(a[1])?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    for o in &objs {
        if !lookup_in(&d, key_of(&t, *o)?).is_empty() {
            return Ok(Term::FALSE);
        }
    }
    for o in objs {
        insert_one(&t, &mut d, o)?;
    }
    Ok(Term::TRUE)
}

fn lookup(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_read(p, &t)?;
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let found = lookup_in(&d, a[1]);
    let copies: Vec<Term> = found
        .iter()
        .map(|&o| crate::copy::copy_term(o, &mut p.heap))
        .collect();
    Ok(p.heap.list(&copies))
}

fn member(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_read(p, &t)?;
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    Ok(Term::bool(!lookup_in(&d, a[1]).is_empty()))
}

fn lookup_element(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_read(p, &t)?;
    let pos = a[2].as_small().filter(|&n| n >= 1);
    let pos = pos.ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let found = lookup_in(&d, a[1]);
    if found.is_empty() {
        return badarg();
    }
    let mut out = Vec::new();
    for o in found {
        let e = o.tuple_elems();
        if pos > e.len() {
            return badarg();
        }
        out.push(crate::copy::copy_term(e[pos - 1], &mut p.heap));
    }
    if t.kind == TKind::Set || t.kind == TKind::OrderedSet {
        return Ok(out[0]);
    }
    Ok(p.heap.list(&out))
}

fn delete_table(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    if t.owner != p.pid() && t.access != am::PUBLIC {
        return badarg();
    }
    let mut r = reg().lock().unwrap_or_else(|e| e.into_inner());
    r.by_id.remove(&t.id);
    if t.named {
        r.by_name.remove(&t.name);
    }
    Ok(Term::TRUE)
}

fn delete_key(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    match &mut *d {
        Data::Hash(h) => {
            h.remove(&crate::etf::encode(a[1]));
        }
        Data::Ordered(b) => {
            b.remove(&OrdKey(Owned::immediate(a[1])));
        }
    }
    Ok(Term::TRUE)
}

fn delete_object(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let key = key_of(&t, a[1])?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    match &mut *d {
        Data::Hash(h) => {
            let k = crate::etf::encode(key);
            if let Some(v) = h.get_mut(&k) {
                v.retain(|o| !crate::order::eq_exact(o.term, a[1]));
                if v.is_empty() {
                    h.remove(&k);
                }
            }
        }
        Data::Ordered(b) => {
            let ok = OrdKey(Owned::immediate(key));
            if b.get(&ok).map(|o| crate::order::eq_exact(o.term, a[1])) == Some(true) {
                b.remove(&ok);
            }
        }
    }
    Ok(Term::TRUE)
}

fn delete_all_objects(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    match &mut *d {
        Data::Hash(h) => h.clear(),
        Data::Ordered(b) => b.clear(),
    }
    Ok(Term::TRUE)
}

fn all_objects(d: &Data) -> Vec<Term> {
    match d {
        Data::Hash(h) => h.values().flat_map(|v| v.iter().map(|o| o.term)).collect(),
        Data::Ordered(b) => b.values().map(|o| o.term).collect(),
    }
}

fn tab2list(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_read(p, &t)?;
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let objs = all_objects(&d);
    let copies: Vec<Term> = objs
        .iter()
        .map(|&o| crate::copy::copy_term(o, &mut p.heap))
        .collect();
    Ok(p.heap.list(&copies))
}

fn size(t: &Table) -> usize {
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    match &*d {
        Data::Hash(h) => h.values().map(Vec::len).sum(),
        Data::Ordered(b) => b.len(),
    }
}

fn info_value(p: &mut Process, t: &Table, item: Atom) -> Option<Term> {
    Some(match item.name() {
        "size" => Term::small(size(t) as i64),
        "type" => Term::atom(match t.kind {
            TKind::Set => am::SET,
            TKind::OrderedSet => am::ORDERED_SET,
            TKind::Bag => am::BAG,
            TKind::DuplicateBag => am::DUPLICATE_BAG,
        }),
        "name" => Term::atom(t.name),
        "named_table" => Term::bool(t.named),
        "keypos" => Term::small(t.keypos as i64),
        "owner" => t.owner,
        "protection" => Term::atom(t.access),
        "id" => tid_term(p, t),
        "memory" => Term::small(size(t) as i64 * 10 + 300),
        _ => return None,
    })
}

fn info1(p: &mut Process, a: &[Term]) -> BifResult {
    let Ok(t) = table_of(a[0]) else {
        return Ok(Term::atom(am::UNDEFINED));
    };
    let mut out = Vec::new();
    for k in [
        "id",
        "name",
        "type",
        "size",
        "named_table",
        "keypos",
        "owner",
        "protection",
        "memory",
    ] {
        let at = Atom::new(k);
        if let Some(v) = info_value(p, &t, at) {
            out.push(p.heap.tuple2(Term::atom(at), v));
        }
    }
    Ok(p.heap.list(&out))
}

fn info2(p: &mut Process, a: &[Term]) -> BifResult {
    let Ok(t) = table_of(a[0]) else {
        return Ok(Term::atom(am::UNDEFINED));
    };
    let item = atom_arg(a[1])?;
    info_value(p, &t, item).ok_or(Exc::Error(Term::atom(am::BADARG)))
}

/// Matches `pat` against `t`, binding `'$N'` variables.
fn pmatch(pat: Term, t: Term, b: &mut Vec<Option<Term>>) -> bool {
    if let Some(a) = pat.as_atom() {
        let n = a.name();
        if n == "_" {
            return true;
        }
        if let Some(num) = n.strip_prefix('$').and_then(|s| s.parse::<usize>().ok()) {
            if b.len() <= num {
                b.resize(num + 1, None);
            }
            return match b[num] {
                Some(v) => crate::order::eq_exact(v, t),
                None => {
                    b[num] = Some(t);
                    true
                }
            };
        }
        return pat == t;
    }
    if let (Some(pe), Some(te)) = (pat.as_tuple(), t.as_tuple()) {
        return pe.len() == te.len() && pe.iter().zip(te).all(|(x, y)| pmatch(*x, *y, b));
    }
    if pat.is_cons() && t.is_cons() {
        return pmatch(pat.head(), t.head(), b) && pmatch(pat.tail(), t.tail(), b);
    }
    if pat.is_map() && t.is_map() {
        for (k, v) in crate::map::pairs(pat) {
            match crate::map::get(t, k) {
                Some(tv) if pmatch(v, tv, b) => {}
                _ => return false,
            }
        }
        return true;
    }
    crate::order::eq_exact(pat, t)
}

/// Builds a result template with bindings.
fn build(p: &mut Process, tmpl: Term, obj: Term, b: &[Option<Term>]) -> Term {
    if let Some(a) = tmpl.as_atom() {
        let n = a.name();
        if n == "$_" {
            return crate::copy::copy_term(obj, &mut p.heap);
        }
        if n == "$$" {
            let vals: Vec<Term> = b
                .iter()
                .skip(1)
                .flatten()
                .map(|&v| crate::copy::copy_term(v, &mut p.heap))
                .collect();
            return p.heap.list(&vals);
        }
        if let Some(num) = n.strip_prefix('$').and_then(|s| s.parse::<usize>().ok()) {
            if let Some(Some(v)) = b.get(num) {
                return crate::copy::copy_term(*v, &mut p.heap);
            }
        }
        return tmpl;
    }
    if let Some(e) = tmpl.as_tuple() {
        // {{...}} builds a tuple; {const, X} is X.
        if e.len() == 1 && e[0].is_tuple() {
            let inner: Vec<Term> = e[0]
                .tuple_elems()
                .iter()
                .map(|&x| build(p, x, obj, b))
                .collect();
            return p.heap.tuple(&inner);
        }
        if e.len() == 2 && e[0].as_atom().map(|a| a.name()) == Some("const") {
            return crate::copy::copy_term(e[1], &mut p.heap);
        }
        let inner: Vec<Term> = e.iter().map(|&x| build(p, x, obj, b)).collect();
        return p.heap.tuple(&inner);
    }
    if tmpl.is_cons() {
        let h = build(p, tmpl.head(), obj, b);
        let t = build(p, tmpl.tail(), obj, b);
        return p.heap.cons(h, t);
    }
    crate::copy::copy_term(tmpl, &mut p.heap)
}

fn match_pattern(p: &mut Process, a: &[Term], objects: bool) -> BifResult {
    let t = table_of(a[0])?;
    check_read(p, &t)?;
    let objs = {
        let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
        all_objects(&d)
    };
    let mut out = Vec::new();
    for o in objs {
        let mut b = Vec::new();
        if pmatch(a[1], o, &mut b) {
            if objects {
                out.push(crate::copy::copy_term(o, &mut p.heap));
            } else {
                let vals: Vec<Term> = b
                    .iter()
                    .skip(1)
                    .flatten()
                    .map(|&v| crate::copy::copy_term(v, &mut p.heap))
                    .collect();
                out.push(p.heap.list(&vals));
            }
        }
    }
    Ok(p.heap.list(&out))
}

fn ets_match(p: &mut Process, a: &[Term]) -> BifResult {
    match_pattern(p, a, false)
}

fn match_object(p: &mut Process, a: &[Term]) -> BifResult {
    match_pattern(p, a, true)
}

fn select(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_read(p, &t)?;
    let specs = list_arg(a[1])?;
    let objs = {
        let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
        all_objects(&d)
    };
    let mut out = Vec::new();
    for o in objs {
        for spec in &specs {
            let s = spec.as_tuple().filter(|s| s.len() == 3);
            let s = s.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
            let mut b = Vec::new();
            if !pmatch(s[0], o, &mut b) {
                continue;
            }
            if !guards_hold(s[1], &b)? {
                continue;
            }
            if let Some(body) = s[2].list_to_vec() {
                if let Some(&last) = body.last() {
                    out.push(build(p, last, o, &b));
                }
            }
            break;
        }
    }
    Ok(p.heap.list(&out))
}

/// A small subset of match-spec guards: comparisons and type tests on bound variables.
fn guards_hold(guards: Term, b: &[Option<Term>]) -> Result<bool, Exc> {
    for g in list_arg(guards)? {
        if !eval_guard(g, b).unwrap_or(false) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn guard_val(t: Term, b: &[Option<Term>]) -> Option<Term> {
    if let Some(a) = t.as_atom() {
        if let Some(num) = a
            .name()
            .strip_prefix('$')
            .and_then(|s| s.parse::<usize>().ok())
        {
            return b.get(num).copied().flatten();
        }
    }
    if let Some(e) = t.as_tuple() {
        if e.len() == 2 && e[0].as_atom().map(|a| a.name()) == Some("const") {
            return Some(e[1]);
        }
    }
    Some(t)
}

fn eval_guard(g: Term, b: &[Option<Term>]) -> Option<bool> {
    let e = g.as_tuple()?;
    let op = e.first()?.as_atom()?.name();
    let args: Vec<Term> = e[1..]
        .iter()
        .map(|&x| guard_val(x, b))
        .collect::<Option<_>>()?;
    use std::cmp::Ordering::*;
    Some(match (op, args.as_slice()) {
        (">", [x, y]) => compare(*x, *y) == Greater,
        ("<", [x, y]) => compare(*x, *y) == Less,
        (">=", [x, y]) => compare(*x, *y) != Less,
        ("=<", [x, y]) => compare(*x, *y) != Greater,
        ("==", [x, y]) => crate::order::eq(*x, *y),
        ("/=", [x, y]) => !crate::order::eq(*x, *y),
        ("=:=", [x, y]) => crate::order::eq_exact(*x, *y),
        ("=/=", [x, y]) => !crate::order::eq_exact(*x, *y),
        ("is_integer", [x]) => x.is_integer(),
        ("is_atom", [x]) => x.is_atom(),
        ("is_list", [x]) => x.is_list(),
        ("is_tuple", [x]) => x.is_tuple(),
        _ => return None,
    })
}

fn first_last(p: &mut Process, a: &[Term], last: bool) -> BifResult {
    let t = table_of(a[0])?;
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let k = match &*d {
        Data::Ordered(b) => {
            let e = if last {
                b.keys().next_back()
            } else {
                b.keys().next()
            };
            e.map(|k| k.0.term)
        }
        Data::Hash(h) => h
            .values()
            .next()
            .and_then(|v| v.first())
            .map(|o| key_of(&t, o.term).unwrap_or(Term::NIL)),
    };
    Ok(match k {
        Some(k) => crate::copy::copy_term(k, &mut p.heap),
        None => Term::atom(Atom::new("$end_of_table")),
    })
}

fn next_prev(p: &mut Process, a: &[Term], prev: bool) -> BifResult {
    let t = table_of(a[0])?;
    let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let k = match &*d {
        Data::Ordered(b) => {
            let probe = OrdKey(Owned::immediate(a[1]));
            if prev {
                b.range(..probe).next_back().map(|(k, _)| k.0.term)
            } else {
                use std::ops::Bound::*;
                b.range((Excluded(probe), Unbounded))
                    .next()
                    .map(|(k, _)| k.0.term)
            }
        }
        Data::Hash(h) => {
            let mut keys: Vec<&Vec<u8>> = h.keys().collect();
            keys.sort();
            let me = crate::etf::encode(a[1]);
            let pos = keys.iter().position(|k| **k == me);
            let nxt = match pos {
                Some(i) => keys.get(i + 1),
                None => keys.first(),
            };
            nxt.and_then(|k| h.get(*k))
                .and_then(|v| v.first())
                .map(|o| key_of(&t, o.term).unwrap_or(Term::NIL))
        }
    };
    Ok(match k {
        Some(k) => crate::copy::copy_term(k, &mut p.heap),
        None => Term::atom(Atom::new("$end_of_table")),
    })
}

fn update_counter(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let mut found = lookup_in(&d, a[1]);
    if found.is_empty() {
        match a.get(3) {
            Some(default) => {
                insert_one(&t, &mut d, *default)?;
                found = lookup_in(&d, a[1]);
            }
            None => return badarg(),
        }
    }
    let obj = found[0];
    let mut elems = obj.tuple_elems().to_vec();
    let ops: Vec<Term> = if a[2].is_list() {
        list_arg(a[2])?
    } else {
        vec![a[2]]
    };
    let mut results = Vec::new();
    for op in ops {
        let (pos, incr) = if let Some(t2) = op.as_tuple() {
            let pos = t2.first().and_then(|x| x.as_small()).unwrap_or(0) as usize;
            (pos, *t2.get(1).ok_or(Exc::Error(Term::atom(am::BADARG)))?)
        } else {
            (t.keypos + 1, op)
        };
        if pos < 1 || pos > elems.len() || pos == t.keypos {
            return badarg();
        }
        let v = crate::arith::add(&mut p.heap, elems[pos - 1], incr)
            .map_err(|_| Exc::Error(Term::atom(am::BADARG)))?;
        let v = if let Some(t2) = op.as_tuple().filter(|t2| t2.len() == 4) {
            let (thr, set) = (t2[2], t2[3]);
            let over = if crate::order::compare(incr, Term::small(0)).is_lt() {
                compare(v, thr).is_lt()
            } else {
                compare(v, thr).is_gt()
            };
            if over {
                set
            } else {
                v
            }
        } else {
            v
        };
        elems[pos - 1] = v;
        results.push(v);
    }
    let nt = p.heap.tuple(&elems);
    insert_one(&t, &mut d, nt)?;
    Ok(if a[2].is_list() {
        p.heap.list(&results)
    } else {
        results[0]
    })
}

fn update_element(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    let found = lookup_in(&d, a[1]);
    if found.is_empty() {
        return Ok(Term::FALSE);
    }
    let mut elems = found[0].tuple_elems().to_vec();
    let ups: Vec<Term> = if a[2].is_list() {
        list_arg(a[2])?
    } else {
        vec![a[2]]
    };
    for u in ups {
        let t2 = u.as_tuple().filter(|t2| t2.len() == 2);
        let t2 = t2.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
        let pos = t2[0].as_small().unwrap_or(0) as usize;
        if pos < 1 || pos > elems.len() || pos == t.keypos {
            return badarg();
        }
        elems[pos - 1] = t2[1];
    }
    let nt = p.heap.tuple(&elems);
    insert_one(&t, &mut d, nt)?;
    Ok(Term::TRUE)
}

fn whereis(p: &mut Process, a: &[Term]) -> BifResult {
    let name = atom_arg(a[0])?;
    let id = {
        let r = reg().lock().unwrap_or_else(|e| e.into_inner());
        r.by_name.get(&name).copied()
    };
    match id {
        Some(id) => Ok(p.heap.reference(TID_MARK, id)),
        None => Ok(Term::atom(am::UNDEFINED)),
    }
}

fn all(p: &mut Process, _: &[Term]) -> BifResult {
    let tables: Vec<Arc<Table>> = {
        let r = reg().lock().unwrap_or_else(|e| e.into_inner());
        r.by_id.values().cloned().collect()
    };
    let ids: Vec<Term> = tables.iter().map(|t| tid_term(p, t)).collect();
    Ok(p.heap.list(&ids))
}

fn match_delete(p: &mut Process, a: &[Term]) -> BifResult {
    let t = table_of(a[0])?;
    check_write(p, &t)?;
    let mut d = t.data.lock().unwrap_or_else(|e| e.into_inner());
    match &mut *d {
        Data::Hash(h) => {
            for v in h.values_mut() {
                v.retain(|o| !pmatch(a[1], o.term, &mut Vec::new()));
            }
            h.retain(|_, v| !v.is_empty());
        }
        Data::Ordered(b) => b.retain(|_, o| !pmatch(a[1], o.term, &mut Vec::new())),
    }
    Ok(Term::TRUE)
}

/// Deletes the tables a dead process owned.
pub fn owner_exited(pid: Term) {
    let mut r = reg().lock().unwrap_or_else(|e| e.into_inner());
    let dead: Vec<(u64, Atom, bool)> = r
        .by_id
        .values()
        .filter(|t| t.owner == pid)
        .map(|t| (t.id, t.name, t.named))
        .collect();
    for (id, name, named) in dead {
        r.by_id.remove(&id);
        if named {
            r.by_name.remove(&name);
        }
    }
}

/// `ets:foldl/3` and `foldr/3`: a fold over a snapshot of the table (key order for an
/// ordered_set), done by `lists:foldl/3` / `foldr/3`.
fn fold(p: &mut Process, a: &[Term], left: bool) -> BifResult {
    let t = table_of(a[2])?;
    check_read(p, &t)?;
    let objs = {
        let d = t.data.lock().unwrap_or_else(|e| e.into_inner());
        all_objects(&d)
    };
    let copies: Vec<Term> = objs
        .iter()
        .map(|&o| crate::copy::copy_term(o, &mut p.heap))
        .collect();
    let l = p.heap.list(&copies);
    Err(Exc::Trap(Trap::Apply {
        module: Atom::new("lists"),
        function: Atom::new(if left { "foldl" } else { "foldr" }),
        args: vec![a[0], a[1], l],
    }))
}

pub fn register() {
    let r = super::register;
    r("ets", "foldl", 3, |p, a| fold(p, a, true));
    r("ets", "foldr", 3, |p, a| fold(p, a, false));
    r("ets", "new", 2, new);
    r("ets", "insert", 2, insert);
    r("ets", "insert_new", 2, insert_new);
    r("ets", "lookup", 2, lookup);
    r("ets", "lookup_element", 3, lookup_element);
    r("ets", "member", 2, member);
    r("ets", "delete", 1, delete_table);
    r("ets", "delete", 2, delete_key);
    r("ets", "delete_object", 2, delete_object);
    r("ets", "delete_all_objects", 1, delete_all_objects);
    r("ets", "tab2list", 1, tab2list);
    r("ets", "info", 1, info1);
    r("ets", "info", 2, info2);
    r("ets", "match", 2, ets_match);
    r("ets", "match_object", 2, match_object);
    r("ets", "select", 2, select);
    r("ets", "match_delete", 2, match_delete);
    r("ets", "first", 1, |p, a| first_last(p, a, false));
    r("ets", "last", 1, |p, a| first_last(p, a, true));
    r("ets", "next", 2, |p, a| next_prev(p, a, false));
    r("ets", "prev", 2, |p, a| next_prev(p, a, true));
    r("ets", "update_counter", 3, update_counter);
    r("ets", "update_counter", 4, update_counter);
    r("ets", "update_element", 3, update_element);
    r("ets", "whereis", 1, whereis);
    r("ets", "all", 0, all);
}
