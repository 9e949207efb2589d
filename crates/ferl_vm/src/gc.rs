//! The per-process copying garbage collector (Cheney's algorithm).
//!
//! From-space is every block of the process heap, including the message fragments it has
//! absorbed. The roots are given by the caller (live x registers, the stack, the process
//! dictionary, saved exception terms); everything reachable from them that lies in
//! from-space is copied into one new block and the old blocks are freed. Pointers outside
//! from-space (module literals, which are never freed) are left alone. Reference-counted
//! binaries that did not survive lose their reference.
//!
//! A collection only ever touches its own process's heap, so it never stops another
//! process. (Not generational yet: every collection copies all live data; the heap grows
//! with the live data so the cost stays proportional to allocation.)

use crate::heap::{release_proc_bin, Block, Heap, MIN_HEAP_WORDS};
use crate::term::{header, header_arity, header_kind, Kind, Term, TAG_BOXED, TAG_HEADER};

/// Marks a moved cons cell (in its head word); the tail word then holds the new address.
const CONS_MOVED: u64 = header(Kind::Unused, 0);

struct FromSpace {
    ranges: Vec<(usize, usize)>,
}

impl FromSpace {
    #[inline]
    fn contains(&self, addr: usize) -> bool {
        if self.ranges.len() <= 4 {
            return self.ranges.iter().any(|&(s, e)| addr >= s && addr < e);
        }
        let i = self.ranges.partition_point(|&(s, _)| s <= addr);
        i > 0 && addr < self.ranges[i - 1].1
    }
}

struct ToSpace {
    mem: Vec<u64>,
    top: usize,
}

impl ToSpace {
    #[inline]
    fn alloc(&mut self, n: usize) -> *mut u64 {
        debug_assert!(self.top + n <= self.mem.capacity());
        // SAFETY: to-space is sized to hold everything in from-space.
        let p = unsafe { self.mem.as_mut_ptr().add(self.top) };
        self.top += n;
        p
    }
}

#[inline]
fn evacuate(t: Term, from: &FromSpace, to: &mut ToSpace) -> Term {
    if t.is_cons() {
        let p = t.cons_ptr() as *mut u64;
        if !from.contains(p as usize) {
            return t;
        }
        // SAFETY: p points at a live cons cell in from-space (two words).
        unsafe {
            if *p == CONS_MOVED {
                return Term(*p.add(1));
            }
            let n = to.alloc(2);
            *n = *p;
            *n.add(1) = *p.add(1);
            let nt = Term::from_cons_ptr(n as *const Term);
            *p = CONS_MOVED;
            *p.add(1) = nt.0;
            return nt;
        }
    }
    if t.is_boxed() {
        let p = t.boxed_ptr();
        if !from.contains(p as usize) {
            return t;
        }
        // SAFETY: p points at a boxed object in from-space whose header gives its size,
        // or at a forwarding word left by an earlier copy.
        unsafe {
            let h = *p;
            if h & 0b11 == TAG_BOXED {
                return Term(h);
            }
            let size = 1 + header_arity(h);
            let n = to.alloc(size);
            std::ptr::copy_nonoverlapping(p, n, size);
            let nt = Term::from_boxed_ptr(n);
            *p = nt.0;
            return nt;
        }
    }
    t
}

impl ToSpace {
    #[inline]
    fn get(&self, i: usize) -> u64 {
        debug_assert!(i < self.top);
        // SAFETY: words below `top` have been written.
        unsafe { *self.mem.as_ptr().add(i) }
    }

    #[inline]
    fn set(&mut self, i: usize, v: u64) {
        debug_assert!(i < self.top);
        // SAFETY: as for `get`.
        unsafe { *self.mem.as_mut_ptr().add(i) = v }
    }
}

/// Copies what the objects in to-space refer to, until nothing is left to scan.
fn scan(from: &FromSpace, to: &mut ToSpace, mut pos: usize) {
    while pos < to.top {
        let w = to.get(pos);
        if w & 0b11 == TAG_HEADER {
            let arity = header_arity(w);
            let kind = header_kind(w);
            let (first, count) = match kind {
                Kind::Tuple | Kind::Map => (1, arity),
                Kind::Fun => (2, arity.saturating_sub(1)),
                Kind::SubBin => (3, 1),
                Kind::MatchCtx => (1, 1),
                _ => (0, 0),
            };
            for i in first..first + count {
                let t = Term(to.get(pos + i));
                let nt = evacuate(t, from, to);
                to.set(pos + i, nt.0);
            }
            pos += 1 + arity;
        } else {
            for i in 0..2 {
                let t = Term(to.get(pos + i));
                let nt = evacuate(t, from, to);
                to.set(pos + i, nt.0);
            }
            pos += 2;
        }
    }
}

/// Collects `heap`. `roots` are updated in place; `need` words are guaranteed free after.
pub fn collect(heap: &mut Heap, roots: &mut [&mut [Term]], need: usize) {
    collect_inner(heap, roots, need, false)
}

fn collect_inner(heap: &mut Heap, roots: &mut [&mut [Term]], need: usize, shrinking: bool) {
    let young_used: usize = heap.blocks.iter().map(|b| b.used).sum();
    let old_used: usize = heap.old_blocks().iter().map(|b| b.used).sum();
    let gen_limit = heap.gen_mut().limit;
    let gen_force = heap.gen_mut().force_major;
    // Minor collections copy the young generation's survivors into a new old block;
    // a major one (when the old generation has grown past its limit) copies everything.
    let major = shrinking || gen_force || old_used > gen_limit;
    let mut ranges: Vec<(usize, usize)> = heap.blocks.iter().map(Block::range).collect();
    if major {
        ranges.extend(heap.old_blocks().iter().map(Block::range));
    }
    ranges.sort_unstable();
    let from = FromSpace { ranges };
    // To-space is allocated once and never resized (that would move it): room for
    // everything in from-space, which bounds what can survive.
    let size = if major {
        old_used + young_used
    } else {
        young_used
    }
    .max(16);
    let mut to = ToSpace {
        mem: Vec::with_capacity(size),
        top: 0,
    };
    for slice in roots.iter_mut() {
        for t in slice.iter_mut() {
            if t.is_cons() || t.is_boxed() {
                *t = evacuate(*t, &from, &mut to);
            }
        }
    }
    scan(&from, &mut to, 0);

    // Release binaries that did not survive; the survivors' new homes are old.
    let mut bin_bytes = 0;
    let mut survivors = if major {
        Vec::new()
    } else {
        std::mem::take(&mut heap.gen_mut().off_heap)
    };
    let mut lists = vec![std::mem::take(&mut heap.off_heap)];
    if major {
        lists.push(std::mem::take(&mut heap.gen_mut().off_heap));
    }
    for list in lists {
        for t in list {
            let h = t.header_word();
            if h & 0b11 == TAG_BOXED {
                survivors.push(Term(h));
            } else if from.contains(t.boxed_ptr() as usize) {
                release_proc_bin(t);
            } else {
                survivors.push(t);
            }
        }
    }
    for t in &survivors {
        bin_bytes += t.boxed_word(1) as usize;
    }
    heap.gen_mut().off_heap = survivors;
    heap.off_heap_bytes = bin_bytes;

    let copied = to.top;
    if std::env::var_os("FERL_GC_DEBUG").is_some() {
        eprintln!(
            "gc {} young={young_used} old={old_used} copied={copied}",
            if major { "major" } else { "minor" }
        );
    }
    let mem = to.mem;
    let cap = mem.capacity();
    let g = heap.gen_mut();
    if major {
        g.blocks.clear();
    }
    if copied > 0 || major {
        g.blocks.push(Block { mem, used: copied });
    }
    let old_now: usize = g.blocks.iter().map(|b| b.used).sum();
    if major {
        g.limit = (2 * old_now).max(8 * MIN_HEAP_WORDS);
        g.force_major = false;
    } else {
        // The young generation starts again, sized by how much of it survived.
        g.young_size = (copied * 4).clamp(4 * MIN_HEAP_WORDS, 1 << 18);
    }
    let young = g.young_size.max(need);
    heap.blocks.clear();
    heap.blocks.push(Block::new(young));
    heap.live_after_gc = old_now;
    heap.account();
    heap.frag_words = 0;
    heap.overflowed = false;
    if major && old_now * 8 < cap && cap > (1 << 16) && !shrinking {
        // The old generation is much larger than what it holds: copy once more.
        collect_inner(heap, roots, need, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::eq_exact;

    #[test]
    fn keeps_reachable_and_shares_structure() {
        let mut h = Heap::new();
        let shared = h.tuple(&[Term::small(1), Term::small(2)]);
        let mut l = Term::NIL;
        for i in 0..1000 {
            let _garbage = h.tuple(&[Term::small(i)]);
            l = h.cons(shared, l);
        }
        let f = h.float(2.5);
        let big = h.binary(&[9u8; 200]);
        let sub = h.sub_binary(big, 8, 16);
        let mut roots = [l, f, sub];
        let mut other = Heap::new();
        let expect = {
            let mut copy = vec![];
            for t in roots {
                copy.push(crate::copy::copy_term(t, &mut other));
            }
            copy
        };
        collect(&mut h, &mut [&mut roots[..]], 10);
        assert_eq!(h.blocks.len(), 1);
        for (a, b) in roots.iter().zip(expect.iter()) {
            assert!(eq_exact(*a, *b));
        }
        // Structure sharing survives: every cell's head is the same tuple.
        let first = roots[0].head();
        assert!(roots[0].iter_list().all(|e| e == first));
        assert!(h.used_words() < 1000 * 2 + 3 + 100);
        assert_eq!(h.gen_mut().off_heap.len(), 1);
        // A binary nobody references is released (by a major collection: it is old now).
        let mut empty: [Term; 0] = [];
        h.gen_mut().force_major = true;
        collect(&mut h, &mut [&mut empty[..]], 0);
        assert_eq!(h.gen_mut().off_heap.len() + h.off_heap.len(), 0);
    }
}
