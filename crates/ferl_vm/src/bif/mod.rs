//! Native functions (BIFs): how they are called and registered.
//!
//! A BIF is a Rust `fn(&mut Process, &[Term]) -> BifResult` registered under {M, F, A} in
//! the export table (`register`). The loader turns calls to it into direct calls. A BIF
//! returns a value, an exception, or a `Trap`: a request to the interpreter to continue
//! with a call it cannot make itself (`apply/3` tail-calls the function, `yield` reschedules).
//!
//! To add a native module: write a file here with a `register()` that calls
//! `export::register_bif` for each function, and call it from `register_all`.

pub mod code_bifs;
pub mod dist_bifs;
pub mod erlang;
pub mod ets;
pub mod extra;
pub mod lists;
pub mod maps;
pub mod misc;
pub mod procs;
pub mod syntax;
pub mod text;
pub mod tty;

use crate::atom::predefined as am;
use crate::atom::Atom;
use crate::exception::Class;
use crate::export::Export;
use crate::process::Process;
use crate::term::Term;

pub type BifFn = fn(&mut Process, &[Term]) -> BifResult;
pub type BifResult = Result<Term, Exc>;

pub enum Exc {
    /// `error:Reason` with the BIF's own frame on top of the stack trace.
    Error(Term),
    /// `error:Reason` without a BIF frame.
    ErrorNoFrame(Term),
    /// Any class, optionally with an explicit stack trace.
    Raise {
        class: Class,
        reason: Term,
        trace: Option<Term>,
    },
    Trap(Trap),
}

pub enum Trap {
    /// Continue by calling M:F(Args) in place of the BIF.
    Apply {
        module: Atom,
        function: Atom,
        args: Vec<Term>,
    },
    /// Continue by calling Fun(Args) in place of the BIF.
    CallFun { fun: Term, args: Vec<Term> },
    /// Return the value, then let other processes run.
    Yield(Term),
    /// The process must exit now (its `pending_exit` is set).
    Exit,
    /// The VM is halting.
    Halt,
    /// Call the same BIF again after other processes have run.
    Retry,
    /// `erlang:hibernate/3`: drop the stack, wait for a message, then call M:F(Args).
    Hibernate {
        module: Atom,
        function: Atom,
        args: Vec<Term>,
    },
}

/// Stands in for a native function that is not there (never reached: the loader only
/// resolves calls to entries that have one).
pub fn missing_bif(_: &mut Process, _: &[Term]) -> BifResult {
    Err(Exc::Error(Term::atom(am::UNDEF)))
}

#[inline]
pub fn badarg<T>() -> Result<T, Exc> {
    Err(Exc::Error(Term::atom(am::BADARG)))
}

pub fn error<T>(reason: Term) -> Result<T, Exc> {
    Err(Exc::Error(reason))
}

pub fn register(module: &str, function: &str, arity: u32, f: BifFn) {
    crate::export::register_bif(module, function, arity, f);
}

/// BIFs that act on control flow and therefore must go through a full call (never
/// inlined by the loader as a plain BIF call): none at the moment, traps cover them.
pub fn is_control_bif(_e: &Export) -> bool {
    false
}

/// Registers every native function.
pub fn register_all() {
    // First: where a BIF also exists in a local-only version, this one is in force.
    dist_bifs::register();
    erlang::register();
    erlang::register_more();
    procs::register();
    lists::register();
    maps::register();
    text::register();
    ets::register();
    code_bifs::register();
    misc::register();
    syntax::register();
    extra::register();
    tty::register();
}

/// Term helpers shared by the BIF files.
pub fn atom_arg(t: Term) -> Result<Atom, Exc> {
    t.as_atom().ok_or(Exc::Error(Term::atom(am::BADARG)))
}

pub fn list_arg(t: Term) -> Result<Vec<Term>, Exc> {
    t.list_to_vec().ok_or(Exc::Error(Term::atom(am::BADARG)))
}

pub fn int_arg(t: Term) -> Result<i64, Exc> {
    crate::arith::i64_of(t).ok_or(Exc::Error(Term::atom(am::BADARG)))
}

pub fn ok_tuple(p: &mut Process, v: Term) -> Term {
    p.heap.tuple2(Term::atom(am::OK), v)
}

pub fn error_tuple(p: &mut Process, v: Term) -> Term {
    p.heap.tuple2(Term::atom(am::ERROR), v)
}
