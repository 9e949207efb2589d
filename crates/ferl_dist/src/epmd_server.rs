//! The port mapper server, so that a machine without Erlang can run Ferl nodes and real erl
//! nodes can register with it and find Ferl nodes through it.
//!
//! It must outlive the node that started it (every node on the host depends on it), so the
//! `ferl` binary runs it as a detached process: [`spawn_detached`] re-executes the binary
//! with `-epmd -daemon`, and that process calls [`run`]. One thread per client; a
//! registration holds its connection open and ends when the node closes it.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::epmd::{
    NodeEntry, ALIVE2_REQ, ALIVE2_RESP, ALIVE2_X_RESP, DUMP_REQ, KILL_REQ, NAMES_REQ, PORT2_RESP,
    PORT_PLEASE2_REQ, STOP_REQ,
};

/// Serves the port mapper protocol on `0.0.0.0:port` until a KILL request; blocks.
pub fn run(port: u16) -> io::Result<()> {
    let server = EpmdServer::bind(("0.0.0.0", port))?;
    server.wait();
    Ok(())
}

/// Starts `exe -epmd -daemon` in its own process group with no inherited stdio and
/// `ERL_EPMD_PORT=port`, and does not wait for it. The caller then polls
/// [`crate::epmd::is_running`].
pub fn spawn_detached(exe: &Path, port: u16) -> io::Result<()> {
    use std::os::unix::process::CommandExt;
    let mut child = Command::new(exe)
        .args(["-epmd", "-daemon"])
        .env("ERL_EPMD_PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    // Reap it if it ever exits while this process lives; otherwise init adopts it.
    thread::Builder::new()
        .name("epmd-daemon-reaper".into())
        .spawn(move || {
            let _ = child.wait();
        })?;
    Ok(())
}

/// Makes sure a port mapper answers on localhost:`port`: if none does, starts one with
/// [`spawn_detached`] and waits up to 3 s for it. Returns whether one answers.
pub fn ensure_running(exe: &Path, port: u16) -> io::Result<bool> {
    if crate::epmd::is_running("localhost", port) {
        return Ok(true);
    }
    spawn_detached(exe, port)?;
    for _ in 0..60 {
        thread::sleep(Duration::from_millis(50));
        if crate::epmd::is_running("localhost", port) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What a starting node does about the port mapper: use one that answers on `port`; else
/// start the detached daemon from `exe` (the `ferl` binary); else serve in this process
/// (returned: keep it alive as long as the node runs). `exe = None` skips the daemon.
pub fn find_or_start(exe: Option<&Path>, port: u16) -> io::Result<Option<EpmdServer>> {
    if crate::epmd::is_running("localhost", port) {
        return Ok(None);
    }
    if let Some(exe) = exe {
        if ensure_running(exe, port).unwrap_or(false) {
            return Ok(None);
        }
    }
    match EpmdServer::bind(("0.0.0.0", port)) {
        Ok(s) => Ok(Some(s)),
        // Someone else started one meanwhile.
        Err(_) if crate::epmd::is_running("localhost", port) => Ok(None),
        Err(e) => Err(e),
    }
}

struct Registered {
    entry: NodeEntry,
    /// Which registration this is, so a stale connection's exit cannot remove a newer one.
    serial: u64,
    stream: TcpStream,
}

struct State {
    nodes: Mutex<HashMap<String, Registered>>,
    next_serial: Mutex<u64>,
    creation: AtomicU32,
    stopped: AtomicBool,
    port: u16,
}

/// A port mapper serving in this process (tests, or the daemon's main loop).
pub struct EpmdServer {
    state: Arc<State>,
    addr: SocketAddr,
    accept: Option<thread::JoinHandle<()>>,
}

impl EpmdServer {
    /// Binds and starts serving on background threads.
    pub fn bind(addr: impl std::net::ToSocketAddrs) -> io::Result<EpmdServer> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let seed = rand::random::<u32>() >> 1 | 1;
        let state = Arc::new(State {
            nodes: Mutex::new(HashMap::new()),
            next_serial: Mutex::new(0),
            creation: AtomicU32::new(seed),
            stopped: AtomicBool::new(false),
            port: addr.port(),
        });
        let st = state.clone();
        let accept = thread::Builder::new()
            .name("epmd-accept".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if st.stopped.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let st = st.clone();
                    let _ = thread::Builder::new()
                        .name("epmd-client".into())
                        .spawn(move || serve(st, conn));
                }
            })?;
        Ok(EpmdServer {
            state,
            addr,
            accept: Some(accept),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks until a KILL request stops the server.
    pub fn wait(mut self) {
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }

    /// Stops serving and drops every registration (their nodes see the socket close).
    pub fn stop(&self) {
        stop(&self.state);
    }
}

impl Drop for EpmdServer {
    fn drop(&mut self) {
        if self.accept.is_some() {
            stop(&self.state);
        }
    }
}

fn stop(state: &State) {
    if state.stopped.swap(true, Ordering::SeqCst) {
        return;
    }
    for (_, r) in lock(&state.nodes).drain() {
        let _ = r.stream.shutdown(Shutdown::Both);
    }
    // Wake the accept loop.
    let _ = TcpStream::connect(("127.0.0.1", state.port));
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads one `Len:16, Body` request.
fn read_request(s: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 2];
    s.read_exact(&mut len)?;
    let len = u16::from_be_bytes(len) as usize;
    let mut body = vec![0u8; len];
    s.read_exact(&mut body)?;
    Ok(body)
}

fn serve(state: Arc<State>, mut s: TcpStream) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = s.set_nodelay(true);
    let Ok(body) = read_request(&mut s) else {
        return;
    };
    let reply = match body.split_first() {
        Some((&ALIVE2_REQ, fields)) => return alive(&state, s, fields),
        Some((&PORT_PLEASE2_REQ, name)) => {
            let name = String::from_utf8_lossy(name);
            match lock(&state.nodes).get(name.as_ref()) {
                Some(r) => {
                    let mut out = vec![PORT2_RESP, 0];
                    r.entry.write_fields(&mut out);
                    out
                }
                None => vec![PORT2_RESP, 1],
            }
        }
        Some((&NAMES_REQ, _)) | Some((&DUMP_REQ, _)) => {
            let mut out = (state.port as u32).to_be_bytes().to_vec();
            let nodes = lock(&state.nodes);
            let mut list: Vec<_> = nodes.values().map(|r| &r.entry).collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            for e in list {
                let line = if body[0] == NAMES_REQ {
                    format!("name {} at port {}\n", e.name, e.port)
                } else {
                    format!("active name     <{}> at port {}\n", e.name, e.port)
                };
                out.extend_from_slice(line.as_bytes());
            }
            out
        }
        Some((&KILL_REQ, _)) => {
            let _ = s.write_all(b"OK");
            stop(&state);
            return;
        }
        Some((&STOP_REQ, name)) => {
            let name = String::from_utf8_lossy(name);
            match lock(&state.nodes).remove(name.as_ref()) {
                Some(r) => {
                    let _ = r.stream.shutdown(Shutdown::Both);
                    b"STOPPED".to_vec()
                }
                None => b"NOEXIST".to_vec(),
            }
        }
        _ => return,
    };
    let _ = s.write_all(&reply);
    let _ = s.shutdown(Shutdown::Both);
}

/// ALIVE2_REQ: register, answer, then hold the connection until the node closes it.
fn alive(state: &State, mut s: TcpStream, fields: &[u8]) {
    let Some(entry) = NodeEntry::parse_fields(fields) else {
        return;
    };
    // Nodes older than version 6 expect the 16-bit creation of ALIVE2_RESP.
    let extended = entry.highest_version >= 6;
    let fail = |s: &mut TcpStream| {
        let reply: &[u8] = if extended {
            &[ALIVE2_X_RESP, 1, 0, 0, 0, 0]
        } else {
            &[ALIVE2_RESP, 1, 0, 0]
        };
        let _ = s.write_all(reply);
    };
    let Ok(held) = s.try_clone() else {
        return fail(&mut s);
    };
    let serial = {
        let mut n = lock(&state.next_serial);
        *n += 1;
        *n
    };
    let creation = {
        let mut nodes = lock(&state.nodes);
        if nodes.contains_key(&entry.name) || entry.name.is_empty() {
            drop(nodes);
            return fail(&mut s);
        }
        // A fresh nonzero creation per registration, so a restarted node's pids and refs
        // differ from its previous incarnation's.
        let c = state.creation.fetch_add(1, Ordering::SeqCst).max(1);
        nodes.insert(
            entry.name.clone(),
            Registered {
                entry: entry.clone(),
                serial,
                stream: held,
            },
        );
        c
    };
    let reply = if extended {
        let mut r = vec![ALIVE2_X_RESP, 0];
        r.extend_from_slice(&creation.to_be_bytes());
        r
    } else {
        let mut r = vec![ALIVE2_RESP, 0];
        r.extend_from_slice(&(creation as u16).to_be_bytes());
        r
    };
    if s.write_all(&reply).is_ok() {
        let _ = s.set_read_timeout(None);
        let mut sink = [0u8; 256];
        // Anything the node sends is ignored; end of stream or an error unregisters it.
        while let Ok(n) = s.read(&mut sink) {
            if n == 0 {
                break;
            }
        }
    }
    let mut nodes = lock(&state.nodes);
    if nodes.get(&entry.name).is_some_and(|r| r.serial == serial) {
        nodes.remove(&entry.name);
    }
}
