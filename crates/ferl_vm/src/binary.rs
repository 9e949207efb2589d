//! Bitstrings: reading the bits of any binary term (heap binary, reference-counted binary,
//! sub-binary), and a writer that builds new ones bit by bit for the bit syntax.
//!
//! A bitstring is viewed as a byte slice plus a bit offset and a bit length, so sub-binaries
//! and match contexts never copy data.

use crate::heap::proc_bin_data;
use crate::term::{Kind, Term};

/// A view of a bitstring's bits.
#[derive(Clone, Copy, Debug)]
pub struct Bits<'a> {
    pub bytes: &'a [u8],
    pub offset_bits: usize,
    pub len_bits: usize,
}

/// The bytes of a heap binary or ProcBin (not a sub-binary).
fn base_bytes<'a>(t: Term) -> Option<&'a [u8]> {
    match t.boxed_kind()? {
        Kind::HeapBin => {
            let len = t.boxed_word(0) as usize;
            // SAFETY: a heap binary's data follows its length word and holds `len` bytes.
            Some(unsafe { std::slice::from_raw_parts(t.boxed_ptr().add(2) as *const u8, len) })
        }
        Kind::ProcBin => {
            let len = t.boxed_word(1) as usize;
            let data = proc_bin_data(t);
            Some(&data[..len.min(data.len())])
        }
        _ => None,
    }
}

/// The bits of a bitstring term, or `None` if `t` is not one.
pub fn bits_of<'a>(t: Term) -> Option<Bits<'a>> {
    match t.boxed_kind()? {
        Kind::HeapBin | Kind::ProcBin => {
            let bytes = base_bytes(t)?;
            Some(Bits {
                bytes,
                offset_bits: 0,
                len_bits: bytes.len() * 8,
            })
        }
        Kind::SubBin => {
            let len = t.boxed_word(0) as usize;
            let off = t.boxed_word(1) as usize;
            let orig = Term(t.boxed_word(2));
            let bytes = base_bytes(orig)?;
            Some(Bits {
                bytes,
                offset_bits: off,
                len_bits: len,
            })
        }
        _ => None,
    }
}

/// The bytes of a binary (a whole number of bytes), copied only when unaligned.
pub fn bytes_of<'a>(t: Term) -> Option<std::borrow::Cow<'a, [u8]>> {
    let b = bits_of(t)?;
    if b.len_bits % 8 != 0 {
        return None;
    }
    Some(b.as_bytes())
}

impl<'a> Bits<'a> {
    #[inline]
    pub fn bit(&self, i: usize) -> u8 {
        let p = self.offset_bits + i;
        (self.bytes[p / 8] >> (7 - p % 8)) & 1
    }

    /// The bits as bytes (the last byte padded with zeros), borrowed when byte-aligned.
    pub fn as_bytes(&self) -> std::borrow::Cow<'a, [u8]> {
        if self.offset_bits.is_multiple_of(8) {
            let start = self.offset_bits / 8;
            let end = start + self.len_bits.div_ceil(8);
            if self.len_bits.is_multiple_of(8) {
                return std::borrow::Cow::Borrowed(&self.bytes[start..end]);
            }
        }
        std::borrow::Cow::Owned(self.to_vec())
    }

    /// Copies the bits out as bytes, padding the last byte with zeros.
    pub fn to_vec(&self) -> Vec<u8> {
        let n = self.len_bits.div_ceil(8);
        if self.offset_bits.is_multiple_of(8) {
            let start = self.offset_bits / 8;
            let mut v = self.bytes[start..start + n].to_vec();
            let rem = self.len_bits % 8;
            if rem != 0 {
                if let Some(last) = v.last_mut() {
                    *last &= 0xFFu8 << (8 - rem);
                }
            }
            return v;
        }
        let mut v = vec![0u8; n];
        for i in 0..self.len_bits {
            if self.bit(i) == 1 {
                v[i / 8] |= 0x80 >> (i % 8);
            }
        }
        v
    }

    /// A sub-range of these bits.
    pub fn slice(&self, from: usize, len: usize) -> Bits<'a> {
        Bits {
            bytes: self.bytes,
            offset_bits: self.offset_bits + from,
            len_bits: len,
        }
    }

    /// Reads `n` (≤ 64) bits at bit `pos` as an unsigned big-endian number.
    pub fn read_u64(&self, pos: usize, n: usize) -> u64 {
        let mut v: u64 = 0;
        let start = self.offset_bits + pos;
        if start.is_multiple_of(8) && n.is_multiple_of(8) {
            let b = start / 8;
            for i in 0..n / 8 {
                v = (v << 8) | self.bytes[b + i] as u64;
            }
            return v;
        }
        for i in 0..n {
            v = (v << 1) | self.bit(pos + i) as u64;
        }
        v
    }
}

/// Builds a bitstring bit by bit.
#[derive(Default)]
pub struct BitWriter {
    pub bytes: Vec<u8>,
    pub len_bits: usize,
}

impl BitWriter {
    pub fn with_capacity(bytes: usize) -> BitWriter {
        BitWriter {
            bytes: Vec::with_capacity(bytes),
            len_bits: 0,
        }
    }

    pub fn push_bytes(&mut self, data: &[u8]) {
        if self.len_bits.is_multiple_of(8) {
            self.bytes.extend_from_slice(data);
            self.len_bits += data.len() * 8;
        } else {
            for &b in data {
                self.push_bits(b as u64, 8);
            }
        }
    }

    /// Appends the low `n` (≤ 64) bits of `v`, most significant first.
    pub fn push_bits(&mut self, v: u64, n: usize) {
        if n == 0 {
            return;
        }
        if self.len_bits.is_multiple_of(8) && n.is_multiple_of(8) {
            for i in (0..n / 8).rev() {
                self.bytes.push((v >> (i * 8)) as u8);
            }
            self.len_bits += n;
            return;
        }
        for i in (0..n).rev() {
            let bit = (v >> i) & 1;
            let pos = self.len_bits;
            if pos / 8 >= self.bytes.len() {
                self.bytes.push(0);
            }
            if bit == 1 {
                self.bytes[pos / 8] |= 0x80 >> (pos % 8);
            }
            self.len_bits += 1;
        }
    }

    pub fn push_bitstring(&mut self, b: &Bits) {
        if b.offset_bits.is_multiple_of(8) && b.len_bits.is_multiple_of(8) {
            let s = b.offset_bits / 8;
            self.push_bytes(&b.bytes[s..s + b.len_bits / 8]);
            return;
        }
        let whole = b.len_bits / 8;
        for i in 0..whole {
            self.push_bits(b.read_u64(i * 8, 8), 8);
        }
        let rem = b.len_bits % 8;
        if rem > 0 {
            self.push_bits(b.read_u64(whole * 8, rem), rem);
        }
    }
}

/// Whether two bit views hold the same bits.
pub fn bits_equal(a: &Bits, b: &Bits) -> bool {
    if a.len_bits != b.len_bits {
        return false;
    }
    let whole = a.len_bits / 8;
    for i in 0..whole {
        if a.read_u64(i * 8, 8) != b.read_u64(i * 8, 8) {
            return false;
        }
    }
    let rem = a.len_bits % 8;
    rem == 0 || a.read_u64(whole * 8, rem) == b.read_u64(whole * 8, rem)
}
