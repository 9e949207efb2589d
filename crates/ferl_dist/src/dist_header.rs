//! The receiving side of the distribution header (DIST_HDR_ATOM_CACHE) and of fragmented
//! messages (FRAGMENTS): per-connection state that turns frames into control messages.
//!
//! A header lists the atoms the frame's terms refer to with ATOM_CACHE_REF; new entries
//! also enter the connection's cache (8 segments of 256), so later frames can name them by
//! index alone. A fragmented message starts with a header carrying a sequence id and the
//! number of fragments, and continues with frames carrying the same sequence id, counting
//! down to 1. Everything is bounded: buffered fragments count against `max_buffered`.

use std::collections::HashMap;

use ferl_etf::{decode_body, Atom, DecodeOptions, Term};

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
