//! The External Term Format between bytes and heap terms: module literals, `term_to_binary`
//! and `binary_to_term`.
//!
//! Decoding goes straight into a heap (no intermediate tree) and never panics: every length
//! is checked against the remaining input, nesting is bounded, and bad input is `None`
//! (`badarg` at the Erlang level). Encoding writes exactly what erl 25 writes.
//! (`ferl_etf` will own the codec for distribution; this file is the VM's heap side.)

use std::io::{Read, Write};

use num_bigint::{BigInt, Sign};

use crate::arith::big_of;
use crate::atom::Atom;
use crate::binary::bits_of;
use crate::heap::Heap;
use crate::term::{Kind, Term};

const MAX_DEPTH: usize = 10_000;

struct Dec<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.p.checked_add(n)?;
        if end > self.b.len() {
            return None;
        }
        let s = &self.b[self.p..end];
        self.p = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        let s = self.take(2)?;
        Some(u16::from_be_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        let s = self.take(4)?;
        Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn remaining(&self) -> usize {
        self.b.len() - self.p
    }

    fn atom(&mut self) -> Option<Atom> {
        let tag = self.u8()?;
        self.atom_body(tag)
    }

    fn atom_body(&mut self, tag: u8) -> Option<Atom> {
        let (len, utf8) = match tag {
            118 => (self.u16()? as usize, true),
            119 => (self.u8()? as usize, true),
            100 => (self.u16()? as usize, false),
            115 => (self.u8()? as usize, false),
            _ => return None,
        };
        let bytes = self.take(len)?;
        let name: String = if utf8 {
            std::str::from_utf8(bytes).ok()?.to_string()
        } else {
            bytes.iter().map(|&b| b as char).collect()
        };
        Atom::intern(&name).ok()
    }

    fn term(&mut self, h: &mut Heap, depth: usize) -> Option<Term> {
        if depth > MAX_DEPTH {
            return None;
        }
        let tag = self.u8()?;
        Some(match tag {
            97 => Term::small(self.u8()? as i64),
            98 => Term::small(self.u32()? as i32 as i64),
            70 => {
                let s = self.take(8)?;
                let f = f64::from_be_bytes(s.try_into().ok()?);
                if !f.is_finite() {
                    return None;
                }
                h.float(f)
            }
            99 => {
                let s = self.take(31)?;
                let text = std::str::from_utf8(s).ok()?.trim_end_matches('\0');
                h.float(text.trim().parse().ok()?)
            }
            118 | 119 | 100 | 115 => Term::atom(self.atom_body(tag)?),
            104 | 105 => {
                let n = if tag == 104 {
                    self.u8()? as usize
                } else {
                    self.u32()? as usize
                };
                if n > self.remaining() {
                    return None;
                }
                let mut elems = Vec::with_capacity(n);
                for _ in 0..n {
                    elems.push(self.term(h, depth + 1)?);
                }
                h.tuple(&elems)
            }
            106 => Term::NIL,
            107 => {
                let n = self.u16()? as usize;
                let s = self.take(n)?;
                h.byte_list(s)
            }
            108 => {
                let n = self.u32()? as usize;
                if n > self.remaining() {
                    return None;
                }
                let mut elems = Vec::with_capacity(n);
                for _ in 0..n {
                    elems.push(self.term(h, depth + 1)?);
                }
                let tail = self.term(h, depth + 1)?;
                h.list_with_tail(&elems, tail)
            }
            109 => {
                let n = self.u32()? as usize;
                let s = self.take(n)?;
                h.binary(s)
            }
            77 => {
                let n = self.u32()? as usize;
                let bits = self.u8()? as usize;
                let s = self.take(n)?;
                if n == 0 || bits == 0 || bits > 8 {
                    if n == 0 && bits == 0 {
                        return Some(h.binary(&[]));
                    }
                    return None;
                }
                h.bitstring(s, (n - 1) * 8 + bits)
            }
            110 | 111 => {
                let n = if tag == 110 {
                    self.u8()? as usize
                } else {
                    self.u32()? as usize
                };
                let sign = self.u8()?;
                let digits = self.take(n)?;
                let mag = BigInt::from_bytes_le(Sign::Plus, digits);
                let v = if sign == 0 { mag } else { -mag };
                h.bigint(&v)
            }
            116 => {
                let n = self.u32()? as usize;
                if n > self.remaining() {
                    return None;
                }
                let mut pairs = Vec::with_capacity(n);
                for _ in 0..n {
                    let k = self.term(h, depth + 1)?;
                    let v = self.term(h, depth + 1)?;
                    pairs.push((k, v));
                }
                crate::map::from_pairs(h, pairs)
            }
            113 => {
                let m = self.atom()?;
                let f = self.atom()?;
                let a = self.term(h, depth + 1)?;
                let a = a.as_small().filter(|&a| (0..=255).contains(&a))?;
                let e = crate::export::get_or_create(m, f, a as u32);
                h.export_fun(e)
            }
            112 => {
                let size = self.u32()? as usize;
                let start = self.p;
                let _arity = self.u8()?;
                let uniq = self.take(16)?;
                let index = self.u32()?;
                let num_free = self.u32()? as usize;
                let module = self.atom()?;
                let _old_index = self.term(h, depth + 1)?;
                let _old_uniq = self.term(h, depth + 1)?;
                let _pid = self.term(h, depth + 1)?;
                if num_free > self.remaining() {
                    return None;
                }
                let mut env = Vec::with_capacity(num_free);
                for _ in 0..num_free {
                    env.push(self.term(h, depth + 1)?);
                }
                if self.p - start + 4 != size {
                    return None;
                }
                let entry = crate::code::find_fun_entry(module, index, uniq)?;
                h.fun(entry, &env)
            }
            88 | 103 => {
                let node = self.atom()?;
                let id = self.u32()?;
                let serial = self.u32()?;
                let creation = if tag == 88 {
                    self.u32()?
                } else {
                    self.u8()? as u32
                };
                if node == crate::atom::predefined::NONODE || node == crate::node::this_node() {
                    Term::pid(((serial as u64) << 28) | id as u64)
                } else {
                    h.external_pid(node, id, serial, creation)
                }
            }
            90 | 114 => {
                let n = self.u16()? as usize;
                let node = self.atom()?;
                let creation = if tag == 90 {
                    self.u32()?
                } else {
                    self.u8()? as u32
                };
                if n > 5 {
                    return None;
                }
                let mut ids = [0u32; 5];
                for id in ids.iter_mut().take(n) {
                    *id = self.u32()?;
                }
                if node != crate::atom::predefined::NONODE && node != crate::node::this_node() {
                    return Some(crate::dist::ext::ext_ref(h, node, creation, &ids[..n]));
                }
                let hi = ids[0] as u64;
                let lo = ((ids[1] as u64) << 32) | ids[2] as u64;
                h.reference(hi, lo)
            }
            89 | 120 | 102 => {
                let node = self.atom()?;
                let id = if tag == 120 {
                    let s = self.take(8)?;
                    u64::from_be_bytes(s.try_into().ok()?)
                } else {
                    self.u32()? as u64
                };
                let creation = if tag == 102 {
                    self.u8()? as u32
                } else {
                    self.u32()?
                };
                if node != crate::atom::predefined::NONODE && node != crate::node::this_node() {
                    return Some(crate::dist::ext::ext_port(h, node, id, creation));
                }
                Term::port(id)
            }
            _ => return None,
        })
    }
}

/// Decodes a whole external term (starting with the version byte 131).
pub fn decode(bytes: &[u8], h: &mut Heap) -> Option<Term> {
    decode_prefix(bytes, h).and_then(|(t, used)| if used == bytes.len() { Some(t) } else { None })
}

/// Decodes one external term at the start of `bytes`; returns it and the bytes used.
pub fn decode_prefix(bytes: &[u8], h: &mut Heap) -> Option<(Term, usize)> {
    let mut d = Dec { b: bytes, p: 0 };
    if d.u8()? != 131 {
        return None;
    }
    if d.b.get(1) == Some(&80) {
        d.u8()?;
        let size = d.u32()? as usize;
        if size > (1 << 31) {
            return None;
        }
        let mut out = Vec::with_capacity(size.min(1 << 20));
        let mut z = flate2::read::ZlibDecoder::new(&bytes[d.p..]);
        z.by_ref()
            .take(size as u64 + 1)
            .read_to_end(&mut out)
            .ok()?;
        if out.len() != size {
            return None;
        }
        let used = d.p + z.total_in() as usize;
        let mut inner = Dec { b: &out, p: 0 };
        let t = inner.term(h, 0)?;
        if inner.p != out.len() {
            return None;
        }
        return Some((t, used));
    }
    let t = d.term(h, 0)?;
    Some((t, d.p))
}

/// Encodes a term as `term_to_binary/1` does.
pub fn encode(t: Term) -> Vec<u8> {
    let mut out = vec![131u8];
    encode_term(&mut out, t);
    out
}

/// Encodes with zlib compression, as `term_to_binary(T, [compressed])` (level 6); erl
/// keeps the uncompressed form when compression does not make it smaller.
pub fn encode_compressed(t: Term, level: u32) -> Vec<u8> {
    let plain = encode(t);
    let body = &plain[1..];
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
    if z.write_all(body).is_err() {
        return plain;
    }
    let Ok(comp) = z.finish() else { return plain };
    if comp.len() + 5 >= body.len() {
        return plain;
    }
    let mut out = vec![131u8, 80];
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&comp);
    out
}

fn encode_atom(out: &mut Vec<u8>, a: Atom) {
    let text = a.name();
    // erl 25 writes ATOM_EXT (latin1) when every character fits in a byte.
    if text.chars().all(|c| (c as u32) < 256) {
        let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        out.push(100);
        out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        out.extend_from_slice(&bytes);
        return;
    }
    let name = text.as_bytes();
    if name.len() < 256 {
        out.push(119);
        out.push(name.len() as u8);
    } else {
        out.push(118);
        out.extend_from_slice(&(name.len() as u16).to_be_bytes());
    }
    out.extend_from_slice(name);
}

fn encode_big(out: &mut Vec<u8>, v: &BigInt) {
    let (sign, bytes) = v.to_bytes_le();
    if bytes.len() < 256 {
        out.push(110);
        out.push(bytes.len() as u8);
    } else {
        out.push(111);
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    }
    out.push(if sign == Sign::Minus { 1 } else { 0 });
    out.extend_from_slice(&bytes);
}

fn encode_term(out: &mut Vec<u8>, t: Term) {
    if let Some(v) = t.as_small() {
        if (0..=255).contains(&v) {
            out.push(97);
            out.push(v as u8);
        } else if (i32::MIN as i64..=i32::MAX as i64).contains(&v) {
            out.push(98);
            out.extend_from_slice(&(v as i32).to_be_bytes());
        } else {
            encode_big(out, &BigInt::from(v));
        }
        return;
    }
    if let Some(a) = t.as_atom() {
        encode_atom(out, a);
        return;
    }
    if t.is_nil() {
        out.push(106);
        return;
    }
    if t.is_local_pid() {
        out.push(88);
        encode_atom(out, crate::node::this_node());
        let id = t.pid_id();
        out.extend_from_slice(&((id & ((1 << 28) - 1)) as u32).to_be_bytes());
        out.extend_from_slice(&((id >> 28) as u32).to_be_bytes());
        out.extend_from_slice(&crate::node::creation().to_be_bytes());
        return;
    }
    if t.is_local_port() {
        out.push(89);
        encode_atom(out, crate::node::this_node());
        out.extend_from_slice(&(t.port_id() as u32).to_be_bytes());
        out.extend_from_slice(&crate::node::creation().to_be_bytes());
        return;
    }
    if t.is_cons() {
        // A proper list of bytes shorter than 65536 is a STRING_EXT.
        let mut n = 0usize;
        let mut bytes_only = true;
        let mut it = t.iter_list();
        for e in it.by_ref() {
            n += 1;
            if !matches!(e.as_small(), Some(0..=255)) {
                bytes_only = false;
            }
        }
        let tail = it.rest();
        if bytes_only && tail.is_nil() && n < 65536 {
            out.push(107);
            out.extend_from_slice(&(n as u16).to_be_bytes());
            for e in t.iter_list() {
                out.push(e.small_value() as u8);
            }
            return;
        }
        out.push(108);
        out.extend_from_slice(&(n as u32).to_be_bytes());
        for e in t.iter_list() {
            encode_term(out, e);
        }
        encode_term(out, tail);
        return;
    }
    match t.boxed_kind() {
        Some(Kind::Tuple) => {
            let e = t.tuple_elems();
            if e.len() < 256 {
                out.push(104);
                out.push(e.len() as u8);
            } else {
                out.push(105);
                out.extend_from_slice(&(e.len() as u32).to_be_bytes());
            }
            for &x in e {
                encode_term(out, x);
            }
        }
        Some(Kind::Float) => {
            out.push(70);
            out.extend_from_slice(&t.float_value().to_bits().to_be_bytes());
        }
        Some(Kind::PosBig | Kind::NegBig) => encode_big(out, &big_of(t)),
        Some(Kind::Map) => {
            let w = t.boxed_words();
            out.push(116);
            out.extend_from_slice(&((w.len() / 2) as u32).to_be_bytes());
            for pair in w.chunks(2) {
                encode_term(out, Term(pair[0]));
                encode_term(out, Term(pair[1]));
            }
        }
        Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin) => {
            let b = bits_of(t).expect("bitstring");
            let bytes = b.to_vec();
            if b.len_bits % 8 == 0 {
                out.push(109);
                out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
            } else {
                out.push(77);
                out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                out.push((b.len_bits % 8) as u8);
            }
            out.extend_from_slice(&bytes);
        }
        Some(Kind::Ref) => {
            let w = t.boxed_words();
            out.push(90);
            out.extend_from_slice(&3u16.to_be_bytes());
            encode_atom(out, crate::node::this_node());
            out.extend_from_slice(&crate::node::creation().to_be_bytes());
            out.extend_from_slice(&(w[0] as u32).to_be_bytes());
            out.extend_from_slice(&((w[1] >> 32) as u32).to_be_bytes());
            out.extend_from_slice(&(w[1] as u32).to_be_bytes());
        }
        Some(Kind::Export) => {
            let e = crate::fun::export_of(t);
            out.push(113);
            encode_atom(out, e.module);
            encode_atom(out, e.function);
            encode_term(out, Term::small(e.arity as i64));
        }
        Some(Kind::Fun) => crate::fun::encode_local_fun(out, t, encode_term, encode_atom),
        Some(Kind::ExtPid) => {
            let w = t.boxed_words();
            out.push(88);
            encode_atom(
                out,
                Term(w[0])
                    .as_atom()
                    .unwrap_or(crate::atom::predefined::NONODE),
            );
            out.extend_from_slice(&(w[1] as u32).to_be_bytes());
            out.extend_from_slice(&((w[1] >> 32) as u32).to_be_bytes());
            out.extend_from_slice(&(w[2] as u32).to_be_bytes());
        }
        Some(Kind::ExtPort) => {
            if let Some((node, id, creation)) = crate::dist::ext::ext_port_of(t) {
                out.push(if id > u32::MAX as u64 { 120 } else { 89 });
                encode_atom(out, node);
                if id > u32::MAX as u64 {
                    out.extend_from_slice(&id.to_be_bytes());
                } else {
                    out.extend_from_slice(&(id as u32).to_be_bytes());
                }
                out.extend_from_slice(&creation.to_be_bytes());
            }
        }
        Some(Kind::ExtRef) => {
            if let Some((node, creation, ids)) = crate::dist::ext::ext_ref_of(t) {
                out.push(90);
                out.extend_from_slice(&(ids.len() as u16).to_be_bytes());
                encode_atom(out, node);
                out.extend_from_slice(&creation.to_be_bytes());
                for id in ids {
                    out.extend_from_slice(&id.to_be_bytes());
                }
            }
        }
        _ => {
            // Match contexts and other internal objects never reach user code.
            out.push(106);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_matches_erl_bytes() {
        let mut h = Heap::new();
        // term_to_binary({a,"b",<<"c">>}) in erl 25.
        let t = {
            let b = h.string("b");
            let c = h.binary(b"c");
            h.tuple(&[Term::atom(Atom::new("a")), b, c])
        };
        let bytes = encode(t);
        assert_eq!(
            bytes,
            vec![131, 104, 3, 100, 0, 1, 97, 107, 0, 1, 98, 109, 0, 0, 0, 1, 99]
        );
        let back = decode(&bytes, &mut h).unwrap();
        assert!(crate::order::eq_exact(t, back));
        assert!(decode(&[131, 200], &mut h).is_none());
        assert!(decode(&[1, 2, 3], &mut h).is_none());
        assert!(decode(&[131, 108, 255, 255, 255, 255], &mut h).is_none());
    }
}
