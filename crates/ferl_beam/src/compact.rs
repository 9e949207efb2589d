//! The compact term encoding of instruction operands in the Code chunk (and of the items of
//! the Line chunk).
//!
//! Each operand starts with a byte whose low three bits are a tag (literal, integer, atom,
//! x register, y register, label, character, extended). Small values sit in the same byte,
//! medium ones take one more byte, large ones carry their length and then big-endian bytes.
//! The extended tag introduces lists, float registers, allocation lists, literal-table
//! references and typed registers.

use num_bigint::BigInt;

use crate::error::BeamError;

/// One operand of a generic instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// Tag `u`: an unsigned number whose meaning the instruction gives (an arity, a size,
    /// an import index, a live count...).
    Unsigned(u64),
    /// Tag `i`: an integer literal that fits in 64 bits.
    Integer(i64),
    /// Tag `i`: an integer literal that does not.
    BigInteger(BigInt),
    /// Tag `a` with value 0.
    Nil,
    /// Tag `a`: an index into the atom table, 1-based.
    Atom(u32),
    X(u32),
    Y(u32),
    /// Tag `f`: a label number; 0 means "no label" (raise an exception instead of jumping).
    Label(u32),
    /// Tag `h`: a character.
    Char(u32),
    /// Extended: an index into the literal table (LitT).
    Literal(u32),
    /// Extended: a list of operands (select_val tables, bs_create_bin segments...).
    List(Vec<Operand>),
    /// Extended: a float register.
    FloatReg(u32),
    /// Extended: an allocation list of (kind, count); kind 0 words, 1 floats, 2 funs.
    AllocList(Vec<(u32, u32)>),
    /// Extended: a register annotated with an index into the Type chunk.
    TypedReg {
        reg: Box<Operand>,
        type_index: u32,
    },
    /// Extended tag 0: an inline float (obsolete encoding, still decodable).
    Float(f64),
}

const TAG_U: u8 = 0;
const TAG_I: u8 = 1;
const TAG_A: u8 = 2;
const TAG_X: u8 = 3;
const TAG_Y: u8 = 4;
const TAG_F: u8 = 5;
const TAG_H: u8 = 6;
const TAG_Z: u8 = 7;

/// Nesting limit for extended lists, so a malicious file cannot exhaust the stack.
const MAX_DEPTH: u32 = 8;

/// A cursor over a byte slice that decodes operands.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The raw shape of one compact value before its tag is interpreted.
enum Raw {
    Small(u64),
    Big(Vec<u8>),
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn byte(&mut self) -> Result<u8, BeamError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| BeamError::truncated("compact term"))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], BeamError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| BeamError::truncated("compact term"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// Decodes the value part of a compact term whose first byte is `first`.
    fn raw_value(&mut self, first: u8, depth: u32) -> Result<Raw, BeamError> {
        if first & 0x08 == 0 {
            return Ok(Raw::Small((first >> 4) as u64));
        }
        if first & 0x10 == 0 {
            let low = self.byte()? as u64;
            return Ok(Raw::Small((((first >> 5) as u64) << 8) | low));
        }
        let mut len = (first >> 5) as u64 + 2;
        if len == 9 {
            // The length itself follows as an unsigned compact term.
            if depth > MAX_DEPTH {
                return Err(BeamError::malformed("compact length nested too deeply"));
            }
            let b = self.byte()?;
            if b & 0x07 != TAG_U {
                return Err(BeamError::malformed("compact length is not tagged u"));
            }
            len = match self.raw_value(b, depth + 1)? {
                Raw::Small(n) => n + 9,
                Raw::Big(_) => return Err(BeamError::malformed("compact length too large")),
            };
        }
        let len = usize::try_from(len).map_err(|_| BeamError::malformed("compact length"))?;
        if len > self.bytes.len() - self.pos {
            return Err(BeamError::truncated("compact term"));
        }
        Ok(Raw::Big(self.take(len)?.to_vec()))
    }

    /// Reads an operand that must carry the `u` tag (as in list lengths).
    pub fn unsigned(&mut self) -> Result<u64, BeamError> {
        match self.operand()? {
            Operand::Unsigned(n) => Ok(n),
            other => Err(BeamError::malformed(format!(
                "expected an unsigned operand, found {other:?}"
            ))),
        }
    }

    /// Reads one operand.
    pub fn operand(&mut self) -> Result<Operand, BeamError> {
        self.operand_at(0)
    }

    fn operand_at(&mut self, depth: u32) -> Result<Operand, BeamError> {
        if depth > MAX_DEPTH {
            return Err(BeamError::malformed("operand lists nested too deeply"));
        }
        let first = self.byte()?;
        let tag = first & 0x07;
        if tag == TAG_Z {
            return self.extended(first, depth);
        }
        let raw = self.raw_value(first, depth)?;
        if tag == TAG_I {
            return Ok(match raw {
                Raw::Small(n) => Operand::Integer(n as i64),
                Raw::Big(bytes) => signed_from_bytes(&bytes),
            });
        }
        let value = match raw {
            Raw::Small(n) => n,
            Raw::Big(bytes) => unsigned_from_bytes(&bytes)?,
        };
        let small = |what: &str| -> Result<u32, BeamError> {
            u32::try_from(value)
                .map_err(|_| BeamError::malformed(format!("{what} {value} too large")))
        };
        Ok(match tag {
            TAG_U => Operand::Unsigned(value),
            TAG_A if value == 0 => Operand::Nil,
            TAG_A => Operand::Atom(small("atom index")?),
            TAG_X => Operand::X(small("x register")?),
            TAG_Y => Operand::Y(small("y register")?),
            TAG_F => Operand::Label(small("label")?),
            TAG_H => Operand::Char(small("character")?),
            _ => unreachable!("all eight tags are handled"),
        })
    }

    fn extended(&mut self, first: u8, depth: u32) -> Result<Operand, BeamError> {
        if first & 0x08 != 0 {
            return Err(BeamError::malformed("extended tag with a large value"));
        }
        match first >> 4 {
            0 => {
                let bytes = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(bytes);
                Ok(Operand::Float(f64::from_be_bytes(a)))
            }
            1 => {
                let n = self.unsigned()?;
                // Each element takes at least one byte.
                if n as usize > self.bytes.len() - self.pos {
                    return Err(BeamError::truncated("operand list"));
                }
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    items.push(self.operand_at(depth + 1)?);
                }
                Ok(Operand::List(items))
            }
            2 => Ok(Operand::FloatReg(to_u32(
                self.unsigned()?,
                "float register",
            )?)),
            3 => {
                let n = self.unsigned()?;
                if n as usize > self.bytes.len() - self.pos {
                    return Err(BeamError::truncated("allocation list"));
                }
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    let kind = to_u32(self.unsigned()?, "allocation kind")?;
                    let count = to_u32(self.unsigned()?, "allocation count")?;
                    items.push((kind, count));
                }
                Ok(Operand::AllocList(items))
            }
            4 => Ok(Operand::Literal(to_u32(self.unsigned()?, "literal index")?)),
            5 => {
                let reg = self.operand_at(depth + 1)?;
                if !matches!(reg, Operand::X(_) | Operand::Y(_)) {
                    return Err(BeamError::malformed("typed register is not a register"));
                }
                let type_index = to_u32(self.unsigned()?, "type index")?;
                Ok(Operand::TypedReg {
                    reg: Box::new(reg),
                    type_index,
                })
            }
            other => Err(BeamError::malformed(format!(
                "unknown extended tag {other}"
            ))),
        }
    }
}

fn to_u32(n: u64, what: &str) -> Result<u32, BeamError> {
    u32::try_from(n).map_err(|_| BeamError::malformed(format!("{what} {n} too large")))
}

fn unsigned_from_bytes(bytes: &[u8]) -> Result<u64, BeamError> {
    let significant: &[u8] = {
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        &bytes[skip..]
    };
    if significant.len() > 8 {
        return Err(BeamError::malformed("unsigned operand too large"));
    }
    Ok(significant
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | b as u64))
}

fn signed_from_bytes(bytes: &[u8]) -> Operand {
    let big = BigInt::from_signed_bytes_be(bytes);
    match i64::try_from(&big) {
        Ok(n) => Operand::Integer(n),
        Err(_) => Operand::BigInteger(big),
    }
}

/// Appends the encoding of `operand` to `out`.
pub fn encode(operand: &Operand, out: &mut Vec<u8>) {
    match operand {
        Operand::Unsigned(n) => encode_unsigned(TAG_U, *n, out),
        Operand::Integer(n) if *n >= 0 => encode_unsigned(TAG_I, *n as u64, out),
        Operand::Integer(n) => encode_bytes(TAG_I, &BigInt::from(*n).to_signed_bytes_be(), out),
        Operand::BigInteger(b) => encode_bytes(TAG_I, &b.to_signed_bytes_be(), out),
        Operand::Nil => encode_unsigned(TAG_A, 0, out),
        Operand::Atom(i) => encode_unsigned(TAG_A, *i as u64, out),
        Operand::X(i) => encode_unsigned(TAG_X, *i as u64, out),
        Operand::Y(i) => encode_unsigned(TAG_Y, *i as u64, out),
        Operand::Label(i) => encode_unsigned(TAG_F, *i as u64, out),
        Operand::Char(c) => encode_unsigned(TAG_H, *c as u64, out),
        Operand::Float(f) => {
            out.push(TAG_Z);
            out.extend_from_slice(&f.to_be_bytes());
        }
        Operand::List(items) => {
            out.push((1 << 4) | TAG_Z);
            encode_unsigned(TAG_U, items.len() as u64, out);
            for item in items {
                encode(item, out);
            }
        }
        Operand::FloatReg(n) => {
            out.push((2 << 4) | TAG_Z);
            encode_unsigned(TAG_U, *n as u64, out);
        }
        Operand::AllocList(items) => {
            out.push((3 << 4) | TAG_Z);
            encode_unsigned(TAG_U, items.len() as u64, out);
            for (kind, count) in items {
                encode_unsigned(TAG_U, *kind as u64, out);
                encode_unsigned(TAG_U, *count as u64, out);
            }
        }
        Operand::Literal(i) => {
            out.push((4 << 4) | TAG_Z);
            encode_unsigned(TAG_U, *i as u64, out);
        }
        Operand::TypedReg { reg, type_index } => {
            out.push((5 << 4) | TAG_Z);
            encode(reg, out);
            encode_unsigned(TAG_U, *type_index as u64, out);
        }
    }
}

/// Encodes a non-negative value with `tag`.
fn encode_unsigned(tag: u8, n: u64, out: &mut Vec<u8>) {
    if n < 16 {
        out.push(((n as u8) << 4) | tag);
    } else if n < 2048 {
        out.push((((n >> 3) as u8) & 0xE0) | 0x08 | tag);
        out.push(n as u8);
    } else {
        // Big-endian two's complement: a leading zero byte when the top bit is set.
        let bytes = BigInt::from(n).to_signed_bytes_be();
        encode_bytes(tag, &bytes, out);
    }
}

fn encode_bytes(tag: u8, bytes: &[u8], out: &mut Vec<u8>) {
    // The length field counts from 2: a one-byte value is widened to two bytes,
    // sign-extended so it reads back the same.
    let widened;
    let bytes = if bytes.len() < 2 {
        let fill = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            0xFF
        } else {
            0
        };
        widened = [fill, bytes.first().copied().unwrap_or(0)];
        &widened[..]
    } else {
        bytes
    };
    let len = bytes.len();
    if len <= 8 {
        out.push((((len - 2) as u8) << 5) | 0x18 | tag);
    } else {
        out.push(0xF8 | tag);
        encode_unsigned(TAG_U, (len - 9) as u64, out);
    }
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(op: Operand) {
        let mut bytes = Vec::new();
        encode(&op, &mut bytes);
        let mut r = Reader::new(&bytes);
        assert_eq!(r.operand().unwrap(), op, "bytes {bytes:02x?}");
        assert!(r.at_end());
    }

    #[test]
    fn values_round_trip() {
        for n in [
            0u64,
            1,
            15,
            16,
            2047,
            2048,
            65535,
            1 << 31,
            u32::MAX as u64,
            u64::MAX,
        ] {
            round_trip(Operand::Unsigned(n));
        }
        for n in [0i64, 5, -1, -300, 2048, i64::MIN, i64::MAX, -(1 << 40)] {
            round_trip(Operand::Integer(n));
        }
        round_trip(Operand::BigInteger(BigInt::from(1u8) << 200u32));
        round_trip(Operand::BigInteger(-(BigInt::from(1u8) << 100u32)));
        round_trip(Operand::List(vec![
            Operand::Atom(3),
            Operand::Label(7),
            Operand::Nil,
        ]));
        round_trip(Operand::AllocList(vec![(0, 3), (1, 2)]));
        round_trip(Operand::TypedReg {
            reg: Box::new(Operand::X(2)),
            type_index: 9,
        });
        round_trip(Operand::Literal(70000));
        round_trip(Operand::FloatReg(1));
    }

    #[test]
    fn matches_erlc_bytes() {
        // From a file written by erlc: x register 0, y register 1, label 2, i 3.
        let mut r = Reader::new(&[0x03, 0x14, 0x25, 0x31]);
        assert_eq!(r.operand().unwrap(), Operand::X(0));
        assert_eq!(r.operand().unwrap(), Operand::Y(1));
        assert_eq!(r.operand().unwrap(), Operand::Label(2));
        assert_eq!(r.operand().unwrap(), Operand::Integer(3));
        // -1 as erlc writes it.
        let mut r = Reader::new(&[0x19, 0xFF, 0xFF]);
        assert_eq!(r.operand().unwrap(), Operand::Integer(-1));
    }

    #[test]
    fn garbage_is_an_error() {
        for bytes in [
            &[0x0F][..],
            &[0xF9, 0xFF],
            &[0x17, 0xFF, 0xFF, 0xFF, 0xFF],
            &[0x57],
        ] {
            assert!(Reader::new(bytes).operand().is_err(), "{bytes:02x?}");
        }
    }
}
