//! Copying a term into another heap: message sending, ETS, timers, exit reasons.
//!
//! The copy is deep (sharing inside the term is not preserved, as in erl). Literals are
//! copied too, so the copy never depends on a module version. Reference-counted binaries
//! are shared, not copied: the new heap takes a reference.

use crate::binary::bits_of;
use crate::heap::{proc_bin_arc, Heap, HEAP_BIN_LIMIT};
use crate::term::{header_arity, Kind, Term};

/// An upper bound of the words `copy_term` allocates for `t`.
pub fn size_of(t: Term) -> usize {
    let mut n = 0;
    let mut cur = t;
    loop {
        if cur.is_cons() {
            n += 2 + size_of(cur.head());
            cur = cur.tail();
            continue;
        }
        if !cur.is_boxed() {
            return n;
        }
        let h = cur.header_word();
        return n + match cur.boxed_kind() {
            Some(Kind::Tuple) => {
                let e = cur.tuple_elems();
                1 + e.len() + e.iter().map(|&e| size_of(e)).sum::<usize>()
            }
            Some(Kind::Map) => {
                let w = cur.boxed_words();
                1 + w.len() + w.iter().map(|&w| size_of(Term(w))).sum::<usize>()
            }
            Some(Kind::Fun) => {
                let w = cur.boxed_words();
                1 + w.len() + w[1..].iter().map(|&w| size_of(Term(w))).sum::<usize>()
            }
            Some(Kind::SubBin | Kind::MatchCtx) => {
                let b = bits_of(as_bitstring(cur)).map(|b| b.len_bits).unwrap_or(0);
                8 + b.div_ceil(64)
            }
            _ => 1 + header_arity(h),
        };
    }
}

/// A match context seen as the bitstring it has not consumed yet... as a whole binary.
fn as_bitstring(t: Term) -> Term {
    if t.boxed_kind() == Some(Kind::MatchCtx) {
        Term(t.boxed_word(0))
    } else {
        t
    }
}

/// Copies `t` into a new heap sized for it.
pub fn copy_to_new_heap(t: Term) -> (Term, Heap) {
    if t.is_immediate() {
        return (t, Heap::new());
    }
    let mut h = Heap::with_capacity(size_of(t));
    let c = copy_term(t, &mut h);
    (c, h)
}

pub fn copy_term(t: Term, h: &mut Heap) -> Term {
    if t.is_immediate() {
        return t;
    }
    if t.is_cons() {
        // Copy the spine iteratively so long lists do not recurse.
        let first = h.cons(Term::NIL, Term::NIL);
        let mut last = first;
        let mut cur = t;
        loop {
            let head = copy_term(cur.head(), h);
            set_head(last, head);
            let tail = cur.tail();
            if tail.is_cons() {
                let cell = h.cons(Term::NIL, Term::NIL);
                set_tail(last, cell);
                last = cell;
                cur = tail;
            } else {
                let tc = copy_term(tail, h);
                set_tail(last, tc);
                return first;
            }
        }
    }
    if !t.is_boxed() {
        return t;
    }
    match t.boxed_kind() {
        Some(Kind::Tuple) => {
            let elems = t.tuple_elems();
            let nt = h.tuple_uninit(elems.len());
            for (i, &e) in elems.iter().enumerate() {
                let c = copy_term(e, h);
                nt.tuple_set(i, c);
            }
            nt
        }
        Some(Kind::Map) => {
            let w = t.boxed_words();
            let mut pairs = Vec::with_capacity(w.len() / 2);
            for c in w.chunks(2) {
                pairs.push((copy_term(Term(c[0]), h), copy_term(Term(c[1]), h)));
            }
            h.map_from_sorted(&pairs)
        }
        Some(Kind::Fun) => {
            let w = t.boxed_words();
            let env: Vec<Term> = w[1..].iter().map(|&e| copy_term(Term(e), h)).collect();
            h.fun(w[0] as *const crate::module::FunEntry, &env)
        }
        Some(Kind::ProcBin) => h.proc_binary(proc_bin_arc(t)),
        Some(Kind::SubBin | Kind::MatchCtx) => {
            let src = if t.boxed_kind() == Some(Kind::MatchCtx) {
                Term(t.boxed_word(0))
            } else {
                t
            };
            let b = match bits_of(src) {
                Some(b) => b,
                None => return Term::NIL,
            };
            let orig = Term(if src.boxed_kind() == Some(Kind::SubBin) {
                src.boxed_word(2)
            } else {
                src.0
            });
            if orig.boxed_kind() == Some(Kind::ProcBin) && b.len_bits / 8 > HEAP_BIN_LIMIT {
                let whole = h.proc_binary(proc_bin_arc(orig));
                return h.sub_binary(whole, b.offset_bits, b.len_bits);
            }
            h.bitstring(&b.to_vec(), b.len_bits)
        }
        _ => {
            let words = t.boxed_words();
            let p = h.alloc(words.len() + 1);
            // SAFETY: words.len() + 1 words were just allocated.
            unsafe {
                *p = t.header_word();
                std::ptr::copy_nonoverlapping(words.as_ptr(), p.add(1), words.len());
            }
            Term::from_boxed_ptr(p)
        }
    }
}

fn set_head(cell: Term, v: Term) {
    // SAFETY: `cell` is a cons cell this function just allocated.
    unsafe { *cell.cons_ptr() = v }
}

fn set_tail(cell: Term, v: Term) {
    // SAFETY: as above.
    unsafe { *cell.cons_ptr().add(1) = v }
}

/// A term together with the heap that holds it (a message, an exit reason, an ETS object).
pub struct Owned {
    pub term: Term,
    pub heap: Heap,
}

impl Owned {
    pub fn new(t: Term) -> Owned {
        let (term, heap) = copy_to_new_heap(t);
        Owned { term, heap }
    }

    pub fn immediate(t: Term) -> Owned {
        Owned {
            term: t,
            heap: Heap::new(),
        }
    }
}

// SAFETY: the term only points into its own heap or into immutable literal areas.
unsafe impl Send for Owned {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bounds_the_copy() {
        let mut h = Heap::new();
        let b = h.binary(&[1; 100]);
        let sub = h.sub_binary(b, 8, 80);
        let f = h.float(1.0);
        let inner = h.tuple(&[Term::small(1), f, sub]);
        let l = h.list(&[inner, inner, Term::NIL]);
        let m = h.map_from_sorted(&[(Term::small(1), l)]);
        let t = h.tuple(&[m, l]);
        let (c, heap) = copy_to_new_heap(t);
        // The copy fits in the one block sized by `size_of`.
        assert_eq!(heap.blocks.len(), 1);
        assert!(crate::order::eq_exact(c, t));
    }
}
