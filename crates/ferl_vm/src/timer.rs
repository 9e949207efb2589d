//! Timers: receive timeouts, `erlang:send_after/3,4`, `erlang:start_timer/3,4`.
//!
//! One thread keeps a heap of deadlines and sleeps until the earliest one; firing a timer
//! delivers a signal like any sender would. Cancelled timers are dropped when they come up.

use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::copy::Owned;
use crate::term::Term;

pub enum Action {
    /// A receive timeout of process `pid` with `token`.
    Timeout { pid: u64, token: u64 },
    /// Deliver `msg` to `dest` (a pid or a registered name).
    Send { dest: Term, msg: Owned },
}

struct Entry {
    at: Instant,
    id: u64,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.at == o.at && self.id == o.id
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        // A max-heap: the earliest deadline is the greatest.
        o.at.cmp(&self.at).then(o.id.cmp(&self.id))
    }
}

struct State {
    heap: BinaryHeap<Entry>,
    actions: HashMap<u64, (Instant, Action)>,
}

struct Timers {
    state: Mutex<State>,
    cv: Condvar,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn timers() -> &'static Timers {
    static T: OnceLock<Timers> = OnceLock::new();
    T.get_or_init(|| {
        std::thread::Builder::new()
            .name("ferl-timers".into())
            .spawn(run)
            .expect("timer thread");
        Timers {
            state: Mutex::new(State {
                heap: BinaryHeap::new(),
                actions: HashMap::new(),
            }),
            cv: Condvar::new(),
        }
    })
}

/// A fresh timer id.
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Starts a timer; returns its id.
pub fn start(after: Duration, action: Action) -> u64 {
    start_with_id(next_id(), after, action)
}

/// Starts a timer under an id from `next_id`.
pub fn start_with_id(id: u64, after: Duration, action: Action) -> u64 {
    let at = Instant::now() + after;
    let t = timers();
    let mut s = t.state.lock().unwrap_or_else(|e| e.into_inner());
    s.heap.push(Entry { at, id });
    s.actions.insert(id, (at, action));
    t.cv.notify_one();
    id
}

/// Cancels a timer; returns the time that was left, if it had not fired.
pub fn cancel(id: u64) -> Option<Duration> {
    let t = timers();
    let mut s = t.state.lock().unwrap_or_else(|e| e.into_inner());
    s.actions
        .remove(&id)
        .map(|(at, _)| at.saturating_duration_since(Instant::now()))
}

/// The time left on a timer, if it has not fired.
pub fn remaining(id: u64) -> Option<Duration> {
    let t = timers();
    let s = t.state.lock().unwrap_or_else(|e| e.into_inner());
    s.actions
        .get(&id)
        .map(|(at, _)| at.saturating_duration_since(Instant::now()))
}

fn run() {
    let t = timers();
    let mut s = t.state.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        let mut due = Vec::new();
        while let Some(top) = s.heap.peek() {
            if top.at > now {
                break;
            }
            let e = s.heap.pop().expect("peeked");
            if let Some((_, a)) = s.actions.remove(&e.id) {
                due.push(a);
            }
        }
        if !due.is_empty() {
            drop(s);
            for a in due {
                fire(a);
            }
            s = t.state.lock().unwrap_or_else(|e| e.into_inner());
            continue;
        }
        s = match s.heap.peek() {
            Some(top) => {
                let wait = top.at.saturating_duration_since(now);
                t.cv.wait_timeout(s, wait)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
            None => t.cv.wait(s).unwrap_or_else(|e| e.into_inner()),
        };
    }
}

fn fire(a: Action) {
    match a {
        Action::Timeout { pid, token } => {
            crate::vm::send_signal(pid, crate::process::Signal::Timeout(token));
        }
        Action::Send { dest, msg } => {
            if let Some(pid) = crate::vm::resolve_dest(dest) {
                crate::vm::send_signal(pid, crate::process::Signal::Message(msg));
            }
        }
    }
}
