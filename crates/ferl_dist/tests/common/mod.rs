//! Shared test scaffolding: an in-process port mapper per test, real erl nodes as child
//! processes, and a recording handler that answers what a node must answer.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use ferl_dist::epmd_server::EpmdServer;
use ferl_dist::{
    ControlMessage, DistConfig, DistError, DistHandler, DistNode, EpmdMode, NameMode, PeerInfo,
};
use ferl_etf::{Atom, Pid, Term};

pub fn host() -> String {
    ferl_dist::name::local_hostname()
        .split('.')
        .next()
        .unwrap()
        .to_string()
}

/// A unique name per test and run, so tests can run in parallel and repeatedly.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A port mapper of our own on a free port.
pub fn epmd() -> (EpmdServer, u16) {
    let s = EpmdServer::bind(("0.0.0.0", 0)).expect("bind port mapper");
    let port = s.local_addr().port();
    (s, port)
}

#[derive(Debug, Clone)]
pub enum Event {
    Up(String),
    Down(String, String),
    Msg(String, ControlMessage),
    Log(String),
    ConnectFailed(String),
}

/// Records everything and answers `net_kernel`'s `is_auth` and `erpc` spawn requests for
/// `lists:reverse/1`, as the VM will.
#[derive(Default)]
pub struct TestHandler {
    pub node: OnceLock<DistNode>,
    events: Mutex<Vec<Event>>,
    cond: Condvar,
    spawned: AtomicU32,
}

impl TestHandler {
    fn push(&self, e: Event) {
        self.events.lock().unwrap().push(e);
        self.cond.notify_all();
    }

    /// Waits for an event matching `pred` (also among those already recorded).
    pub fn wait_for(&self, timeout: Duration, pred: impl Fn(&Event) -> bool) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        let mut ev = self.events.lock().unwrap();
        loop {
            if let Some(e) = ev.iter().find(|e| pred(e)) {
                return Some(e.clone());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            ev = self.cond.wait_timeout(ev, left).unwrap().0;
        }
    }

    pub fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }

    pub fn pid(&self, id: u32) -> Pid {
        let node = self.node.get().expect("node set");
        Pid {
            node: node.name().clone(),
            id,
            serial: 0,
            creation: node.creation(),
        }
    }

    fn answer(&self, from: &str, msg: &ControlMessage) {
        let Some(node) = self.node.get() else { return };
        match msg {
            ControlMessage::RegSend {
                to_name,
                message: Term::Tuple(t),
                ..
            } if to_name.as_str() == "net_kernel" => {
                // {'$gen_call', {Pid, Tag}, {is_auth, Node}} -> Pid ! {Tag, yes}
                let [Term::Atom(g), Term::Tuple(from_tag), Term::Tuple(req)] = &t[..] else {
                    return;
                };
                let ([Term::Pid(pid), tag], Some(Term::Atom(op))) = (&from_tag[..], req.first())
                else {
                    return;
                };
                if g.as_str() == "$gen_call" && op.as_str() == "is_auth" {
                    let _ = node.send(
                        from,
                        ControlMessage::Send {
                            to: pid.clone(),
                            message: Term::Tuple(vec![tag.clone(), Term::atom("yes")]),
                        },
                    );
                }
            }
            ControlMessage::SpawnRequest {
                req_id,
                from: caller,
                module,
                function,
                args,
                ..
            } if module.as_str() == "erpc" && function.as_str() == "execute_call" => {
                let Term::List(a, _) = args else { return };
                let [ref_, Term::Atom(m), Term::Atom(f), fargs] = &a[..] else {
                    return;
                };
                let fargs = match fargs {
                    Term::List(v, _) => v.clone(),
                    _ => Vec::new(),
                };
                let result = match (m.as_str(), f.as_str(), &fargs[..]) {
                    ("lists", "reverse", [Term::List(l, _)]) => {
                        let mut l = l.clone();
                        l.reverse();
                        Term::Tuple(vec![ref_.clone(), Term::atom("return"), Term::list(l)])
                    }
                    _ => Term::Tuple(vec![
                        ref_.clone(),
                        Term::atom("error"),
                        Term::atom("badarith"),
                        Term::Nil,
                    ]),
                };
                let pid = self.pid(1000 + self.spawned.fetch_add(1, Ordering::SeqCst));
                let _ = node.send(
                    from,
                    ControlMessage::SpawnReply {
                        req_id: req_id.clone(),
                        to: caller.clone(),
                        flags: 2,
                        result: Term::Pid(pid.clone()),
                    },
                );
                let _ = node.send(
                    from,
                    ControlMessage::MonitorPExit {
                        from: ferl_dist::ProcRef::Pid(pid),
                        to: caller.clone(),
                        reference: req_id.clone(),
                        reason: result,
                    },
                );
            }
            _ => {}
        }
    }
}

impl DistHandler for TestHandler {
    fn message(&self, node: &Atom, msg: ControlMessage) {
        self.answer(node.as_str(), &msg);
        self.push(Event::Msg(node.as_str().to_string(), msg));
    }
    fn node_up(&self, node: &Atom, _peer: &PeerInfo) {
        self.push(Event::Up(node.as_str().to_string()));
    }
    fn node_down(&self, node: &Atom, reason: &str) {
        self.push(Event::Down(node.as_str().to_string(), reason.to_string()));
    }
    fn connect_failed(&self, node: &Atom, _error: &DistError) {
        self.push(Event::ConnectFailed(node.as_str().to_string()));
    }
    fn log(&self, text: &str) {
        self.push(Event::Log(text.to_string()));
    }
}

/// A Ferl node registered with the port mapper at `epmd_port`.
pub fn ferl_node(
    prefix: &str,
    cookie: &str,
    epmd_port: u16,
    ticktime: Duration,
) -> (DistNode, Arc<TestHandler>) {
    let handler = Arc::new(TestHandler::default());
    let name = format!("{}@{}", unique(prefix), host());
    let mut config = DistConfig::new(&name, cookie, NameMode::Short);
    config.epmd = EpmdMode::Register { port: epmd_port };
    config.net_ticktime = ticktime;
    let node = DistNode::start(config, handler.clone()).expect("start node");
    handler.node.set(node.clone()).ok();
    (node, handler)
}

/// A real erl node running `eval`, its stdout lines on a channel. Killed on drop.
pub struct Erl {
    pub child: Child,
    pub name: String,
    lines: mpsc::Receiver<String>,
}

impl Erl {
    pub fn start(prefix: &str, cookie: &str, epmd_port: u16, extra: &[&str], eval: &str) -> Erl {
        let alive = unique(prefix);
        let full = format!("{alive}@{}", host());
        Erl::start_as("-sname", &alive, &full, cookie, epmd_port, extra, eval)
    }

    /// `erl -name alive@127.0.0.1`.
    pub fn start_long(prefix: &str, cookie: &str, epmd_port: u16, eval: &str) -> Erl {
        let full = format!("{}@127.0.0.1", unique(prefix));
        Erl::start_as("-name", &full, &full, cookie, epmd_port, &[], eval)
    }

    fn start_as(
        flag: &str,
        arg: &str,
        full: &str,
        cookie: &str,
        epmd_port: u16,
        extra: &[&str],
        eval: &str,
    ) -> Erl {
        let mut cmd = Command::new("erl");
        cmd.args(["-noshell", flag, arg, "-setcookie", cookie])
            .args(["-start_epmd", "false"])
            .args(extra)
            .args(["-eval", eval])
            .env("ERL_EPMD_PORT", epmd_port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().expect("run erl");
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                eprintln!("erl| {line}");
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Erl {
            child,
            name: full.to_string(),
            lines: rx,
        }
    }

    /// The next line that satisfies `pred`, or panics after `timeout`.
    pub fn expect(&self, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("erl {} printed nothing expected in time", self.name));
            match self.lines.recv_timeout(left) {
                Ok(l) if pred(&l) => return l,
                Ok(_) => {}
                Err(_) => panic!("erl {} printed nothing expected in time", self.name),
            }
        }
    }

    pub fn signal(&self, sig: &str) {
        let _ = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status();
    }
}

impl Drop for Erl {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const SECS: fn(u64) -> Duration = Duration::from_secs;
