//! The receiving side of the distribution header (DIST_HDR_ATOM_CACHE) and of fragmented
//! messages (FRAGMENTS): per-connection state that turns frames into control messages.
//!
//! A header lists the atoms the frame's terms refer to with ATOM_CACHE_REF; new entries
//! also enter the connection's cache (8 segments of 256), so later frames can name them by
//! index alone. A fragmented message starts with a header carrying a sequence id and the
//! number of fragments, and continues with frames carrying the same sequence id, counting
//! down to 1. Everything is bounded: buffered fragments count against `max_buffered`.

use std::collections::HashMap;

use ferl_etf::{decode_body, encode_body_with_atom_refs, Atom, DecodeOptions, EncodeOptions, Term};

use crate::frame::{parse_frame, Frame, FrameError};

const DIST_HEADER: u8 = 68;
const DIST_FRAG_HEADER: u8 = 69;
const DIST_FRAG_CONT: u8 = 70;
const CACHE_SIZE: usize = 8 * 256;

struct Partial {
    atoms: Vec<Atom>,
    /// The fragment id expected next.
    next: u64,
    data: Vec<u8>,
}

/// Receive state of one connection.
pub struct FrameReader {
    cache: Vec<Option<Atom>>,
    partial: HashMap<u64, Partial>,
    buffered: usize,
    max_buffered: usize,
}

fn err(what: impl Into<String>) -> FrameError {
    FrameError(what.into())
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FrameError> {
        if self.0.len() < n {
            return Err(err("truncated distribution header"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, FrameError> {
        Ok(self.take(1)?[0])
    }
    fn u64(&mut self) -> Result<u64, FrameError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }
}

impl FrameReader {
    pub fn new(max_buffered: usize) -> Self {
        FrameReader {
            cache: vec![None; CACHE_SIZE],
            partial: HashMap::new(),
            buffered: 0,
            max_buffered,
        }
    }

    /// One frame body in; a complete message out (`None` while fragments are pending).
    pub fn read(&mut self, body: &[u8]) -> Result<Option<Frame>, FrameError> {
        match body {
            [] => Ok(Some(Frame::Tick)),
            [131, DIST_HEADER, rest @ ..] => {
                let mut c = Cursor(rest);
                let atoms = self.header(&mut c)?;
                decode_message(c.0, &atoms).map(Some)
            }
            [131, DIST_FRAG_HEADER, rest @ ..] => {
                let mut c = Cursor(rest);
                let seq = c.u64()?;
                let frag = c.u64()?;
                let atoms = self.header(&mut c)?;
                if frag == 0 {
                    return Err(err("fragment id 0"));
                }
                if frag == 1 {
                    return decode_message(c.0, &atoms).map(Some);
                }
                if self.partial.contains_key(&seq) {
                    return Err(err("fragmented message started twice"));
                }
                self.account(c.0.len())?;
                self.partial.insert(
                    seq,
                    Partial {
                        atoms,
                        next: frag - 1,
                        data: c.0.to_vec(),
                    },
                );
                Ok(None)
            }
            [131, DIST_FRAG_CONT, rest @ ..] => {
                let mut c = Cursor(rest);
                let seq = c.u64()?;
                let frag = c.u64()?;
                self.account(c.0.len())?;
                let p = self
                    .partial
                    .get_mut(&seq)
                    .ok_or_else(|| err("continuation of an unknown message"))?;
                if frag != p.next {
                    return Err(err("fragment out of order"));
                }
                p.data.extend_from_slice(c.0);
                if frag > 1 {
                    p.next -= 1;
                    return Ok(None);
                }
                let p = self.partial.remove(&seq).expect("just found");
                self.buffered -= p.data.len();
                decode_message(&p.data, &p.atoms).map(Some)
            }
            _ => parse_frame(body).map(Some),
        }
    }

    fn account(&mut self, n: usize) -> Result<(), FrameError> {
        self.buffered += n;
        if self.buffered > self.max_buffered {
            return Err(err("fragmented messages exceed the frame limit"));
        }
        Ok(())
    }

    /// `NumberOfAtomCacheRefs, Flags, AtomCacheRefs`: the atoms this frame refers to.
    fn header(&mut self, c: &mut Cursor) -> Result<Vec<Atom>, FrameError> {
        let n = c.u8()? as usize;
        if n == 0 {
            return Ok(Vec::new());
        }
        let flags = c.take(n / 2 + 1)?;
        // Half-byte i: low half of byte i/2 for even i, high half for odd i. The half after
        // the last reference holds LongAtoms in its lowest bit.
        let half = |i: usize| -> u8 {
            let b = flags[i / 2];
            if i.is_multiple_of(2) {
                b & 0x0F
            } else {
                b >> 4
            }
        };
        let long_atoms = half(n) & 1 != 0;
        let mut atoms = Vec::with_capacity(n);
        for i in 0..n {
            let f = half(i);
            let segment = (f & 0x7) as usize;
            let index = segment * 256 + c.u8()? as usize;
            if f & 0x8 != 0 {
                let len = if long_atoms {
                    let b = c.take(2)?;
                    u16::from_be_bytes([b[0], b[1]]) as usize
                } else {
                    c.u8()? as usize
                };
                let text = std::str::from_utf8(c.take(len)?)
                    .map_err(|_| err("atom cache entry is not UTF-8"))?;
                if text.chars().count() > 255 {
                    return Err(err("atom cache entry too long"));
                }
                self.cache[index] = Some(Atom::new(text));
            }
            let atom = self.cache[index]
                .clone()
                .ok_or_else(|| err(format!("empty atom cache entry {index}")))?;
            atoms.push(atom);
        }
        Ok(atoms)
    }
}

/// The control term and optional payload after a header, without version bytes.
fn decode_message(data: &[u8], atoms: &[Atom]) -> Result<Frame, FrameError> {
    let opts = DecodeOptions {
        atom_refs: Some(atoms),
        ..Default::default()
    };
    let (control, used) = decode_body(data, &opts).map_err(|e| err(format!("control: {e}")))?;
    let rest = &data[used..];
    let payload: Option<Term> = if rest.is_empty() {
        None
    } else {
        let (p, used) = decode_body(rest, &opts).map_err(|e| err(format!("payload: {e}")))?;
        if used != rest.len() {
            return Err(err("bytes after the payload"));
        }
        Some(p)
    };
    Ok(Frame::Message { control, payload })
}

/// The sending side of the atom cache for one connection: which atom each of the 2048
/// slots holds on the peer's side. Frames must reach the wire in the order they were
/// encoded, so the caller encodes and queues under one lock.
pub struct AtomCacheOut {
    slots: Vec<Option<Atom>>,
}

impl Default for AtomCacheOut {
    fn default() -> Self {
        AtomCacheOut {
            slots: vec![None; CACHE_SIZE],
        }
    }
}

/// Where an atom lives in the cache: FNV-1a of its text.
fn slot_of(a: &Atom) -> usize {
    let mut h: u32 = 0x811c9dc5;
    for b in a.as_str().bytes() {
        h = (h ^ b as u32).wrapping_mul(0x01000193);
    }
    h as usize % CACHE_SIZE
}

impl AtomCacheOut {
    /// A whole frame (length prefix included): a distribution header naming the message's
    /// atoms (new ones with their text), then the terms referring to them.
    pub fn encode_frame(&mut self, control: &Term, payload: Option<&Term>) -> Vec<u8> {
        // Up to 255 distinct atoms per frame, one per slot; the rest are written inline.
        // Messages name few atoms: linear searches beat hashing here.
        let mut refs: Vec<(&Atom, usize, bool)> = Vec::new();
        let mut visit = |a| {
            let a: &Atom = a;
            if refs.len() == 255 {
                return;
            }
            let slot = slot_of(a);
            if refs.iter().any(|(b, s, _)| *s == slot || *b == a) {
                return;
            }
            refs.push((a, slot, false));
        };
        control.for_each_atom(&mut visit);
        if let Some(p) = payload {
            p.for_each_atom(&mut visit);
        }
        for r in refs.iter_mut() {
            let cached = self.slots[r.1].as_ref() == Some(r.0);
            if !cached {
                self.slots[r.1] = Some(r.0.clone());
            }
            r.2 = !cached;
        }
        let n = refs.len();
        let long = refs
            .iter()
            .any(|(a, _, new)| *new && a.as_str().len() > 255);
        let mut out = vec![0, 0, 0, 0, ferl_etf::tag::VERSION, DIST_HEADER, n as u8];
        if n > 0 {
            let mut flags = vec![0u8; n / 2 + 1];
            let mut put = |i: usize, v: u8| {
                flags[i / 2] |= if i.is_multiple_of(2) { v } else { v << 4 };
            };
            for (i, (_, slot, new)) in refs.iter().enumerate() {
                put(i, (slot / 256) as u8 | if *new { 8 } else { 0 });
            }
            put(n, u8::from(long));
            out.extend_from_slice(&flags);
            for (a, slot, new) in &refs {
                out.push((slot % 256) as u8);
                if *new {
                    let text = a.as_str().as_bytes();
                    if long {
                        out.extend_from_slice(&(text.len() as u16).to_be_bytes());
                    } else {
                        out.push(text.len() as u8);
                    }
                    out.extend_from_slice(text);
                }
            }
        }
        let opts = EncodeOptions::dist();
        let lookup = |a: &Atom| {
            let slot = slot_of(a);
            refs.iter()
                .position(|(b, s, _)| *s == slot && *b == a)
                .map(|i| i as u8)
        };
        encode_body_with_atom_refs(control, &opts, &lookup, &mut out);
        if let Some(p) = payload {
            encode_body_with_atom_refs(p, &opts, &lookup, &mut out);
        }
        let len = (out.len() - 4) as u32;
        out[..4].copy_from_slice(&len.to_be_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(refs: &[(u8, u8, Option<&str>)], long: bool) -> Vec<u8> {
        let n = refs.len();
        let mut flags = vec![0u8; n / 2 + 1];
        let mut set = |i: usize, v: u8| {
            if i.is_multiple_of(2) {
                flags[i / 2] |= v;
            } else {
                flags[i / 2] |= v << 4;
            }
        };
        for (i, (seg, _, new)) in refs.iter().enumerate() {
            set(i, seg | if new.is_some() { 8 } else { 0 });
        }
        set(n, u8::from(long));
        let mut out = vec![n as u8];
        out.extend_from_slice(&flags);
        for (_, idx, new) in refs {
            out.push(*idx);
            if let Some(t) = new {
                if long {
                    out.extend_from_slice(&(t.len() as u16).to_be_bytes());
                } else {
                    out.push(t.len() as u8);
                }
                out.extend_from_slice(t.as_bytes());
            }
        }
        out
    }

    #[test]
    fn header_and_cache() {
        let mut r = FrameReader::new(1 << 20);
        // {6, ref0, '', ref1} with a payload ref0.
        let mut f = vec![131, 68];
        f.extend(header(
            &[(1, 5, Some("a")), (7, 255, Some("net_kernel"))],
            false,
        ));
        f.extend_from_slice(&[104, 3, 97, 6, 82, 0, 82, 1, 82, 0]);
        let want = Frame::Message {
            control: Term::Tuple(vec![
                Term::Int(6),
                Term::atom("a"),
                Term::atom("net_kernel"),
            ]),
            payload: Some(Term::atom("a")),
        };
        assert_eq!(r.read(&f), Ok(Some(want.clone())));
        // The same atoms by cache index only, long-atom flag set.
        let mut g = vec![131, 68];
        g.extend(header(&[(1, 5, None), (7, 255, None)], true));
        g.extend_from_slice(&[104, 3, 97, 6, 82, 0, 82, 1, 82, 0]);
        assert_eq!(r.read(&g), Ok(Some(want)));
        // An entry never defined.
        let mut h = vec![131, 68];
        h.extend(header(&[(2, 0, None)], false));
        h.extend_from_slice(&[82, 0]);
        assert!(r.read(&h).is_err());
        assert_eq!(
            r.read(&[131, 68, 0, 106]),
            Ok(Some(Frame::Message {
                control: Term::Nil,
                payload: None
            }))
        );
    }

    #[test]
    fn what_we_send_we_read() {
        let mut out = AtomCacheOut::default();
        let mut r = FrameReader::new(1 << 20);
        let many = |k: usize| {
            Term::list(
                (0..k)
                    .map(|i| Term::atom(&format!("atom_{}", i % 400)))
                    .collect(),
            )
        };
        let long = Term::atom(&"é".repeat(200));
        let pid = Term::Pid(ferl_etf::Pid {
            node: Atom::new("n@h"),
            id: 1,
            serial: 0,
            creation: 2,
        });
        let msgs = [
            (
                Term::Tuple(vec![Term::Int(6), pid.clone(), Term::atom("")]),
                Some(many(300)),
            ),
            (
                Term::Tuple(vec![Term::Int(2), Term::atom(""), pid]),
                Some(many(500)),
            ),
            (long.clone(), Some(Term::Tuple(vec![long, Term::atom("x")]))),
            (Term::Nil, None),
        ];
        for _ in 0..3 {
            for (c, p) in &msgs {
                let f = out.encode_frame(c, p.as_ref());
                assert_eq!(
                    u32::from_be_bytes([f[0], f[1], f[2], f[3]]) as usize,
                    f.len() - 4
                );
                let got = r.read(&f[4..]).unwrap();
                assert_eq!(
                    got,
                    Some(Frame::Message {
                        control: c.clone(),
                        payload: p.clone()
                    })
                );
            }
        }
        // Cached atoms are sent by index only the second time.
        let m = Term::atom("only_once_please");
        let first = out.encode_frame(&m, None);
        let second = out.encode_frame(&m, None);
        assert!(second.len() < first.len());
        assert_eq!(r.read(&first[4..]).unwrap(), r.read(&second[4..]).unwrap());
    }

    #[test]
    fn fragments_reassemble() {
        let mut r = FrameReader::new(1 << 20);
        let mut first = vec![131, 69];
        first.extend_from_slice(&9u64.to_be_bytes());
        first.extend_from_slice(&3u64.to_be_bytes());
        first.extend(header(&[(0, 1, Some("ok"))], false));
        first.extend_from_slice(&[104, 2]);
        let cont = |id: u64, bytes: &[u8]| {
            let mut c = vec![131, 70];
            c.extend_from_slice(&9u64.to_be_bytes());
            c.extend_from_slice(&id.to_be_bytes());
            c.extend_from_slice(bytes);
            c
        };
        assert_eq!(r.read(&first), Ok(None));
        assert_eq!(r.read(&cont(2, &[82, 0])), Ok(None));
        assert_eq!(
            r.read(&cont(1, &[97, 1])),
            Ok(Some(Frame::Message {
                control: Term::Tuple(vec![Term::atom("ok"), Term::Int(1)]),
                payload: None
            }))
        );
        assert!(r.read(&cont(1, &[97, 1])).is_err());
        // Out of order.
        assert_eq!(r.read(&first), Ok(None));
        assert!(r.read(&cont(1, &[82, 0])).is_err());
        // Bounded buffering.
        let mut small = FrameReader::new(4);
        let mut big = first.clone();
        big.extend_from_slice(&[0; 10]);
        assert!(small.read(&big).is_err());
    }
}
