//! Module `ferl_tty`: the natives through which the shell (lib/shell_tty.erl) drives the
//! terminal that the binary installed (`hooks::Tty`, crate ferl_shell underneath), and
//! the way the terminal's answers reach the Erlang process that opened it, as messages
//! `{ferl_tty, {line, Binary}}`, `{ferl_tty, eof}`, `{ferl_tty, job_control}` and
//! `{ferl_tty, cancelled}`. See docs/shell-natives.md.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{badarg, BifResult};
use crate::atom::Atom;
use crate::copy::Owned;
use crate::heap::Heap;
use crate::process::{Process, Signal};
use crate::term::Term;

/// The process that opened the terminal (0: none).
static OWNER: AtomicU64 = AtomicU64::new(0);

/// What the terminal answers; `deliver` sends it to the owner.
pub enum TtyEvent {
    Line(String),
    Eof,
    JobControl,
    Cancelled,
}

/// Called on the terminal's thread: turns an answer into a message to the owner.
pub fn deliver(event: TtyEvent) {
    let owner = OWNER.load(Ordering::SeqCst);
    if owner == 0 {
        return;
    }
    let mut h = Heap::new();
    let payload = match event {
        TtyEvent::Line(text) => {
            let bin = h.binary(text.as_bytes());
            h.tuple(&[Term::atom(Atom::new("line")), bin])
        }
        TtyEvent::Eof => Term::atom(Atom::new("eof")),
        TtyEvent::JobControl => Term::atom(Atom::new("job_control")),
        TtyEvent::Cancelled => Term::atom(Atom::new("cancelled")),
    };
    let msg = h.tuple(&[Term::atom(Atom::new("ferl_tty")), payload]);
    crate::vm::send_signal(owner, Signal::Message(Owned { term: msg, heap: h }));
}

fn ok_atom() -> Term {
    Term::atom(Atom::new("ok"))
}

fn error(p: &mut Process, reason: &str) -> Term {
    p.heap.tuple(&[
        Term::atom(Atom::new("error")),
        Term::atom(Atom::new(reason)),
    ])
}

fn text_arg(t: Term) -> Option<String> {
    let bytes = super::text::iolist_bytes(t)?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn open(p: &mut Process, _a: &[Term]) -> BifResult {
    let Some(tty) = crate::hooks::tty() else {
        return Ok(error(p, "no_terminal"));
    };
    let me = p.pid().pid_id();
    let current = OWNER.load(Ordering::SeqCst);
    if current != 0 && current != me && crate::vm::lookup(current).is_some() {
        return Ok(error(p, "already_open"));
    }
    OWNER.store(me, Ordering::SeqCst);
    let flag = Term::atom(Atom::new(if tty.is_tty() { "true" } else { "false" }));
    let map = p
        .heap
        .map_from_sorted(&[(Term::atom(Atom::new("tty")), flag)]);
    Ok(p.heap.tuple(&[ok_atom(), map]))
}

fn request(_p: &mut Process, a: &[Term]) -> BifResult {
    let (Some(prompt), Some(kind)) = (text_arg(a[0]), a[1].as_atom()) else {
        return badarg();
    };
    let expression = match kind.name() {
        "expression" => true,
        "line" => false,
        _ => return badarg(),
    };
    if let Some(tty) = crate::hooks::tty() {
        tty.request(&prompt, expression);
    }
    Ok(ok_atom())
}

fn put_chars(_p: &mut Process, a: &[Term]) -> BifResult {
    let Some(text) = text_arg(a[0]) else {
        return badarg();
    };
    if let Some(tty) = crate::hooks::tty() {
        tty.put_chars(&text);
    }
    Ok(ok_atom())
}

fn set_variables(_p: &mut Process, a: &[Term]) -> BifResult {
    let Some(items) = a[0].list_to_vec() else {
        return badarg();
    };
    let names: Option<Vec<String>> = items.into_iter().map(text_arg).collect();
    let Some(names) = names else { return badarg() };
    if let Some(tty) = crate::hooks::tty() {
        tty.set_variables(names);
    }
    Ok(ok_atom())
}

fn size(p: &mut Process, _a: &[Term]) -> BifResult {
    match crate::hooks::tty().and_then(|t| t.size()) {
        Some((cols, rows)) => {
            let c = p.heap.int(i64::from(cols));
            let r = p.heap.int(i64::from(rows));
            let pair = p.heap.tuple(&[c, r]);
            Ok(p.heap.tuple(&[ok_atom(), pair]))
        }
        None => Ok(error(p, "enotsup")),
    }
}

pub fn register() {
    super::register("ferl_tty", "open", 0, open);
    super::register("ferl_tty", "request", 2, request);
    super::register("ferl_tty", "put_chars", 1, put_chars);
    super::register("ferl_tty", "set_variables", 1, set_variables);
    super::register("ferl_tty", "size", 0, size);
}
