//! A process heap: blocks of words that terms are allocated in, and the builders that write
//! boxed objects and cons cells into them.
//!
//! Allocation never fails and never moves anything: when the current block is full a new
//! block is added. The garbage collector (`gc`) later copies everything live into one block;
//! it runs only at points where the interpreter knows its live registers, so no Rust code
//! ever holds a term across a collection. The same type serves as a message fragment (the
//! heap a message is copied into by its sender) and as a module's literal area (a heap that
//! is leaked and never collected).
//!
//! The heap also records every reference-counted binary (ProcBin) allocated in it, so that a
//! collection can release the ones that died.

use std::sync::Arc;

use num_bigint::{BigInt, Sign};

use crate::atom::Atom;
use crate::term::{header, Kind, Term};

/// Binaries up to this many bytes live on the heap; larger ones are reference-counted.
pub const HEAP_BIN_LIMIT: usize = 64;
/// The size of a new process's first heap block, in words.
pub const MIN_HEAP_WORDS: usize = 233;

/// The bytes of a reference-counted binary, shared between processes.
pub type BinData = Vec<u8>;

/// A block of heap words. Its memory is reserved but not initialised: the vector's
/// length stays 0 and words are only ever written and read through raw pointers below
/// `used`, so nothing uninitialised is read.
pub(crate) struct Block {
    pub(crate) mem: Vec<u64>,
    pub(crate) used: usize,
}

impl Block {
    pub(crate) fn new(words: usize) -> Block {
        Block {
            mem: Vec::with_capacity(words),
            used: 0,
        }
    }

    #[inline]
    pub(crate) fn cap(&self) -> usize {
        self.mem.capacity()
    }
    pub(crate) fn range(&self) -> (usize, usize) {
        let start = self.mem.as_ptr() as usize;
        (start, start + self.used * 8)
    }
}

/// What survived collections. A minor collection leaves it alone (old objects never point
/// at younger ones: terms are immutable once built).
pub(crate) struct OldGen {
    pub(crate) blocks: Vec<Block>,
    /// Boxed ProcBin terms in the old generation.
    pub(crate) off_heap: Vec<Term>,
    /// A major collection happens when the old generation grows past this many words.
    pub(crate) limit: usize,
    /// The next collection must be major (an old object was made to point at a young one).
    pub(crate) force_major: bool,
    /// The size of a fresh young block.
    pub(crate) young_size: usize,
}

impl Default for OldGen {
    fn default() -> Self {
        OldGen {
            blocks: Vec::new(),
            off_heap: Vec::new(),
            limit: 8 * MIN_HEAP_WORDS,
            force_major: false,
            young_size: MIN_HEAP_WORDS,
        }
    }
}

pub struct Heap {
    /// The young generation: older blocks first; the last one is where allocation happens.
    pub(crate) blocks: Vec<Block>,
    /// Boxed ProcBin terms in the young generation.
    pub(crate) off_heap: Vec<Term>,
    /// The old generation, made by the first collection (message fragments and literal
    /// areas never have one, which keeps them small).
    pub(crate) gen: Option<Box<OldGen>>,
    /// The words live after the last collection (sizes the next one).
    pub(crate) live_after_gc: usize,
    /// Bytes of off-heap binary data referenced (a collection is forced when large).
    pub(crate) off_heap_bytes: usize,
    /// Words in absorbed message fragments since the last collection.
    pub(crate) frag_words: usize,
    /// The allocation block overflowed since the last collection.
    pub(crate) overflowed: bool,
    /// Words of this heap counted in `PROCESS_HEAP_WORDS` (updated at collections).
    pub(crate) accounted: usize,
}

/// Words held by process heaps, as of their last collections (`erlang:memory(processes)`).
pub static PROCESS_HEAP_WORDS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

impl Heap {
    /// Brings this heap's share of `PROCESS_HEAP_WORDS` up to date.
    pub(crate) fn account(&mut self) {
        use std::sync::atomic::Ordering::Relaxed;
        let now = self.capacity_words();
        if now >= self.accounted {
            PROCESS_HEAP_WORDS.fetch_add(now - self.accounted, Relaxed);
        } else {
            PROCESS_HEAP_WORDS.fetch_sub(self.accounted - now, Relaxed);
        }
        self.accounted = now;
    }

    /// Removes this heap's share (its process is ending).
    pub(crate) fn unaccount(&mut self) {
        use std::sync::atomic::Ordering::Relaxed;
        PROCESS_HEAP_WORDS.fetch_sub(self.accounted, Relaxed);
        self.accounted = 0;
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            blocks: Vec::new(),
            off_heap: Vec::new(),
            gen: None,
            live_after_gc: 0,
            off_heap_bytes: 0,
            frag_words: 0,
            overflowed: false,
            accounted: 0,
        }
    }

    pub fn with_capacity(words: usize) -> Heap {
        let mut h = Heap::new();
        if words > 0 {
            h.blocks.push(Block::new(words));
        }
        h
    }

    /// Allocates `n` words; they must all be written before the next collection.
    #[inline]
    pub fn alloc(&mut self, n: usize) -> *mut u64 {
        if let Some(b) = self.blocks.last_mut() {
            if b.used + n <= b.cap() {
                // SAFETY: `used + n` is within the block.
                let p = unsafe { b.mem.as_mut_ptr().add(b.used) };
                b.used += n;
                return p;
            }
        }
        self.alloc_slow(n)
    }

    #[cold]
    fn alloc_slow(&mut self, n: usize) -> *mut u64 {
        let total: usize = self.blocks.iter().map(|b| b.cap()).sum();
        let young = self.gen.as_ref().map_or(MIN_HEAP_WORDS, |g| g.young_size);
        let size = n.max(total).max(young);
        if !self.blocks.is_empty() {
            self.overflowed = true;
        }
        let mut b = Block::new(size);
        let p = b.mem.as_mut_ptr();
        b.used = n;
        self.blocks.push(b);
        p
    }

    /// Whether the next safe point should collect.
    #[inline]
    pub fn wants_gc(&self) -> bool {
        self.overflowed
            || self.frag_words > self.live_after_gc.max(4 * MIN_HEAP_WORDS)
            || self.off_heap_bytes > (1 << 22)
    }

    /// Words in use, over all blocks of both generations.
    pub fn used_words(&self) -> usize {
        self.blocks
            .iter()
            .chain(self.old_blocks())
            .map(|b| b.used)
            .sum()
    }

    /// Words reserved, over all blocks of both generations.
    pub fn capacity_words(&self) -> usize {
        self.blocks
            .iter()
            .chain(self.old_blocks())
            .map(|b| b.cap())
            .sum()
    }

    pub(crate) fn old_blocks(&self) -> &[Block] {
        self.gen.as_ref().map_or(&[], |g| &g.blocks)
    }

    pub(crate) fn gen_mut(&mut self) -> &mut OldGen {
        self.gen.get_or_insert_with(Default::default)
    }

    /// Whether `t` points into the old generation.
    pub fn is_old(&self, t: Term) -> bool {
        let addr = if t.is_cons() {
            t.cons_ptr() as usize
        } else if t.is_boxed() {
            t.boxed_ptr() as usize
        } else {
            return false;
        };
        self.old_blocks().iter().any(|b| {
            let (s, e) = b.range();
            addr >= s && addr < e
        })
    }

    /// Records that an old object was changed to point at `value` (set_tuple_element on
    /// a tuple that a collection promoted): the next collection must be major.
    pub fn note_write(&mut self, container: Term, value: Term) {
        if (value.is_cons() || value.is_boxed()) && self.is_old(container) {
            self.gen_mut().force_major = true;
        }
    }

    /// Takes over another heap's blocks and binaries (a received message's fragment).
    pub fn absorb(&mut self, mut other: Heap) {
        let cur = self.blocks.pop();
        self.frag_words += other.used_words();
        self.blocks.append(&mut other.blocks);
        if let Some(c) = cur {
            self.blocks.push(c);
        }
        self.off_heap.append(&mut other.off_heap);
        self.off_heap_bytes += other.off_heap_bytes;
        other.off_heap_bytes = 0;
    }

    /// Whether `addr` lies inside one of this heap's blocks.
    pub fn contains(&self, addr: usize) -> bool {
        self.blocks.iter().any(|b| {
            let (s, e) = b.range();
            addr >= s && addr < e
        })
    }

    // ---- builders ----

    #[inline]
    pub fn cons(&mut self, head: Term, tail: Term) -> Term {
        let p = self.alloc(2);
        // SAFETY: two words were just allocated.
        unsafe {
            *p = head.0;
            *p.add(1) = tail.0;
        }
        Term::from_cons_ptr(p as *const Term)
    }

    /// A tuple whose elements the caller fills with `tuple_set` before anything else runs.
    #[inline]
    pub fn tuple_uninit(&mut self, n: usize) -> Term {
        let p = self.alloc(n + 1);
        // SAFETY: n + 1 words were just allocated; elements start as nil.
        unsafe {
            *p = header(Kind::Tuple, n);
            for i in 1..=n {
                *p.add(i) = Term::NIL.0;
            }
        }
        Term::from_boxed_ptr(p)
    }

    pub fn tuple(&mut self, elems: &[Term]) -> Term {
        let n = elems.len();
        let p = self.alloc(n + 1);
        // SAFETY: n + 1 words were just allocated.
        unsafe {
            *p = header(Kind::Tuple, n);
            std::ptr::copy_nonoverlapping(elems.as_ptr() as *const u64, p.add(1), n);
        }
        Term::from_boxed_ptr(p)
    }

    pub fn tuple2(&mut self, a: Term, b: Term) -> Term {
        self.tuple(&[a, b])
    }

    /// A proper list of `elems` ending in `tail`.
    pub fn list_with_tail(&mut self, elems: &[Term], tail: Term) -> Term {
        let mut acc = tail;
        for &e in elems.iter().rev() {
            acc = self.cons(e, acc);
        }
        acc
    }

    pub fn list(&mut self, elems: &[Term]) -> Term {
        self.list_with_tail(elems, Term::NIL)
    }

    /// A string as a list of code points.
    pub fn string(&mut self, s: &str) -> Term {
        let chars: Vec<Term> = s.chars().map(|c| Term::small(c as i64)).collect();
        self.list(&chars)
    }

    /// A list of bytes.
    pub fn byte_list(&mut self, bytes: &[u8]) -> Term {
        let mut acc = Term::NIL;
        for &b in bytes.iter().rev() {
            acc = self.cons(Term::small(b as i64), acc);
        }
        acc
    }

    pub fn float(&mut self, f: f64) -> Term {
        let p = self.alloc(2);
        // SAFETY: two words were just allocated.
        unsafe {
            *p = header(Kind::Float, 1);
            *p.add(1) = f.to_bits();
        }
        Term::from_boxed_ptr(p)
    }

    /// An integer term (small when it fits).
    pub fn int(&mut self, v: i64) -> Term {
        match Term::try_small(v) {
            Some(t) => t,
            None => self.bigint(&BigInt::from(v)),
        }
    }

    pub fn int_u64(&mut self, v: u64) -> Term {
        if v <= crate::term::MAX_SMALL as u64 {
            Term::small(v as i64)
        } else {
            self.bigint(&BigInt::from(v))
        }
    }

    pub fn int_i128(&mut self, v: i128) -> Term {
        if let Ok(s) = i64::try_from(v) {
            self.int(s)
        } else {
            self.bigint(&BigInt::from(v))
        }
    }

    /// An integer term from a big integer (small when it fits).
    pub fn bigint(&mut self, v: &BigInt) -> Term {
        if let Ok(s) = i64::try_from(v) {
            if let Some(t) = Term::try_small(s) {
                return t;
            }
        }
        let (sign, digits) = v.to_u64_digits();
        let kind = if sign == Sign::Minus {
            Kind::NegBig
        } else {
            Kind::PosBig
        };
        let n = digits.len();
        let p = self.alloc(n + 1);
        // SAFETY: n + 1 words were just allocated.
        unsafe {
            *p = header(kind, n);
            std::ptr::copy_nonoverlapping(digits.as_ptr(), p.add(1), n);
        }
        Term::from_boxed_ptr(p)
    }

    /// A binary holding `bytes`.
    pub fn binary(&mut self, bytes: &[u8]) -> Term {
        if bytes.len() <= HEAP_BIN_LIMIT {
            self.heap_binary(bytes)
        } else {
            self.proc_binary(Arc::new(bytes.to_vec()))
        }
    }

    /// A binary taking ownership of `bytes`.
    pub fn binary_from_vec(&mut self, bytes: Vec<u8>) -> Term {
        if bytes.len() <= HEAP_BIN_LIMIT {
            self.heap_binary(&bytes)
        } else {
            self.proc_binary(Arc::new(bytes))
        }
    }

    fn heap_binary(&mut self, bytes: &[u8]) -> Term {
        let words = bytes.len().div_ceil(8);
        let p = self.alloc(words + 2);
        // SAFETY: words + 2 words were just allocated; the data fits in `words` words.
        unsafe {
            *p = header(Kind::HeapBin, words + 1);
            *p.add(1) = bytes.len() as u64;
            *p.add(1 + words) = 0;
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), p.add(2) as *mut u8, bytes.len());
        }
        Term::from_boxed_ptr(p)
    }

    /// A reference-counted binary sharing `data`.
    pub fn proc_binary(&mut self, data: Arc<BinData>) -> Term {
        let len = data.len();
        let p = self.alloc(3);
        let raw = Arc::into_raw(data);
        // SAFETY: three words were just allocated.
        unsafe {
            *p = header(Kind::ProcBin, 2);
            *p.add(1) = raw as u64;
            *p.add(2) = len as u64;
        }
        let t = Term::from_boxed_ptr(p);
        self.off_heap.push(t);
        self.off_heap_bytes += len;
        t
    }

    /// A bitstring of `len_bits` bits taken from `bytes` (high bits first).
    pub fn bitstring(&mut self, bytes: &[u8], len_bits: usize) -> Term {
        if len_bits.is_multiple_of(8) {
            return self.binary(&bytes[..len_bits / 8]);
        }
        let nbytes = len_bits.div_ceil(8);
        let mut data = bytes[..nbytes].to_vec();
        let rem = len_bits % 8;
        if let Some(last) = data.last_mut() {
            *last &= 0xFFu8 << (8 - rem);
        }
        let whole = self.binary_from_vec(data);
        self.sub_binary(whole, 0, len_bits)
    }

    /// A sub-binary of `orig` (a heap or ref-counted binary) from bit `offset`, `len` bits.
    pub fn sub_binary(&mut self, orig: Term, offset_bits: usize, len_bits: usize) -> Term {
        let p = self.alloc(4);
        // SAFETY: four words were just allocated.
        unsafe {
            *p = header(Kind::SubBin, 3);
            *p.add(1) = len_bits as u64;
            *p.add(2) = offset_bits as u64;
            *p.add(3) = orig.0;
        }
        Term::from_boxed_ptr(p)
    }

    /// A match context over `bin` (any bitstring term): words are the underlying binary,
    /// the start offset, the end offset and the current position, in bits.
    pub fn match_context(&mut self, orig: Term, start: usize, end: usize) -> Term {
        let p = self.alloc(5);
        // SAFETY: five words were just allocated.
        unsafe {
            *p = header(Kind::MatchCtx, 4);
            *p.add(1) = orig.0;
            *p.add(2) = start as u64;
            *p.add(3) = end as u64;
            *p.add(4) = start as u64;
        }
        Term::from_boxed_ptr(p)
    }

    /// A flat map from key/value pairs sorted by key and without duplicates.
    pub fn map_from_sorted(&mut self, pairs: &[(Term, Term)]) -> Term {
        let n = pairs.len();
        let p = self.alloc(2 * n + 1);
        // SAFETY: 2n + 1 words were just allocated.
        unsafe {
            *p = header(Kind::Map, 2 * n);
            for (i, (k, v)) in pairs.iter().enumerate() {
                *p.add(1 + 2 * i) = k.0;
                *p.add(2 + 2 * i) = v.0;
            }
        }
        Term::from_boxed_ptr(p)
    }

    /// A local reference from its two id words.
    pub fn reference(&mut self, hi: u64, lo: u64) -> Term {
        let p = self.alloc(3);
        // SAFETY: three words were just allocated.
        unsafe {
            *p = header(Kind::Ref, 2);
            *p.add(1) = hi;
            *p.add(2) = lo;
        }
        Term::from_boxed_ptr(p)
    }

    /// A local fun: `entry` points at its static fun entry; `env` are the free variables.
    pub fn fun(&mut self, entry: *const crate::module::FunEntry, env: &[Term]) -> Term {
        let n = env.len();
        let p = self.alloc(n + 2);
        // SAFETY: n + 2 words were just allocated.
        unsafe {
            *p = header(Kind::Fun, n + 1);
            *p.add(1) = entry as u64;
            std::ptr::copy_nonoverlapping(env.as_ptr() as *const u64, p.add(2), n);
        }
        Term::from_boxed_ptr(p)
    }

    /// An external fun `fun M:F/A`.
    pub fn export_fun(&mut self, export: &'static crate::export::Export) -> Term {
        let p = self.alloc(2);
        // SAFETY: two words were just allocated.
        unsafe {
            *p = header(Kind::Export, 1);
            *p.add(1) = export as *const _ as u64;
        }
        Term::from_boxed_ptr(p)
    }

    /// A pid of another node.
    pub fn external_pid(&mut self, node: Atom, id: u32, serial: u32, creation: u32) -> Term {
        let p = self.alloc(4);
        // SAFETY: four words were just allocated.
        unsafe {
            *p = header(Kind::ExtPid, 3);
            *p.add(1) = Term::atom(node).0;
            *p.add(2) = ((serial as u64) << 32) | id as u64;
            *p.add(3) = creation as u64;
        }
        Term::from_boxed_ptr(p)
    }

    pub fn atom(&self, a: Atom) -> Term {
        Term::atom(a)
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for t in self.off_heap.drain(..) {
            release_proc_bin(t);
        }
        if let Some(g) = self.gen.as_mut() {
            for t in g.off_heap.drain(..) {
                release_proc_bin(t);
            }
        }
    }
}

/// Drops one reference to a ProcBin's data.
pub(crate) fn release_proc_bin(t: Term) {
    let raw = t.boxed_word(0) as *const BinData;
    if !raw.is_null() {
        // SAFETY: the word was made by `Arc::into_raw` in `proc_binary` and is released
        // exactly once: when the heap owning this ProcBin drops it or a collection finds it dead.
        unsafe { drop(Arc::from_raw(raw)) };
        t.set_boxed_word(0, 0);
    }
}

/// The shared data of a ProcBin term.
pub(crate) fn proc_bin_data<'a>(t: Term) -> &'a BinData {
    let raw = t.boxed_word(0) as *const BinData;
    // SAFETY: a live ProcBin holds one reference to its data, so it is alive.
    unsafe { &*raw }
}

/// A new reference to a ProcBin's data (for copying it to another heap).
pub(crate) fn proc_bin_arc(t: Term) -> Arc<BinData> {
    let raw = t.boxed_word(0) as *const BinData;
    // SAFETY: as above; the count is raised before a new Arc is made from the pointer.
    unsafe {
        Arc::increment_strong_count(raw);
        Arc::from_raw(raw)
    }
}

// A heap is owned by one process at a time; it moves between threads with its process.
// SAFETY: the raw pointers inside refer to the heap's own blocks or to shared immutable data.
unsafe impl Send for Heap {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_reads_back() {
        let mut h = Heap::new();
        let t = h.tuple(&[Term::small(1), Term::NIL]);
        assert!(t.is_tuple());
        assert_eq!(t.tuple_elems(), &[Term::small(1), Term::NIL]);
        let l = h.list(&[Term::small(1), Term::small(2)]);
        assert_eq!(l.list_length(), Some(2));
        assert_eq!(l.head(), Term::small(1));
        let f = h.float(1.5);
        assert_eq!(f.as_float(), Some(1.5));
        let b = h.binary(&[1, 2, 3]);
        assert!(b.is_binary());
        let big = h.binary(&[7u8; 100]);
        assert!(big.is_binary());
        assert_eq!(
            crate::binary::bits_of(big).unwrap().to_vec(),
            vec![7u8; 100]
        );
        // Many allocations spill into new blocks without moving the old ones.
        let first = h.cons(Term::small(9), Term::NIL);
        for _ in 0..10_000 {
            h.cons(Term::small(1), Term::NIL);
        }
        assert_eq!(first.head(), Term::small(9));
        assert!(h.wants_gc());
    }
}
