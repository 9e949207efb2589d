//! Distribution in the VM: starting this node's `ferl_dist` node, and the glue between
//! control messages and processes.
//!
//! Incoming control messages arrive on `ferl_dist`'s I/O threads (`Handler`); they become
//! signals to local processes, which never blocks. Outgoing ones are sent by BIFs on the
//! scheduler threads (`ferl_dist` never blocks a sender). Links and monitors that cross
//! nodes are recorded here per node (`signals`), so that a connection going down can fire
//! `noconnection` to everyone who depended on it.
//!
//! The processes a node must answer for without running them (`net_kernel`'s `is_auth`,
//! `rex`'s `features_request`, `global_name_server`'s `init_connect`) are answered here
//! natively when no process is registered under those names.

pub mod convert;
pub mod ext;
pub mod signals;

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use ferl_dist::epmd_server::EpmdServer;
use ferl_dist::{flags, DistConfig, DistError, DistHandler, DistNode, NameMode, PeerInfo};
use ferl_etf::Atom as EAtom;

use crate::atom::Atom;
use crate::term::Term;

/// How `-sname`/`-name` (or `net_kernel:start/1,2`) asked for the node to be started.
#[derive(Clone, Debug)]
pub struct StartOptions {
    /// The name as given: `test1`, `test1@vm`, `test1@127.0.0.1`.
    pub name: String,
    pub long_names: bool,
    /// `-setcookie`; otherwise `~/.erlang.cookie` (created when missing).
    pub cookie: Option<String>,
    pub hidden: bool,
    /// `-kernel net_ticktime N` in seconds.
    pub net_ticktime: Option<u64>,
}

struct State {
    node: DistNode,
    cookie: String,
    hidden: bool,
    long_names: bool,
    net_ticktime: u64,
}

static STATE: OnceLock<State> = OnceLock::new();
static STARTED: AtomicBool = AtomicBool::new(false);
static STARTING: Mutex<()> = Mutex::new(());

fn epmd_keeper() -> &'static Mutex<Option<EpmdServer>> {
    static K: OnceLock<Mutex<Option<EpmdServer>>> = OnceLock::new();
    K.get_or_init(|| Mutex::new(None))
}

/// Whether this node is distributed.
#[inline]
pub fn is_started() -> bool {
    STARTED.load(Ordering::Acquire)
}

pub fn node() -> Option<&'static DistNode> {
    STATE.get().map(|s| &s.node)
}

pub fn cookie() -> Option<&'static str> {
    STATE.get().map(|s| s.cookie.as_str())
}

pub fn is_hidden() -> bool {
    STATE.get().map(|s| s.hidden).unwrap_or(false)
}

pub fn long_names() -> bool {
    STATE.get().map(|s| s.long_names).unwrap_or(false)
}

pub fn net_ticktime() -> u64 {
    STATE.get().map(|s| s.net_ticktime).unwrap_or(60)
}

fn default_cookie() -> &'static Mutex<Option<String>> {
    static C: OnceLock<Mutex<Option<String>>> = OnceLock::new();
    C.get_or_init(|| Mutex::new(None))
}

/// `-setcookie` on a node started without a name: used if it is made distributed later
/// (`net_kernel:start/1,2`).
pub fn set_default_cookie(cookie: Option<String>) {
    *default_cookie().lock().unwrap_or_else(|e| e.into_inner()) = cookie;
}

/// Why a node could not start, in erl's words where erl has them.
#[derive(Debug)]
pub struct StartError(pub String);

/// The cookie in `~/.erlang.cookie`, created as erl does (20 random capital letters,
/// readable by the owner only) when there is none.
pub fn home_cookie() -> Result<String, String> {
    let home = std::env::var_os("HOME").ok_or("no HOME for ~/.erlang.cookie")?;
    let path = PathBuf::from(home).join(".erlang.cookie");
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok(s.trim().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let cookie = random_cookie();
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o400);
            }
            let mut f = opts
                .open(&path)
                .map_err(|e| format!("can't create {}: {e}", path.display()))?;
            f.write_all(cookie.as_bytes())
                .map_err(|e| format!("can't write {}: {e}", path.display()))?;
            Ok(cookie)
        }
        Err(e) => Err(format!("can't read {}: {e}", path.display())),
    }
}

fn random_cookie() -> String {
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        ^ ((std::process::id() as u64) << 32);
    let mut bytes = [0u8; 20];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        use std::io::Read;
        let _ = f.read_exact(&mut bytes);
    }
    bytes
        .iter()
        .map(|&b| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (b'A' + ((b as u64 ^ seed) % 26) as u8) as char
        })
        .collect()
}

/// Makes this node distributed: port mapper, listener, registration, identity.
pub fn start(o: &StartOptions) -> Result<(), StartError> {
    let _guard = STARTING.lock().unwrap_or_else(|e| e.into_inner());
    if is_started() {
        return Err(StartError("already started".into()));
    }
    let mode = if o.long_names {
        NameMode::Long
    } else {
        NameMode::Short
    };
    let full = ferl_dist::node_name(&o.name, mode).map_err(StartError)?;
    let preset = default_cookie()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let cookie = match o.cookie.clone().or(preset) {
        Some(c) => c,
        None => home_cookie().map_err(StartError)?,
    };
    let port = ferl_dist::epmd::port_from_env();
    let exe = std::env::current_exe().ok();
    match ferl_dist::epmd_server::find_or_start(exe.as_deref(), port) {
        Ok(server) => *epmd_keeper().lock().unwrap_or_else(|e| e.into_inner()) = server,
        Err(e) => return Err(StartError(format!("can't start the port mapper: {e}"))),
    }
    let mut cfg = DistConfig::new(&full, &cookie, mode);
    if o.hidden {
        cfg.flags &= !flags::PUBLISHED;
    }
    let tick = o.net_ticktime.unwrap_or(60).max(1);
    cfg.net_ticktime = Duration::from_secs(tick);
    let node = DistNode::start(cfg, Arc::new(Handler)).map_err(|e| match e {
        DistError::Io(io) if io.kind() == std::io::ErrorKind::AddrInUse => StartError(format!(
            "Protocol 'inet_tcp': the name {full} seems to be in use by another Erlang node"
        )),
        other => StartError(format!(
            "Protocol 'inet_tcp': register/listen error: {other}"
        )),
    })?;
    crate::node::set_identity(Atom::new(&full), node.creation());
    let _ = STATE.set(State {
        node,
        cookie,
        hidden: o.hidden,
        long_names: o.long_names,
        net_ticktime: tick,
    });
    STARTED.store(true, Ordering::Release);
    Ok(())
}

/// The connected nodes: `(name, visible)`.
pub fn connected() -> Vec<(Atom, bool)> {
    let Some(s) = STATE.get() else {
        return Vec::new();
    };
    let mut v: Vec<(Atom, bool)> = s
        .node
        .nodes()
        .into_iter()
        .map(|n| {
            let visible = !s.hidden
                && s.node
                    .peer(n.as_str())
                    .map(|p| p.flags & flags::PUBLISHED != 0)
                    .unwrap_or(false);
            (convert::vatom(&n), visible)
        })
        .collect();
    v.sort_by(|a, b| a.0.name().cmp(b.0.name()));
    v
}

/// The handler `ferl_dist` calls on its I/O threads.
struct Handler;

impl DistHandler for Handler {
    fn message(&self, node: &EAtom, msg: ferl_dist::ControlMessage) {
        signals::incoming(convert::vatom(node), msg);
    }

    fn node_up(&self, node: &EAtom, _peer: &PeerInfo) {
        signals::node_up(convert::vatom(node));
    }

    fn node_down(&self, node: &EAtom, _reason: &str) {
        signals::node_down(convert::vatom(node));
    }

    fn connect_failed(&self, node: &EAtom, _error: &DistError) {
        signals::node_down(convert::vatom(node));
    }

    fn log(&self, text: &str) {
        crate::io::write_stdout(
            format!(
                "=ERROR REPORT==== {} ===\n{text}\n\n",
                crate::report::timestamp_text()
            )
            .as_bytes(),
        );
    }
}

/// A process whose group leader is on another node reports its crash there, as erl
/// does: the text is formatted by that node's io server, so pids print as it sees them.
pub fn report_to_remote_leader(p: &crate::process::Process, reason: Term) -> bool {
    let gl = p.group_leader;
    if gl.is_local_pid() || !gl.is_pid() {
        return false;
    }
    let mut h = crate::heap::Heap::new();
    let fmt = h.string(
        "=ERROR REPORT==== ~s ===~nError in process ~p on node ~p with exit value:~n~p~n~n",
    );
    let stamp = h.string(&crate::report::timestamp_text());
    let why = crate::copy::copy_term(reason, &mut h);
    let args = h.list(&[stamp, p.pid(), Term::atom(crate::node::this_node()), why]);
    let fa = h.list(&[fmt, args]);
    let req = h.tuple(&[
        Term::atom(Atom::new("put_chars")),
        Term::atom(Atom::new("unicode")),
        Term::atom(Atom::new("io_lib")),
        Term::atom(Atom::new("format")),
        fa,
    ]);
    let msg = h.tuple(&[Term::atom(Atom::new("io_request")), p.pid(), p.pid(), req]);
    signals::send_to_pid(gl, msg);
    true
}
