//! The decoder: bytes from `term_to_binary/1` or a peer node into the owned term tree.
//!
//! Everything here is untrusted input. The decoder keeps its own stack of open containers
//! (no recursion), refuses nesting deeper than `DecodeOptions::max_depth`, and never reserves
//! more elements than the remaining bytes could encode, so a 6-byte list header claiming
//! four billion elements fails at once instead of allocating.

use std::fmt;
use std::io::Read;

use num_bigint::{BigInt, Sign};

use crate::order::compare_exact;
use crate::tag::*;
use crate::term::{Atom, LocalFun, Pid, Port, Reference, Term};

/// Why a binary is not a valid term (`badarg` at the Erlang level).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the problem in the input (in the inflated data for a compressed term).
    pub offset: usize,
    pub kind: DecodeErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The input ends in the middle of a term.
    Truncated,
    /// The first byte is not 131.
    BadVersion(u8),
    UnknownTag(u8),
    /// LOCAL_EXT (121): OTP 25 refuses it.
    LocalExt,
    /// Not valid UTF-8, or longer than 255 characters.
    BadAtom,
    /// Safe mode: the atom does not exist.
    NewAtom(String),
    /// ATOM_CACHE_REF outside a distribution frame, or an index the frame does not define.
    BadAtomCacheRef(u8),
    DuplicateMapKey,
    BadBitBinary,
    /// Not a finite float.
    BadFloat,
    BadReference,
    /// A fun whose parts are not of the right kind or whose size field is wrong.
    BadFun,
    /// Tag 80 whose data does not inflate to the announced size.
    BadCompressed,
    /// Containers nested deeper than `max_depth`.
    TooDeep,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DecodeErrorKind::*;
        let what = match &self.kind {
            Truncated => "truncated term".to_string(),
            BadVersion(v) => format!("bad version byte {v}"),
            UnknownTag(t) => format!("unknown tag {t}"),
            LocalExt => "LOCAL_EXT is not supported".to_string(),
            BadAtom => "invalid atom text".to_string(),
            NewAtom(a) => format!("atom '{a}' does not exist (safe mode)"),
            BadAtomCacheRef(i) => format!("undefined atom cache reference {i}"),
            DuplicateMapKey => "duplicate map key".to_string(),
            BadBitBinary => "invalid bitstring".to_string(),
            BadFloat => "invalid float".to_string(),
            BadReference => "invalid reference".to_string(),
            BadFun => "invalid fun".to_string(),
            BadCompressed => "invalid compressed term".to_string(),
            TooDeep => "term nested too deeply".to_string(),
        };
        write!(f, "{what} at byte {}", self.offset)
    }
}

impl std::error::Error for DecodeError {}

/// How to decode. `Default` is `binary_to_term/1`.
#[derive(Clone, Copy)]
pub struct DecodeOptions<'a> {
    /// `binary_to_term(B, [safe])`: called with every atom read from the wire; returning
    /// `false` (the atom does not exist yet) fails the decode. The VM owns the atom table.
    pub atom_exists: Option<&'a dyn Fn(&str) -> bool>,
    /// The atoms that ATOM_CACHE_REF (82) indexes refer to, as a distribution header
    /// defines them for one frame. `None` outside distribution: tag 82 is then an error.
    pub atom_refs: Option<&'a [Atom]>,
    /// The deepest nesting of containers accepted. The owned tree is dropped recursively,
    /// so unbounded depth would let a peer overflow a stack later.
    pub max_depth: usize,
}

/// Default nesting limit: far beyond real data, shallow enough for any thread's stack.
pub const DEFAULT_MAX_DEPTH: usize = 10_000;

impl Default for DecodeOptions<'_> {
    fn default() -> Self {
        DecodeOptions {
            atom_exists: None,
            atom_refs: None,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

impl fmt::Debug for DecodeOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeOptions")
            .field("safe", &self.atom_exists.is_some())
            .field("atom_refs", &self.atom_refs)
            .field("max_depth", &self.max_depth)
            .finish()
    }
}

/// `binary_to_term/1`: a 131-prefixed term. Like erl, bytes after the term are ignored.
pub fn decode(bytes: &[u8]) -> Result<Term, DecodeError> {
    decode_with(bytes, &DecodeOptions::default()).map(|(t, _)| t)
}

/// A 131-prefixed term and the bytes that follow it.
pub fn decode_with_rest(bytes: &[u8]) -> Result<(Term, &[u8]), DecodeError> {
    let (t, used) = decode_with(bytes, &DecodeOptions::default())?;
    Ok((t, &bytes[used..]))
}

/// A 131-prefixed term (possibly compressed, tag 80) with options; returns the term and
/// the number of bytes used (`binary_to_term(B, [used])`).
pub fn decode_with(bytes: &[u8], opts: &DecodeOptions) -> Result<(Term, usize), DecodeError> {
    let mut r = Reader::new(bytes, opts);
    let v = r.u8()?;
    if v != VERSION {
        return Err(r.err_at(0, DecodeErrorKind::BadVersion(v)));
    }
    if r.peek() == Some(COMPRESSED) {
        r.pos += 1;
        let size = r.u32()? as usize;
        let data = &bytes[r.pos..];
        let (inflated, consumed) = inflate(data, size).ok_or(DecodeError {
            offset: r.pos,
            kind: DecodeErrorKind::BadCompressed,
        })?;
        let (t, used) = decode_body(&inflated, opts)?;
        if used != inflated.len() {
            return Err(DecodeError {
                offset: r.pos,
                kind: DecodeErrorKind::BadCompressed,
            });
        }
        return Ok((t, r.pos + consumed));
    }
    let t = r.term()?;
    Ok((t, r.pos))
}

/// A term without the version byte, as inside a distribution header; returns the term and
/// the bytes used.
pub fn decode_body(bytes: &[u8], opts: &DecodeOptions) -> Result<(Term, usize), DecodeError> {
    let mut r = Reader::new(bytes, opts);
    let t = r.term()?;
    Ok((t, r.pos))
}

/// Inflates zlib data to exactly `size` bytes; returns the data and the input consumed.
fn inflate(data: &[u8], size: usize) -> Option<(Vec<u8>, usize)> {
    let mut z = flate2::read::ZlibDecoder::new(data);
    // zlib cannot expand by more than about 1032:1; never trust `size` beyond that.
    let cap = size.min(data.len().saturating_mul(1032)).min(1 << 24);
    let mut out = Vec::with_capacity(cap);
    let mut limited = (&mut z).take(size as u64 + 1);
    limited.read_to_end(&mut out).ok()?;
    if out.len() != size {
        return None;
    }
    Some((out, z.total_in() as usize))
}

/// A container whose elements are still arriving.
enum Frame {
    Tuple {
        items: Vec<Term>,
        left: usize,
    },
    /// When `left` reaches zero the next term is the tail.
    List {
        items: Vec<Term>,
        left: usize,
        tail: Option<Term>,
    },
    Map {
        pairs: Vec<(Term, Term)>,
        key: Option<Term>,
        left: usize,
        start: usize,
    },
    Fun {
        fun: Box<LocalFun>,
        left: usize,
        end_expected: usize,
        start: usize,
    },
}

struct Reader<'a, 'o> {
    buf: &'a [u8],
    pos: usize,
    opts: &'o DecodeOptions<'o>,
}

/// What reading one tag produced.
enum Step {
    Value(Term),
    Open(Frame),
    /// An empty LIST_EXT: its value is the tail that follows.
    Nothing,
}

impl<'a, 'o> Reader<'a, 'o> {
    fn new(buf: &'a [u8], opts: &'o DecodeOptions<'o>) -> Self {
        Reader { buf, pos: 0, opts }
    }

    fn err(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            offset: self.pos,
            kind,
        }
    }

    fn err_at(&self, offset: usize, kind: DecodeErrorKind) -> DecodeError {
        DecodeError { offset, kind }
    }

    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if self.remaining() < n {
            return Err(self.err(DecodeErrorKind::Truncated));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// A capacity no larger than the remaining bytes can fill.
    fn cap(&self, n: usize, min_bytes_each: usize) -> usize {
        n.min(self.remaining() / min_bytes_each)
    }

    fn term(&mut self) -> Result<Term, DecodeError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Fast path: runs of small integers inside a list or tuple.
            if let Some(Frame::List { items, left, .. } | Frame::Tuple { items, left }) =
                stack.last_mut()
            {
                while *left > 1 {
                    match self.buf.get(self.pos..self.pos + 2) {
                        Some([SMALL_INTEGER_EXT, b]) => {
                            items.push(Term::Int(*b as i64));
                            self.pos += 2;
                            *left -= 1;
                        }
                        _ => break,
                    }
                }
            }
            let mut value = match self.one()? {
                Step::Value(v) => v,
                Step::Nothing => continue,
                Step::Open(f) => {
                    if stack.len() >= self.opts.max_depth {
                        return Err(self.err(DecodeErrorKind::TooDeep));
                    }
                    stack.push(f);
                    continue;
                }
            };
            // Fold the finished value into its parents, closing every container it fills.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(value);
                };
                match push(frame, value) {
                    None => break,
                    Some(()) => {
                        let frame = stack.pop().expect("frame just inspected");
                        value = self.close(frame)?;
                    }
                }
            }
        }
    }

    fn close(&self, frame: Frame) -> Result<Term, DecodeError> {
        Ok(match frame {
            Frame::Tuple { items, .. } => Term::Tuple(items),
            Frame::List {
                mut items, tail, ..
            } => match tail.unwrap_or(Term::Nil) {
                // A tail that is itself a list continues this one: keep the tree canonical.
                Term::List(more, tail) => {
                    items.extend(more);
                    Term::List(items, tail)
                }
                tail => Term::List(items, Box::new(tail)),
            },
            Frame::Map { pairs, start, .. } => {
                check_unique_keys(&pairs)
                    .map_err(|_| self.err_at(start, DecodeErrorKind::DuplicateMapKey))?;
                Term::Map(pairs)
            }
            Frame::Fun {
                fun,
                end_expected,
                start,
                ..
            } => {
                if self.pos != end_expected {
                    return Err(self.err_at(start, DecodeErrorKind::BadFun));
                }
                Term::Fun(fun)
            }
        })
    }

    /// Reads one tag: a whole leaf, or the header of a container.
    fn one(&mut self) -> Result<Step, DecodeError> {
        let start = self.pos;
        let tag = self.u8()?;
        let v = match tag {
            SMALL_INTEGER_EXT => Term::Int(self.u8()? as i64),
            INTEGER_EXT => Term::Int(self.u32()? as i32 as i64),
            SMALL_BIG_EXT => {
                let n = self.u8()? as usize;
                self.big(n)?
            }
            LARGE_BIG_EXT => {
                let n = self.u32()? as usize;
                self.big(n)?
            }
            NEW_FLOAT_EXT => {
                let f = f64::from_bits(self.u64()?);
                if !f.is_finite() {
                    return Err(self.err_at(start, DecodeErrorKind::BadFloat));
                }
                Term::Float(f)
            }
            FLOAT_EXT => self.old_float(start)?,
            ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT | ATOM_CACHE_REF => {
                Term::Atom(self.atom_body(tag, start)?)
            }
            NEW_PID_EXT | PID_EXT => Term::Pid(self.pid_body(tag)?),
            NEW_PORT_EXT | PORT_EXT | V4_PORT_EXT => Term::Port(self.port_body(tag)?),
            NEWER_REFERENCE_EXT | NEW_REFERENCE_EXT | REFERENCE_EXT => {
                Term::Ref(self.ref_body(tag, start)?)
            }
            SMALL_TUPLE_EXT | LARGE_TUPLE_EXT => {
                let n = if tag == SMALL_TUPLE_EXT {
                    self.u8()? as usize
                } else {
                    self.u32()? as usize
                };
                if n == 0 {
                    Term::Tuple(Vec::new())
                } else {
                    return Ok(Step::Open(Frame::Tuple {
                        items: Vec::with_capacity(self.cap(n, 1)),
                        left: n,
                    }));
                }
            }
            NIL_EXT => Term::Nil,
            STRING_EXT => {
                let n = self.u16()? as usize;
                let bytes = self.take(n)?;
                Term::list(bytes.iter().map(|&b| Term::Int(b as i64)).collect())
            }
            LIST_EXT => {
                let n = self.u32()? as usize;
                if n == 0 {
                    return Ok(Step::Nothing);
                }
                return Ok(Step::Open(Frame::List {
                    items: Vec::with_capacity(self.cap(n, 1)),
                    left: n,
                    tail: None,
                }));
            }
            BINARY_EXT => {
                let n = self.u32()? as usize;
                Term::Binary(self.take(n)?.to_vec())
            }
            BIT_BINARY_EXT => {
                let n = self.u32()? as usize;
                let bits = self.u8()?;
                let mut bytes = self.take(n)?.to_vec();
                match (n, bits) {
                    (0, 0) | (_, 8) => Term::Binary(bytes),
                    (1.., 1..=7) => {
                        if let Some(last) = bytes.last_mut() {
                            *last &= 0xFFu8 << (8 - bits);
                        }
                        Term::BitBinary { bytes, bits }
                    }
                    _ => return Err(self.err_at(start, DecodeErrorKind::BadBitBinary)),
                }
            }
            MAP_EXT => {
                let n = self.u32()? as usize;
                if n == 0 {
                    Term::Map(Vec::new())
                } else {
                    return Ok(Step::Open(Frame::Map {
                        pairs: Vec::with_capacity(self.cap(n, 2)),
                        key: None,
                        left: n,
                        start,
                    }));
                }
            }
            EXPORT_EXT => {
                let module = self.atom()?;
                let function = self.atom()?;
                let arity = match self.u8()? {
                    SMALL_INTEGER_EXT => self.u8()? as i64,
                    INTEGER_EXT => self.u32()? as i32 as i64,
                    _ => return Err(self.err_at(start, DecodeErrorKind::BadFun)),
                };
                let arity =
                    u8::try_from(arity).map_err(|_| self.err_at(start, DecodeErrorKind::BadFun))?;
                Term::ExportFun {
                    module,
                    function,
                    arity,
                }
            }
            NEW_FUN_EXT => return self.new_fun(start),
            LOCAL_EXT => return Err(self.err_at(start, DecodeErrorKind::LocalExt)),
            other => return Err(self.err_at(start, DecodeErrorKind::UnknownTag(other))),
        };
        Ok(Step::Value(v))
    }

    fn big(&mut self, n: usize) -> Result<Term, DecodeError> {
        let sign = self.u8()?;
        let digits = self.take(n)?;
        let sign = if sign == 0 { Sign::Plus } else { Sign::Minus };
        Ok(Term::from_bigint(BigInt::from_bytes_le(sign, digits)))
    }

    /// FLOAT_EXT: 31 bytes of C `%.20e` text, NUL padded.
    fn old_float(&mut self, start: usize) -> Result<Term, DecodeError> {
        let raw = self.take(31)?;
        let text = raw.split(|&b| b == 0).next().unwrap_or_default();
        std::str::from_utf8(text)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|f| f.is_finite())
            .map(Term::Float)
            .ok_or_else(|| self.err_at(start, DecodeErrorKind::BadFloat))
    }

    /// An atom with its tag (node names, fun modules).
    fn atom(&mut self) -> Result<Atom, DecodeError> {
        let start = self.pos;
        let tag = self.u8()?;
        match tag {
            ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT | ATOM_CACHE_REF => {
                self.atom_body(tag, start)
            }
            _ => Err(self.err_at(start, DecodeErrorKind::BadAtom)),
        }
    }

    fn atom_body(&mut self, tag: u8, start: usize) -> Result<Atom, DecodeError> {
        let text: String = match tag {
            ATOM_CACHE_REF => {
                let i = self.u8()?;
                let refs = self.opts.atom_refs.unwrap_or_default();
                // A cached atom already exists on this node: no safe-mode check.
                return refs
                    .get(i as usize)
                    .cloned()
                    .ok_or_else(|| self.err_at(start, DecodeErrorKind::BadAtomCacheRef(i)));
            }
            ATOM_EXT | SMALL_ATOM_EXT => {
                let n = if tag == ATOM_EXT {
                    self.u16()? as usize
                } else {
                    self.u8()? as usize
                };
                if n > 255 {
                    return Err(self.err_at(start, DecodeErrorKind::BadAtom));
                }
                self.take(n)?.iter().map(|&b| b as char).collect()
            }
            _ => {
                let n = if tag == ATOM_UTF8_EXT {
                    self.u16()? as usize
                } else {
                    self.u8()? as usize
                };
                let bytes = self.take(n)?;
                let s = std::str::from_utf8(bytes)
                    .map_err(|_| self.err_at(start, DecodeErrorKind::BadAtom))?;
                if s.chars().count() > 255 {
                    return Err(self.err_at(start, DecodeErrorKind::BadAtom));
                }
                s.to_string()
            }
        };
        if let Some(exists) = self.opts.atom_exists {
            if !exists(&text) {
                return Err(self.err_at(start, DecodeErrorKind::NewAtom(text)));
            }
        }
        Ok(Atom(text))
    }

    fn pid_body(&mut self, tag: u8) -> Result<Pid, DecodeError> {
        let node = self.atom()?;
        let id = self.u32()?;
        let serial = self.u32()?;
        let creation = if tag == NEW_PID_EXT {
            self.u32()?
        } else {
            self.u8()? as u32
        };
        Ok(Pid {
            node,
            id,
            serial,
            creation,
        })
    }

    fn port_body(&mut self, tag: u8) -> Result<Port, DecodeError> {
        let node = self.atom()?;
        let id = if tag == V4_PORT_EXT {
            self.u64()?
        } else {
            self.u32()? as u64
        };
        let creation = if tag == PORT_EXT {
            self.u8()? as u32
        } else {
            self.u32()?
        };
        Ok(Port { node, id, creation })
    }

    fn ref_body(&mut self, tag: u8, start: usize) -> Result<Reference, DecodeError> {
        if tag == REFERENCE_EXT {
            let node = self.atom()?;
            let id = self.u32()?;
            let creation = self.u8()? as u32;
            return Ok(Reference {
                node,
                creation,
                ids: vec![id],
            });
        }
        let n = self.u16()? as usize;
        if !(1..=5).contains(&n) {
            return Err(self.err_at(start, DecodeErrorKind::BadReference));
        }
        let node = self.atom()?;
        let creation = if tag == NEWER_REFERENCE_EXT {
            self.u32()?
        } else {
            self.u8()? as u32
        };
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            ids.push(self.u32()?);
        }
        Ok(Reference {
            node,
            creation,
            ids,
        })
    }

    /// NEW_FUN_EXT: fixed fields read here, free variables as a container.
    fn new_fun(&mut self, start: usize) -> Result<Step, DecodeError> {
        let size_at = self.pos;
        let size = self.u32()? as usize;
        let arity = self.u8()?;
        let uniq: [u8; 16] = self.array()?;
        let index = self.u32()?;
        let num_free = self.u32()? as usize;
        let module = self.atom()?;
        let old_index = self.small_int(start)?;
        let old_uniq = self.small_int(start)?;
        let pid_tag = self.u8()?;
        if pid_tag != NEW_PID_EXT && pid_tag != PID_EXT {
            return Err(self.err_at(start, DecodeErrorKind::BadFun));
        }
        let pid = self.pid_body(pid_tag)?;
        let end_expected = size_at
            .checked_add(size)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| self.err_at(start, DecodeErrorKind::BadFun))?;
        let fun = Box::new(LocalFun {
            arity,
            uniq,
            index,
            module,
            old_index,
            old_uniq,
            pid,
            free_vars: Vec::with_capacity(self.cap(num_free, 1)),
        });
        let frame = Frame::Fun {
            fun,
            left: num_free,
            end_expected,
            start,
        };
        if num_free == 0 {
            return Ok(Step::Value(self.close(frame)?));
        }
        Ok(Step::Open(frame))
    }

    fn small_int(&mut self, start: usize) -> Result<i64, DecodeError> {
        match self.u8()? {
            SMALL_INTEGER_EXT => Ok(self.u8()? as i64),
            INTEGER_EXT => Ok(self.u32()? as i32 as i64),
            _ => Err(self.err_at(start, DecodeErrorKind::BadFun)),
        }
    }
}

/// Adds a finished element to a container; `Some(())` when the container is complete.
fn push(frame: &mut Frame, value: Term) -> Option<()> {
    match frame {
        Frame::Tuple { items, left } => {
            items.push(value);
            *left -= 1;
            (*left == 0).then_some(())
        }
        Frame::List { items, left, tail } => {
            if *left > 0 {
                items.push(value);
                *left -= 1;
                None
            } else {
                *tail = Some(value);
                Some(())
            }
        }
        Frame::Map {
            pairs, key, left, ..
        } => match key.take() {
            None => {
                *key = Some(value);
                None
            }
            Some(k) => {
                pairs.push((k, value));
                *left -= 1;
                (*left == 0).then_some(())
            }
        },
        Frame::Fun { fun, left, .. } => {
            fun.free_vars.push(value);
            *left -= 1;
            (*left == 0).then_some(())
        }
    }
}

fn check_unique_keys(pairs: &[(Term, Term)]) -> Result<(), ()> {
    let mut keys: Vec<&Term> = pairs.iter().map(|(k, _)| k).collect();
    keys.sort_by(|a, b| compare_exact(a, b));
    if keys.windows(2).any(|w| compare_exact(w[0], w[1]).is_eq()) {
        return Err(());
    }
    Ok(())
}
