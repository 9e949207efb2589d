//! Exceptions: building erl's stack traces from the process stack and the line tables,
//! finding the innermost catch, and what a process exits with when nothing catches.
//!
//! A catch frame is a catch tag in a y register holding the handler's address. Return
//! addresses on the stack are header-tagged words, so the frame a catch belongs to starts
//! right above the nearest return address below it. When a catch is found the stack is cut
//! back to that frame and the handler gets x0 = no value, x1 = class, x2 = reason,
//! x3 = the raw stack trace (`{Class, Trace}`), which `catch_end`, `try_case` and
//! `build_stacktrace` turn into what the program sees.

use crate::atom::predefined as am;
use crate::atom::Atom;
use crate::bif::Exc;
use crate::export::Export;
use crate::heap::Heap;
use crate::instr::CodePtr;
use crate::process::Process;
use crate::term::{Term, NON_VALUE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Error,
    Exit,
    Throw,
}

impl Class {
    pub fn atom(self) -> Atom {
        match self {
            Class::Error => am::ERROR,
            Class::Exit => am::EXIT,
            Class::Throw => am::THROW,
        }
    }

    pub fn from_atom(a: Term) -> Option<Class> {
        match a.as_atom()? {
            am::ERROR => Some(Class::Error),
            am::EXIT => Some(Class::Exit),
            am::THROW => Some(Class::Throw),
            _ => None,
        }
    }
}

/// An exception on its way to a catch.
#[derive(Clone, Copy, Debug)]
pub struct Raised {
    pub class: Class,
    pub reason: Term,
    /// An explicit stack trace (`erlang:raise/3`, re-raises); otherwise one is built.
    pub trace: Option<Term>,
    /// The top frame when it is not a function of the current code: a BIF with its
    /// arguments, or the function whose clauses did not match.
    pub frame: Option<Term>,
    /// Whether the current instruction's function is a frame of the trace.
    pub with_ip_frame: bool,
}

impl Raised {
    pub fn error(reason: Term) -> Raised {
        Raised {
            class: Class::Error,
            reason,
            trace: None,
            frame: None,
            with_ip_frame: true,
        }
    }
}

/// How deep stack traces go (erl's default `backtrace_depth`).
pub const TRACE_DEPTH: usize = 8;

fn location(h: &mut Heap, file: &str, line: u32) -> Term {
    let f = h.string(file);
    let file_t = h.tuple2(Term::atom(am::FILE), f);
    let line_t = h.tuple2(Term::atom(am::LINE), Term::small(line as i64));
    h.list(&[file_t, line_t])
}

/// The frame for code address `p` (`after_call`: p is a return address, so the location
/// is the call before it).
fn frame_at(h: &mut Heap, p: CodePtr, after_call: bool) -> Option<Term> {
    let m = crate::code::module_of(p)?;
    let mut idx = m.index_of(p);
    if after_call && idx > 0 {
        idx -= 1;
    }
    let f = m.function_at(idx)?;
    let loc = match m.location_at(idx) {
        Some((file, line)) => location(h, file, line),
        None => Term::NIL,
    };
    Some(h.tuple(&[
        Term::atom(m.name),
        Term::atom(f.name),
        Term::small(f.arity as i64),
        loc,
    ]))
}

/// The frame of a BIF call with its arguments.
pub fn bif_frame(h: &mut Heap, e: &Export, args: &[Term]) -> Term {
    let a = h.list(args);
    let info = if e.module == am::ERLANG {
        let m = crate::map::from_pairs(
            h,
            vec![(
                Term::atom(am::MODULE),
                Term::atom(Atom::new("erl_erts_errors")),
            )],
        );
        let t = h.tuple2(Term::atom(am::ERROR_INFO), m);
        h.list(&[t])
    } else {
        Term::NIL
    };
    h.tuple(&[Term::atom(e.module), Term::atom(e.function), a, info])
}

/// A frame `{M, F, Args, Location}` for a function called with `args`.
pub fn args_frame(h: &mut Heap, m: Atom, f: Atom, args: &[Term], at: Option<CodePtr>) -> Term {
    let a = h.list(args);
    let loc = at
        .and_then(|p| {
            let md = crate::code::module_of(p)?;
            md.location_at(md.index_of(p))
                .map(|(file, line)| location(h, file, line))
        })
        .unwrap_or(Term::NIL);
    h.tuple(&[Term::atom(m), Term::atom(f), a, loc])
}

/// The frames of the return addresses on a process's stack, innermost first (for
/// `process_info(P, current_stacktrace)`).
pub fn stack_frames(p: &mut Process, depth: usize) -> Term {
    let mut frames = Vec::new();
    let mut i = p.stack.len();
    while i > 0 && frames.len() < depth {
        i -= 1;
        let w = p.stack[i];
        if w.is_header() && !w.is_non_value() {
            if let Some(f) = frame_at(&mut p.heap, CodePtr::from_word(w.0), true) {
                frames.push(f);
            }
        }
    }
    p.heap.list(&frames)
}

/// Builds the stack trace of an exception raised at `ip`.
pub fn build_trace(p: &mut Process, ip: CodePtr, r: &Raised) -> Term {
    let mut frames = Vec::with_capacity(TRACE_DEPTH);
    if let Some(f) = r.frame {
        frames.push(f);
    }
    if r.with_ip_frame && !ip.is_null() {
        if let Some(f) = frame_at(&mut p.heap, ip, false) {
            frames.push(f);
        }
    }
    let mut i = p.stack.len();
    while i > 0 && frames.len() < TRACE_DEPTH {
        i -= 1;
        let w = p.stack[i];
        if w.is_header() && !w.is_non_value() {
            if let Some(f) = frame_at(&mut p.heap, CodePtr::from_word(w.0), true) {
                frames.push(f);
            }
        }
    }
    frames.truncate(TRACE_DEPTH);
    p.heap.list(&frames)
}

/// What to do after raising: continue at a handler, or the process ends with a reason.
pub enum Unwound {
    Handler(CodePtr),
    Uncaught(Term),
}

/// Raises `r` at `ip`: finds the handler or gives the exit reason.
pub fn raise(p: &mut Process, x: &mut [Term], ip: CodePtr, r: Raised) -> Unwound {
    let trace = match r.trace {
        Some(t) => t,
        None => build_trace(p, ip, &r),
    };
    // An exception ends any receive in progress.
    p.cursor = 0;
    // Find the innermost catch.
    let mut frame_top = p.stack.len();
    let mut i = p.stack.len();
    while i > 0 {
        i -= 1;
        let w = p.stack[i];
        if w.is_catch() {
            p.stack.truncate(frame_top);
            let raw = p.heap.tuple2(Term::atom(r.class.atom()), trace);
            x[0] = NON_VALUE;
            x[1] = Term::atom(r.class.atom());
            x[2] = r.reason;
            x[3] = raw;
            return Unwound::Handler(CodePtr((w.catch_index()) as *const crate::instr::Instr));
        }
        if w.is_header() {
            frame_top = i;
        }
    }
    let reason = match r.class {
        Class::Exit => r.reason,
        Class::Error => p.heap.tuple2(r.reason, trace),
        Class::Throw => {
            let nc = p.heap.tuple2(Term::atom(am::NOCATCH), r.reason);
            p.heap.tuple2(nc, trace)
        }
    };
    if r.class != Class::Exit {
        crate::report::process_crashed(p, reason);
    }
    Unwound::Uncaught(reason)
}

/// The value of `catch Expr` for an exception delivered to a handler (x1..x3).
pub fn catch_value(h: &mut Heap, class: Term, reason: Term, raw: Term) -> Term {
    let trace = raw.as_tuple().map(|t| t[1]).unwrap_or(Term::NIL);
    match Class::from_atom(class) {
        Some(Class::Throw) => reason,
        Some(Class::Exit) => h.tuple2(Term::atom(am::EXIT_ATOM), reason),
        _ => {
            let inner = h.tuple2(reason, trace);
            h.tuple2(Term::atom(am::EXIT_ATOM), inner)
        }
    }
}

/// Turns a BIF's failure into an exception (the BIF's frame on top for errors).
pub fn from_bif(p: &mut Process, e: &Export, args: &[Term], exc: Exc) -> Raised {
    match exc {
        Exc::Error(reason) => {
            let frame = bif_frame(&mut p.heap, e, args);
            Raised {
                class: Class::Error,
                reason,
                trace: None,
                frame: Some(frame),
                with_ip_frame: true,
            }
        }
        Exc::ErrorNoFrame(reason) => Raised::error(reason),
        Exc::Raise {
            class,
            reason,
            trace,
        } => Raised {
            class,
            reason,
            trace,
            frame: None,
            with_ip_frame: true,
        },
        Exc::Trap(_) => Raised::error(Term::atom(am::BADARG)),
    }
}
