//! The standard term order and the two equalities (`==` compares numbers by value, `=:=`
//! also requires the same type).
//!
//! number < atom < reference < fun < port < pid < tuple < map < [] < list < bitstring.
//! Tuples compare by size first, maps by size, then keys, then values; lists and
//! bitstrings element by element. The exact order also puts an integer before a float of
//! the same value, which is how map keys are sorted.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::arith::{big_of, num_of, Num};
use crate::binary::bits_of;
use crate::term::{Kind, Term};

fn rank(t: Term) -> u8 {
    if t.is_small() {
        return 0;
    }
    if t.is_atom() {
        return 1;
    }
    if t.is_nil() {
        return 8;
    }
    if t.is_cons() {
        return 9;
    }
    if t.is_local_pid() {
        return 5;
    }
    if t.is_local_port() {
        return 4;
    }
    match t.boxed_kind() {
        Some(Kind::PosBig | Kind::NegBig | Kind::Float) => 0,
        Some(Kind::Ref | Kind::ExtRef) => 2,
        Some(Kind::Fun | Kind::Export) => 3,
        Some(Kind::ExtPort) => 4,
        Some(Kind::ExtPid) => 5,
        Some(Kind::Tuple) => 6,
        Some(Kind::Map) => 7,
        Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin | Kind::MatchCtx) => 10,
        _ => 11,
    }
}

/// Compares an integer with a float the way erl does: exactly, not by converting the
/// integer to a float when that would lose precision.
fn cmp_int_float(i: &BigInt, f: f64) -> Ordering {
    if f.is_nan() {
        return Ordering::Less;
    }
    let fi = f.trunc();
    // Compare integer parts exactly, then the fraction decides.
    let fb: BigInt = match num_traits::FromPrimitive::from_f64(fi) {
        Some(b) => b,
        None => {
            return if f > 0.0 {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
    };
    match i.cmp(&fb) {
        Ordering::Equal => {
            let frac = f - fi;
            if frac > 0.0 {
                Ordering::Less
            } else if frac < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        }
        o => o,
    }
}

fn cmp_numbers(a: Term, b: Term, exact: bool) -> Ordering {
    if a.is_small() && b.is_small() {
        return a.small_value().cmp(&b.small_value());
    }
    let (x, y) = match (num_of(a), num_of(b)) {
        (Some(x), Some(y)) => (x, y),
        _ => return Ordering::Equal,
    };
    let o = match (&x, &y) {
        (Num::Float(f), Num::Float(g)) => f.partial_cmp(g).unwrap_or(Ordering::Equal),
        (Num::Float(f), Num::Int(i)) => {
            if i.unsigned_abs() < (1 << 53) {
                f.partial_cmp(&(*i as f64)).unwrap_or(Ordering::Equal)
            } else {
                cmp_int_float(&BigInt::from(*i), *f).reverse()
            }
        }
        (Num::Int(i), Num::Float(f)) => {
            if i.unsigned_abs() < (1 << 53) {
                (*i as f64).partial_cmp(f).unwrap_or(Ordering::Equal)
            } else {
                cmp_int_float(&BigInt::from(*i), *f)
            }
        }
        (Num::Float(f), Num::Big(b)) => cmp_int_float(b, *f).reverse(),
        (Num::Big(b), Num::Float(f)) => cmp_int_float(b, *f),
        (Num::Int(i), Num::Int(j)) => i.cmp(j),
        (Num::Int(i), Num::Big(b)) => BigInt::from(*i).cmp(b),
        (Num::Big(b), Num::Int(i)) => b.cmp(&BigInt::from(*i)),
        (Num::Big(b), Num::Big(c)) => b.cmp(c),
    };
    if o == Ordering::Equal && exact {
        let fa = matches!(x, Num::Float(_));
        let fb = matches!(y, Num::Float(_));
        return fa.cmp(&fb);
    }
    o
}

fn cmp_atoms(a: Term, b: Term) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (x, y) = (a.as_atom(), b.as_atom());
    match (x, y) {
        (Some(x), Some(y)) => x.name().cmp(y.name()),
        _ => Ordering::Equal,
    }
}

/// The pid's (node, serial, number) ordering key.
fn pid_key(t: Term) -> (String, u64, u64) {
    if t.is_local_pid() {
        let id = t.pid_id();
        return (String::new(), id >> 28, id & ((1 << 28) - 1));
    }
    let node = Term(t.boxed_word(0))
        .as_atom()
        .map(|a| a.name())
        .unwrap_or("");
    let w = t.boxed_word(1);
    (node.to_string(), w >> 32, w & 0xFFFF_FFFF)
}

fn cmp_boxed_same_rank(a: Term, b: Term, exact: bool) -> Ordering {
    let ka = a.boxed_kind();
    let kb = b.boxed_kind();
    match (ka, kb) {
        (Some(Kind::Tuple), Some(Kind::Tuple)) => {
            let (x, y) = (a.tuple_elems(), b.tuple_elems());
            match x.len().cmp(&y.len()) {
                Ordering::Equal => {}
                o => return o,
            }
            for (p, q) in x.iter().zip(y.iter()) {
                match compare_impl(*p, *q, exact) {
                    Ordering::Equal => {}
                    o => return o,
                }
            }
            Ordering::Equal
        }
        (Some(Kind::Map), Some(Kind::Map)) => {
            let (x, y) = (a.boxed_words(), b.boxed_words());
            match x.len().cmp(&y.len()) {
                Ordering::Equal => {}
                o => return o,
            }
            // Keys are compared first (exactly: maps order keys as terms), then values.
            for i in (0..x.len()).step_by(2) {
                match compare_impl(Term(x[i]), Term(y[i]), true) {
                    Ordering::Equal => {}
                    o => return o,
                }
            }
            for i in (1..x.len()).step_by(2) {
                match compare_impl(Term(x[i]), Term(y[i]), exact) {
                    Ordering::Equal => {}
                    o => return o,
                }
            }
            Ordering::Equal
        }
        (Some(Kind::Ref), Some(Kind::Ref)) => {
            let (x, y) = (a.boxed_words(), b.boxed_words());
            x.cmp(y)
        }
        (Some(Kind::Ref | Kind::ExtRef), Some(Kind::Ref | Kind::ExtRef)) => {
            crate::dist::ext::ref_key(a).cmp(&crate::dist::ext::ref_key(b))
        }
        (Some(Kind::Fun | Kind::Export), Some(Kind::Fun | Kind::Export)) => {
            crate::fun::compare_funs(a, b, exact)
        }
        _ => {
            if let (Some(x), Some(y)) = (bits_of(a), bits_of(b)) {
                return cmp_bits(&x, &y);
            }
            if a.is_pid() && b.is_pid() {
                return pid_key(a).cmp(&pid_key(b));
            }
            a.0.cmp(&b.0)
        }
    }
}

fn cmp_bits(x: &crate::binary::Bits, y: &crate::binary::Bits) -> Ordering {
    let n = x.len_bits.min(y.len_bits);
    let whole = n / 8;
    if x.offset_bits.is_multiple_of(8) && y.offset_bits.is_multiple_of(8) {
        let xs = &x.bytes[x.offset_bits / 8..x.offset_bits / 8 + whole];
        let ys = &y.bytes[y.offset_bits / 8..y.offset_bits / 8 + whole];
        match xs.cmp(ys) {
            Ordering::Equal => {}
            o => return o,
        }
    } else {
        for i in 0..whole {
            match x.read_u64(i * 8, 8).cmp(&y.read_u64(i * 8, 8)) {
                Ordering::Equal => {}
                o => return o,
            }
        }
    }
    for i in whole * 8..n {
        match x.bit(i).cmp(&y.bit(i)) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    x.len_bits.cmp(&y.len_bits)
}

fn compare_impl(a: Term, b: Term, exact: bool) -> Ordering {
    let mut a = a;
    let mut b = b;
    loop {
        if a == b {
            return Ordering::Equal;
        }
        let (ra, rb) = (rank(a), rank(b));
        if ra != rb {
            return ra.cmp(&rb);
        }
        match ra {
            0 => return cmp_numbers(a, b, exact),
            1 => return cmp_atoms(a, b),
            9 => {
                match compare_impl(a.head(), b.head(), exact) {
                    Ordering::Equal => {}
                    o => return o,
                }
                a = a.tail();
                b = b.tail();
            }
            4 | 5 if a.is_immediate() && b.is_immediate() => {
                return if ra == 5 {
                    pid_key(a).cmp(&pid_key(b))
                } else {
                    a.0.cmp(&b.0)
                }
            }
            _ => return cmp_boxed_same_rank(a, b, exact),
        }
    }
}

/// The standard term order (`1 == 1.0` compare equal).
pub fn compare(a: Term, b: Term) -> Ordering {
    compare_impl(a, b, false)
}

/// The exact order: also distinguishes integers from floats (for map keys, `=:=`).
pub fn compare_exact(a: Term, b: Term) -> Ordering {
    compare_impl(a, b, true)
}

/// `==`.
pub fn eq(a: Term, b: Term) -> bool {
    a == b || compare_impl(a, b, false) == Ordering::Equal
}

/// `=:=`.
#[inline]
pub fn eq_exact(a: Term, b: Term) -> bool {
    if a == b {
        return true;
    }
    if a.is_immediate() || b.is_immediate() {
        return false;
    }
    compare_impl(a, b, true) == Ordering::Equal
}

/// A bignum term's value as f64 (for mixed comparisons elsewhere).
pub fn big_to_f64(t: Term) -> f64 {
    big_of(t).to_f64().unwrap_or(f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::Atom;
    use crate::heap::Heap;

    #[test]
    fn type_order() {
        let mut h = Heap::new();
        let terms = [
            Term::small(1),
            Term::atom(Atom::new("a")),
            h.reference(0, 1),
            Term::port(1),
            Term::pid(1),
            h.tuple(&[]),
            h.map_from_sorted(&[]),
            Term::NIL,
            h.list(&[Term::small(1)]),
            h.binary(b""),
        ];
        for i in 0..terms.len() {
            for j in 0..terms.len() {
                assert_eq!(compare(terms[i], terms[j]), i.cmp(&j), "{i} {j}");
            }
        }
    }

    #[test]
    fn numbers() {
        let mut h = Heap::new();
        let one_f = h.float(1.0);
        assert!(eq(Term::small(1), one_f));
        assert!(!eq_exact(Term::small(1), one_f));
        assert_eq!(compare_exact(Term::small(1), one_f), Ordering::Less);
        let big = h.bigint(&(BigInt::from(1) << 70usize));
        assert_eq!(compare(Term::small(5), big), Ordering::Less);
        let f = h.float(1e30);
        assert_eq!(compare(big, f), Ordering::Less);
        let a = h.string("abc");
        let b = h.string("abd");
        assert_eq!(compare(a, b), Ordering::Less);
        assert!(eq_exact(h.string("x"), h.string("x")));
    }
}
