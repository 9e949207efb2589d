//! The running system: the process table, the name registry, the schedulers and their run
//! queues, and halting.
//!
//! Each scheduler thread owns a FIFO run queue (a crossbeam `Worker`); idle schedulers
//! take from the global injector or steal from the others. A process woken by a signal is
//! queued on the scheduler of the thread that woke it, which keeps a sender and its receiver
//! on one core; an idle scheduler is only woken when a queue holds more than one process.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use std::time::Duration;

use crossbeam_deque::{Injector, Steal, Stealer, Worker};

use crate::atom::predefined as am;
use crate::atom::Atom;
use crate::copy::Owned;
use crate::interp::{self, Outcome, XRegs, X_REGS};
use crate::process::{ExitKind, ProcShared, Process, Signal};
use crate::term::Term;

const SHARDS: usize = 64;

pub struct Vm {
    procs: Vec<RwLock<HashMap<u64, Arc<ProcShared>>>>,
    pub registry: Mutex<HashMap<Atom, Term>>,
    injector: Injector<Box<Process>>,
    stealers: OnceLock<Vec<Stealer<Box<Process>>>>,
    sleepers: Mutex<usize>,
    wake: Condvar,
    halted: AtomicBool,
    exit_code: AtomicI32,
    halt_lock: Mutex<bool>,
    halt_cv: Condvar,
    pub schedulers: AtomicUsize,
    pub process_count: AtomicUsize,
    pub start_time: std::time::Instant,
    pub total_reductions: AtomicU64,
    /// The pid of the native io server that is every process's default group leader.
    pub io_server: AtomicU64,
}

thread_local! {
    static LOCAL: RefCell<Option<Worker<Box<Process>>>> = const { RefCell::new(None) };
}

pub fn vm() -> &'static Vm {
    static VM: OnceLock<Vm> = OnceLock::new();
    VM.get_or_init(|| Vm {
        procs: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
        registry: Mutex::new(HashMap::new()),
        injector: Injector::new(),
        stealers: OnceLock::new(),
        sleepers: Mutex::new(0),
        wake: Condvar::new(),
        halted: AtomicBool::new(false),
        exit_code: AtomicI32::new(0),
        halt_lock: Mutex::new(false),
        halt_cv: Condvar::new(),
        schedulers: AtomicUsize::new(1),
        process_count: AtomicUsize::new(0),
        start_time: std::time::Instant::now(),
        total_reductions: AtomicU64::new(0),
        io_server: AtomicU64::new(u64::MAX),
    })
}

static TOKENS: AtomicU64 = AtomicU64::new(1);

pub fn new_token() -> u64 {
    TOKENS.fetch_add(1, Ordering::Relaxed)
}

fn shard(id: u64) -> &'static RwLock<HashMap<u64, Arc<ProcShared>>> {
    &vm().procs[(id as usize) % SHARDS]
}

pub fn lookup(id: u64) -> Option<Arc<ProcShared>> {
    shard(id)
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&id)
        .cloned()
}

pub fn all_pids() -> Vec<u64> {
    let mut v = Vec::new();
    for s in &vm().procs {
        v.extend(s.read().unwrap_or_else(|e| e.into_inner()).keys().copied());
    }
    v.sort_unstable();
    v
}

/// Makes a new process known and queues it to run.
pub fn spawn_process(mut p: Box<Process>) -> Term {
    p.heap.account();
    let pid = p.pid();
    shard(p.id)
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .insert(p.id, p.shared.clone());
    vm().process_count.fetch_add(1, Ordering::Relaxed);
    enqueue(p);
    pid
}

/// Queues a runnable process: on this scheduler if called from one.
pub fn enqueue(p: Box<Process>) {
    let leftover = LOCAL.with(|l| {
        let l = l.borrow();
        match l.as_ref() {
            Some(w) => {
                w.push(p);
                if w.len() > 1 {
                    wake_one();
                }
                None
            }
            None => Some(p),
        }
    });
    if let Some(p) = leftover {
        vm().injector.push(p);
        wake_one();
    }
}

fn wake_one() {
    let s = vm().sleepers.lock().unwrap_or_else(|e| e.into_inner());
    if *s > 0 {
        vm().wake.notify_one();
    }
}

/// Delivers a signal to process `id`; false if it does not exist (any more).
pub fn send_signal(id: u64, s: Signal) -> bool {
    let Some(shared) = lookup(id) else {
        if crate::bif::misc::is_io_server(id) {
            crate::bif::misc::io_signal(id, s);
            return true;
        }
        dead_target(id, s);
        return false;
    };
    match shared.deliver(s) {
        Ok(Some(p)) => {
            enqueue(p);
            true
        }
        Ok(None) => true,
        Err(s) => {
            dead_target(id, s);
            false
        }
    }
}

/// A link or monitor request to a process that is gone gets its answer at once.
fn dead_target(id: u64, s: Signal) {
    match s {
        Signal::Link(from) if from.is_local_pid() => {
            send_signal(
                from.pid_id(),
                Signal::Exit {
                    from: Term::pid(id),
                    reason: Owned::immediate(Term::atom(am::NOPROC)),
                    kind: ExitKind::Link,
                },
            );
        }
        Signal::Monitor { from, id: mref } if from.is_local_pid() => {
            let mut heap = crate::heap::Heap::new();
            let r = heap.reference(mref.0, mref.1);
            let msg = heap.tuple(&[
                Term::atom(am::DOWN),
                r,
                Term::atom(am::PROCESS),
                Term::pid(id),
                Term::atom(am::NOPROC),
            ]);
            send_signal(from.pid_id(), Signal::Message(Owned { term: msg, heap }));
        }
        _ => {}
    }
}

/// A pid for a send destination (a pid or a registered name).
pub fn resolve_dest(dest: Term) -> Option<u64> {
    if dest.is_local_pid() {
        return Some(dest.pid_id());
    }
    let name = dest.as_atom()?;
    let r = vm().registry.lock().unwrap_or_else(|e| e.into_inner());
    r.get(&name)
        .filter(|t| t.is_local_pid())
        .map(|t| t.pid_id())
}

pub fn whereis(name: Atom) -> Option<Term> {
    vm().registry
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&name)
        .copied()
}

pub fn is_halted() -> bool {
    vm().halted.load(Ordering::Acquire)
}

/// Stops the VM with an exit status.
pub fn halt(code: i32) {
    let v = vm();
    v.exit_code.store(code, Ordering::Release);
    v.halted.store(true, Ordering::Release);
    let mut h = v.halt_lock.lock().unwrap_or_else(|e| e.into_inner());
    *h = true;
    v.halt_cv.notify_all();
    drop(h);
    v.wake.notify_all();
}

/// Blocks until `halt` is called; returns the exit status.
pub fn wait_for_halt() -> i32 {
    let v = vm();
    let mut h = v.halt_lock.lock().unwrap_or_else(|e| e.into_inner());
    while !*h {
        h = v.halt_cv.wait(h).unwrap_or_else(|e| e.into_inner());
    }
    v.exit_code.load(Ordering::Acquire)
}

/// Starts `n` scheduler threads.
pub fn start_schedulers(n: usize) {
    let n = n.max(1);
    vm().schedulers.store(n, Ordering::Relaxed);
    let workers: Vec<Worker<Box<Process>>> = (0..n).map(|_| Worker::new_fifo()).collect();
    let stealers = workers.iter().map(Worker::stealer).collect();
    let _ = vm().stealers.set(stealers);
    for (i, w) in workers.into_iter().enumerate() {
        std::thread::Builder::new()
            .name(format!("ferl-sched-{}", i + 1))
            .stack_size(16 << 20)
            .spawn(move || scheduler_loop(i, w))
            .expect("scheduler thread");
    }
}

fn find_work(index: usize) -> Option<Box<Process>> {
    if let Some(p) = LOCAL.with(|l| l.borrow().as_ref().and_then(|w| w.pop())) {
        return Some(p);
    }
    loop {
        let mut retry = false;
        match LOCAL.with(|l| {
            let l = l.borrow();
            let w = l.as_ref().expect("scheduler queue");
            vm().injector.steal_batch_and_pop(w)
        }) {
            Steal::Success(p) => return Some(p),
            Steal::Retry => retry = true,
            Steal::Empty => {}
        }
        if let Some(stealers) = vm().stealers.get() {
            let n = stealers.len();
            for k in 1..n {
                let s = &stealers[(index + k) % n];
                match s.steal() {
                    Steal::Success(p) => return Some(p),
                    Steal::Retry => retry = true,
                    Steal::Empty => {}
                }
            }
        }
        if !retry {
            return None;
        }
    }
}

fn scheduler_loop(index: usize, w: Worker<Box<Process>>) {
    LOCAL.with(|l| *l.borrow_mut() = Some(w));
    let mut x: Box<XRegs> = vec![Term::NIL; X_REGS]
        .into_boxed_slice()
        .try_into()
        .unwrap_or_else(|_| unreachable!("length is X_REGS"));
    loop {
        if is_halted() {
            return;
        }
        match find_work(index) {
            Some(p) => run_one(p, &mut x),
            None => {
                // Work often arrives within microseconds (a reply from another node, a
                // message from another scheduler): look again briefly before sleeping.
                if spin_for_work() {
                    continue;
                }
                let v = vm();
                let mut s = v.sleepers.lock().unwrap_or_else(|e| e.into_inner());
                if !v.injector.is_empty() || is_halted() {
                    continue;
                }
                *s += 1;
                let (mut s, _) = v
                    .wake
                    .wait_timeout(s, Duration::from_millis(50))
                    .unwrap_or_else(|e| e.into_inner());
                *s -= 1;
            }
        }
    }
}

/// How long an idle scheduler watches the injector before it sleeps (erl's schedulers
/// busy-wait the same way); `FERL_SPIN_US` overrides it.
fn spin_for_work() -> bool {
    static SPIN: OnceLock<Duration> = OnceLock::new();
    let limit = *SPIN.get_or_init(|| {
        let us = std::env::var("FERL_SPIN_US")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(50);
        Duration::from_micros(us)
    });
    if limit.is_zero() {
        return false;
    }
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if !vm().injector.is_empty() || is_halted() {
            return true;
        }
        std::thread::yield_now();
    }
    false
}

fn run_one(mut p: Box<Process>, x: &mut XRegs) {
    p.take_signals();
    if p.pending_exit.is_some() {
        exit_process(p);
        return;
    }
    match interp::run(&mut p, x) {
        Outcome::Yield => enqueue(p),
        Outcome::Wait => {
            let shared = p.shared.clone();
            if let Some(p) = shared.park(p) {
                enqueue(p);
            }
        }
        Outcome::Exit => exit_process(p),
        Outcome::Halt => {}
    }
}

/// Ends a process: tells its links and monitors, frees its name and tables.
pub fn exit_process(mut p: Box<Process>) {
    let reason = p.pending_exit.unwrap_or(Term::atom(am::NORMAL));
    p.heap.unaccount();
    let me = p.pid();
    let late = p.shared.mark_exited();
    shard(p.id)
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&p.id);
    vm().process_count.fetch_sub(1, Ordering::Relaxed);
    p.registered = None;
    vm().registry
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|_, &mut v| v != me);
    if p.timer_token != 0 {
        crate::timer::cancel(p.timer_id);
    }
    crate::bif::ets::owner_exited(me);
    for a in p.aliases.drain(..) {
        remove_alias(a);
    }
    for m in &p.monitors {
        if m.watcher {
            remove_alias(m.id);
        }
    }
    if let Some(tx) = p.exit_notify.take() {
        let _ = tx.send(());
    }
    // Signals that raced with the exit: links and monitors get their answers.
    for s in late {
        match s {
            Signal::Link(from) if !p.links.contains(&from) => {
                p.links.push(from);
            }
            Signal::Monitor { from, id } => p.monitors.push(crate::process::Monitor {
                id,
                other: from,
                watcher: false,
                name: None,
            }),
            _ => {}
        }
    }
    crate::dist::signals::process_exited(p.id, reason, &p.links, &p.monitors);
    for &l in &p.links {
        if l.is_local_pid() {
            send_signal(
                l.pid_id(),
                Signal::Exit {
                    from: me,
                    reason: Owned::new(reason),
                    kind: ExitKind::Link,
                },
            );
        } else if l.is_local_port() {
            crate::bif::misc::port_owner_exited(l, me);
        }
    }
    for m in &p.monitors {
        if !m.other.is_local_pid() {
            continue;
        }
        if m.watcher {
            send_signal(m.other.pid_id(), Signal::Demonitor { from: me, id: m.id });
        } else {
            let mut heap = crate::heap::Heap::with_capacity(crate::copy::size_of(reason) + 12);
            let r = heap.reference(m.id.0, m.id.1);
            let why = crate::copy::copy_term(reason, &mut heap);
            let who = match m.name {
                Some(n) => heap.tuple2(Term::atom(n), Term::atom(crate::node::this_node())),
                None => me,
            };
            let msg = heap.tuple(&[Term::atom(am::DOWN), r, Term::atom(am::PROCESS), who, why]);
            send_signal(m.other.pid_id(), Signal::Message(Owned { term: msg, heap }));
        }
    }
}

/// Registers `name` for `pid`; false if either is taken.
pub fn register(name: Atom, pid: Term) -> bool {
    let mut r = vm().registry.lock().unwrap_or_else(|e| e.into_inner());
    if r.contains_key(&name) || r.values().any(|&p| p == pid) {
        return false;
    }
    r.insert(name, pid);
    true
}

pub fn registered_name_of(pid: Term) -> Option<Atom> {
    let r = vm().registry.lock().unwrap_or_else(|e| e.into_inner());
    r.iter().find(|(_, &p)| p == pid).map(|(n, _)| *n)
}

pub fn set_group_leader_of(pid: Term, gl: Term) {
    if pid.is_local_pid() {
        send_signal(pid.pid_id(), Signal::GroupLeader(gl));
    }
}

static LAST_RUNTIME: AtomicI64 = AtomicI64::new(0);
static LAST_WALL: AtomicI64 = AtomicI64::new(0);

/// For `statistics(runtime | wall_clock)`: stores `now`, returns the previous value.
pub fn swap_last_stat(runtime: bool, now: i64) -> i64 {
    if runtime {
        LAST_RUNTIME.swap(now, Ordering::Relaxed)
    } else {
        LAST_WALL.swap(now, Ordering::Relaxed)
    }
}

fn aliases() -> &'static Mutex<HashMap<(u64, u64), u64>> {
    static A: OnceLock<Mutex<HashMap<(u64, u64), u64>>> = OnceLock::new();
    A.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Makes reference `ids` an alias of process `pid` (OTP 24 process aliases).
pub fn add_alias(ids: (u64, u64), pid: u64) {
    aliases()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(ids, pid);
}

pub fn remove_alias(ids: (u64, u64)) -> bool {
    aliases()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&ids)
        .is_some()
}

/// The process an alias reference stands for, if it is active.
pub fn alias_target(ids: (u64, u64)) -> Option<u64> {
    aliases()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&ids)
        .copied()
}
