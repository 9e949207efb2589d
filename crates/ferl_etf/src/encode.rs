//! The encoder: the owned term tree into exactly the bytes OTP 25's `term_to_binary/1,2`
//! produces, or into the form a distribution frame carries.
//!
//! Two passes over the tree, one to size the buffer and one to fill it, share a single walk
//! (`walk`) so that they cannot disagree. The walk keeps its own stack. Tag choices follow
//! erl: ATOM_EXT for Latin-1 atoms by default, SMALL_INTEGER/INTEGER/SMALL_BIG/LARGE_BIG by
//! value, NEW_FLOAT_EXT, STRING_EXT for proper byte lists up to 65535 elements, maps of up to
//! 32 keys in map key order. Larger maps are written in the order the tree holds them: erl
//! writes them in the order of its internal hash trie, which a decoded map keeps, so a map
//! read from erl is written back byte for byte; a map built elsewhere gets a valid but
//! possibly different order.

use std::io::Write;

use num_bigint::{BigInt, Sign};

use crate::order::sorted_pairs;
use crate::tag::*;
use crate::term::{Atom, Pid, Term};

/// The options of `term_to_binary/2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// 0: floats as FLOAT_EXT text; 1 (default): NEW_FLOAT_EXT; 2: also UTF-8 atom tags for
    /// every atom (`[{minor_version, 2}]`, and always on the distribution wire).
    pub minor_version: u8,
    /// `{compressed, Level}` (0..=9; `compressed` alone is level 6). Used only when the
    /// compressed form is not larger, as erl does.
    pub compressed: Option<u32>,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            minor_version: 1,
            compressed: None,
        }
    }
}

impl EncodeOptions {
    /// The encoding OTP 25 uses inside distribution frames: atoms always SMALL_ATOM_UTF8_EXT
    /// (or ATOM_UTF8_EXT when longer than 255 bytes), never compressed.
    pub fn dist() -> Self {
        EncodeOptions {
            minor_version: 2,
            compressed: None,
        }
    }

    fn utf8_atoms(&self) -> bool {
        self.minor_version >= 2
    }
}

/// `term_to_binary(Term, Options)`: 131 followed by the term, compressed if asked and useful.
pub fn encode(term: &Term, opts: &EncodeOptions) -> Vec<u8> {
    let size = encoded_size(term, opts);
    let mut out = Vec::with_capacity(1 + size);
    out.push(VERSION);
    encode_body_into(term, opts, &mut out);
    if let Some(level) = opts.compressed {
        if let Some(c) = compress(&out[1..], level) {
            // erl keeps the compressed form when it is no larger than the plain one.
            if 6 + c.len() <= out.len() {
                let mut z = Vec::with_capacity(6 + c.len());
                z.push(VERSION);
                z.push(COMPRESSED);
                z.extend_from_slice(&(size as u32).to_be_bytes());
                z.extend_from_slice(&c);
                return z;
            }
        }
    }
    out
}

/// `term_to_binary/1`.
pub fn to_binary(term: &Term) -> Vec<u8> {
    encode(term, &EncodeOptions::default())
}

/// The bytes of the term without the version byte (never compressed).
pub fn encoded_size(term: &Term, opts: &EncodeOptions) -> usize {
    size_with(term, &Enc { opts, refs: None })
}

/// Appends the term without the version byte, as inside a distribution header.
pub fn encode_body_into(term: &Term, opts: &EncodeOptions, out: &mut Vec<u8>) {
    let e = Enc { opts, refs: None };
    out.reserve(size_with(term, &e));
    walk(term, &e, out);
}

/// Like [`encode_body_into`], writing the atoms `refs` maps as ATOM_CACHE_REF (82) with
/// that index into the frame's distribution header.
pub fn encode_body_with_atom_refs(
    term: &Term,
    opts: &EncodeOptions,
    refs: AtomRefs,
    out: &mut Vec<u8>,
) {
    let e = Enc {
        opts,
        refs: Some(refs),
    };
    out.reserve(size_with(term, &e));
    walk(term, &e, out);
}

/// Maps an atom to its index in the frame's distribution header, if it has one.
pub type AtomRefs<'a> = &'a dyn Fn(&Atom) -> Option<u8>;

/// The options and, inside distribution headers, the atom references in force.
struct Enc<'a> {
    opts: &'a EncodeOptions,
    refs: Option<AtomRefs<'a>>,
}

impl std::ops::Deref for Enc<'_> {
    type Target = EncodeOptions;
    fn deref(&self) -> &EncodeOptions {
        self.opts
    }
}

fn size_with(term: &Term, e: &Enc) -> usize {
    let mut c = Counter(0);
    walk(term, e, &mut c);
    c.0
}

fn compress(data: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2 + 16),
        flate2::Compression::new(level.min(9)),
    );
    z.write_all(data).ok()?;
    z.finish().ok()
}

/// Where the walk writes: a byte buffer, or a counter for the sizing pass.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
    fn byte(&mut self, b: u8) {
        self.put(&[b]);
    }
    fn u16(&mut self, v: u16) {
        self.put(&v.to_be_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.put(&v.to_be_bytes());
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

struct Counter(usize);

impl Sink for Counter {
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

fn walk<S: Sink>(root: &Term, opts: &Enc, s: &mut S) {
    let mut stack: Vec<&Term> = vec![root];
    while let Some(t) = stack.pop() {
        match t {
            Term::Atom(a) => atom(s, a, opts),
            Term::Int(i) => int(s, *i),
            Term::BigInt(b) => bigint(s, b),
            Term::Float(f) => float(s, *f, opts),
            Term::Binary(b) => {
                s.byte(BINARY_EXT);
                s.u32(b.len() as u32);
                s.put(b);
            }
            Term::BitBinary { bytes, bits } => bit_binary(s, bytes, *bits),
            Term::Tuple(items) => {
                if items.len() <= 255 {
                    s.byte(SMALL_TUPLE_EXT);
                    s.byte(items.len() as u8);
                } else {
                    s.byte(LARGE_TUPLE_EXT);
                    s.u32(items.len() as u32);
                }
                stack.extend(items.iter().rev());
            }
            Term::Nil => s.byte(NIL_EXT),
            Term::List(elems, tail) => list(s, elems, tail, &mut stack),
            Term::Map(pairs) => {
                s.byte(MAP_EXT);
                s.u32(pairs.len() as u32);
                if pairs.len() <= 32 {
                    for (k, v) in sorted_pairs(pairs).into_iter().rev() {
                        stack.push(v);
                        stack.push(k);
                    }
                } else {
                    for (k, v) in pairs.iter().rev() {
                        stack.push(v);
                        stack.push(k);
                    }
                }
            }
            Term::Pid(p) => pid(s, p, opts),
            Term::Port(p) => {
                if let Ok(id) = u32::try_from(p.id) {
                    s.byte(NEW_PORT_EXT);
                    atom(s, &p.node, opts);
                    s.u32(id);
                } else {
                    s.byte(V4_PORT_EXT);
                    atom(s, &p.node, opts);
                    s.put(&p.id.to_be_bytes());
                }
                s.u32(p.creation);
            }
            Term::Ref(r) => {
                s.byte(NEWER_REFERENCE_EXT);
                s.u16(r.ids.len() as u16);
                atom(s, &r.node, opts);
                s.u32(r.creation);
                for id in &r.ids {
                    s.u32(*id);
                }
            }
            Term::ExportFun {
                module,
                function,
                arity,
            } => {
                s.byte(EXPORT_EXT);
                atom(s, module, opts);
                atom(s, function, opts);
                s.byte(SMALL_INTEGER_EXT);
                s.byte(*arity);
            }
            Term::Fun(f) => {
                // The size field covers the whole fun after the tag; the free variables are
                // sized by a nested pass (funs nest only as deep as the data does).
                let mut fixed = Counter(0);
                atom(&mut fixed, &f.module, opts);
                int(&mut fixed, f.old_index);
                int(&mut fixed, f.old_uniq);
                pid(&mut fixed, &f.pid, opts);
                let vars: usize = f.free_vars.iter().map(|v| size_with(v, opts)).sum();
                let size = 4 + 1 + 16 + 4 + 4 + fixed.0 + vars;
                s.byte(NEW_FUN_EXT);
                s.u32(size as u32);
                s.byte(f.arity);
                s.put(&f.uniq);
                s.u32(f.index);
                s.u32(f.free_vars.len() as u32);
                atom(s, &f.module, opts);
                int(s, f.old_index);
                int(s, f.old_uniq);
                pid(s, &f.pid, opts);
                stack.extend(f.free_vars.iter().rev());
            }
        }
    }
}

fn atom<S: Sink>(s: &mut S, a: &Atom, opts: &Enc) {
    if let Some(i) = opts.refs.and_then(|refs| refs(a)) {
        s.byte(ATOM_CACHE_REF);
        s.byte(i);
        return;
    }
    let text = a.as_str();
    if !opts.utf8_atoms() && text.chars().all(|c| (c as u32) < 256) {
        let n = text.chars().count();
        s.byte(ATOM_EXT);
        s.u16(n as u16);
        for c in text.chars() {
            s.byte(c as u32 as u8);
        }
    } else if text.len() < 256 {
        s.byte(SMALL_ATOM_UTF8_EXT);
        s.byte(text.len() as u8);
        s.put(text.as_bytes());
    } else {
        let bytes = &text.as_bytes()[..text.len().min(u16::MAX as usize)];
        s.byte(ATOM_UTF8_EXT);
        s.u16(bytes.len() as u16);
        s.put(bytes);
    }
}

fn int<S: Sink>(s: &mut S, i: i64) {
    if (0..=255).contains(&i) {
        s.byte(SMALL_INTEGER_EXT);
        s.byte(i as u8);
    } else if let Ok(v) = i32::try_from(i) {
        s.byte(INTEGER_EXT);
        s.u32(v as u32);
    } else {
        let mag = i.unsigned_abs().to_le_bytes();
        let n = 8 - mag.iter().rev().take_while(|&&b| b == 0).count();
        s.byte(SMALL_BIG_EXT);
        s.byte(n as u8);
        s.byte(u8::from(i < 0));
        s.put(&mag[..n]);
    }
}

fn bigint<S: Sink>(s: &mut S, b: &BigInt) {
    if let Ok(i) = i64::try_from(b) {
        return int(s, i);
    }
    let (sign, mag) = b.to_bytes_le();
    if mag.len() <= 255 {
        s.byte(SMALL_BIG_EXT);
        s.byte(mag.len() as u8);
    } else {
        s.byte(LARGE_BIG_EXT);
        s.u32(mag.len() as u32);
    }
    s.byte(u8::from(sign == Sign::Minus));
    s.put(&mag);
}

fn float<S: Sink>(s: &mut S, f: f64, opts: &Enc) {
    if opts.minor_version == 0 {
        s.byte(FLOAT_EXT);
        let mut text = [0u8; 31];
        let c = c_exponent_format(f);
        let n = c.len().min(31);
        text[..n].copy_from_slice(&c.as_bytes()[..n]);
        s.put(&text);
    } else {
        s.byte(NEW_FLOAT_EXT);
        s.put(&f.to_bits().to_be_bytes());
    }
}

/// C's `%.20e`: Rust's `{:.20e}` with the exponent as sign and at least two digits.
fn c_exponent_format(f: f64) -> String {
    let r = format!("{f:.20e}");
    let (mantissa, exp) = r.split_once('e').unwrap_or((&r, "0"));
    let (sign, digits) = match exp.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exp),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

fn bit_binary<S: Sink>(s: &mut S, bytes: &[u8], bits: u8) {
    if bytes.is_empty() || !(1..=7).contains(&bits) {
        // Not a proper bitstring value: the bytes alone are the closest binary.
        s.byte(BINARY_EXT);
        s.u32(bytes.len() as u32);
        s.put(bytes);
        return;
    }
    s.byte(BIT_BINARY_EXT);
    s.u32(bytes.len() as u32);
    s.byte(bits);
    let (last, init) = bytes.split_last().expect("checked non-empty");
    s.put(init);
    s.byte(last & (0xFFu8 << (8 - bits)));
}

fn pid<S: Sink>(s: &mut S, p: &Pid, opts: &Enc) {
    s.byte(NEW_PID_EXT);
    atom(s, &p.node, opts);
    s.u32(p.id);
    s.u32(p.serial);
    s.u32(p.creation);
}

/// A list, following tails that are themselves lists so the chain is written as one list.
fn list<'a, S: Sink>(s: &mut S, elems: &'a [Term], tail: &'a Term, stack: &mut Vec<&'a Term>) {
    let mut segments: Vec<&'a [Term]> = vec![elems];
    let mut end = tail;
    while let Term::List(e, t) = end {
        segments.push(e);
        end = t;
    }
    let count: usize = segments.iter().map(|e| e.len()).sum();
    if count == 0 {
        stack.push(end);
        return;
    }
    let bytes = || segments.iter().flat_map(|e| e.iter());
    let is_string = matches!(end, Term::Nil)
        && count <= 65535
        && bytes().all(|t| matches!(t, Term::Int(0..=255)));
    if is_string {
        s.byte(STRING_EXT);
        s.u16(count as u16);
        for t in bytes() {
            if let Term::Int(b) = t {
                s.byte(*b as u8);
            }
        }
        return;
    }
    s.byte(LIST_EXT);
    s.u32(count as u32);
    stack.push(end);
    for seg in segments.iter().rev() {
        stack.extend(seg.iter().rev());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_float_text_matches_c() {
        assert_eq!(c_exponent_format(1.5), "1.50000000000000000000e+00");
        assert_eq!(c_exponent_format(-2.5e-300), "-2.49999999999999997976e-300");
        assert_eq!(c_exponent_format(1.0e100), "1.00000000000000001590e+100");
    }
}
