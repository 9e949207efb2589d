//! Tagged terms: every Erlang value is one 64-bit word, as in the BEAM.
//!
//! The two low bits are the primary tag: `00` a header word (only inside heap objects, or a
//! return address on a stack), `01` a pointer to a cons cell, `10` a pointer to a boxed
//! object that starts with a header, `11` an immediate. Immediates use four bits: `0011` a
//! local pid, `0111` a local port, `1111` a 60-bit small integer, `1011` a second level of
//! six bits: `001011` an atom, `011011` a catch tag, `111011` nil.
//!
//! A header word is `arity << 6 | kind << 2`, the arity being the number of words that
//! follow it (for tuples, the element count).
//!
//! Terms are plain words: the memory a pointer term refers to belongs to a process heap (or a
//! literal area that is never freed). It stays valid, and does not move, until the owning
//! process's next garbage collection; collections happen only at points where the
//! interpreter holds no Rust reference into the heap. Every accessor here relies on that
//! invariant.

use crate::atom::Atom;

/// One Erlang term.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Term(pub u64);

pub const TAG_PRIMARY_MASK: u64 = 0b11;
pub const TAG_HEADER: u64 = 0b00;
pub const TAG_LIST: u64 = 0b01;
pub const TAG_BOXED: u64 = 0b10;
pub const TAG_IMMED1: u64 = 0b11;

const IMMED1_MASK: u64 = 0b1111;
const IMMED1_PID: u64 = 0b0011;
const IMMED1_PORT: u64 = 0b0111;
const IMMED1_SMALL: u64 = 0b1111;
const IMMED2_MASK: u64 = 0b11_1111;
const IMMED2_ATOM: u64 = 0b00_1011;
const IMMED2_CATCH: u64 = 0b01_1011;
const IMMED2_NIL: u64 = 0b11_1011;

/// The largest small integer (60 bits, signed).
pub const MAX_SMALL: i64 = (1 << 59) - 1;
pub const MIN_SMALL: i64 = -(1 << 59);

/// The kinds of boxed objects, stored in bits 2..6 of a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Tuple = 0,
    PosBig = 1,
    NegBig = 2,
    Ref = 3,
    Fun = 4,
    Float = 5,
    Export = 6,
    ProcBin = 7,
    HeapBin = 8,
    SubBin = 9,
    Map = 10,
    ExtPid = 11,
    ExtPort = 12,
    ExtRef = 13,
    MatchCtx = 14,
    Unused = 15,
}

impl Kind {
    fn from_bits(b: u64) -> Kind {
        match b & 0xF {
            0 => Kind::Tuple,
            1 => Kind::PosBig,
            2 => Kind::NegBig,
            3 => Kind::Ref,
            4 => Kind::Fun,
            5 => Kind::Float,
            6 => Kind::Export,
            7 => Kind::ProcBin,
            8 => Kind::HeapBin,
            9 => Kind::SubBin,
            10 => Kind::Map,
            11 => Kind::ExtPid,
            12 => Kind::ExtPort,
            13 => Kind::ExtRef,
            14 => Kind::MatchCtx,
            _ => Kind::Unused,
        }
    }

    /// Whether the words after a header of this kind are terms the collector must follow.
    /// For funs only the environment words are terms (see `gc`).
    pub fn words_are_terms(self) -> bool {
        matches!(self, Kind::Tuple | Kind::Map)
    }
}

/// Builds a header word.
#[inline]
pub const fn header(kind: Kind, arity: usize) -> u64 {
    ((arity as u64) << 6) | ((kind as u64) << 2)
}

#[inline]
pub fn header_kind(h: u64) -> Kind {
    Kind::from_bits(h >> 2)
}

#[inline]
pub fn header_arity(h: u64) -> usize {
    (h >> 6) as usize
}

/// A marker that is not a term (an empty slot, "no value").
pub const NON_VALUE: Term = Term(0);

impl Term {
    pub const NIL: Term = Term(IMMED2_NIL);
    pub const TRUE: Term = Term::atom(crate::atom::predefined::TRUE);
    pub const FALSE: Term = Term::atom(crate::atom::predefined::FALSE);

    #[inline]
    pub const fn raw(self) -> u64 {
        self.0
    }

    #[inline]
    pub fn is_non_value(self) -> bool {
        self.0 == 0
    }

    // ---- immediates ----

    #[inline]
    pub const fn atom(a: Atom) -> Term {
        Term(((a.0 as u64) << 6) | IMMED2_ATOM)
    }

    #[inline]
    pub fn is_atom(self) -> bool {
        self.0 & IMMED2_MASK == IMMED2_ATOM
    }

    #[inline]
    pub fn as_atom(self) -> Option<Atom> {
        if self.is_atom() {
            Some(Atom((self.0 >> 6) as u32))
        } else {
            None
        }
    }

    #[inline]
    pub fn bool(b: bool) -> Term {
        if b {
            Term::TRUE
        } else {
            Term::FALSE
        }
    }

    #[inline]
    pub fn is_boolean(self) -> bool {
        self == Term::TRUE || self == Term::FALSE
    }

    /// A small integer; the caller guarantees the range.
    #[inline]
    pub const fn small(v: i64) -> Term {
        Term(((v as u64) << 4) | IMMED1_SMALL)
    }

    #[inline]
    pub fn fits_small(v: i64) -> bool {
        (MIN_SMALL..=MAX_SMALL).contains(&v)
    }

    /// A small integer if `v` fits.
    #[inline]
    pub fn try_small(v: i64) -> Option<Term> {
        if Term::fits_small(v) {
            Some(Term::small(v))
        } else {
            None
        }
    }

    #[inline]
    pub fn is_small(self) -> bool {
        self.0 & IMMED1_MASK == IMMED1_SMALL
    }

    #[inline]
    pub fn small_value(self) -> i64 {
        (self.0 as i64) >> 4
    }

    #[inline]
    pub fn as_small(self) -> Option<i64> {
        if self.is_small() {
            Some(self.small_value())
        } else {
            None
        }
    }

    #[inline]
    pub fn is_nil(self) -> bool {
        self.0 == IMMED2_NIL
    }

    #[inline]
    pub fn pid(id: u64) -> Term {
        Term((id << 4) | IMMED1_PID)
    }

    #[inline]
    pub fn is_local_pid(self) -> bool {
        self.0 & IMMED1_MASK == IMMED1_PID
    }

    #[inline]
    pub fn pid_id(self) -> u64 {
        self.0 >> 4
    }

    #[inline]
    pub fn port(id: u64) -> Term {
        Term((id << 4) | IMMED1_PORT)
    }

    #[inline]
    pub fn is_local_port(self) -> bool {
        self.0 & IMMED1_MASK == IMMED1_PORT
    }

    #[inline]
    pub fn port_id(self) -> u64 {
        self.0 >> 4
    }

    /// A catch tag: an index into the global catch table.
    #[inline]
    pub fn catch(index: u64) -> Term {
        Term((index << 6) | IMMED2_CATCH)
    }

    #[inline]
    pub fn is_catch(self) -> bool {
        self.0 & IMMED2_MASK == IMMED2_CATCH
    }

    #[inline]
    pub fn catch_index(self) -> u64 {
        self.0 >> 6
    }

    #[inline]
    pub fn is_immediate(self) -> bool {
        self.0 & TAG_PRIMARY_MASK == TAG_IMMED1
    }

    // ---- pointers ----

    #[inline]
    pub fn is_cons(self) -> bool {
        self.0 & TAG_PRIMARY_MASK == TAG_LIST
    }

    #[inline]
    pub fn is_list(self) -> bool {
        self.is_cons() || self.is_nil()
    }

    #[inline]
    pub fn is_boxed(self) -> bool {
        self.0 & TAG_PRIMARY_MASK == TAG_BOXED
    }

    #[inline]
    pub fn is_header(self) -> bool {
        self.0 & TAG_PRIMARY_MASK == TAG_HEADER
    }

    #[inline]
    pub fn cons_ptr(self) -> *mut Term {
        (self.0 - TAG_LIST) as *mut Term
    }

    #[inline]
    pub fn boxed_ptr(self) -> *mut u64 {
        (self.0 - TAG_BOXED) as *mut u64
    }

    #[inline]
    pub fn from_cons_ptr(p: *const Term) -> Term {
        Term(p as u64 | TAG_LIST)
    }

    #[inline]
    pub fn from_boxed_ptr(p: *const u64) -> Term {
        Term(p as u64 | TAG_BOXED)
    }

    /// The head of a cons cell. The caller has checked `is_cons`.
    #[inline]
    pub fn head(self) -> Term {
        debug_assert!(self.is_cons());
        // SAFETY: a cons term points at two live words (module invariant).
        unsafe { *self.cons_ptr() }
    }

    /// The tail of a cons cell. The caller has checked `is_cons`.
    #[inline]
    pub fn tail(self) -> Term {
        debug_assert!(self.is_cons());
        // SAFETY: as for `head`.
        unsafe { *self.cons_ptr().add(1) }
    }

    /// The header word of a boxed term. The caller has checked `is_boxed`.
    #[inline]
    pub fn header_word(self) -> u64 {
        debug_assert!(self.is_boxed());
        // SAFETY: a boxed term points at a live header word (module invariant).
        unsafe { *self.boxed_ptr() }
    }

    /// The kind of a boxed term, or `None` for any other term.
    #[inline]
    pub fn boxed_kind(self) -> Option<Kind> {
        if self.is_boxed() {
            Some(header_kind(self.header_word()))
        } else {
            None
        }
    }

    /// Word `i` after the header (0-based) of a boxed term.
    #[inline]
    pub fn boxed_word(self, i: usize) -> u64 {
        // SAFETY: callers index within the arity given by the header (module invariant).
        unsafe { *self.boxed_ptr().add(1 + i) }
    }

    /// Overwrites word `i` after the header (match contexts and freshly built objects).
    #[inline]
    pub fn set_boxed_word(self, i: usize, v: u64) {
        // SAFETY: as for `boxed_word`; the object belongs to the running process.
        unsafe { *self.boxed_ptr().add(1 + i) = v }
    }

    /// The words after the header of a boxed term.
    #[inline]
    pub fn boxed_words<'a>(self) -> &'a [u64] {
        let n = header_arity(self.header_word());
        // SAFETY: the header gives the object's length (module invariant).
        unsafe { std::slice::from_raw_parts(self.boxed_ptr().add(1), n) }
    }

    // ---- tuples ----

    #[inline]
    pub fn is_tuple(self) -> bool {
        self.is_boxed() && self.header_word() & 0b11_1111 == header(Kind::Tuple, 0)
    }

    /// The elements of a tuple. The caller has checked `is_tuple`.
    #[inline]
    pub fn tuple_elems<'a>(self) -> &'a [Term] {
        let n = header_arity(self.header_word());
        // SAFETY: a tuple's header is followed by `n` terms (module invariant).
        unsafe { std::slice::from_raw_parts(self.boxed_ptr().add(1) as *const Term, n) }
    }

    #[inline]
    pub fn as_tuple<'a>(self) -> Option<&'a [Term]> {
        if self.is_tuple() {
            Some(self.tuple_elems())
        } else {
            None
        }
    }

    /// Writes element `i` (0-based) of a tuple the running process has just built.
    #[inline]
    pub fn tuple_set(self, i: usize, v: Term) {
        // SAFETY: in-bounds by the callers' arity checks; the tuple is unshared.
        unsafe { *(self.boxed_ptr().add(1 + i) as *mut Term) = v }
    }

    // ---- numbers ----

    #[inline]
    pub fn is_float(self) -> bool {
        self.is_boxed() && self.header_word() == header(Kind::Float, 1)
    }

    #[inline]
    pub fn float_value(self) -> f64 {
        f64::from_bits(self.boxed_word(0))
    }

    #[inline]
    pub fn as_float(self) -> Option<f64> {
        if self.is_float() {
            Some(self.float_value())
        } else {
            None
        }
    }

    #[inline]
    pub fn is_bignum(self) -> bool {
        matches!(self.boxed_kind(), Some(Kind::PosBig | Kind::NegBig))
    }

    #[inline]
    pub fn is_integer(self) -> bool {
        self.is_small() || self.is_bignum()
    }

    #[inline]
    pub fn is_number(self) -> bool {
        self.is_small()
            || matches!(
                self.boxed_kind(),
                Some(Kind::PosBig | Kind::NegBig | Kind::Float)
            )
    }

    // ---- other kinds ----

    #[inline]
    pub fn is_map(self) -> bool {
        self.boxed_kind() == Some(Kind::Map)
    }

    #[inline]
    pub fn is_fun(self) -> bool {
        matches!(self.boxed_kind(), Some(Kind::Fun | Kind::Export))
    }

    #[inline]
    pub fn is_pid(self) -> bool {
        self.is_local_pid() || self.boxed_kind() == Some(Kind::ExtPid)
    }

    #[inline]
    pub fn is_port(self) -> bool {
        self.is_local_port() || self.boxed_kind() == Some(Kind::ExtPort)
    }

    #[inline]
    pub fn is_reference(self) -> bool {
        matches!(self.boxed_kind(), Some(Kind::Ref | Kind::ExtRef))
    }

    #[inline]
    pub fn is_bitstring(self) -> bool {
        matches!(
            self.boxed_kind(),
            Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin)
        )
    }

    /// A binary: a bitstring whose size is a whole number of bytes.
    pub fn is_binary(self) -> bool {
        match crate::binary::bits_of(self) {
            Some(b) => b.len_bits % 8 == 0,
            None => false,
        }
    }
}

impl std::fmt::Debug for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_non_value() {
            return write!(f, "<non-value>");
        }
        if self.is_header() {
            return write!(f, "<header {:#x}>", self.0);
        }
        write!(f, "{}", crate::print::to_string(*self))
    }
}

/// A cursor over a list's cells; stops at the first tail that is not a cons cell.
pub struct ListIter {
    cur: Term,
}

impl ListIter {
    pub fn new(t: Term) -> ListIter {
        ListIter { cur: t }
    }
    /// The tail after the elements consumed so far (`[]` for a proper list at its end).
    pub fn rest(&self) -> Term {
        self.cur
    }
}

impl Iterator for ListIter {
    type Item = Term;
    #[inline]
    fn next(&mut self) -> Option<Term> {
        if self.cur.is_cons() {
            let h = self.cur.head();
            self.cur = self.cur.tail();
            Some(h)
        } else {
            None
        }
    }
}

impl Term {
    pub fn iter_list(self) -> ListIter {
        ListIter::new(self)
    }

    /// The elements of a proper list, or `None` for an improper list or a non-list.
    pub fn list_to_vec(self) -> Option<Vec<Term>> {
        let mut v = Vec::new();
        let mut it = self.iter_list();
        for t in it.by_ref() {
            v.push(t);
        }
        if it.rest().is_nil() {
            Some(v)
        } else {
            None
        }
    }

    /// The length of a proper list, or `None`.
    pub fn list_length(self) -> Option<usize> {
        let mut n = 0;
        let mut it = self.iter_list();
        for _ in it.by_ref() {
            n += 1;
        }
        if it.rest().is_nil() {
            Some(n)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::predefined;

    #[test]
    fn immediates_round_trip() {
        for v in [0i64, 1, -1, MAX_SMALL, MIN_SMALL, 12345, -98765] {
            let t = Term::small(v);
            assert!(t.is_small() && !t.is_atom() && !t.is_cons() && !t.is_boxed());
            assert_eq!(t.small_value(), v);
        }
        assert!(Term::try_small(MAX_SMALL + 1).is_none());
        let a = Term::atom(predefined::OK);
        assert_eq!(a.as_atom(), Some(predefined::OK));
        assert!(!a.is_small() && !a.is_nil());
        assert!(Term::NIL.is_nil() && Term::NIL.is_list() && !Term::NIL.is_atom());
        let p = Term::pid(77);
        assert!(p.is_local_pid() && p.is_pid() && p.pid_id() == 77 && !p.is_port());
        let c = Term::catch(5);
        assert!(c.is_catch() && c.catch_index() == 5 && !c.is_atom());
        assert!(Term::TRUE.is_boolean() && !Term::atom(predefined::OK).is_boolean());
    }
}
