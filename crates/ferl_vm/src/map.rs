//! Maps: an immutable flat object of key/value pairs sorted by key in the exact term order.
//!
//! Lookups are binary searches; updates copy. Erl switches to a hash trie above 32 keys,
//! which changes the order `maps:to_list/1` and printing use for large maps; Ferl keeps the
//! sorted layout at every size (same semantics, sorted order, O(n) updates).

use std::cmp::Ordering;

use crate::heap::Heap;
use crate::order::compare_exact;
use crate::term::Term;

/// The map's words: key, value, key, value...
#[inline]
fn words<'a>(m: Term) -> &'a [u64] {
    m.boxed_words()
}

pub fn size(m: Term) -> usize {
    words(m).len() / 2
}

/// The pairs of a map, in its order.
pub fn pairs(m: Term) -> impl Iterator<Item = (Term, Term)> {
    words(m).chunks(2).map(|c| (Term(c[0]), Term(c[1])))
}

fn search(m: Term, key: Term) -> Result<usize, usize> {
    let w = words(m);
    let n = w.len() / 2;
    // Small maps: a linear scan with a fast path for identical words.
    if n <= 8 {
        for i in 0..n {
            let k = Term(w[2 * i]);
            if k == key {
                return Ok(i);
            }
            match compare_exact(k, key) {
                Ordering::Equal => return Ok(i),
                Ordering::Greater => return Err(i),
                Ordering::Less => {}
            }
        }
        return Err(n);
    }
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match compare_exact(Term(w[2 * mid]), key) {
            Ordering::Equal => return Ok(mid),
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
        }
    }
    Err(lo)
}

pub fn get(m: Term, key: Term) -> Option<Term> {
    match search(m, key) {
        Ok(i) => Some(Term(words(m)[2 * i + 1])),
        Err(_) => None,
    }
}

/// A map with `key` set to `value`.
pub fn put(h: &mut Heap, m: Term, key: Term, value: Term) -> Term {
    let mut v: Vec<(Term, Term)> = pairs(m).collect();
    match search(m, key) {
        Ok(i) => {
            if v[i].1 == value {
                return m;
            }
            v[i].1 = value;
        }
        Err(i) => v.insert(i, (key, value)),
    }
    h.map_from_sorted(&v)
}

/// A map with `key` updated, or `None` if the key is absent.
pub fn update(h: &mut Heap, m: Term, key: Term, value: Term) -> Option<Term> {
    let i = search(m, key).ok()?;
    let mut v: Vec<(Term, Term)> = pairs(m).collect();
    v[i].1 = value;
    Some(h.map_from_sorted(&v))
}

pub fn remove(h: &mut Heap, m: Term, key: Term) -> Term {
    match search(m, key) {
        Ok(i) => {
            let mut v: Vec<(Term, Term)> = pairs(m).collect();
            v.remove(i);
            h.map_from_sorted(&v)
        }
        Err(_) => m,
    }
}

/// A map from pairs in any order; a later duplicate key wins.
pub fn from_pairs(h: &mut Heap, mut v: Vec<(Term, Term)>) -> Term {
    // A stable sort keeps duplicates in input order; keep the last of each run.
    v.sort_by(|a, b| compare_exact(a.0, b.0));
    let mut out: Vec<(Term, Term)> = Vec::with_capacity(v.len());
    for (k, val) in v {
        if let Some(last) = out.last_mut() {
            if compare_exact(last.0, k) == Ordering::Equal {
                last.1 = val;
                continue;
            }
        }
        out.push((k, val));
    }
    h.map_from_sorted(&out)
}

/// Applies many updates at once (`put_map_assoc`/`put_map_exact`); `exact` requires every
/// key to exist already and returns `None` otherwise.
pub fn put_many(h: &mut Heap, m: Term, updates: &[(Term, Term)], exact: bool) -> Option<Term> {
    let mut v: Vec<(Term, Term)> = pairs(m).collect();
    for &(k, val) in updates {
        let pos = v.binary_search_by(|p| compare_exact(p.0, k));
        match pos {
            Ok(i) => v[i].1 = val,
            Err(i) => {
                if exact {
                    return None;
                }
                v.insert(i, (k, val));
            }
        }
    }
    Some(h.map_from_sorted(&v))
}

/// `maps:merge/2`: the second map's values win.
pub fn merge(h: &mut Heap, a: Term, b: Term) -> Term {
    let mut v: Vec<(Term, Term)> = pairs(a).collect();
    v.extend(pairs(b));
    from_pairs(h, v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::Atom;

    #[test]
    fn put_get_remove() {
        let mut h = Heap::new();
        let a = Term::atom(Atom::new("a"));
        let b = Term::atom(Atom::new("b"));
        let m0 = h.map_from_sorted(&[]);
        let m1 = put(&mut h, m0, b, Term::small(2));
        let m2 = put(&mut h, m1, a, Term::small(1));
        assert_eq!(size(m2), 2);
        assert_eq!(get(m2, a), Some(Term::small(1)));
        assert_eq!(pairs(m2).next().unwrap().0, a);
        let one_f = h.float(1.0);
        let m3 = put(&mut h, m2, Term::small(1), a);
        let m4 = put(&mut h, m3, one_f, b);
        assert_eq!(size(m4), 4);
        assert_eq!(get(m4, one_f), Some(b));
        let m5 = remove(&mut h, m4, a);
        assert_eq!(get(m5, a), None);
        let m6 = from_pairs(&mut h, vec![(a, Term::small(1)), (a, Term::small(2))]);
        assert_eq!(get(m6, a), Some(Term::small(2)));
        assert_eq!(size(m6), 1);
    }
}
