//! Erlang arithmetic on terms: small integers on the fast path, big integers (num-bigint)
//! and floats on the slow one, with erl's error reasons (`badarith`, and float results that
//! are not finite are `badarith` too).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::heap::Heap;
use crate::term::{Kind, Term};

/// A number taken out of a term.
#[derive(Clone, Debug)]
pub enum Num {
    Int(i64),
    Big(BigInt),
    Float(f64),
}

/// Reads a bignum term into a `BigInt`.
pub fn big_of(t: Term) -> BigInt {
    let words = t.boxed_words();
    let mut digits = Vec::with_capacity(words.len() * 2);
    for &w in words {
        digits.push(w as u32);
        digits.push((w >> 32) as u32);
    }
    let sign = if t.boxed_kind() == Some(Kind::NegBig) {
        Sign::Minus
    } else {
        Sign::Plus
    };
    BigInt::new(sign, digits)
}

pub fn num_of(t: Term) -> Option<Num> {
    if t.is_small() {
        return Some(Num::Int(t.small_value()));
    }
    match t.boxed_kind()? {
        Kind::Float => Some(Num::Float(t.float_value())),
        Kind::PosBig | Kind::NegBig => Some(Num::Big(big_of(t))),
        _ => None,
    }
}

/// An integer term as a `BigInt`.
pub fn int_of(t: Term) -> Option<BigInt> {
    match num_of(t)? {
        Num::Int(i) => Some(BigInt::from(i)),
        Num::Big(b) => Some(b),
        Num::Float(_) => None,
    }
}

/// An integer term as an `i64` if it fits.
pub fn i64_of(t: Term) -> Option<i64> {
    if t.is_small() {
        return Some(t.small_value());
    }
    if t.is_bignum() {
        return big_of(t).to_i64();
    }
    None
}

pub fn to_f64(n: &Num) -> f64 {
    match n {
        Num::Int(i) => *i as f64,
        Num::Big(b) => b.to_f64().unwrap_or(f64::INFINITY),
        Num::Float(f) => *f,
    }
}

fn big(n: Num) -> BigInt {
    match n {
        Num::Int(i) => BigInt::from(i),
        Num::Big(b) => b,
        Num::Float(f) => BigInt::from(f as i64),
    }
}

/// The arithmetic error: always `badarith` at the Erlang level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badarith;

pub type ArithResult = Result<Term, Badarith>;

fn float_result(h: &mut Heap, f: f64) -> ArithResult {
    if f.is_finite() {
        Ok(h.float(f))
    } else {
        Err(Badarith)
    }
}

fn nums(a: Term, b: Term) -> Result<(Num, Num), Badarith> {
    Ok((num_of(a).ok_or(Badarith)?, num_of(b).ok_or(Badarith)?))
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
}

fn generic(h: &mut Heap, a: Term, b: Term, op: Op) -> ArithResult {
    let (x, y) = nums(a, b)?;
    if matches!(x, Num::Float(_)) || matches!(y, Num::Float(_)) {
        let (fx, fy) = (to_f64(&x), to_f64(&y));
        let r = match op {
            Op::Add => fx + fy,
            Op::Sub => fx - fy,
            Op::Mul => fx * fy,
        };
        return float_result(h, r);
    }
    if let (Num::Int(i), Num::Int(j)) = (&x, &y) {
        let r = match op {
            Op::Add => (*i as i128) + (*j as i128),
            Op::Sub => (*i as i128) - (*j as i128),
            Op::Mul => (*i as i128) * (*j as i128),
        };
        return Ok(h.int_i128(r));
    }
    let (bx, by) = (big(x), big(y));
    let r = match op {
        Op::Add => bx + by,
        Op::Sub => bx - by,
        Op::Mul => bx * by,
    };
    Ok(h.bigint(&r))
}

#[inline]
pub fn add(h: &mut Heap, a: Term, b: Term) -> ArithResult {
    if a.is_small() && b.is_small() {
        return Ok(h.int(a.small_value() + b.small_value()));
    }
    generic(h, a, b, Op::Add)
}

#[inline]
pub fn sub(h: &mut Heap, a: Term, b: Term) -> ArithResult {
    if a.is_small() && b.is_small() {
        return Ok(h.int(a.small_value() - b.small_value()));
    }
    generic(h, a, b, Op::Sub)
}

#[inline]
pub fn mul(h: &mut Heap, a: Term, b: Term) -> ArithResult {
    if a.is_small() && b.is_small() {
        if let Some(r) = a.small_value().checked_mul(b.small_value()) {
            return Ok(h.int(r));
        }
    }
    generic(h, a, b, Op::Mul)
}

/// `/`: always a float.
pub fn fdiv(h: &mut Heap, a: Term, b: Term) -> ArithResult {
    let (x, y) = nums(a, b)?;
    let fy = to_f64(&y);
    if fy == 0.0 {
        return Err(Badarith);
    }
    float_result(h, to_f64(&x) / fy)
}

fn ints(a: Term, b: Term) -> Result<(Num, Num), Badarith> {
    let (x, y) = nums(a, b)?;
    if matches!(x, Num::Float(_)) || matches!(y, Num::Float(_)) {
        return Err(Badarith);
    }
    Ok((x, y))
}

/// `div`: integer division truncating toward zero.
pub fn idiv(h: &mut Heap, a: Term, b: Term) -> ArithResult {
    if a.is_small() && b.is_small() {
        let d = b.small_value();
        if d == 0 {
            return Err(Badarith);
        }
        return Ok(h.int(a.small_value() / d));
    }
    let (x, y) = ints(a, b)?;
    let (bx, by) = (big(x), big(y));
    if by.is_zero() {
        return Err(Badarith);
    }
    Ok(h.bigint(&(bx / by)))
}

/// `rem`: the remainder with the sign of the dividend.
pub fn rem(h: &mut Heap, a: Term, b: Term) -> ArithResult {
    if a.is_small() && b.is_small() {
        let d = b.small_value();
        if d == 0 {
            return Err(Badarith);
        }
        return Ok(h.int(a.small_value() % d));
    }
    let (x, y) = ints(a, b)?;
    let (bx, by) = (big(x), big(y));
    if by.is_zero() {
        return Err(Badarith);
    }
    Ok(h.bigint(&(bx % by)))
}

#[derive(Clone, Copy)]
pub enum BitOp {
    And,
    Or,
    Xor,
}

pub fn bitop(h: &mut Heap, a: Term, b: Term, op: BitOp) -> ArithResult {
    if a.is_small() && b.is_small() {
        let (x, y) = (a.small_value(), b.small_value());
        return Ok(Term::small(match op {
            BitOp::And => x & y,
            BitOp::Or => x | y,
            BitOp::Xor => x ^ y,
        }));
    }
    let (x, y) = ints(a, b)?;
    let (bx, by) = (big(x), big(y));
    let r = match op {
        BitOp::And => bx & by,
        BitOp::Or => bx | by,
        BitOp::Xor => bx ^ by,
    };
    Ok(h.bigint(&r))
}

pub fn bnot(h: &mut Heap, a: Term) -> ArithResult {
    if a.is_small() {
        return Ok(Term::small(!a.small_value()));
    }
    match num_of(a) {
        Some(Num::Big(b)) => Ok(h.bigint(&(-b - 1))),
        _ => Err(Badarith),
    }
}

/// `bsl` (a negative shift shifts right); `bsr` is `bsl` with the shift negated.
pub fn bsl(h: &mut Heap, a: Term, shift: Term) -> ArithResult {
    let (x, s) = ints(a, shift)?;
    let s = match s {
        Num::Int(s) => s,
        Num::Big(b) => {
            // A huge shift: 0 or -1 to the right, a system limit to the left.
            if b.is_negative() {
                let neg = match &x {
                    Num::Int(i) => *i < 0,
                    Num::Big(b) => b.is_negative(),
                    Num::Float(_) => false,
                };
                return Ok(Term::small(if neg { -1 } else { 0 }));
            }
            return Err(Badarith);
        }
        Num::Float(_) => return Err(Badarith),
    };
    if let Num::Int(i) = x {
        if s <= 0 {
            let r = if s <= -64 {
                if i < 0 {
                    -1
                } else {
                    0
                }
            } else {
                i >> (-s)
            };
            return Ok(Term::small(r));
        }
        if s < 64 && i.abs() < (1i64 << (62 - s.min(62))) {
            return Ok(h.int(i << s));
        }
    }
    let bx = big(x);
    if s > (1 << 26) {
        return Err(Badarith);
    }
    let r = if s >= 0 {
        bx << (s as usize)
    } else {
        let by = (-s) as usize;
        // An arithmetic shift rounds toward minus infinity.
        let d = BigInt::from(1) << by;
        bx.div_floor(&d)
    };
    Ok(h.bigint(&r))
}

pub fn bsr(h: &mut Heap, a: Term, shift: Term) -> ArithResult {
    let neg = neg(h, shift)?;
    bsl(h, a, neg)
}

pub fn neg(h: &mut Heap, a: Term) -> ArithResult {
    if a.is_small() {
        return Ok(h.int(-a.small_value()));
    }
    match num_of(a).ok_or(Badarith)? {
        Num::Int(i) => Ok(h.int_i128(-(i as i128))),
        Num::Big(b) => Ok(h.bigint(&(-b))),
        Num::Float(f) => Ok(h.float(-f)),
    }
}

pub fn abs(h: &mut Heap, a: Term) -> ArithResult {
    match num_of(a).ok_or(Badarith)? {
        Num::Int(i) => Ok(h.int_i128((i as i128).abs())),
        Num::Big(b) => Ok(h.bigint(&b.abs())),
        Num::Float(f) => Ok(h.float(f.abs())),
    }
}

/// A float converted to an integer term (for trunc, round, ...).
pub fn float_to_int(h: &mut Heap, f: f64) -> Term {
    if f.abs() < 1e17 {
        h.int(f as i64)
    } else {
        use num_traits::FromPrimitive;
        let b = BigInt::from_f64(f).unwrap_or_default();
        h.bigint(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_goes_big_and_back() {
        let mut h = Heap::new();
        let max = Term::small(crate::term::MAX_SMALL);
        let r = add(&mut h, max, Term::small(1)).unwrap();
        assert!(r.is_bignum());
        let back = sub(&mut h, r, Term::small(1)).unwrap();
        assert_eq!(back, max);
        let m = mul(&mut h, r, r).unwrap();
        assert_eq!(
            int_of(m).unwrap(),
            BigInt::from(1i64 << 59) * BigInt::from(1i64 << 59)
        );
    }

    #[test]
    fn division_rules() {
        let mut h = Heap::new();
        assert_eq!(
            idiv(&mut h, Term::small(-7), Term::small(2)),
            Ok(Term::small(-3))
        );
        assert_eq!(
            rem(&mut h, Term::small(-7), Term::small(2)),
            Ok(Term::small(-1))
        );
        assert_eq!(idiv(&mut h, Term::small(1), Term::small(0)), Err(Badarith));
        assert!(fdiv(&mut h, Term::small(1), Term::small(0)).is_err());
        let f = fdiv(&mut h, Term::small(1), Term::small(4)).unwrap();
        assert_eq!(f.as_float(), Some(0.25));
        assert_eq!(
            bsl(&mut h, Term::small(-1), Term::small(-3)),
            Ok(Term::small(-1))
        );
        assert_eq!(
            bsr(&mut h, Term::small(-16), Term::small(2)),
            Ok(Term::small(-4))
        );
        let big = bsl(&mut h, Term::small(1), Term::small(100)).unwrap();
        assert_eq!(int_of(big).unwrap(), BigInt::from(1) << 100usize);
        let back = bsr(&mut h, big, Term::small(100)).unwrap();
        assert_eq!(back, Term::small(1));
    }
}
