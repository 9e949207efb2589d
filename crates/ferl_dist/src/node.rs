//! A distributed node: the listener, the table of connections, connecting on demand, and
//! the hand-off of incoming messages to the VM through [`DistHandler`].
//!
//! Threads, not an async runtime: one accept thread, one thread per handshake, and per live
//! connection a reader (decodes frames, calls the handler, notices silence) and a writer
//! (sends queued frames, ticks when idle). The VM's schedulers only ever enqueue.

use std::collections::HashMap;
use std::io::{self, Read};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use ferl_etf::{Atom, Term};

use crate::connection::{self, Conn};
use crate::control::ControlMessage;
use crate::epmd::{self, NodeEntry, Registration};
use crate::flags;
use crate::handshake::{self, HandshakeError, Local, PeerInfo, Status};
use crate::name::NameMode;

/// The stack of threads that decode, convert or encode terms (a reader and its handler,
/// a connection setup that sends queued messages): terms nest up to the decoder's depth
/// limit, and a deeply nested term must not overflow a thread (that aborts the node).
/// Only the pages used are committed.
pub const DEEP_STACK: usize = 256 << 20;

/// What the VM provides: called from Ferl's I/O threads, so every method must return
/// quickly (enqueue into a mailbox, never wait on a process).
pub trait DistHandler: Send + Sync + 'static {
    /// A message from `node`, in the order the node sent them.
    fn message(&self, node: &Atom, msg: ControlMessage);
    /// A connection is up; called before any message from that node.
    fn node_up(&self, _node: &Atom, _peer: &PeerInfo) {}
    /// A connection that was up went down (`reason`: `net_tick_timeout`,
    /// `connection_closed`, `disconnect`, ...). Links and monitors over it now fire
    /// `noconnection`.
    fn node_down(&self, _node: &Atom, _reason: &str) {}
    /// An attempt to connect failed; messages queued for the node were dropped.
    fn connect_failed(&self, _node: &Atom, _error: &DistError) {}
    /// A line for the error logger, in erl's wording.
    fn log(&self, text: &str) {
        eprintln!("{text}");
    }
}

#[derive(Debug)]
pub enum DistError {
    Io(io::Error),
    /// The name is not `alive@host`.
    BadNodeName(String),
    /// Short names cannot reach long names and vice versa.
    IllegalHost(String),
    /// The port mapper on the node's host does not know it.
    NotRegistered(String),
    Handshake(HandshakeError),
    /// The node is shutting down or the attempt was superseded.
    Closed,
    Timeout,
}

impl std::fmt::Display for DistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DistError::Io(e) => write!(f, "{e}"),
            DistError::BadNodeName(n) => write!(f, "bad node name: {n}"),
            DistError::IllegalHost(h) => write!(f, "Hostname {h} is illegal"),
            DistError::NotRegistered(n) => write!(f, "node {n} is not registered"),
            DistError::Handshake(e) => write!(f, "{e}"),
            DistError::Closed => write!(f, "connection closed"),
            DistError::Timeout => write!(f, "connection setup timed out"),
        }
    }
}

impl std::error::Error for DistError {}

/// Every waiter for a failed connection gets its own copy of the error.
impl Clone for DistError {
    fn clone(&self) -> Self {
        match self {
            DistError::Io(e) => DistError::Io(io::Error::new(e.kind(), e.to_string())),
            DistError::BadNodeName(n) => DistError::BadNodeName(n.clone()),
            DistError::IllegalHost(h) => DistError::IllegalHost(h.clone()),
            DistError::NotRegistered(n) => DistError::NotRegistered(n.clone()),
            DistError::Handshake(e) => DistError::Handshake(e.clone()),
            DistError::Closed => DistError::Closed,
            DistError::Timeout => DistError::Timeout,
        }
    }
}

impl From<io::Error> for DistError {
    fn from(e: io::Error) -> Self {
        DistError::Io(e)
    }
}

impl From<HandshakeError> for DistError {
    fn from(e: HandshakeError) -> Self {
        DistError::Handshake(e)
    }
}

/// How the node finds and announces itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EpmdMode {
    /// Register with the port mapper on localhost at this port (and look peers up at the same
    /// port on their hosts). Re-registers every 2 s while the mapper is gone.
    Register { port: u16 },
    /// Look peers up at this port but do not register (the node is reachable only by those
    /// who know its port), with the given creation.
    LookupOnly { port: u16, creation: u32 },
}

#[derive(Clone, Debug)]
pub struct DistConfig {
    /// The full node name, `alive@host` (see [`crate::name::node_name`]).
    pub name: String,
    pub cookie: String,
    pub name_mode: NameMode,
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    pub epmd: EpmdMode,
    /// `net_ticktime`: a connection silent this long is dropped; ticks go out every quarter.
    pub net_ticktime: Duration,
    /// `net_setuptime`: the longest a connection setup may take.
    pub setup_time: Duration,
    /// The flags advertised; see [`flags::RECOMMENDED`]. Without [`flags::PUBLISHED`] the
    /// node is hidden (`-hidden`): erl lists it in `nodes(hidden)` only.
    pub flags: u64,
    /// The largest frame accepted from a peer before the connection is dropped.
    pub max_frame: usize,
}

impl DistConfig {
    /// Defaults: listen on all interfaces at a free port, register with the port mapper at
    /// `ERL_EPMD_PORT` or 4369, net_ticktime 60 s, setup time 7 s, recommended flags.
    pub fn new(name: &str, cookie: &str, name_mode: NameMode) -> Self {
        DistConfig {
            name: name.to_string(),
            cookie: cookie.to_string(),
            name_mode,
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
            epmd: EpmdMode::Register {
                port: epmd::port_from_env(),
            },
            net_ticktime: Duration::from_secs(60),
            setup_time: Duration::from_secs(7),
            flags: flags::RECOMMENDED,
            max_frame: 256 << 20,
        }
    }

    fn epmd_port(&self) -> u16 {
        match self.epmd {
            EpmdMode::Register { port } | EpmdMode::LookupOnly { port, .. } => port,
        }
    }
}

/// Who is setting a connection up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// We are connecting out.
    Outgoing,
    /// The peer is connecting in.
    Incoming,
    /// Our attempt lost a simultaneous connect (`nok`): the peer's is on its way.
    AwaitingPeer,
}

enum Slot {
    /// A handshake is running; `owner` is the attempt that will install the connection.
    Connecting {
        owner: u64,
        outgoing: Attempt,
        queue: Vec<ControlMessage>,
        waiters: Vec<mpsc::Sender<Result<(), DistError>>>,
    },
    Up(Arc<Conn>),
}

pub(crate) struct Inner {
    pub(crate) config: DistConfig,
    pub(crate) name: Atom,
    pub(crate) creation: u32,
    pub(crate) handler: Arc<dyn DistHandler>,
    slots: Mutex<HashMap<String, Slot>>,
    next_id: AtomicU64,
    stopped: AtomicBool,
    port: u16,
    registration: Mutex<Option<Registration>>,
}

/// A running distributed node. Cloning shares it; [`DistNode::shutdown`] stops it.
#[derive(Clone)]
pub struct DistNode {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl DistNode {
    /// Listens, registers with the port mapper (per `config.epmd`) and starts accepting.
    pub fn start(config: DistConfig, handler: Arc<dyn DistHandler>) -> Result<DistNode, DistError> {
        let (alive, host) = split_name(&config.name)?;
        config.name_mode.check_host(host)?;
        let alive = alive.to_string();
        let listener = TcpListener::bind(config.listen)?;
        let port = listener.local_addr()?.port();
        let (registration, creation) = match config.epmd {
            EpmdMode::Register { port: epmd_port } => {
                let entry = node_entry(&alive, port, config.flags);
                let reg = epmd::register("localhost", epmd_port, &entry)?;
                let c = reg.creation;
                (Some(reg), c)
            }
            EpmdMode::LookupOnly { creation, .. } => (None, creation),
        };
        let inner = Arc::new(Inner {
            name: Atom::new(config.name.clone()),
            config,
            creation,
            handler,
            slots: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            stopped: AtomicBool::new(false),
            port,
            registration: Mutex::new(registration),
        });
        let node = DistNode { inner };
        let acceptor = node.clone();
        thread::Builder::new()
            .name("dist-accept".into())
            .spawn(move || acceptor.accept_loop(listener))?;
        if matches!(node.inner.config.epmd, EpmdMode::Register { .. }) {
            let keeper = node.clone();
            thread::Builder::new()
                .name("dist-epmd".into())
                .spawn(move || keeper.keep_registered(alive))?;
        }
        Ok(node)
    }

    pub fn name(&self) -> &Atom {
        &self.inner.name
    }

    /// The creation the port mapper gave this incarnation (goes into pids, ports, refs).
    pub fn creation(&self) -> u32 {
        self.inner.creation
    }

    /// The port the node listens on.
    pub fn port(&self) -> u16 {
        self.inner.port
    }

    /// The nodes with a live connection (`nodes(connected)`).
    pub fn nodes(&self) -> Vec<Atom> {
        lock(&self.inner.slots)
            .iter()
            .filter(|(_, s)| matches!(s, Slot::Up(_)))
            .map(|(n, _)| Atom::new(n.clone()))
            .collect()
    }

    /// The peer's handshake data, if connected.
    pub fn peer(&self, node: &str) -> Option<PeerInfo> {
        match lock(&self.inner.slots).get(node) {
            Some(Slot::Up(c)) => Some(c.peer.clone()),
            _ => None,
        }
    }

    pub fn is_connected(&self, node: &str) -> bool {
        self.peer(node).is_some()
    }

    /// Connects (if not yet connected) and waits for the outcome, at most `setup_time`
    /// plus a little (`net_kernel:connect_node/1`).
    pub fn connect(&self, node: &str) -> Result<(), DistError> {
        let (tx, rx) = mpsc::channel();
        self.enqueue(node, None, Some(tx))?;
        match rx.recv_timeout(self.inner.config.setup_time + Duration::from_secs(1)) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(DistError::Timeout),
        }
    }

    /// Sends a control message, connecting first if needed; never blocks on the network.
    /// Messages to a node being connected wait in order; they are dropped (and
    /// [`DistHandler::connect_failed`] called) if the connection cannot be set up.
    pub fn send(&self, node: &str, msg: ControlMessage) -> Result<(), DistError> {
        self.enqueue(node, Some(msg), None)
    }

    /// Closes the connection to `node` (`erlang:disconnect_node/1`); true if there was one.
    pub fn disconnect(&self, node: &str) -> bool {
        let conn = match lock(&self.inner.slots).get(node) {
            Some(Slot::Up(c)) => Some(c.clone()),
            _ => None,
        };
        match conn {
            Some(c) => {
                connection::close(&self.inner, &c, "disconnect");
                true
            }
            None => false,
        }
    }

    /// Stops accepting, closes every connection and unregisters from the port mapper.
    pub fn shutdown(&self) {
        if self.inner.stopped.swap(true, Ordering::SeqCst) {
            return;
        }
        lock(&self.inner.registration).take();
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.inner.port));
        let conns: Vec<Arc<Conn>> = lock(&self.inner.slots)
            .values()
            .filter_map(|s| match s {
                Slot::Up(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        for c in conns {
            connection::close(&self.inner, &c, "shutdown");
        }
    }

    fn enqueue(
        &self,
        node: &str,
        msg: Option<ControlMessage>,
        waiter: Option<mpsc::Sender<Result<(), DistError>>>,
    ) -> Result<(), DistError> {
        let inner = &self.inner;
        if inner.stopped.load(Ordering::SeqCst) {
            return Err(DistError::Closed);
        }
        if node == inner.name.as_str() {
            return Err(DistError::BadNodeName(node.to_string()));
        }
        let (_, host) = split_name(node)?;
        inner.config.name_mode.check_host(host)?;
        let mut slots = lock(&inner.slots);
        match slots.get_mut(node) {
            Some(Slot::Up(c)) => {
                let c = c.clone();
                drop(slots);
                if let Some(m) = msg {
                    c.send(m);
                }
                if let Some(w) = waiter {
                    let _ = w.send(Ok(()));
                }
            }
            Some(Slot::Connecting { queue, waiters, .. }) => {
                queue.extend(msg);
                waiters.extend(waiter);
            }
            None => {
                let id = inner.next_id.fetch_add(1, Ordering::SeqCst);
                slots.insert(
                    node.to_string(),
                    Slot::Connecting {
                        owner: id,
                        outgoing: Attempt::Outgoing,
                        queue: msg.into_iter().collect(),
                        waiters: waiter.into_iter().collect(),
                    },
                );
                drop(slots);
                let me = self.clone();
                let target = node.to_string();
                thread::Builder::new()
                    .name("dist-connect".into())
                    .stack_size(DEEP_STACK)
                    .spawn(move || me.connect_out(target, id))?;
            }
        }
        Ok(())
    }

    fn local(&self) -> Local<'_> {
        Local {
            name: self.inner.name.as_str(),
            cookie: &self.inner.config.cookie,
            flags: self.inner.config.flags,
            creation: self.inner.creation,
        }
    }

    fn connect_out(self, node: String, id: u64) {
        let started = Instant::now();
        let result = self.try_connect_out(&node, id).and_then(|(stream, peer)| {
            if started.elapsed() > self.inner.config.setup_time {
                return Err(DistError::Timeout);
            }
            Ok((stream, peer))
        });
        match result {
            Ok((stream, peer)) => self.install(&node, id, stream, peer, false),
            Err(DistError::Handshake(HandshakeError::Refused(status))) if status == "nok" => {
                // The peer is connecting to us at the same time and wins: wait for its
                // connection to take over this attempt.
                if self.await_peer(&node, id) {
                    thread::sleep(self.inner.config.setup_time);
                    self.fail(
                        &node,
                        id,
                        DistError::Handshake(HandshakeError::Refused(status)),
                    );
                }
            }
            Err(e) => {
                if let DistError::Handshake(HandshakeError::MissingFlags(m)) = &e {
                    self.inner.handler.log(&format!(
                        "** Connection attempt to node {node} aborted since it cannot handle {m:?}.**"
                    ));
                }
                self.fail(&node, id, e);
            }
        }
    }

    /// Whether attempt `id` still owns the slot of `node` (a simultaneous incoming
    /// connection may have taken it over).
    fn owns(&self, node: &str, id: u64) -> bool {
        matches!(lock(&self.inner.slots).get(node),
            Some(Slot::Connecting { owner, .. }) if *owner == id)
    }

    fn try_connect_out(&self, node: &str, id: u64) -> Result<(TcpStream, PeerInfo), DistError> {
        if !self.owns(node, id) {
            return Err(DistError::Closed);
        }
        let (alive, host) = split_name(node)?;
        let entry = epmd::port_please(host, self.inner.config.epmd_port(), alive)?
            .ok_or_else(|| DistError::NotRegistered(node.to_string()))?;
        let setup = self.inner.config.setup_time;
        let mut last = DistError::NotRegistered(node.to_string());
        for addr in (host, entry.port).to_socket_addrs()? {
            match TcpStream::connect_timeout(&addr, setup) {
                Ok(mut s) => {
                    s.set_read_timeout(Some(setup))?;
                    s.set_write_timeout(Some(setup))?;
                    s.set_nodelay(true)?;
                    let peer =
                        handshake::initiate(&mut s, &self.local(), node, || self.owns(node, id))?;
                    return Ok((s, peer));
                }
                Err(e) => last = DistError::Io(e),
            }
        }
        Err(last)
    }

    /// Marks our lost attempt as waiting for the peer's; false if it no longer owns the slot.
    fn await_peer(&self, node: &str, id: u64) -> bool {
        match lock(&self.inner.slots).get_mut(node) {
            Some(Slot::Connecting {
                owner, outgoing, ..
            }) if *owner == id => {
                *outgoing = Attempt::AwaitingPeer;
                true
            }
            _ => false,
        }
    }

    /// Ends a failed attempt if it still owns the slot (a lost simultaneous attempt does not).
    fn fail(&self, node: &str, id: u64, e: DistError) {
        let mut slots = lock(&self.inner.slots);
        let owned = matches!(slots.get(node), Some(Slot::Connecting { owner, .. }) if *owner == id);
        if !owned {
            return;
        }
        let Some(Slot::Connecting { waiters, .. }) = slots.remove(node) else {
            return;
        };
        drop(slots);
        for w in waiters {
            let _ = w.send(Err(e.clone()));
        }
        self.inner.handler.connect_failed(&Atom::new(node), &e);
    }

    /// A handshake succeeded: make the connection the node's, unless the attempt lost.
    /// `replaces` is set for an accepted connection we answered `alive`: it replaces the
    /// connection in place.
    fn install(&self, node: &str, id: u64, stream: TcpStream, peer: PeerInfo, replaces: bool) {
        let inner = &self.inner;
        let mut slots = lock(&inner.slots);
        let (queue, waiters, old) = match slots.remove(node) {
            Some(Slot::Connecting {
                owner,
                queue,
                waiters,
                outgoing,
            }) => {
                if owner != id {
                    slots.insert(
                        node.to_string(),
                        Slot::Connecting {
                            owner,
                            queue,
                            waiters,
                            outgoing,
                        },
                    );
                    drop(slots);
                    let _ = stream.shutdown(Shutdown::Both);
                    return;
                }
                (queue, waiters, None)
            }
            // The `alive` case: the peer restarted and replaces its old connection.
            Some(Slot::Up(old)) if replaces => (Vec::new(), Vec::new(), Some(old)),
            // The slot went on without this attempt.
            other => {
                if let Some(slot) = other {
                    slots.insert(node.to_string(), slot);
                }
                drop(slots);
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
        };
        let conn = match Conn::new(inner, Atom::new(node), peer, stream) {
            Ok(c) => c,
            Err(e) => {
                drop(slots);
                let e = DistError::from(e);
                for w in waiters {
                    let _ = w.send(Err(e.clone()));
                }
                return;
            }
        };
        // Queued messages go first, before any sender can see the connection: messages
        // between two processes must keep their order.
        for m in queue {
            conn.send(m);
        }
        slots.insert(node.to_string(), Slot::Up(conn.clone()));
        drop(slots);
        if let Some(old) = old {
            connection::close(inner, &old, "connection_closed");
        }
        inner.handler.node_up(&conn.node, &conn.peer);
        connection::start(self.inner.clone(), conn);
        for w in waiters {
            let _ = w.send(Ok(()));
        }
    }

    /// Called by a connection's threads when it ends: forget it if it is still current.
    pub(crate) fn forget(inner: &Inner, conn: &Conn) -> bool {
        let mut slots = lock(&inner.slots);
        match slots.get(conn.node.as_str()) {
            Some(Slot::Up(c)) if c.id == conn.id => {
                slots.remove(conn.node.as_str());
                true
            }
            _ => false,
        }
    }

    pub(crate) fn next_id(inner: &Inner) -> u64 {
        inner.next_id.fetch_add(1, Ordering::SeqCst)
    }

    fn accept_loop(self, listener: TcpListener) {
        for stream in listener.incoming() {
            if self.inner.stopped.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let me = self.clone();
            let _ = thread::Builder::new()
                .name("dist-handshake".into())
                .stack_size(DEEP_STACK)
                .spawn(move || me.accept_one(stream));
        }
    }

    fn accept_one(self, mut stream: TcpStream) {
        let setup = self.inner.config.setup_time;
        if stream.set_read_timeout(Some(setup)).is_err()
            || stream.set_write_timeout(Some(setup)).is_err()
        {
            return;
        }
        let _ = stream.set_nodelay(true);
        let id = DistNode::next_id(&self.inner);
        let mut peer_name = None;
        let mut replaces = false;
        let local = self.local();
        let result = handshake::accept(&mut stream, &local, |sn| {
            peer_name = Some(sn.name.clone());
            let status = self.decide(&sn.name, id);
            replaces = status == Status::Alive;
            status
        });
        match result {
            Ok(peer) => {
                let name = peer.name.clone();
                self.install(&name, id, stream, peer, replaces);
            }
            Err(e) => {
                let _ = stream.shutdown(Shutdown::Both);
                let Some(name) = peer_name else { return };
                match &e {
                    HandshakeError::BadDigest => self.inner.handler.log(&format!(
                        "** Connection attempt from node {name} rejected. Invalid challenge reply. **"
                    )),
                    HandshakeError::MissingFlags(m) => self.inner.handler.log(&format!(
                        "** Connection attempt from node {name} rejected since it cannot handle {m:?}.**"
                    )),
                    _ => {}
                }
                // Release the slot this attempt took, if any.
                self.fail(&name, id, DistError::Handshake(e));
            }
        }
    }

    /// The status for an incoming name message, settling simultaneous attempts by name.
    fn decide(&self, peer: &str, id: u64) -> Status {
        if split_name(peer).is_err()
            || split_name(peer)
                .ok()
                .and_then(|(_, h)| self.inner.config.name_mode.check_host(h).ok())
                .is_none()
            || peer == self.inner.name.as_str()
        {
            return Status::NotAllowed;
        }
        let mut slots = lock(&self.inner.slots);
        match slots.get_mut(peer) {
            None => {
                slots.insert(
                    peer.to_string(),
                    Slot::Connecting {
                        owner: id,
                        outgoing: Attempt::Incoming,
                        queue: Vec::new(),
                        waiters: Vec::new(),
                    },
                );
                Status::Ok
            }
            Some(Slot::Connecting {
                owner, outgoing, ..
            }) => match *outgoing {
                Attempt::Incoming => Status::Nok,
                Attempt::Outgoing if self.inner.name.as_str() > peer => Status::Nok,
                // We lose (or already lost): this incoming connection takes over our
                // attempt's queue and waiters.
                Attempt::Outgoing | Attempt::AwaitingPeer => {
                    let status = if *outgoing == Attempt::Outgoing {
                        Status::OkSimultaneous
                    } else {
                        Status::Ok
                    };
                    *owner = id;
                    *outgoing = Attempt::Incoming;
                    status
                }
            },
            Some(Slot::Up(_)) => Status::Alive,
        }
    }

    /// Watches the port mapper registration and registers again while the mapper is gone.
    fn keep_registered(self, alive: String) {
        loop {
            let stream = lock(&self.inner.registration)
                .as_ref()
                .and_then(|r| r.try_clone_stream().ok());
            if let Some(mut s) = stream {
                let mut buf = [0u8; 64];
                while let Ok(n) = s.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                }
            }
            loop {
                if self.inner.stopped.load(Ordering::SeqCst) {
                    return;
                }
                thread::sleep(Duration::from_secs(2));
                if self.inner.stopped.load(Ordering::SeqCst) {
                    return;
                }
                let entry = node_entry(&alive, self.inner.port, self.inner.config.flags);
                if let Ok(r) = epmd::register("localhost", self.inner.config.epmd_port(), &entry) {
                    *lock(&self.inner.registration) = Some(r);
                    break;
                }
            }
        }
    }
}

/// A node without PUBLISHED is hidden, to the port mapper too.
fn node_entry(alive: &str, port: u16, flags: u64) -> NodeEntry {
    let mut e = NodeEntry::new(alive, port);
    if flags & flags::PUBLISHED == 0 {
        e.node_type = epmd::NODE_TYPE_HIDDEN;
    }
    e
}

/// `alive@host` into its parts.
pub(crate) fn split_name(name: &str) -> Result<(&str, &str), DistError> {
    match name.split_once('@') {
        Some((a, h)) if !a.is_empty() && !h.is_empty() && !h.contains('@') => Ok((a, h)),
        _ => Err(DistError::BadNodeName(name.to_string())),
    }
}

/// Decodes-and-delivers helper for the reader: a pass-through frame's control message.
pub(crate) fn deliver(inner: &Inner, node: &Atom, control: Term, payload: Option<Term>) -> bool {
    match ControlMessage::from_parts(control, payload) {
        Ok(m) => {
            inner.handler.message(node, m);
            true
        }
        Err(e) => {
            inner.handler.log(&format!(
                "** Malformed control message from {}: {e} **",
                node.as_str()
            ));
            false
        }
    }
}
