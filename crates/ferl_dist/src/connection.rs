//! One live connection: its reader and writer threads, ticks, and closing it exactly once.
//!
//! The reader never trusts a length header: a frame longer than `max_frame` closes the
//! connection, and a frame's buffer grows only as its bytes actually arrive. Any malformed
//! frame closes this connection and no other.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use ferl_etf::Atom;

use crate::control::ControlMessage;
use crate::dist_header::{AtomCacheOut, FrameReader};
use crate::flags;
use crate::frame::{encode_frame, Frame};
use crate::handshake::PeerInfo;
use crate::node::{deliver, DistNode, Inner};

enum Out {
    Frame(Vec<u8>),
    Close,
}

pub(crate) struct Conn {
    pub(crate) id: u64,
    pub(crate) node: Atom,
    pub(crate) peer: PeerInfo,
    exit_payload: bool,
    /// The atom cache towards the peer, when DIST_HDR_ATOM_CACHE was negotiated. The lock
    /// also keeps frames in the order their cache updates were made.
    out_cache: Option<Mutex<AtomCacheOut>>,
    tx: mpsc::Sender<Out>,
    rx: Mutex<Option<mpsc::Receiver<Out>>>,
    stream: TcpStream,
    down: AtomicBool,
}

impl Conn {
    pub(crate) fn new(
        inner: &Inner,
        node: Atom,
        peer: PeerInfo,
        stream: TcpStream,
    ) -> io::Result<Arc<Conn>> {
        let (tx, rx) = mpsc::channel();
        let both = peer.flags & inner.config.flags;
        let exit_payload = both & flags::EXIT_PAYLOAD != 0;
        let out_cache =
            (both & flags::DIST_HDR_ATOM_CACHE != 0).then(|| Mutex::new(AtomCacheOut::default()));
        Ok(Arc::new(Conn {
            id: DistNode::next_id(inner),
            node,
            peer,
            exit_payload,
            out_cache,
            tx,
            rx: Mutex::new(Some(rx)),
            stream,
            down: AtomicBool::new(false),
        }))
    }

    /// Encodes on the caller's thread and queues for the writer.
    pub(crate) fn send(&self, m: ControlMessage) {
        let (control, payload) = m.into_parts(self.exit_payload);
        match &self.out_cache {
            Some(cache) => {
                let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
                let frame = cache.encode_frame(&control, payload.as_ref());
                let _ = self.tx.send(Out::Frame(frame));
            }
            None => {
                let frame = encode_frame(&control, payload.as_ref());
                let _ = self.tx.send(Out::Frame(frame));
            }
        }
    }
}

/// Starts the reader and writer threads of a freshly installed connection.
pub(crate) fn start(inner: Arc<Inner>, conn: Arc<Conn>) {
    let (Ok(read_half), Ok(write_half)) = (conn.stream.try_clone(), conn.stream.try_clone()) else {
        close(&inner, &conn, "connection_closed");
        return;
    };
    let (i2, c2) = (inner.clone(), conn.clone());
    let reader = thread::Builder::new()
        .name(format!("dist-in {}", conn.node.as_str()))
        .spawn(move || read_loop(&i2, &c2, read_half));
    let (i3, c3) = (inner.clone(), conn.clone());
    let writer = thread::Builder::new()
        .name(format!("dist-out {}", conn.node.as_str()))
        .spawn(move || write_loop(&i3, &c3, write_half));
    if reader.is_err() || writer.is_err() {
        close(&inner, &conn, "connection_closed");
    }
}

/// Closes the connection once: shuts the socket, stops the writer, tells the handler.
pub(crate) fn close(inner: &Inner, conn: &Conn, reason: &str) {
    if conn.down.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = conn.stream.shutdown(Shutdown::Both);
    let _ = conn.tx.send(Out::Close);
    DistNode::forget(inner, conn);
    inner.handler.node_down(&conn.node, reason);
}

fn tick_interval(inner: &Inner) -> Duration {
    (inner.config.net_ticktime / 4).max(Duration::from_millis(10))
}

fn read_loop(inner: &Inner, conn: &Conn, mut s: TcpStream) {
    // A panicking handler is a bug elsewhere; it must still not leave a half-dead
    // connection behind (ticking, but never reading).
    let run = std::panic::AssertUnwindSafe(|| read_frames(inner, conn, &mut s));
    let reason = match std::panic::catch_unwind(run) {
        Ok(Ok(())) => "connection_closed".to_string(),
        Ok(Err(r)) => r,
        Err(_) => "handler_panic".to_string(),
    };
    close(inner, conn, &reason);
}

/// Reads exactly `n` bytes into `buf`, growing it only as bytes arrive; a peer silent for
/// `net_ticktime` ends the connection.
fn read_exact_watched(
    inner: &Inner,
    conn: &Conn,
    s: &mut TcpStream,
    buf: &mut Vec<u8>,
    n: usize,
    last_rx: &mut Instant,
) -> Result<(), String> {
    let mut chunk = [0u8; 16 * 1024];
    while buf.len() < n {
        if conn.down.load(Ordering::SeqCst) {
            return Err("connection_closed".into());
        }
        let want = (n - buf.len()).min(chunk.len());
        match s.read(&mut chunk[..want]) {
            Ok(0) => return Err("connection_closed".into()),
            Ok(k) => {
                buf.extend_from_slice(&chunk[..k]);
                *last_rx = Instant::now();
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if last_rx.elapsed() >= inner.config.net_ticktime {
                    return Err("net_tick_timeout".into());
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err("connection_closed".into()),
        }
    }
    Ok(())
}

fn read_frames(inner: &Inner, conn: &Conn, s: &mut TcpStream) -> Result<(), String> {
    s.set_read_timeout(Some(tick_interval(inner).min(Duration::from_secs(1))))
        .map_err(|e| e.to_string())?;
    let mut last_rx = Instant::now();
    let mut frames = FrameReader::new(inner.config.max_frame);
    loop {
        let mut header = Vec::with_capacity(4);
        read_exact_watched(inner, conn, s, &mut header, 4, &mut last_rx)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        if len == 0 {
            continue;
        }
        if len > inner.config.max_frame {
            inner.handler.log(&format!(
                "** Distribution frame of {len} bytes from {} refused **",
                conn.node.as_str()
            ));
            return Err("frame_too_large".into());
        }
        let mut body = Vec::with_capacity(len.min(64 * 1024));
        read_exact_watched(inner, conn, s, &mut body, len, &mut last_rx)?;
        match frames.read(&body) {
            Ok(None) | Ok(Some(Frame::Tick)) => {}
            Ok(Some(Frame::Message { control, payload })) => {
                if !deliver(inner, &conn.node, control, payload) {
                    return Err("bad_control_message".into());
                }
            }
            Err(e) => {
                inner
                    .handler
                    .log(&format!("** {e} from {} **", conn.node.as_str()));
                return Err("malformed_frame".into());
            }
        }
    }
}

fn write_loop(inner: &Inner, conn: &Conn, mut s: TcpStream) {
    let Some(rx) = conn.rx.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return;
    };
    let _ = s.set_write_timeout(Some(inner.config.net_ticktime));
    let tick = tick_interval(inner);
    let mut last_tx = Instant::now();
    loop {
        let wait = tick.saturating_sub(last_tx.elapsed());
        let bytes = match rx.recv_timeout(wait) {
            Ok(Out::Frame(mut f)) => {
                // Coalesce whatever else is queued into one write.
                let mut closing = false;
                while f.len() < 64 * 1024 {
                    match rx.try_recv() {
                        Ok(Out::Frame(g)) => f.extend_from_slice(&g),
                        Ok(Out::Close) => {
                            closing = true;
                            break;
                        }
                        Err(_) => break,
                    }
                }
                if closing {
                    let _ = s.write_all(&f);
                    return;
                }
                f
            }
            Ok(Out::Close) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                if last_tx.elapsed() < tick {
                    continue;
                }
                vec![0, 0, 0, 0]
            }
        };
        if s.write_all(&bytes).is_err() {
            close(inner, conn, "connection_closed");
            return;
        }
        last_tx = Instant::now();
    }
}
