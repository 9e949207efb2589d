//! One live connection: its reader and writer threads, ticks, and closing it exactly once.
//!
//! The reader never trusts a length header: a frame longer than `max_frame` closes the
//! connection, and a frame's buffer grows only as its bytes actually arrive. Any malformed
//! frame closes this connection and no other.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use ferl_etf::Atom;

use crate::control::ControlMessage;
use crate::dist_header::{AtomCacheOut, FrameReader};
use crate::flags;
use crate::frame::{encode_frame, Frame};
use crate::handshake::PeerInfo;
use crate::node::{deliver, DistNode, Inner};

/// Frames at most this long are written by the sending thread itself when nothing is
/// queued before them (one system call, no hand-off to the writer thread); longer ones,
/// and any frame behind a queue, go through the writer thread.
const DIRECT_WRITE_MAX: usize = 64 * 1024;

/// The outgoing side, under one lock so frames keep the order of `send` calls.
struct Out {
    queue: VecDeque<Vec<u8>>,
    /// The writer thread is writing frames it took from the queue.
    writing: bool,
    closed: bool,
    last_tx: Instant,
}

pub(crate) struct Conn {
    pub(crate) id: u64,
    pub(crate) node: Atom,
    pub(crate) peer: PeerInfo,
    exit_payload: bool,
    /// The atom cache towards the peer, when DIST_HDR_ATOM_CACHE was negotiated. The lock
    /// also keeps frames in the order their cache updates were made.
    out_cache: Option<Mutex<AtomCacheOut>>,
    out: Mutex<Out>,
    out_ready: Condvar,
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
            out: Mutex::new(Out {
                queue: VecDeque::new(),
                writing: false,
                closed: false,
                last_tx: Instant::now(),
            }),
            out_ready: Condvar::new(),
            stream,
            down: AtomicBool::new(false),
        }))
    }

    /// Encodes on the caller's thread, then writes the frame at once if it is small and
    /// nothing is queued, or queues it for the writer thread.
    pub(crate) fn send(&self, m: ControlMessage) {
        let (control, payload) = m.into_parts(self.exit_payload);
        match &self.out_cache {
            Some(cache) => {
                // The cache lock is held until the frame is queued or written: frames must
                // reach the peer in the order their cache updates were made.
                let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
                let frame = cache.encode_frame(&control, payload.as_ref());
                self.push(frame);
            }
            None => self.push(encode_frame(&control, payload.as_ref())),
        }
    }

    fn lock_out(&self) -> MutexGuard<'_, Out> {
        self.out.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, frame: Vec<u8>) {
        let mut out = self.lock_out();
        if out.closed {
            return;
        }
        if frame.len() <= DIRECT_WRITE_MAX && out.queue.is_empty() && !out.writing {
            // Written under the lock: a later sender waits, so order is kept.
            if (&self.stream).write_all(&frame).is_err() {
                out.closed = true;
                drop(out);
                self.out_ready.notify_all();
                let _ = self.stream.shutdown(Shutdown::Both);
                return;
            }
            out.last_tx = Instant::now();
            return;
        }
        out.queue.push_back(frame);
        drop(out);
        self.out_ready.notify_one();
    }

    /// Stops the writer (after it has written what is queued).
    fn close_out(&self) {
        self.lock_out().closed = true;
        self.out_ready.notify_all();
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
        .stack_size(crate::node::DEEP_STACK)
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
    conn.close_out();
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

/// Bytes read ahead from the socket: one read takes in every frame that has arrived, so
/// small frames cost no system call each.
struct Input {
    buf: Box<[u8]>,
    start: usize,
    end: usize,
}

impl Input {
    fn new() -> Input {
        Input {
            buf: vec![0u8; 64 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
        }
    }
}

/// Reads exactly `n` bytes into `out`, growing it only as bytes arrive; a peer silent for
/// `net_ticktime` ends the connection.
fn read_exact_watched(
    inner: &Inner,
    conn: &Conn,
    s: &mut TcpStream,
    input: &mut Input,
    out: &mut Vec<u8>,
    n: usize,
    last_rx: &mut Instant,
) -> Result<(), String> {
    while out.len() < n {
        if input.start < input.end {
            let k = (n - out.len()).min(input.end - input.start);
            out.extend_from_slice(&input.buf[input.start..input.start + k]);
            input.start += k;
            continue;
        }
        if conn.down.load(Ordering::SeqCst) {
            return Err("connection_closed".into());
        }
        input.start = 0;
        input.end = 0;
        match s.read(&mut input.buf) {
            Ok(0) => return Err("connection_closed".into()),
            Ok(k) => {
                input.end = k;
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
    let mut input = Input::new();
    loop {
        let mut header = Vec::with_capacity(4);
        read_exact_watched(inner, conn, s, &mut input, &mut header, 4, &mut last_rx)?;
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
        read_exact_watched(inner, conn, s, &mut input, &mut body, len, &mut last_rx)?;
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
    let _ = s.set_write_timeout(Some(inner.config.net_ticktime));
    let tick = tick_interval(inner);
    let mut out = conn.lock_out();
    loop {
        if out.queue.is_empty() {
            if out.closed {
                return;
            }
            let idle = out.last_tx.elapsed();
            if idle >= tick {
                out.queue.push_back(vec![0, 0, 0, 0]);
            } else {
                out = conn
                    .out_ready
                    .wait_timeout(out, tick - idle)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
                continue;
            }
        }
        // Coalesce what is queued into one write, outside the lock; senders queue
        // behind it meanwhile (`writing`).
        let mut bytes = out.queue.pop_front().unwrap_or_default();
        while bytes.len() < 64 * 1024 {
            match out.queue.pop_front() {
                Some(g) => bytes.extend_from_slice(&g),
                None => break,
            }
        }
        out.writing = true;
        drop(out);
        let ok = s.write_all(&bytes).is_ok();
        out = conn.lock_out();
        out.writing = false;
        out.last_tx = Instant::now();
        if !ok {
            out.closed = true;
            drop(out);
            close(inner, conn, "connection_closed");
            return;
        }
    }
}
