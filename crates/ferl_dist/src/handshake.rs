//! The version 6 handshake (OTP 23+), both as the node that connects and as the node that
//! accepts, including the old `'n'` name message (with its `'c'` complement) that OTP 23/24
//! nodes send when they did not look the peer up in a port mapper.
//!
//! Each message is `Len:16, Body`. The parsers are pure functions over a body so that they
//! can be fuzzed; [`initiate`] and [`accept`] drive them over any blocking stream. Digests
//! are MD5(cookie ++ decimal challenge) and are compared in constant time.

use std::fmt;
use std::io::{self, Read, Write};

use md5::{Digest, Md5};

use crate::flags;

/// The status the accepting node answers the name message with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    OkSimultaneous,
    /// A simultaneous connection attempt that the accepting side wins.
    Nok,
    NotAllowed,
    /// The accepting node believes it is already connected to this name.
    Alive,
}

impl Status {
    fn text(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::OkSimultaneous => "ok_simultaneous",
            Status::Nok => "nok",
            Status::NotAllowed => "not_allowed",
            Status::Alive => "alive",
        }
    }
}

#[derive(Debug)]
pub enum HandshakeError {
    Io(io::Error),
    /// A message that does not parse, or is not the one expected at this step.
    Malformed(&'static str),
    /// The other side answered `nok`, `not_allowed`, or `false` after `alive`.
    Refused(String),
    /// The peer lacks flags OTP 25 requires.
    MissingFlags(Vec<&'static str>),
    /// The peer's digest is wrong: different cookies.
    BadDigest,
    /// The node that answered is not the one we meant to reach.
    WrongNode {
        expected: String,
        got: String,
    },
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::Io(e) => write!(f, "handshake I/O error: {e}"),
            HandshakeError::Malformed(what) => write!(f, "malformed handshake: {what}"),
            HandshakeError::Refused(s) => write!(f, "connection refused by peer: {s}"),
            HandshakeError::MissingFlags(m) => write!(f, "peer cannot handle {m:?}"),
            HandshakeError::BadDigest => write!(f, "invalid challenge reply (wrong cookie)"),
            HandshakeError::WrongNode { expected, got } => {
                write!(f, "expected node {expected}, reached {got}")
            }
        }
    }
}

impl std::error::Error for HandshakeError {}

impl Clone for HandshakeError {
    fn clone(&self) -> Self {
        match self {
            HandshakeError::Io(e) => HandshakeError::Io(io::Error::new(e.kind(), e.to_string())),
            HandshakeError::Malformed(w) => HandshakeError::Malformed(w),
            HandshakeError::Refused(s) => HandshakeError::Refused(s.clone()),
            HandshakeError::MissingFlags(m) => HandshakeError::MissingFlags(m.clone()),
            HandshakeError::BadDigest => HandshakeError::BadDigest,
            HandshakeError::WrongNode { expected, got } => HandshakeError::WrongNode {
                expected: expected.clone(),
                got: got.clone(),
            },
        }
    }
}

impl From<io::Error> for HandshakeError {
    fn from(e: io::Error) -> Self {
        HandshakeError::Io(e)
    }
}

type Result<T> = std::result::Result<T, HandshakeError>;

/// The name message (`'N'`, or the old `'n'` of version 5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendName {
    pub flags: u64,
    /// Zero for the old form until its complement arrives.
    pub creation: u32,
    pub name: String,
    /// The old `'n'` form: a `'c'` complement follows the challenge.
    pub old: bool,
}

/// The challenge message (`'N'`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub flags: u64,
    pub challenge: u32,
    pub creation: u32,
    pub name: String,
}

/// What we know of the other node once the handshake succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerInfo {
    pub name: String,
    /// The peer's own flags (MANDATORY_25_DIGEST expanded).
    pub flags: u64,
    pub creation: u32,
}

/// This node, as the handshake presents it.
#[derive(Clone, Debug)]
pub struct Local<'a> {
    pub name: &'a str,
    pub cookie: &'a str,
    pub flags: u64,
    pub creation: u32,
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(HandshakeError::Malformed(what));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok((self.u32(what)? as u64) << 32 | self.u32(what)? as u64)
    }
    fn name(&mut self, len: usize, what: &'static str) -> Result<String> {
        let b = self.take(len, what)?;
        let s = std::str::from_utf8(b).map_err(|_| HandshakeError::Malformed(what))?;
        if !valid_node_name(s) {
            return Err(HandshakeError::Malformed(what));
        }
        Ok(s.to_string())
    }
}

/// `name@host` with both parts non-empty.
fn valid_node_name(s: &str) -> bool {
    matches!(s.split_once('@'), Some((a, h)) if !a.is_empty() && !h.is_empty() && !h.contains('@'))
}

/// Parses a name message body. Bytes after the defined fields are ignored.
pub fn parse_send_name(body: &[u8]) -> Result<SendName> {
    let mut c = Cursor(body);
    match c.take(1, "empty name message")?[0] {
        b'N' => {
            let flags = c.u64("short name message")?;
            let creation = c.u32("short name message")?;
            let n = c.u16("short name message")? as usize;
            let name = c.name(n, "bad node name")?;
            Ok(SendName {
                flags,
                creation,
                name,
                old: false,
            })
        }
        b'n' => {
            let _version = c.u16("short name message")?;
            let flags = c.u32("short name message")? as u64;
            let rest = c.0;
            let name = Cursor(rest).name(rest.len(), "bad node name")?;
            Ok(SendName {
                flags,
                creation: 0,
                name,
                old: true,
            })
        }
        _ => Err(HandshakeError::Malformed("expected a name message")),
    }
}

/// Parses a status message (`'s'` + text).
pub fn parse_status(body: &[u8]) -> Result<Status> {
    match body {
        [b's', rest @ ..] => match rest {
            b"ok" => Ok(Status::Ok),
            b"ok_simultaneous" => Ok(Status::OkSimultaneous),
            b"nok" => Ok(Status::Nok),
            b"not_allowed" => Ok(Status::NotAllowed),
            b"alive" => Ok(Status::Alive),
            _ => Err(HandshakeError::Malformed("unknown status")),
        },
        _ => Err(HandshakeError::Malformed("expected a status message")),
    }
}

pub fn parse_challenge(body: &[u8]) -> Result<Challenge> {
    let mut c = Cursor(body);
    if c.take(1, "empty challenge")?[0] != b'N' {
        return Err(HandshakeError::Malformed("expected a challenge"));
    }
    let flags = c.u64("short challenge")?;
    let challenge = c.u32("short challenge")?;
    let creation = c.u32("short challenge")?;
    let n = c.u16("short challenge")? as usize;
    let name = c.name(n, "bad node name in challenge")?;
    Ok(Challenge {
        flags,
        challenge,
        creation,
        name,
    })
}

/// The `'c'` complement: the high flag word and the creation.
pub fn parse_complement(body: &[u8]) -> Result<(u32, u32)> {
    let mut c = Cursor(body);
    if c.take(1, "empty complement")?[0] != b'c' {
        return Err(HandshakeError::Malformed("expected a complement"));
    }
    Ok((c.u32("short complement")?, c.u32("short complement")?))
}

/// The `'r'` challenge reply: the initiator's own challenge and its digest.
pub fn parse_challenge_reply(body: &[u8]) -> Result<(u32, [u8; 16])> {
    let mut c = Cursor(body);
    if c.take(1, "empty challenge reply")?[0] != b'r' {
        return Err(HandshakeError::Malformed("expected a challenge reply"));
    }
    let challenge = c.u32("short challenge reply")?;
    let mut d = [0u8; 16];
    d.copy_from_slice(c.take(16, "short challenge reply")?);
    Ok((challenge, d))
}

pub fn parse_challenge_ack(body: &[u8]) -> Result<[u8; 16]> {
    let mut c = Cursor(body);
    if c.take(1, "empty challenge ack")?[0] != b'a' {
        return Err(HandshakeError::Malformed("expected a challenge ack"));
    }
    let mut d = [0u8; 16];
    d.copy_from_slice(c.take(16, "short challenge ack")?);
    Ok(d)
}

/// MD5 of the cookie followed by the challenge in decimal.
pub fn digest(cookie: &str, challenge: u32) -> [u8; 16] {
    let mut h = Md5::new();
    h.update(cookie.as_bytes());
    h.update(challenge.to_string().as_bytes());
    h.finalize().into()
}

/// Equality that takes the same time wherever the first difference is.
fn constant_time_eq(a: &[u8; 16], b: &[u8; 16]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

fn read_msg<S: Read>(s: &mut S) -> Result<Vec<u8>> {
    let mut len = [0u8; 2];
    s.read_exact(&mut len)?;
    let len = u16::from_be_bytes(len) as usize;
    if len == 0 {
        return Err(HandshakeError::Malformed("empty handshake message"));
    }
    let mut body = vec![0u8; len];
    s.read_exact(&mut body)?;
    Ok(body)
}

fn write_msg<S: Write>(s: &mut S, body: &[u8]) -> Result<()> {
    let mut m = Vec::with_capacity(2 + body.len());
    m.extend_from_slice(&(body.len() as u16).to_be_bytes());
    m.extend_from_slice(body);
    s.write_all(&m)?;
    s.flush()?;
    Ok(())
}

fn check_flags(peer: u64) -> Result<u64> {
    let missing = flags::missing_mandatory(peer);
    if !missing.is_empty() {
        return Err(HandshakeError::MissingFlags(missing));
    }
    Ok(flags::expand(peer))
}

/// Runs the handshake as the connecting node. `expected` is the full name we meant to reach.
/// `replace_alive` is asked when the peer answers `alive` (it still has a connection from
/// us): true replaces that connection, false gives up.
pub fn initiate<S: Read + Write>(
    s: &mut S,
    local: &Local,
    expected: &str,
    replace_alive: impl FnOnce() -> bool,
) -> Result<PeerInfo> {
    let mut m = vec![b'N'];
    m.extend_from_slice(&local.flags.to_be_bytes());
    m.extend_from_slice(&local.creation.to_be_bytes());
    m.extend_from_slice(&(local.name.len() as u16).to_be_bytes());
    m.extend_from_slice(local.name.as_bytes());
    write_msg(s, &m)?;

    match parse_status(&read_msg(s)?)? {
        Status::Ok | Status::OkSimultaneous => {}
        // The peer still has a connection from us (perhaps from our previous incarnation).
        Status::Alive => {
            if replace_alive() {
                write_msg(s, b"strue")?
            } else {
                write_msg(s, b"sfalse")?;
                return Err(HandshakeError::Refused("alive".into()));
            }
        }
        other => return Err(HandshakeError::Refused(other.text().to_string())),
    }

    let ch = parse_challenge(&read_msg(s)?)?;
    if ch.name != expected {
        return Err(HandshakeError::WrongNode {
            expected: expected.to_string(),
            got: ch.name,
        });
    }
    let peer_flags = check_flags(ch.flags)?;
    let mine: u32 = rand::random();
    let mut r = vec![b'r'];
    r.extend_from_slice(&mine.to_be_bytes());
    r.extend_from_slice(&digest(local.cookie, ch.challenge));
    write_msg(s, &r)?;

    let ack = parse_challenge_ack(&read_msg(s)?)?;
    if !constant_time_eq(&ack, &digest(local.cookie, mine)) {
        return Err(HandshakeError::BadDigest);
    }
    Ok(PeerInfo {
        name: ch.name,
        flags: peer_flags,
        creation: ch.creation,
    })
}

/// Runs the handshake as the accepting node. `decide` sees the peer's name message and
/// chooses the status (simultaneous connections, duplicates); for [`Status::Alive`] the
/// peer's answer decides whether to continue.
pub fn accept<S: Read + Write>(
    s: &mut S,
    local: &Local,
    decide: impl FnOnce(&SendName) -> Status,
) -> Result<PeerInfo> {
    let mut name = parse_send_name(&read_msg(s)?)?;
    // The old form carries only the low flag word; HANDSHAKE_23 must be among them for
    // the complement to follow.
    if name.old && name.flags & flags::HANDSHAKE_23 == 0 {
        return Err(HandshakeError::MissingFlags(vec!["HANDSHAKE_23"]));
    }
    if !name.old {
        check_flags(name.flags)?;
    }
    let status = decide(&name);
    write_msg(s, format!("s{}", status.text()).as_bytes())?;
    match status {
        Status::Ok | Status::OkSimultaneous => {}
        Status::Alive => match read_msg(s)?.as_slice() {
            b"strue" => {}
            b"sfalse" => return Err(HandshakeError::Refused("false".into())),
            _ => return Err(HandshakeError::Malformed("expected true or false")),
        },
        other => return Err(HandshakeError::Refused(other.text().to_string())),
    }

    let mine: u32 = rand::random();
    let mut m = vec![b'N'];
    m.extend_from_slice(&local.flags.to_be_bytes());
    m.extend_from_slice(&mine.to_be_bytes());
    m.extend_from_slice(&local.creation.to_be_bytes());
    m.extend_from_slice(&(local.name.len() as u16).to_be_bytes());
    m.extend_from_slice(local.name.as_bytes());
    write_msg(s, &m)?;

    if name.old {
        let (high, creation) = parse_complement(&read_msg(s)?)?;
        name.flags |= (high as u64) << 32;
        name.creation = creation;
    }
    let peer_flags = check_flags(name.flags)?;

    let (theirs, their_digest) = parse_challenge_reply(&read_msg(s)?)?;
    if !constant_time_eq(&their_digest, &digest(local.cookie, mine)) {
        return Err(HandshakeError::BadDigest);
    }
    let mut a = vec![b'a'];
    a.extend_from_slice(&digest(local.cookie, theirs));
    write_msg(s, &a)?;
    Ok(PeerInfo {
        name: name.name,
        flags: peer_flags,
        creation: name.creation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;

    fn local<'a>(name: &'a str, cookie: &'a str) -> Local<'a> {
        Local {
            name,
            cookie,
            flags: flags::RECOMMENDED,
            creation: 7,
        }
    }

    fn run(cookie_a: &'static str, cookie_b: &'static str) -> (Result<PeerInfo>, Result<PeerInfo>) {
        let (mut a, mut b) = UnixStream::pair().unwrap();
        let t = std::thread::spawn(move || {
            let r = accept(&mut b, &local("b@h", cookie_b), |_| Status::Ok);
            drop(b);
            r
        });
        let ra = initiate(&mut a, &local("a@h", cookie_a), "b@h", || true);
        drop(a);
        (ra, t.join().unwrap())
    }

    #[test]
    fn both_sides_agree() {
        let (a, b) = run("c", "c");
        assert_eq!(a.unwrap().name, "b@h");
        let b = b.unwrap();
        assert_eq!((b.name.as_str(), b.creation), ("a@h", 7));
        assert_eq!(b.flags & flags::MANDATORY_OTP25, flags::MANDATORY_OTP25);
    }

    #[test]
    fn wrong_cookie_fails_on_the_accepting_side() {
        let (a, b) = run("c", "other");
        assert!(matches!(b, Err(HandshakeError::BadDigest)));
        assert!(a.is_err());
    }

    #[test]
    fn digest_is_md5_of_cookie_and_decimal_challenge() {
        // md5("secret12345")
        let d = digest("secret", 12345);
        let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, format!("{:x}", Md5::digest(b"secret12345")));
    }

    #[test]
    fn parsers() {
        let mut n = vec![b'n', 0, 5];
        n.extend_from_slice(&(flags::MANDATORY_OTP25 as u32).to_be_bytes());
        n.extend_from_slice(b"x@y");
        let sn = parse_send_name(&n).unwrap();
        assert!(sn.old && sn.name == "x@y");
        assert!(parse_send_name(b"nxx").is_err());
        assert!(parse_send_name(b"N").is_err());
        assert_eq!(
            parse_status(b"sok_simultaneous").unwrap(),
            Status::OkSimultaneous
        );
        assert!(parse_status(b"sfoo").is_err());
        assert!(parse_challenge_ack(b"a123").is_err());
    }
}
