//! The interpreter loop: runs one process until it uses up its reductions, waits in a
//! receive, or exits.
//!
//! The hot path is the `match` below: operands are pre-resolved by the loader, x
//! registers live in a fixed array owned by the scheduler, y registers and return
//! addresses on the process stack (y0 is the last word). A call pushes its return address;
//! `allocate` pushes y registers; `return` pops the address. Reductions are counted on
//! calls. Everything unusual (exceptions, receive timeouts, bit syntax, maps) is a
//! function call out of the loop.

use crate::arith;
use crate::atom::predefined as am;
use crate::bif::{Exc, Trap};
use crate::exception::{self, Class, Raised, Unwound};
use crate::export::Export;
use crate::instr::*;
use crate::process::Process;
use crate::term::{Term, NON_VALUE};

pub const X_REGS: usize = 1024;
pub type XRegs = [Term; X_REGS];

/// Reductions a process may use before it is preempted.
pub const CONTEXT_REDS: i64 = 4000;

pub enum Outcome {
    /// Preempted: put it back on a run queue.
    Yield,
    /// Blocked in a receive.
    Wait,
    /// Finished; the reason is in `p.pending_exit`.
    Exit,
    /// The VM is halting.
    Halt,
}

/// The code area holding the instruction a process returns to when its first function
/// returns: it exits with reason `normal`.
static EXIT_AREA: [Instr; 2] = [Instr::NormalExit, Instr::CodeEnd];

#[inline]
fn exit_code() -> CodePtr {
    CodePtr(&EXIT_AREA[0] as *const Instr)
}

/// Prepares a new process to call `export` with `args`.
pub fn setup_call(p: &mut Process, export: &'static Export, args: &[Term]) {
    p.stack.push(Term(exit_code().to_word()));
    p.xsave = args.to_vec();
    p.start = Some(Start::Export(export));
    p.initial_call = (export.module, export.function, export.arity);
}

/// Prepares a new process to call `fun` with no arguments... or `args`.
pub fn setup_fun(p: &mut Process, fun: Term, args: &[Term]) {
    p.stack.push(Term(exit_code().to_word()));
    p.xsave = args.to_vec();
    p.xsave.push(fun);
    p.start = Some(Start::Fun(args.len() as u32));
    if fun.boxed_kind() == Some(crate::term::Kind::Fun) {
        let e = crate::fun::entry_of(fun);
        p.initial_call = (e.module_name, e.function, e.arity + e.num_free);
    }
}

/// How a process that has not run yet starts.
#[derive(Clone, Copy)]
pub enum Start {
    Export(&'static Export),
    /// Call the fun in the last saved register with this many arguments.
    Fun(u32),
}

macro_rules! rd {
    ($x:expr, $st:expr, $s:expr) => {{
        let w = ($s).0;
        if w & 3 != 0 {
            Term(w)
        } else if w & 4 == 0 {
            $x[((w >> 3) as usize) & (X_REGS - 1)]
        } else {
            yget(&$st, (w >> 3) as u32)
        }
    }};
}

macro_rules! wr {
    ($x:expr, $st:expr, $d:expr, $v:expr) => {{
        let v = $v;
        let d = ($d).0;
        if d & 1 == 0 {
            $x[((d >> 1) as usize) & (X_REGS - 1)] = v;
        } else {
            yset(&mut $st, d >> 1, v);
        }
    }};
}

#[inline(always)]
fn yget(st: &[Term], i: u32) -> Term {
    let idx = st.len().wrapping_sub(1 + i as usize);
    match st.get(idx) {
        Some(t) => *t,
        None => Term::NIL,
    }
}

#[inline(always)]
fn yset(st: &mut [Term], i: u32, v: Term) {
    let idx = st.len().wrapping_sub(1 + i as usize);
    if let Some(slot) = st.get_mut(idx) {
        *slot = v;
    }
}

#[inline(always)]
fn pop_cp(p: &mut Process) -> CodePtr {
    match p.stack.pop() {
        Some(w) if w.is_header() => CodePtr::from_word(w.0),
        _ => exit_code(),
    }
}

#[inline(always)]
fn dealloc(p: &mut Process, n: u32) {
    let len = p.stack.len().saturating_sub(n as usize);
    p.stack.truncate(len);
}

/// Where to go after a call through an export entry or a fun.
enum Flow {
    Jump(CodePtr),
    Raise(Raised),
    Trap(Trap),
}

/// Enters `e` with its arguments in x0..; the return address is already on the stack.
fn enter_export(p: &mut Process, x: &mut XRegs, mut e: &'static Export, mut arity: u32) -> Flow {
    for _ in 0..100 {
        let code = e.code();
        if !code.is_null() {
            return Flow::Jump(CodePtr(code));
        }
        if let Some(bif) = e.bif() {
            let args: Vec<Term> = x[..arity as usize].to_vec();
            match bif(p, &args) {
                Ok(v) => {
                    x[0] = v;
                    return Flow::Jump(pop_cp(p));
                }
                Err(Exc::Trap(Trap::Apply {
                    module,
                    function,
                    args,
                })) => {
                    if args.len() >= X_REGS {
                        return Flow::Raise(Raised::error(Term::atom(am::SYSTEM_LIMIT)));
                    }
                    x[..args.len()].copy_from_slice(&args);
                    arity = args.len() as u32;
                    e = crate::export::get_or_create(module, function, arity);
                    continue;
                }
                Err(Exc::Trap(Trap::CallFun { fun, args })) => {
                    if args.len() >= X_REGS - 256 {
                        return Flow::Raise(Raised::error(Term::atom(am::SYSTEM_LIMIT)));
                    }
                    x[..args.len()].copy_from_slice(&args);
                    return enter_fun(p, x, fun, args.len() as u32);
                }
                Err(Exc::Trap(Trap::Retry)) => {
                    p.start = Some(Start::Export(e));
                    p.xsave = args;
                    return Flow::Trap(Trap::Retry);
                }
                Err(Exc::Trap(t)) => return Flow::Trap(t),
                Err(exc) => {
                    let r = exception::from_bif(p, e, &args, exc);
                    return Flow::Raise(Raised {
                        with_ip_frame: false,
                        ..r
                    });
                }
            }
        }
        match undefined_function(p, x, e, arity) {
            Ok(next) => {
                e = next.0;
                arity = next.1;
            }
            Err(r) => return Flow::Raise(r),
        }
    }
    Flow::Raise(Raised::error(Term::atom(am::SYSTEM_LIMIT)))
}

/// A call to a function with no code: `error_handler:undefined_function/3` if the error
/// handler is loaded, else a native attempt to load the module from the code path.
fn undefined_function(
    p: &mut Process,
    x: &mut XRegs,
    e: &'static Export,
    arity: u32,
) -> Result<(&'static Export, u32), Raised> {
    let eh = crate::export::get_or_create(p.error_handler, am::UNDEFINED_FUNCTION, 3);
    if !eh.code().is_null() && e.module != p.error_handler {
        let args = p.heap.list(&x[..arity as usize]);
        x[0] = Term::atom(e.module);
        x[1] = Term::atom(e.function);
        x[2] = args;
        return Ok((eh, 3));
    }
    if !crate::code::is_loaded(e.module) && crate::code::load_from_path(e.module).is_ok() {
        let again = crate::export::get_or_create(e.module, e.function, e.arity);
        if again.is_callable() {
            return Ok((again, arity));
        }
    }
    let frame = exception::args_frame(
        &mut p.heap,
        e.module,
        e.function,
        &x[..arity as usize],
        None,
    );
    Err(Raised {
        class: Class::Error,
        reason: Term::atom(am::UNDEF),
        trace: None,
        frame: Some(frame),
        with_ip_frame: false,
    })
}

/// Enters the fun `fun` with `arity` arguments in x0..; the return address is pushed.
fn enter_fun(p: &mut Process, x: &mut XRegs, fun: Term, arity: u32) -> Flow {
    match fun.boxed_kind() {
        Some(crate::term::Kind::Fun) => {
            let entry = crate::fun::entry_of(fun);
            if entry.arity != arity {
                let args = p.heap.list(&x[..arity as usize]);
                let inner = p.heap.tuple2(fun, args);
                let reason = p.heap.tuple2(Term::atom(am::BADARITY), inner);
                return Flow::Raise(Raised::error(reason));
            }
            if entry.module().is_purged() {
                let reason = p.heap.tuple2(Term::atom(am::BADFUN), fun);
                return Flow::Raise(Raised::error(reason));
            }
            let env = crate::fun::env_of(fun);
            let a = arity as usize;
            if a + env.len() >= X_REGS {
                return Flow::Raise(Raised::error(Term::atom(am::SYSTEM_LIMIT)));
            }
            x[a..a + env.len()].copy_from_slice(env);
            Flow::Jump(entry.code())
        }
        Some(crate::term::Kind::Export) => {
            let e = crate::fun::export_of(fun);
            if e.arity != arity {
                let args = p.heap.list(&x[..arity as usize]);
                let inner = p.heap.tuple2(fun, args);
                let reason = p.heap.tuple2(Term::atom(am::BADARITY), inner);
                return Flow::Raise(Raised::error(reason));
            }
            enter_export(p, x, e, arity)
        }
        _ => {
            let reason = p.heap.tuple2(Term::atom(am::BADFUN), fun);
            Flow::Raise(Raised::error(reason))
        }
    }
}

/// `apply`: module and function are in x[arity], x[arity + 1].
fn enter_apply(p: &mut Process, x: &mut XRegs, arity: u32) -> Flow {
    let m = x[arity as usize];
    let f = x[arity as usize + 1];
    match (m.as_atom(), f.as_atom()) {
        (Some(m), Some(f)) => {
            let e = crate::export::get_or_create(m, f, arity);
            enter_export(p, x, e, arity)
        }
        _ => Flow::Raise(Raised::error(Term::atom(am::BADARG))),
    }
}

fn type_test(t: TypeTest, v: Term) -> bool {
    match t {
        TypeTest::Integer => v.is_integer(),
        TypeTest::Float => v.is_float(),
        TypeTest::Number => v.is_number(),
        TypeTest::Atom => v.is_atom(),
        TypeTest::Pid => v.is_pid(),
        TypeTest::Reference => v.is_reference(),
        TypeTest::Port => v.is_port(),
        TypeTest::Nil => v.is_nil(),
        TypeTest::Binary => v.is_binary(),
        TypeTest::List => v.is_list(),
        TypeTest::NonemptyList => v.is_cons(),
        TypeTest::Tuple => v.is_tuple(),
        TypeTest::Function => v.is_fun(),
        TypeTest::Boolean => v.is_boolean(),
        TypeTest::Map => v.is_map(),
        TypeTest::Bitstr => v.is_bitstring(),
    }
}

fn compare(op: Cmp, a: Term, b: Term) -> bool {
    use std::cmp::Ordering;
    match op {
        Cmp::Lt => {
            if a.is_small() && b.is_small() {
                return a.small_value() < b.small_value();
            }
            crate::order::compare(a, b) == Ordering::Less
        }
        Cmp::Ge => {
            if a.is_small() && b.is_small() {
                return a.small_value() >= b.small_value();
            }
            crate::order::compare(a, b) != Ordering::Less
        }
        Cmp::Eq => crate::order::eq(a, b),
        Cmp::Ne => !crate::order::eq(a, b),
        Cmp::EqExact => crate::order::eq_exact(a, b),
        Cmp::NeExact => !crate::order::eq_exact(a, b),
    }
}

/// Runs `p` until it yields, waits or exits.
pub fn run(p: &mut Process, x: &mut XRegs) -> Outcome {
    let n = p.xsave.len().min(X_REGS);
    x[..n].copy_from_slice(&p.xsave[..n]);
    p.xsave.clear();
    let mut reds: i64 = CONTEXT_REDS;
    let mut fr = [0f64; 256];

    macro_rules! raise {
        ($ip:expr, $r:expr) => {{
            let r = $r;
            match exception::raise(p, &mut x[..], $ip, r) {
                Unwound::Handler(h) => h,
                Unwound::Uncaught(reason) => {
                    p.pending_exit = Some(reason);
                    return Outcome::Exit;
                }
            }
        }};
    }

    let mut ip = match p.start.take() {
        Some(Start::Export(e)) => {
            let arity = e.arity;
            match enter_export(p, x, e, arity) {
                Flow::Jump(t) => t,
                Flow::Raise(r) => raise!(CodePtr::NULL, r),
                Flow::Trap(t) => return trap_outcome(p, x, t, exit_code()),
            }
        }
        Some(Start::Fun(arity)) => {
            let fun = x[arity as usize];
            match enter_fun(p, x, fun, arity) {
                Flow::Jump(t) => t,
                Flow::Raise(r) => raise!(CodePtr::NULL, r),
                Flow::Trap(t) => return trap_outcome(p, x, t, exit_code()),
            }
        }
        None => p.ip,
    };

    macro_rules! flow {
        ($f:expr, $at:expr) => {
            match $f {
                Flow::Jump(t) => t,
                Flow::Raise(r) => {
                    // The call did not happen: drop the return address it pushed, so the
                    // caller appears once in the trace.
                    if p.stack.last() == Some(&Term($at.next().to_word())) {
                        p.stack.pop();
                    }
                    raise!($at, r)
                }
                Flow::Trap(Trap::Retry) => return Outcome::Yield,
                Flow::Trap(t) => {
                    let next = pop_cp(p);
                    return trap_outcome(p, x, t, next);
                }
            }
        };
    }

    macro_rules! fail_or_raise {
        ($fail:expr, $ip:expr, $reason:expr) => {
            if $fail.is_null() {
                raise!($ip, Raised::error($reason))
            } else {
                $fail
            }
        };
    }

    loop {
        let ins = ip.get();
        match ins {
            Instr::Move { src, dst } => {
                let v = rd!(x, p.stack, src);
                wr!(x, p.stack, dst, v);
                ip = ip.next();
            }
            Instr::Move2 {
                src1,
                dst1,
                src2,
                dst2,
            } => {
                let v = rd!(x, p.stack, src1);
                wr!(x, p.stack, dst1, v);
                let v = rd!(x, p.stack, src2);
                wr!(x, p.stack, dst2, v);
                ip = ip.next();
            }
            Instr::CallMove2 {
                src1,
                dst1,
                src2,
                dst2,
                arity,
                target,
            } => {
                let v = rd!(x, p.stack, src1);
                wr!(x, p.stack, dst1, v);
                let v = rd!(x, p.stack, src2);
                wr!(x, p.stack, dst2, v);
                p.stack.push(Term(ip.next().to_word()));
                reds -= 1;
                if reds <= 0 {
                    return preempt(p, x, *target, *arity);
                }
                ip = *target;
            }
            Instr::DeallocReturn { n } => {
                dealloc(p, *n);
                ip = pop_cp(p);
            }
            Instr::IsLt { fail, a, b } => {
                let va = rd!(x, p.stack, a);
                let vb = rd!(x, p.stack, b);
                let lt = if va.is_small() && vb.is_small() {
                    va.small_value() < vb.small_value()
                } else {
                    crate::order::compare(va, vb).is_lt()
                };
                ip = if lt { ip.next() } else { *fail };
            }
            Instr::IsGe { fail, a, b } => {
                let va = rd!(x, p.stack, a);
                let vb = rd!(x, p.stack, b);
                let ge = if va.is_small() && vb.is_small() {
                    va.small_value() >= vb.small_value()
                } else {
                    !crate::order::compare(va, vb).is_lt()
                };
                ip = if ge { ip.next() } else { *fail };
            }
            Instr::IsEqExact { fail, a, b } => {
                let va = rd!(x, p.stack, a);
                let vb = rd!(x, p.stack, b);
                ip = if crate::order::eq_exact(va, vb) {
                    ip.next()
                } else {
                    *fail
                };
            }
            Instr::IsNeExact { fail, a, b } => {
                let va = rd!(x, p.stack, a);
                let vb = rd!(x, p.stack, b);
                ip = if crate::order::eq_exact(va, vb) {
                    *fail
                } else {
                    ip.next()
                };
            }
            Instr::Call { arity, target } => {
                p.stack.push(Term(ip.next().to_word()));
                reds -= 1;
                if reds <= 0 {
                    return preempt(p, x, *target, *arity);
                }
                ip = *target;
            }
            Instr::CallLast {
                arity,
                target,
                dealloc: n,
            } => {
                dealloc(p, *n);
                reds -= 1;
                if reds <= 0 {
                    return preempt(p, x, *target, *arity);
                }
                ip = *target;
            }
            Instr::CallOnly { arity, target } => {
                reds -= 1;
                if reds <= 0 {
                    return preempt(p, x, *target, *arity);
                }
                ip = *target;
            }
            Instr::CallExt { arity, export } => {
                p.stack.push(Term(ip.next().to_word()));
                reds -= 1;
                let code = export.code();
                if !code.is_null() {
                    if reds <= 0 {
                        return preempt(p, x, CodePtr(code), *arity);
                    }
                    ip = CodePtr(code);
                } else {
                    ip = flow!(enter_export(p, x, export, *arity), ip);
                }
            }
            Instr::CallExtLast {
                arity,
                export,
                dealloc: n,
            } => {
                dealloc(p, *n);
                reds -= 1;
                let code = export.code();
                if !code.is_null() {
                    if reds <= 0 {
                        return preempt(p, x, CodePtr(code), *arity);
                    }
                    ip = CodePtr(code);
                } else {
                    ip = flow!(enter_export(p, x, export, *arity), ip);
                }
            }
            Instr::CallExtOnly { arity, export } => {
                reds -= 1;
                let code = export.code();
                if !code.is_null() {
                    if reds <= 0 {
                        return preempt(p, x, CodePtr(code), *arity);
                    }
                    ip = CodePtr(code);
                } else {
                    ip = flow!(enter_export(p, x, export, *arity), ip);
                }
            }
            Instr::CallBif {
                bif,
                arity,
                tail,
                dealloc: n,
            } => {
                reds -= 1;
                let args: &[Term] = &x[..*arity as usize];
                let res = (bif.f())(p, args);
                match res {
                    Ok(v) => {
                        x[0] = v;
                        if *tail {
                            dealloc(p, *n);
                            ip = pop_cp(p);
                        } else {
                            ip = ip.next();
                        }
                        if p.heap.wants_gc() {
                            p.gc(&mut x[..1], 0);
                        }
                    }
                    Err(Exc::Trap(t)) => {
                        // Continue with the call the BIF asked for, as if made from here.
                        match t {
                            Trap::Apply { .. } | Trap::CallFun { .. } => {
                                if *tail {
                                    dealloc(p, *n);
                                } else {
                                    p.stack.push(Term(ip.next().to_word()));
                                }
                                let f = match t {
                                    Trap::Apply {
                                        module,
                                        function,
                                        args,
                                    } => {
                                        let len = args.len().min(X_REGS - 1);
                                        x[..len].copy_from_slice(&args[..len]);
                                        let e = crate::export::get_or_create(
                                            module, function, len as u32,
                                        );
                                        enter_export(p, x, e, len as u32)
                                    }
                                    Trap::CallFun { fun, args } => {
                                        let len = args.len().min(X_REGS - 256);
                                        x[..len].copy_from_slice(&args[..len]);
                                        enter_fun(p, x, fun, len as u32)
                                    }
                                    _ => unreachable!("matched above"),
                                };
                                ip = flow!(f, ip);
                            }
                            Trap::Retry => {
                                p.ip = ip;
                                p.xsave.clear();
                                p.xsave.extend_from_slice(&x[..*arity as usize]);
                                return Outcome::Yield;
                            }
                            other => {
                                let next = if *tail {
                                    dealloc(p, *n);
                                    pop_cp(p)
                                } else {
                                    ip.next()
                                };
                                return trap_outcome(p, x, other, next);
                            }
                        }
                    }
                    Err(exc) => {
                        let args: Vec<Term> = x[..*arity as usize].to_vec();
                        let r = exception::from_bif(p, bif.export, &args, exc);
                        ip = raise!(ip, r);
                    }
                }
            }
            Instr::Bif {
                bif,
                fail,
                args,
                dst,
            } => {
                let mut a = [Term::NIL; 4];
                for (i, s) in args.iter().enumerate().take(4) {
                    a[i] = rd!(x, p.stack, s);
                }
                match (bif.f())(p, &a[..args.len()]) {
                    Ok(v) => {
                        wr!(x, p.stack, dst, v);
                        ip = ip.next();
                    }
                    Err(exc) => {
                        if !fail.is_null() {
                            ip = *fail;
                        } else {
                            let r = exception::from_bif(p, bif.export, &a[..args.len()], exc);
                            ip = raise!(ip, r);
                        }
                    }
                }
            }
            Instr::GcBif {
                bif,
                fail,
                live,
                args,
                dst,
            } => {
                let mut a = [Term::NIL; 4];
                for (i, s) in args.iter().enumerate().take(4) {
                    a[i] = rd!(x, p.stack, s);
                }
                match (bif.f())(p, &a[..args.len()]) {
                    Ok(v) => {
                        wr!(x, p.stack, dst, v);
                        ip = ip.next();
                        if p.heap.wants_gc() {
                            gc_after(p, x, *live, dst);
                        }
                    }
                    Err(exc) => {
                        if !fail.is_null() {
                            ip = *fail;
                        } else {
                            let r = exception::from_bif(p, bif.export, &a[..args.len()], exc);
                            ip = raise!(ip, r);
                        }
                    }
                }
            }
            Instr::AddSmall {
                fail,
                live,
                a,
                b,
                dst,
                bif,
            }
            | Instr::SubSmall {
                fail,
                live,
                a,
                b,
                dst,
                bif,
            } => {
                let va = rd!(x, p.stack, a);
                let vb = rd!(x, p.stack, b);
                let is_add = matches!(ins, Instr::AddSmall { .. });
                if va.is_small() && vb.is_small() {
                    let r = if is_add {
                        va.small_value() + vb.small_value()
                    } else {
                        va.small_value() - vb.small_value()
                    };
                    if let Some(t) = Term::try_small(r) {
                        wr!(x, p.stack, dst, t);
                        ip = ip.next();
                        continue;
                    }
                }
                let res = if is_add {
                    arith::add(&mut p.heap, va, vb)
                } else {
                    arith::sub(&mut p.heap, va, vb)
                };
                match res {
                    Ok(v) => {
                        wr!(x, p.stack, dst, v);
                        ip = ip.next();
                        if p.heap.wants_gc() {
                            gc_after(p, x, *live, dst);
                        }
                    }
                    Err(_) => {
                        if !fail.is_null() {
                            ip = *fail;
                        } else {
                            let frame = exception::bif_frame(&mut p.heap, bif.export, &[va, vb]);
                            ip = raise!(
                                ip,
                                Raised {
                                    frame: Some(frame),
                                    ..Raised::error(Term::atom(am::BADARITH))
                                }
                            );
                        }
                    }
                }
            }
            Instr::Allocate { stack, heap, live } => {
                let len = p.stack.len();
                p.stack.resize(len + *stack as usize, Term::NIL);
                if *heap > 0 && p.heap.wants_gc() {
                    p.gc(&mut x[..*live as usize], *heap as usize);
                }
                ip = ip.next();
            }
            Instr::TestHeap { need, live } => {
                if p.heap.wants_gc() {
                    p.gc(&mut x[..*live as usize], *need as usize);
                }
                ip = ip.next();
            }
            Instr::InitY { regs } => {
                for &y in regs.iter() {
                    yset(&mut p.stack, y, Term::NIL);
                }
                ip = ip.next();
            }
            Instr::Deallocate { n } => {
                dealloc(p, *n);
                ip = ip.next();
            }
            Instr::Return => {
                ip = pop_cp(p);
            }
            Instr::Trim { n } => {
                // Drop y0..y(n-1): they are the last n words.
                dealloc(p, *n);
                ip = ip.next();
            }
            Instr::Send => {
                reds -= 1;
                match crate::bif::procs::send(p, x[0], x[1]) {
                    Ok(v) => {
                        x[0] = v;
                        ip = ip.next();
                        if p.pending_exit.is_some() {
                            return Outcome::Exit;
                        }
                    }
                    Err(exc) => {
                        let e = crate::export::get_or_create(
                            am::ERLANG,
                            crate::atom::Atom::new("!"),
                            2,
                        );
                        let args = [x[0], x[1]];
                        let r = exception::from_bif(p, e, &args, exc);
                        ip = raise!(ip, r);
                    }
                }
            }
            Instr::LoopRec { fail } => {
                if p.cursor >= p.mailbox.len() {
                    p.take_signals();
                    if p.pending_exit.is_some() {
                        return Outcome::Exit;
                    }
                }
                if p.cursor < p.mailbox.len() {
                    x[0] = p.mailbox[p.cursor].term;
                    ip = ip.next();
                } else {
                    ip = *fail;
                }
            }
            Instr::LoopRecEnd { target } => {
                p.cursor += 1;
                ip = *target;
            }
            Instr::RemoveMessage => {
                if let Some(m) = p.mailbox.remove(p.cursor) {
                    p.heap.absorb(m.heap);
                }

                p.cursor = 0;
                if p.timer_token != 0 {
                    crate::timer::cancel(p.timer_id);
                    p.timer_token = 0;
                }
                p.timed_out = false;
                ip = ip.next();
            }
            Instr::Wait { target } => {
                p.ip = *target;
                if p.heap.wants_gc() {
                    p.gc(&mut [], 0);
                }
                return Outcome::Wait;
            }
            Instr::WaitTimeout { target, time } => {
                // Nothing is live in x registers while waiting.
                if p.heap.wants_gc() {
                    p.gc(&mut [], 0);
                }
                if p.timed_out {
                    p.timed_out = false;
                    p.timer_token = 0;
                    ip = ip.next();
                    continue;
                }
                if p.timer_token == 0 {
                    let t = rd!(x, p.stack, time);
                    if t == Term::atom(am::INFINITY) {
                        p.ip = *target;
                        return Outcome::Wait;
                    }
                    match crate::arith::i64_of(t) {
                        Some(0) => {
                            ip = ip.next();
                            continue;
                        }
                        Some(ms) if ms > 0 && ms <= u32::MAX as i64 => {
                            let token = crate::vm::new_token();
                            p.timer_token = token;
                            p.timer_id = crate::timer::start(
                                std::time::Duration::from_millis(ms as u64),
                                crate::timer::Action::Timeout { pid: p.id, token },
                            );
                        }
                        _ => {
                            ip = raise!(ip, Raised::error(Term::atom(am::TIMEOUT_VALUE)));
                            continue;
                        }
                    }
                }
                p.ip = *target;
                return Outcome::Wait;
            }
            Instr::Timeout => {
                p.cursor = 0;
                p.timer_token = 0;
                p.timed_out = false;
                ip = ip.next();
            }
            Instr::RecvMarkerReserve { dst } => {
                wr!(x, p.stack, dst, Term::small(0));
                ip = ip.next();
            }
            Instr::Compare { op, fail, a, b } => {
                let va = rd!(x, p.stack, a);
                let vb = rd!(x, p.stack, b);
                ip = if compare(*op, va, vb) {
                    ip.next()
                } else {
                    *fail
                };
            }
            Instr::IsTest { test, fail, src } => {
                let v = rd!(x, p.stack, src);
                ip = if type_test(*test, v) {
                    ip.next()
                } else {
                    *fail
                };
            }
            Instr::TestArity { fail, src, arity } => {
                let v = rd!(x, p.stack, src);
                ip = if v.is_tuple() && v.tuple_elems().len() == *arity as usize {
                    ip.next()
                } else {
                    *fail
                };
            }
            Instr::IsTuple2 { fail, src, arity } => {
                let v = rd!(x, p.stack, src);
                ip = if v.is_tuple() && v.tuple_elems().len() == *arity as usize {
                    ip.next()
                } else {
                    *fail
                };
            }
            Instr::IsTaggedTuple {
                fail,
                src,
                arity,
                tag,
            } => {
                let v = rd!(x, p.stack, src);
                ip = match v.as_tuple() {
                    Some(t) if t.len() == *arity as usize && t.first() == Some(tag) => ip.next(),
                    _ => *fail,
                };
            }
            Instr::IsFunction2 { fail, src, arity } => {
                let v = rd!(x, p.stack, src);
                let a = rd!(x, p.stack, arity);
                ip = if v.is_fun() && a.as_small() == Some(crate::fun::arity_of(v) as i64) {
                    ip.next()
                } else {
                    *fail
                };
            }
            Instr::SelectValSmall {
                src,
                fail,
                min,
                targets,
            } => {
                let v = rd!(x, p.stack, src);
                ip = *fail;
                if let Some(i) = v.as_small() {
                    let off = i.wrapping_sub(*min);
                    if off >= 0 && (off as usize) < targets.len() {
                        ip = targets[off as usize];
                    }
                }
            }
            Instr::SelectVal { src, fail, table } => {
                let v = rd!(x, p.stack, src);
                ip = *fail;
                if v.is_immediate() {
                    for (k, t) in table.iter() {
                        if *k == v {
                            ip = *t;
                            break;
                        }
                    }
                } else if let Ok(i) =
                    table.binary_search_by(|(k, _)| crate::order::compare_exact(*k, v))
                {
                    ip = table[i].1;
                }
            }
            Instr::SelectTupleArity { src, fail, table } => {
                let v = rd!(x, p.stack, src);
                ip = *fail;
                if let Some(t) = v.as_tuple() {
                    for (a, target) in table.iter() {
                        if *a as usize == t.len() {
                            ip = *target;
                            break;
                        }
                    }
                }
            }
            Instr::Jump { target } => ip = *target,
            Instr::Catch { y, handler } => {
                yset(&mut p.stack, *y, Term::catch(handler.0 as u64));
                ip = ip.next();
            }
            Instr::CatchEnd { y } => {
                yset(&mut p.stack, *y, Term::NIL);
                if x[0].is_non_value() {
                    x[0] = exception::catch_value(&mut p.heap, x[1], x[2], x[3]);
                }
                ip = ip.next();
            }
            Instr::TryEnd { y } => {
                yset(&mut p.stack, *y, Term::NIL);
                ip = ip.next();
            }
            Instr::TryCase { y } => {
                yset(&mut p.stack, *y, Term::NIL);
                x[0] = x[1];
                x[1] = x[2];
                x[2] = x[3];
                ip = ip.next();
            }
            Instr::TryCaseEnd { src } => {
                let v = rd!(x, p.stack, src);
                let reason = p.heap.tuple2(Term::atom(am::TRY_CLAUSE), v);
                ip = raise!(ip, Raised::error(reason));
            }
            Instr::Swap { a, b } => {
                let va = rd!(x, p.stack, &dst_src(a));
                let vb = rd!(x, p.stack, &dst_src(b));
                wr!(x, p.stack, a, vb);
                wr!(x, p.stack, b, va);
                ip = ip.next();
            }
            Instr::GetList { src, hd, tl } => {
                let v = rd!(x, p.stack, src);
                if v.is_cons() {
                    let (h, t) = (v.head(), v.tail());
                    wr!(x, p.stack, hd, h);
                    wr!(x, p.stack, tl, t);
                }
                ip = ip.next();
            }
            Instr::GetHd { src, dst } => {
                let v = rd!(x, p.stack, src);
                if v.is_cons() {
                    wr!(x, p.stack, dst, v.head());
                }
                ip = ip.next();
            }
            Instr::GetTl { src, dst } => {
                let v = rd!(x, p.stack, src);
                if v.is_cons() {
                    wr!(x, p.stack, dst, v.tail());
                }
                ip = ip.next();
            }
            Instr::GetTupleElement { src, index, dst } => {
                let v = rd!(x, p.stack, src);
                if let Some(e) = v.as_tuple().and_then(|t| t.get(*index as usize)) {
                    wr!(x, p.stack, dst, *e);
                }
                ip = ip.next();
            }
            Instr::SetTupleElement {
                value,
                tuple,
                index,
            } => {
                let v = rd!(x, p.stack, value);
                let t = rd!(x, p.stack, tuple);
                if let Some(elems) = t.as_tuple() {
                    if (*index as usize) < elems.len() {
                        t.tuple_set(*index as usize, v);
                        p.heap.note_write(t, v);
                    }
                }
                ip = ip.next();
            }
            Instr::PutList { hd, tl, dst } => {
                let h = rd!(x, p.stack, hd);
                let t = rd!(x, p.stack, tl);
                let c = p.heap.cons(h, t);
                wr!(x, p.stack, dst, c);
                ip = ip.next();
            }
            Instr::PutTuple { dst, elems } => {
                let t = p.heap.tuple_uninit(elems.len());
                for (i, s) in elems.iter().enumerate() {
                    let v = rd!(x, p.stack, s);
                    t.tuple_set(i, v);
                }
                wr!(x, p.stack, dst, t);
                ip = ip.next();
            }
            Instr::Badmatch { src } => {
                let v = rd!(x, p.stack, src);
                let reason = p.heap.tuple2(Term::atom(am::BADMATCH), v);
                ip = raise!(ip, Raised::error(reason));
            }
            Instr::IfEnd => {
                ip = raise!(ip, Raised::error(Term::atom(am::IF_CLAUSE)));
            }
            Instr::CaseEnd { src } => {
                let v = rd!(x, p.stack, src);
                let reason = p.heap.tuple2(Term::atom(am::CASE_CLAUSE), v);
                ip = raise!(ip, Raised::error(reason));
            }
            Instr::Badrecord { src } => {
                let v = rd!(x, p.stack, src);
                let reason = p.heap.tuple2(Term::atom(am::BADRECORD), v);
                ip = raise!(ip, Raised::error(reason));
            }
            Instr::FuncInfo {
                module,
                function,
                arity,
            } => {
                let (m, f) = (
                    module.as_atom().unwrap_or(am::UNDEFINED),
                    function.as_atom().unwrap_or(am::UNDEFINED),
                );
                let args: Vec<Term> = x[..(*arity as usize).min(X_REGS)].to_vec();
                let frame = exception::args_frame(&mut p.heap, m, f, &args, Some(ip));
                let r = Raised {
                    class: Class::Error,
                    reason: Term::atom(am::FUNCTION_CLAUSE),
                    trace: None,
                    frame: Some(frame),
                    with_ip_frame: false,
                };
                ip = raise!(ip, r);
            }
            Instr::CallFun { arity } => {
                let fun = x[*arity as usize];
                p.stack.push(Term(ip.next().to_word()));
                reds -= 1;
                ip = flow!(enter_fun(p, x, fun, *arity), ip);
            }
            Instr::CallFun2 { arity, fun } => {
                let f = rd!(x, p.stack, fun);
                p.stack.push(Term(ip.next().to_word()));
                reds -= 1;
                ip = flow!(enter_fun(p, x, f, *arity), ip);
            }
            Instr::MakeFun { entry, dst, env } => {
                let mut vals = Vec::with_capacity(env.len());
                for s in env.iter() {
                    vals.push(rd!(x, p.stack, s));
                }
                let f = p.heap.fun(*entry, &vals);
                wr!(x, p.stack, dst, f);
                ip = ip.next();
            }
            Instr::Apply { arity } => {
                p.stack.push(Term(ip.next().to_word()));
                reds -= 1;
                ip = flow!(enter_apply(p, x, *arity), ip);
            }
            Instr::ApplyLast { arity, dealloc: n } => {
                dealloc(p, *n);
                reds -= 1;
                ip = flow!(enter_apply(p, x, *arity), ip);
            }
            Instr::Raise { trace, value } => {
                let raw = rd!(x, p.stack, trace);
                let v = rd!(x, p.stack, value);
                let (class, tr) = match raw.as_tuple() {
                    Some(t) if t.len() == 2 => {
                        (Class::from_atom(t[0]).unwrap_or(Class::Error), Some(t[1]))
                    }
                    _ => (Class::Error, None),
                };
                let r = Raised {
                    class,
                    reason: v,
                    trace: tr,
                    frame: None,
                    with_ip_frame: true,
                };
                ip = raise!(ip, r);
            }
            Instr::BuildStacktrace => {
                x[0] = match x[0].as_tuple() {
                    Some(t) if t.len() == 2 => t[1],
                    _ => Term::NIL,
                };
                ip = ip.next();
            }
            Instr::RawRaise => {
                let class = Class::from_atom(x[0]);
                match class {
                    Some(class) => {
                        let tr = match x[2].as_tuple() {
                            Some(t) if t.len() == 2 => Some(t[1]),
                            _ => Some(x[2]),
                        };
                        let r = Raised {
                            class,
                            reason: x[1],
                            trace: tr,
                            frame: None,
                            with_ip_frame: true,
                        };
                        ip = raise!(ip, r);
                    }
                    None => {
                        x[0] = Term::atom(am::BADARG);
                        ip = ip.next();
                    }
                }
            }
            Instr::IsMap { fail, src } => {
                let v = rd!(x, p.stack, src);
                ip = if v.is_map() { ip.next() } else { *fail };
            }
            Instr::HasMapFields { fail, src, keys } => {
                let m = rd!(x, p.stack, src);
                let mut ok = m.is_map();
                if ok {
                    for k in keys.iter() {
                        let kv = rd!(x, p.stack, k);
                        if crate::map::get(m, kv).is_none() {
                            ok = false;
                            break;
                        }
                    }
                }
                ip = if ok { ip.next() } else { *fail };
            }
            Instr::GetMapElements { fail, src, pairs } => {
                let m = rd!(x, p.stack, src);
                let mut ok = m.is_map();
                if ok {
                    // Look everything up before writing: a destination may be a source.
                    let mut found = [Term::NIL; 16];
                    let mut many = Vec::new();
                    for (i, (k, _)) in pairs.iter().enumerate() {
                        let kv = rd!(x, p.stack, k);
                        match crate::map::get(m, kv) {
                            Some(v) => {
                                if i < 16 {
                                    found[i] = v
                                } else {
                                    many.push(v)
                                }
                            }
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    }
                    if ok {
                        for (i, (_, d)) in pairs.iter().enumerate() {
                            let v = if i < 16 { found[i] } else { many[i - 16] };
                            wr!(x, p.stack, d, v);
                        }
                    }
                }
                ip = if ok { ip.next() } else { *fail };
            }
            Instr::PutMap {
                exact,
                fail,
                src,
                dst,
                live,
                pairs,
            } => {
                let m = rd!(x, p.stack, src);
                if !m.is_map() {
                    let reason = p.heap.tuple2(Term::atom(am::BADMAP), m);
                    ip = fail_or_raise!(*fail, ip, reason);
                    continue;
                }
                let mut ups = Vec::with_capacity(pairs.len());
                for (k, v) in pairs.iter() {
                    ups.push((rd!(x, p.stack, k), rd!(x, p.stack, v)));
                }
                match crate::map::put_many(&mut p.heap, m, &ups, *exact) {
                    Some(nm) => {
                        wr!(x, p.stack, dst, nm);
                        ip = ip.next();
                        if p.heap.wants_gc() {
                            gc_after(p, x, *live, dst);
                        }
                    }
                    None => {
                        let missing = ups
                            .iter()
                            .find(|(k, _)| crate::map::get(m, *k).is_none())
                            .map(|(k, _)| *k)
                            .unwrap_or(Term::NIL);
                        let reason = p.heap.tuple2(Term::atom(am::BADKEY), missing);
                        ip = fail_or_raise!(*fail, ip, reason);
                    }
                }
            }
            Instr::UpdateRecord {
                src,
                dst,
                size,
                updates,
            } => {
                let t = rd!(x, p.stack, src);
                let elems = t.as_tuple().unwrap_or(&[]);
                let n = (*size as usize).max(elems.len());
                let nt = p.heap.tuple_uninit(n);
                for (i, e) in elems.iter().enumerate() {
                    nt.tuple_set(i, *e);
                }
                for (idx, s) in updates.iter() {
                    let v = rd!(x, p.stack, s);
                    let i = (*idx as usize).wrapping_sub(1);
                    if i < n {
                        nt.tuple_set(i, v);
                    }
                }
                wr!(x, p.stack, dst, nt);
                ip = ip.next();
            }
            Instr::Fmove { src, dst } => {
                let v = match src {
                    FSrc::F(i) => FVal::F(fr[*i as usize & 255]),
                    FSrc::Src(s) => FVal::T(rd!(x, p.stack, s)),
                };
                match (dst, v) {
                    (FDst::F(i), FVal::F(f)) => fr[*i as usize & 255] = f,
                    (FDst::F(i), FVal::T(t)) => fr[*i as usize & 255] = t.as_float().unwrap_or(0.0),
                    (FDst::Dst(d), FVal::F(f)) => {
                        let t = p.heap.float(f);
                        wr!(x, p.stack, d, t);
                    }
                    (FDst::Dst(d), FVal::T(t)) => wr!(x, p.stack, d, t),
                }
                ip = ip.next();
            }
            Instr::Fconv { src, dst } => {
                let v = rd!(x, p.stack, src);
                match arith::num_of(v) {
                    Some(n) => {
                        fr[*dst as usize & 255] = arith::to_f64(&n);
                        ip = ip.next();
                    }
                    None => {
                        ip = raise!(ip, Raised::error(Term::atom(am::BADARITH)));
                    }
                }
            }
            Instr::Farith { op, a, b, dst } => {
                let (fa, fb) = (fr[*a as usize & 255], fr[*b as usize & 255]);
                let r = match op {
                    FOp::Add => fa + fb,
                    FOp::Sub => fa - fb,
                    FOp::Mul => fa * fb,
                    FOp::Div => fa / fb,
                };
                if !r.is_finite() {
                    ip = raise!(ip, Raised::error(Term::atom(am::BADARITH)));
                    continue;
                }
                fr[*dst as usize & 255] = r;
                ip = ip.next();
            }
            Instr::Fnegate { a, dst } => {
                fr[*dst as usize & 255] = -fr[*a as usize & 255];
                ip = ip.next();
            }
            Instr::Nop => ip = ip.next(),
            Instr::NormalExit => {
                p.pending_exit = Some(Term::atom(am::NORMAL));
                return Outcome::Exit;
            }
            Instr::CodeEnd => {
                ip = raise!(ip, Raised::error(Term::atom(am::BADARG)));
            }
            other => {
                // Bit syntax and the rarer instructions.
                match crate::bitsyntax::exec(p, x, ip, other) {
                    Ok(next) => ip = next,
                    Err(r) => ip = raise!(ip, r),
                }
            }
        }
    }
}

enum FVal {
    F(f64),
    T(Term),
}

fn dst_src(d: &Dst) -> Src {
    match d.kind() {
        DstKind::X(i) => Src::X(i),
        DstKind::Y(i) => Src::Y(i),
    }
}

/// A collection after an instruction that wrote `dst` with `live` registers live before.
#[cold]
fn gc_after(p: &mut Process, x: &mut XRegs, live: u32, dst: &Dst) {
    let mut n = live as usize;
    if let DstKind::X(i) = dst.kind() {
        if i as usize == n {
            n += 1;
        } else if i as usize > n {
            // Keep the result safe across the collection.
            let v = x[i as usize];
            x[n] = v;
            p.gc(&mut x[..n + 1], 0);
            x[i as usize] = x[n];
            return;
        }
    }
    p.gc(&mut x[..n], 0);
}

#[cold]
fn preempt(p: &mut Process, x: &mut XRegs, target: CodePtr, arity: u32) -> Outcome {
    p.ip = target;
    p.xsave.clear();
    p.xsave.extend_from_slice(&x[..arity as usize]);
    p.reductions += CONTEXT_REDS as u64;
    if p.heap.wants_gc() {
        let mut regs = std::mem::take(&mut p.xsave);
        p.gc(&mut regs, 0);
        p.xsave = regs;
    }
    Outcome::Yield
}

/// A BIF asked for something only the scheduler can do; `next` is where to continue.
fn trap_outcome(p: &mut Process, x: &mut XRegs, t: Trap, next: CodePtr) -> Outcome {
    match t {
        Trap::Yield(v) => {
            x[0] = v;
            p.ip = next;
            p.xsave.clear();
            p.xsave.push(v);
            Outcome::Yield
        }
        Trap::Exit => Outcome::Exit,
        Trap::Halt => Outcome::Halt,
        Trap::Retry => Outcome::Yield,
        Trap::Hibernate {
            module,
            function,
            args,
        } => {
            let e = crate::export::get_or_create(module, function, args.len() as u32);
            p.stack.clear();
            p.stack.push(Term(exit_code().to_word()));
            p.xsave = args;
            p.start = Some(Start::Export(e));
            let mut regs = std::mem::take(&mut p.xsave);
            p.gc(&mut regs, 0);
            p.xsave = regs;
            if p.mailbox.is_empty() {
                Outcome::Wait
            } else {
                Outcome::Yield
            }
        }
        Trap::Apply { .. } | Trap::CallFun { .. } => {
            p.pending_exit = Some(Term::atom(am::BADARG));
            Outcome::Exit
        }
    }
}

/// Used by `raise` when a process has no code at all to blame.
pub fn no_value() -> Term {
    NON_VALUE
}
