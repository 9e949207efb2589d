//! What a process is: its heap, stack, saved registers, mailbox, dictionary, links and
//! monitors — and the shared half other processes reach it through (its signal inbox).
//!
//! Only the scheduler running a process touches the `Process` itself. Other processes
//! talk to it exclusively by pushing signals (messages, exit signals, link and monitor
//! requests) into its `ProcShared` inbox; the process handles them itself when it next
//! runs or looks at its mailbox. Signals from one sender arrive in the order sent, because
//! there is one queue. The inbox lock also guards the run state, so a sender that finds
//! the process waiting is the one that makes it runnable again.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::atom::Atom;
use crate::copy::Owned;
use crate::heap::Heap;
use crate::instr::CodePtr;
use crate::term::Term;

/// Why a process is being told to exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitKind {
    /// A linked process died.
    Link,
    /// `exit(Pid, Reason)`.
    Explicit,
}

pub enum Signal {
    Message(Owned),
    Exit {
        from: Term,
        reason: Owned,
        kind: ExitKind,
    },
    Link(Term),
    Unlink(Term),
    /// `from` starts monitoring this process with reference id `id`.
    Monitor {
        from: Term,
        id: (u64, u64),
    },
    Demonitor {
        from: Term,
        id: (u64, u64),
    },
    /// A receive timeout fired (ignored unless its token is the current one).
    Timeout(u64),
    /// Something outside wants the process to run (e.g. a reply to a check).
    Wake,
    /// `group_leader(GL, Pid)` from another process.
    GroupLeader(Term),
}

pub enum RunState {
    /// On a scheduler or a run queue.
    Active,
    /// Blocked in a receive; the process is parked here.
    Waiting(Box<Process>),
    Exited,
}

pub struct Inbox {
    pub signals: VecDeque<Signal>,
    pub state: RunState,
}

/// The part of a process other processes can reach.
pub struct ProcShared {
    pub id: u64,
    pub inbox: Mutex<Inbox>,
}

/// A monitor this process holds or is the target of.
#[derive(Clone, Copy, Debug)]
pub struct Monitor {
    pub id: (u64, u64),
    pub other: Term,
    /// True when this process is the watcher (it gets the 'DOWN').
    pub watcher: bool,
    /// For monitors by name: the registered name watched.
    pub name: Option<Atom>,
}

pub struct Process {
    pub id: u64,
    pub shared: Arc<ProcShared>,
    pub heap: Heap,
    /// y registers and return addresses (header-tagged words), growing upwards; y0 is
    /// the last word.
    pub stack: Vec<Term>,
    pub ip: CodePtr,
    /// Live x registers while the process is switched out.
    pub xsave: Vec<Term>,
    /// Received messages not yet taken by a receive, oldest first.
    pub mailbox: VecDeque<Owned>,
    /// Where the current receive has got to in `mailbox`.
    pub cursor: usize,
    pub dict: Vec<(Term, Term)>,
    pub links: Vec<Term>,
    pub monitors: Vec<Monitor>,
    pub trap_exit: bool,
    pub group_leader: Term,
    pub reductions: u64,
    /// The token of the receive timeout in force (0: none).
    pub timer_token: u64,
    pub timer_id: u64,
    pub timed_out: bool,
    pub registered: Option<Atom>,
    pub initial_call: (Atom, Atom, u32),
    /// Set when an exit signal (or an uncaught exception) ends the process.
    pub pending_exit: Option<Term>,
    /// Terms the collector must keep (exception data between raise and catch).
    pub scratch: [Term; 4],
    pub priority: Atom,
    pub error_handler: Atom,
    /// Set by `erlang:halt` and friends: the VM is stopping.
    pub halting: bool,
    /// How a process that has not run yet starts.
    pub start: Option<crate::interp::Start>,
    /// A binary being built by the older bit syntax instructions.
    pub bs_build: Option<(crate::binary::BitWriter, crate::instr::Dst)>,
    /// Told when the process ends (the native boot runner waits on it).
    pub exit_notify: Option<std::sync::mpsc::Sender<()>>,
    /// Reference aliases this process created (removed when it exits).
    pub aliases: Vec<(u64, u64)>,
}

// SAFETY: a Process is only ever used by one thread at a time (the scheduler running it);
// its raw pointers refer to its own heap or to immutable shared data.
unsafe impl Send for Process {}

static NEXT_PID: AtomicU64 = AtomicU64::new(0);

/// A fresh process id (the N of `<0.N.0>`).
pub fn next_pid() -> u64 {
    NEXT_PID.fetch_add(1, Ordering::Relaxed)
}

impl Process {
    pub fn new(group_leader: Term) -> Box<Process> {
        let id = next_pid();
        let shared = Arc::new(ProcShared {
            id,
            inbox: Mutex::new(Inbox {
                signals: VecDeque::new(),
                state: RunState::Active,
            }),
        });
        Box::new(Process {
            id,
            shared,
            heap: Heap::new(),
            stack: Vec::new(),
            ip: CodePtr::NULL,
            xsave: Vec::new(),
            mailbox: VecDeque::new(),
            cursor: 0,
            dict: Vec::new(),
            links: Vec::new(),
            monitors: Vec::new(),
            trap_exit: false,
            group_leader,
            reductions: 0,
            timer_token: 0,
            timer_id: 0,
            timed_out: false,
            registered: None,
            initial_call: (
                crate::atom::predefined::ERLANG,
                crate::atom::predefined::APPLY,
                0,
            ),
            pending_exit: None,
            scratch: [Term::NIL; 4],
            priority: crate::atom::predefined::NORMAL,
            error_handler: crate::atom::predefined::ERROR_HANDLER,
            halting: false,
            start: None,
            bs_build: None,
            exit_notify: None,
            aliases: Vec::new(),
        })
    }

    pub fn pid(&self) -> Term {
        Term::pid(self.id)
    }

    /// Collects this process's heap; `x` are the live x registers.
    pub fn gc(&mut self, x: &mut [Term], need: usize) {
        let mut dict_flat: Vec<Term> = Vec::with_capacity(self.dict.len() * 2);
        for (k, v) in &self.dict {
            dict_flat.push(*k);
            dict_flat.push(*v);
        }
        let mut pending = [self.pending_exit.unwrap_or(Term::NIL)];
        crate::gc::collect(
            &mut self.heap,
            &mut [
                x,
                &mut self.stack[..],
                &mut dict_flat[..],
                &mut self.scratch[..],
                &mut self.xsave[..],
                &mut pending[..],
            ],
            need,
        );
        for (i, pair) in self.dict.iter_mut().enumerate() {
            pair.0 = dict_flat[2 * i];
            pair.1 = dict_flat[2 * i + 1];
        }
        if self.pending_exit.is_some() {
            self.pending_exit = Some(pending[0]);
        }
    }

    /// Moves signals from the shared inbox into the process: messages go to the mailbox,
    /// the rest are acted on. Returns whether anything arrived.
    pub fn take_signals(&mut self) -> bool {
        let signals: VecDeque<Signal> = {
            let mut inbox = self.shared.inbox.lock().unwrap_or_else(|e| e.into_inner());
            if inbox.signals.is_empty() {
                return false;
            }
            std::mem::take(&mut inbox.signals)
        };
        for s in signals {
            self.handle_signal(s);
        }
        true
    }

    fn handle_signal(&mut self, s: Signal) {
        match s {
            Signal::Message(m) => self.mailbox.push_back(m),
            Signal::Exit { from, reason, kind } => self.exit_signal(from, reason, kind),
            Signal::Link(from) => {
                if !self.links.contains(&from) {
                    self.links.push(from);
                }
            }
            Signal::Unlink(from) => self.links.retain(|&p| p != from),
            Signal::Monitor { from, id } => self.monitors.push(Monitor {
                id,
                other: from,
                watcher: false,
                name: None,
            }),
            Signal::Demonitor { id, .. } => self.monitors.retain(|m| m.id != id || m.watcher),
            Signal::Timeout(token) => {
                if token == self.timer_token && token != 0 {
                    self.timed_out = true;
                }
            }
            Signal::Wake => {}
            Signal::GroupLeader(gl) => self.group_leader = gl,
        }
    }

    fn exit_signal(&mut self, from: Term, reason: Owned, kind: ExitKind) {
        use crate::atom::predefined as am;
        if self.pending_exit.is_some() {
            return;
        }
        let r = reason.term;
        if kind == ExitKind::Link && !self.links.contains(&from) {
            // The link was removed before the signal arrived: ignore it.
            return;
        }
        if kind == ExitKind::Link {
            self.links.retain(|&p| p != from);
        }
        if kind == ExitKind::Explicit && r == Term::atom(am::KILL) {
            self.pending_exit = Some(Term::atom(am::KILLED));
            return;
        }
        if self.trap_exit {
            let mut heap = reason.heap;
            let msg = heap.tuple(&[Term::atom(am::EXIT_ATOM), from, r]);
            self.mailbox.push_back(Owned { term: msg, heap });
            return;
        }
        if r == Term::atom(am::NORMAL) {
            if kind == ExitKind::Explicit && from == self.pid() {
                self.pending_exit = Some(r);
            }
            return;
        }
        let t = crate::copy::copy_term(r, &mut self.heap);
        self.pending_exit = Some(t);
    }
}

impl ProcShared {
    /// Delivers a signal. Returns the process if this made it runnable (the caller queues
    /// it), or gives the signal back if the process has exited.
    pub fn deliver(&self, s: Signal) -> Result<Option<Box<Process>>, Signal> {
        let mut inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
        match inbox.state {
            RunState::Exited => Err(s),
            RunState::Active => {
                inbox.signals.push_back(s);
                Ok(None)
            }
            RunState::Waiting(_) => {
                inbox.signals.push_back(s);
                match std::mem::replace(&mut inbox.state, RunState::Active) {
                    RunState::Waiting(p) => Ok(Some(p)),
                    _ => Ok(None),
                }
            }
        }
    }

    /// Parks a process that waits for a message, unless a signal is already there (then
    /// it is handed back to keep running).
    pub fn park(&self, p: Box<Process>) -> Option<Box<Process>> {
        let mut inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
        if !inbox.signals.is_empty() {
            return Some(p);
        }
        inbox.state = RunState::Waiting(p);
        None
    }

    pub fn mark_exited(&self) -> VecDeque<Signal> {
        let mut inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
        inbox.state = RunState::Exited;
        std::mem::take(&mut inbox.signals)
    }

    pub fn is_alive(&self) -> bool {
        let inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
        !matches!(inbox.state, RunState::Exited)
    }

    pub fn queue_len(&self) -> usize {
        let inbox = self.inbox.lock().unwrap_or_else(|e| e.into_inner());
        inbox
            .signals
            .iter()
            .filter(|s| matches!(s, Signal::Message(_)))
            .count()
    }
}
