//! The port mapper client: register a node (ALIVE2), look one up (PORT_PLEASE2), list the
//! registered names (NAMES).
//!
//! Requests are `Len:16, Body`; replies have no length prefix. A registration lives as long
//! as its TCP connection, so [`Registration`] owns the socket.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::time::Duration;

pub const DEFAULT_PORT: u16 = 4369;

pub const ALIVE2_REQ: u8 = 120;
pub const ALIVE2_X_RESP: u8 = 118;
pub const ALIVE2_RESP: u8 = 121;
pub const PORT_PLEASE2_REQ: u8 = 122;
pub const PORT2_RESP: u8 = 119;
pub const NAMES_REQ: u8 = 110;
pub const DUMP_REQ: u8 = 100;
pub const KILL_REQ: u8 = 107;
pub const STOP_REQ: u8 = 115;

/// Node types in ALIVE2_REQ / PORT2_RESP.
pub const NODE_TYPE_NORMAL: u8 = 77;
pub const NODE_TYPE_HIDDEN: u8 = 72;

/// The port mapper's port: `ERL_EPMD_PORT` if set and valid, else 4369.
pub fn port_from_env() -> u16 {
    std::env::var("ERL_EPMD_PORT")
        .ok()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(DEFAULT_PORT)
}

/// What a node tells the port mapper about itself, and what a lookup returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeEntry {
    /// The name before `@`.
    pub name: String,
    pub port: u16,
    pub node_type: u8,
    pub protocol: u8,
    pub highest_version: u16,
    pub lowest_version: u16,
    pub extra: Vec<u8>,
}

impl NodeEntry {
    /// A normal (visible) TCP node speaking version 6, registering like OTP 25 does
    /// (highest 6, lowest 5).
    pub fn new(name: &str, port: u16) -> Self {
        NodeEntry {
            name: name.to_string(),
            port,
            node_type: NODE_TYPE_NORMAL,
            protocol: 0,
            highest_version: 6,
            lowest_version: 5,
            extra: Vec::new(),
        }
    }

    /// The fields after the tag, as ALIVE2_REQ and PORT2_RESP share them.
    pub(crate) fn write_fields(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.port.to_be_bytes());
        out.push(self.node_type);
        out.push(self.protocol);
        out.extend_from_slice(&self.highest_version.to_be_bytes());
        out.extend_from_slice(&self.lowest_version.to_be_bytes());
        out.extend_from_slice(&(self.name.len() as u16).to_be_bytes());
        out.extend_from_slice(self.name.as_bytes());
        out.extend_from_slice(&(self.extra.len() as u16).to_be_bytes());
        out.extend_from_slice(&self.extra);
    }

    /// Parses the fields after the tag; `None` if malformed.
    pub(crate) fn parse_fields(b: &[u8]) -> Option<NodeEntry> {
        let u16_at =
            |i: usize| -> Option<u16> { Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])) };
        let port = u16_at(0)?;
        let node_type = *b.get(2)?;
        let protocol = *b.get(3)?;
        let highest_version = u16_at(4)?;
        let lowest_version = u16_at(6)?;
        let nlen = u16_at(8)? as usize;
        let name = b.get(10..10 + nlen)?;
        let name = String::from_utf8(name.to_vec()).ok()?;
        // Old clients may omit the extra field.
        let extra = match u16_at(10 + nlen) {
            Some(elen) => b.get(12 + nlen..12 + nlen + elen as usize)?.to_vec(),
            None => Vec::new(),
        };
        Some(NodeEntry {
            name,
            port,
            node_type,
            protocol,
            highest_version,
            lowest_version,
            extra,
        })
    }
}

fn connect(host: &str, epmd_port: u16) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, format!("no address for {host}"));
    for addr in (host, epmd_port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(5)) {
            Ok(s) => {
                s.set_read_timeout(Some(Duration::from_secs(10)))?;
                s.set_nodelay(true)?;
                return Ok(s);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn request(s: &mut TcpStream, body: &[u8]) -> io::Result<()> {
    let len = u16::try_from(body.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "request too long"))?;
    let mut msg = Vec::with_capacity(2 + body.len());
    msg.extend_from_slice(&len.to_be_bytes());
    msg.extend_from_slice(body);
    s.write_all(&msg)
}

/// A live registration: dropping it (or closing the socket) unregisters the name.
#[derive(Debug)]
pub struct Registration {
    pub creation: u32,
    stream: TcpStream,
}

impl Registration {
    /// A handle to the socket, to notice when the port mapper goes away (a read returns 0).
    pub fn try_clone_stream(&self) -> io::Result<TcpStream> {
        self.stream.try_clone()
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// ALIVE2_REQ on the local port mapper. Fails if the name is taken.
pub fn register(host: &str, epmd_port: u16, entry: &NodeEntry) -> io::Result<Registration> {
    let mut s = connect(host, epmd_port)?;
    let mut body = vec![ALIVE2_REQ];
    entry.write_fields(&mut body);
    request(&mut s, &body)?;
    let mut tag = [0u8; 2];
    s.read_exact(&mut tag)?;
    let creation = match tag {
        [ALIVE2_X_RESP, 0] => {
            let mut c = [0u8; 4];
            s.read_exact(&mut c)?;
            u32::from_be_bytes(c)
        }
        [ALIVE2_RESP, 0] => {
            let mut c = [0u8; 2];
            s.read_exact(&mut c)?;
            u16::from_be_bytes(c) as u32
        }
        [ALIVE2_X_RESP | ALIVE2_RESP, _] => {
            return Err(io::Error::new(
                io::ErrorKind::AddrInUse,
                format!(
                    "the name {} seems to be in use by another Erlang node",
                    entry.name
                ),
            ))
        }
        _ => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "bad reply from the port mapper",
            ))
        }
    };
    s.set_read_timeout(None)?;
    Ok(Registration {
        creation,
        stream: s,
    })
}

/// PORT_PLEASE2_REQ: where node `name` (the part before `@`) listens on `host`.
/// `Ok(None)` when the port mapper does not know the name.
pub fn port_please(host: &str, epmd_port: u16, name: &str) -> io::Result<Option<NodeEntry>> {
    let mut s = connect(host, epmd_port)?;
    let mut body = vec![PORT_PLEASE2_REQ];
    body.extend_from_slice(name.as_bytes());
    request(&mut s, &body)?;
    let mut reply = Vec::new();
    s.take(70_000).read_to_end(&mut reply)?;
    match reply.as_slice() {
        [PORT2_RESP, 0, rest @ ..] => NodeEntry::parse_fields(rest).map(Some).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "bad PORT2_RESP from the port mapper",
            )
        }),
        [PORT2_RESP, _, ..] => Ok(None),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad reply from the port mapper",
        )),
    }
}

/// NAMES_REQ: the mapper's port and the registered `(name, port)` pairs.
pub fn names(host: &str, epmd_port: u16) -> io::Result<(u32, Vec<(String, u16)>)> {
    let mut s = connect(host, epmd_port)?;
    request(&mut s, &[NAMES_REQ])?;
    let mut reply = Vec::new();
    s.take(16 << 20).read_to_end(&mut reply)?;
    if reply.len() < 4 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "short NAMES reply",
        ));
    }
    let port = u32::from_be_bytes([reply[0], reply[1], reply[2], reply[3]]);
    let text = String::from_utf8_lossy(&reply[4..]);
    let list = text
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("name ")?;
            let (name, port) = rest.rsplit_once(" at port ")?;
            Some((name.to_string(), port.trim().parse().ok()?))
        })
        .collect();
    Ok((port, list))
}

/// Whether a port mapper answers a NAMES request on `host:epmd_port`.
pub fn is_running(host: &str, epmd_port: u16) -> bool {
    names(host, epmd_port).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alive2_body_is_what_erl_sends() {
        // Measured against OTP 25.2.3 for `-sname z1` on port 37373.
        let mut body = vec![ALIVE2_REQ];
        NodeEntry::new("z1", 37373).write_fields(&mut body);
        assert_eq!(
            body,
            [0x78, 0x91, 0xfd, 0x4d, 0, 0, 6, 0, 5, 0, 2, b'z', b'1', 0, 0]
        );
        assert_eq!(
            NodeEntry::parse_fields(&body[1..]),
            Some(NodeEntry::new("z1", 37373))
        );
        assert_eq!(NodeEntry::parse_fields(&body[1..9]), None);
    }
}
