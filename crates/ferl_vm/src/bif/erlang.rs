//! The `erlang` module's BIFs on data: operators, type tests, tuples, lists, numbers,
//! exceptions, apply, references and system information.

use num_traits::ToPrimitive;

use super::*;
use crate::arith::{self, num_of, Num};
use crate::atom::predefined as am;
use crate::order;
use crate::term::Term;

fn arith_err<T>(r: Result<T, arith::Badarith>) -> Result<T, Exc> {
    r.map_err(|_| Exc::Error(Term::atom(am::BADARITH)))
}

macro_rules! binop {
    ($name:ident, $f:path) => {
        fn $name(p: &mut Process, a: &[Term]) -> BifResult {
            arith_err($f(&mut p.heap, a[0], a[1]))
        }
    };
}

binop!(plus, arith::add);
binop!(minus, arith::sub);
binop!(times, arith::mul);
binop!(fdiv, arith::fdiv);
binop!(idiv, arith::idiv);
binop!(rem, arith::rem);
binop!(bsl, arith::bsl);
binop!(bsr, arith::bsr);

fn band(p: &mut Process, a: &[Term]) -> BifResult {
    arith_err(arith::bitop(&mut p.heap, a[0], a[1], arith::BitOp::And))
}
fn bor(p: &mut Process, a: &[Term]) -> BifResult {
    arith_err(arith::bitop(&mut p.heap, a[0], a[1], arith::BitOp::Or))
}
fn bxor(p: &mut Process, a: &[Term]) -> BifResult {
    arith_err(arith::bitop(&mut p.heap, a[0], a[1], arith::BitOp::Xor))
}
fn bnot(p: &mut Process, a: &[Term]) -> BifResult {
    arith_err(arith::bnot(&mut p.heap, a[0]))
}
fn neg(p: &mut Process, a: &[Term]) -> BifResult {
    arith_err(arith::neg(&mut p.heap, a[0]))
}
fn uplus(_: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_number() {
        Ok(a[0])
    } else {
        Err(Exc::Error(Term::atom(am::BADARITH)))
    }
}

fn bool_arg(t: Term) -> Result<bool, Exc> {
    if t == Term::TRUE {
        Ok(true)
    } else if t == Term::FALSE {
        Ok(false)
    } else {
        badarg()
    }
}

fn and(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(bool_arg(a[0])? & bool_arg(a[1])?))
}
fn or(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(bool_arg(a[0])? | bool_arg(a[1])?))
}
fn xor(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(bool_arg(a[0])? ^ bool_arg(a[1])?))
}
fn not(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(!bool_arg(a[0])?))
}

fn eq(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(order::eq(a[0], a[1])))
}
fn ne(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(!order::eq(a[0], a[1])))
}
fn eqx(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(order::eq_exact(a[0], a[1])))
}
fn nex(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(!order::eq_exact(a[0], a[1])))
}
fn lt(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(order::compare(a[0], a[1]).is_lt()))
}
fn le(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(order::compare(a[0], a[1]).is_le()))
}
fn gt(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(order::compare(a[0], a[1]).is_gt()))
}
fn ge(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::bool(order::compare(a[0], a[1]).is_ge()))
}

macro_rules! test {
    ($name:ident, $m:ident) => {
        fn $name(_: &mut Process, a: &[Term]) -> BifResult {
            Ok(Term::bool(a[0].$m()))
        }
    };
}
test!(is_atom, is_atom);
test!(is_integer, is_integer);
test!(is_float, is_float);
test!(is_number, is_number);
test!(is_list, is_list);
test!(is_tuple, is_tuple);
test!(is_pid, is_pid);
test!(is_port, is_port);
test!(is_reference, is_reference);
test!(is_binary, is_binary);
test!(is_bitstring, is_bitstring);
test!(is_map, is_map);
test!(is_boolean, is_boolean);
test!(is_function1, is_fun);

fn is_function2(_: &mut Process, a: &[Term]) -> BifResult {
    let n = a[1]
        .as_small()
        .filter(|&n| n >= 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(Term::bool(
        a[0].is_fun() && crate::fun::arity_of(a[0]) as i64 == n,
    ))
}

fn is_record(_: &mut Process, a: &[Term]) -> BifResult {
    let t = a[0].as_tuple();
    Ok(Term::bool(match t {
        Some(t) => {
            !t.is_empty()
                && t[0] == a[1]
                && (a.len() < 3 || a[2].as_small() == Some(t.len() as i64))
        }
        None => false,
    }))
}

fn element(_: &mut Process, a: &[Term]) -> BifResult {
    let i = a[0].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let t = a[1].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    if i < 1 || i as usize > t.len() {
        return badarg();
    }
    Ok(t[i as usize - 1])
}

fn setelement(p: &mut Process, a: &[Term]) -> BifResult {
    let i = a[0].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let t = a[1].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    if i < 1 || i as usize > t.len() {
        return badarg();
    }
    let nt = p.heap.tuple(t);
    nt.tuple_set(i as usize - 1, a[2]);
    Ok(nt)
}

fn tuple_size(_: &mut Process, a: &[Term]) -> BifResult {
    let t = a[0].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(Term::small(t.len() as i64))
}

fn size(_: &mut Process, a: &[Term]) -> BifResult {
    if let Some(t) = a[0].as_tuple() {
        return Ok(Term::small(t.len() as i64));
    }
    match crate::binary::bits_of(a[0]) {
        Some(b) => Ok(Term::small((b.len_bits / 8) as i64)),
        None => badarg(),
    }
}

fn make_tuple(p: &mut Process, a: &[Term]) -> BifResult {
    let n = a[0].as_small().filter(|&n| (0..=(1 << 24)).contains(&n));
    let n = n.ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
    let t = p.heap.tuple(&vec![a[1]; n]);
    if a.len() == 3 {
        for init in a[2]
            .list_to_vec()
            .ok_or(Exc::Error(Term::atom(am::BADARG)))?
        {
            let pair = init.as_tuple().filter(|t| t.len() == 2);
            let pair = pair.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
            let i = pair[0]
                .as_small()
                .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
            if i < 1 || i as usize > n {
                return badarg();
            }
            t.tuple_set(i as usize - 1, pair[1]);
        }
    }
    Ok(t)
}

fn append_element(p: &mut Process, a: &[Term]) -> BifResult {
    let t = a[0].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let mut v = t.to_vec();
    v.push(a[1]);
    Ok(p.heap.tuple(&v))
}

fn delete_element(p: &mut Process, a: &[Term]) -> BifResult {
    let i = a[0].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let t = a[1].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    if i < 1 || i as usize > t.len() {
        return badarg();
    }
    let mut v = t.to_vec();
    v.remove(i as usize - 1);
    Ok(p.heap.tuple(&v))
}

fn insert_element(p: &mut Process, a: &[Term]) -> BifResult {
    let i = a[0].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let t = a[1].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    if i < 1 || i as usize > t.len() + 1 {
        return badarg();
    }
    let mut v = t.to_vec();
    v.insert(i as usize - 1, a[2]);
    Ok(p.heap.tuple(&v))
}

fn tuple_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let t = a[0].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(p.heap.list(t))
}

fn list_to_tuple(p: &mut Process, a: &[Term]) -> BifResult {
    let v = list_arg(a[0])?;
    Ok(p.heap.tuple(&v))
}

fn hd(_: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_cons() {
        Ok(a[0].head())
    } else {
        badarg()
    }
}

fn tl(_: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_cons() {
        Ok(a[0].tail())
    } else {
        badarg()
    }
}

fn length(_: &mut Process, a: &[Term]) -> BifResult {
    match a[0].list_length() {
        Some(n) => Ok(Term::small(n as i64)),
        None => badarg(),
    }
}

fn abs(p: &mut Process, a: &[Term]) -> BifResult {
    arith::abs(&mut p.heap, a[0]).map_err(|_| Exc::Error(Term::atom(am::BADARG)))
}

fn float_of(t: Term) -> Result<f64, Exc> {
    match num_of(t) {
        Some(n) => Ok(arith::to_f64(&n)),
        None => badarg(),
    }
}

fn to_float(p: &mut Process, a: &[Term]) -> BifResult {
    let f = float_of(a[0])?;
    if !f.is_finite() {
        return badarg();
    }
    Ok(p.heap.float(f))
}

fn round_with(p: &mut Process, t: Term, f: fn(f64) -> f64) -> BifResult {
    match num_of(t) {
        Some(Num::Float(x)) => Ok(arith::float_to_int(&mut p.heap, f(x))),
        Some(_) => Ok(t),
        None => badarg(),
    }
}

fn trunc(p: &mut Process, a: &[Term]) -> BifResult {
    round_with(p, a[0], f64::trunc)
}
fn round(p: &mut Process, a: &[Term]) -> BifResult {
    round_with(p, a[0], f64::round)
}
fn floor(p: &mut Process, a: &[Term]) -> BifResult {
    round_with(p, a[0], f64::floor)
}
fn ceil(p: &mut Process, a: &[Term]) -> BifResult {
    round_with(p, a[0], f64::ceil)
}

fn min(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(if order::compare(a[1], a[0]).is_lt() {
        a[1]
    } else {
        a[0]
    })
}
fn max(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(if order::compare(a[1], a[0]).is_gt() {
        a[1]
    } else {
        a[0]
    })
}

fn error1(_: &mut Process, a: &[Term]) -> BifResult {
    Err(Exc::Raise {
        class: Class::Error,
        reason: a[0],
        trace: None,
    })
}

fn error2(p: &mut Process, a: &[Term]) -> BifResult {
    // The trace's top frame is the caller with the given arguments (erl's rule); the
    // interpreter adds the current function's frame, so this keeps the reason only.
    let _ = p;
    Err(Exc::Raise {
        class: Class::Error,
        reason: a[0],
        trace: None,
    })
}

fn throw(_: &mut Process, a: &[Term]) -> BifResult {
    Err(Exc::Raise {
        class: Class::Throw,
        reason: a[0],
        trace: None,
    })
}

fn exit1(_: &mut Process, a: &[Term]) -> BifResult {
    Err(Exc::Raise {
        class: Class::Exit,
        reason: a[0],
        trace: None,
    })
}

fn raise3(_: &mut Process, a: &[Term]) -> BifResult {
    let Some(class) = Class::from_atom(a[0]) else {
        return badarg();
    };
    if a[2].list_length().is_none() {
        return badarg();
    }
    Err(Exc::Raise {
        class,
        reason: a[1],
        trace: Some(a[2]),
    })
}

fn apply3(_: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let f = atom_arg(a[1])?;
    let args = list_arg(a[2])?;
    Err(Exc::Trap(Trap::Apply {
        module: m,
        function: f,
        args,
    }))
}

fn apply2(_: &mut Process, a: &[Term]) -> BifResult {
    let args = list_arg(a[1])?;
    if let Some(t) = a[0].as_tuple() {
        if t.len() == 2 {
            return Err(Exc::Trap(Trap::Apply {
                module: atom_arg(t[0])?,
                function: atom_arg(t[1])?,
                args,
            }));
        }
    }
    Err(Exc::Trap(Trap::CallFun { fun: a[0], args }))
}

static REF_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub fn new_ref_ids() -> (u64, u64) {
    let n = REF_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    (
        t & 0x3FFFF,
        ((t >> 18) & 0xFFFF_FFFF) << 32 | (n & 0xFFFF_FFFF),
    )
}

fn make_ref(p: &mut Process, _: &[Term]) -> BifResult {
    let (hi, lo) = new_ref_ids();
    Ok(p.heap.reference(hi, lo))
}

fn node0(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(crate::node::this_node()))
}

fn node1(_: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_local_pid()
        || a[0].is_local_port()
        || a[0].boxed_kind() == Some(crate::term::Kind::Ref)
    {
        return Ok(Term::atom(crate::node::this_node()));
    }
    if a[0].boxed_kind() == Some(crate::term::Kind::ExtPid) {
        return Ok(Term(a[0].boxed_word(0)));
    }
    badarg()
}

fn nodes(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::NIL)
}

fn is_alive(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::bool(crate::node::this_node() != am::NONODE))
}

fn phash2_1(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::small(
        crate::hash::phash2(a[0]) as i64 & ((1 << 27) - 1),
    ))
}

fn phash2_2(_: &mut Process, a: &[Term]) -> BifResult {
    let range = a[1].as_small().filter(|&r| r > 0 && r <= (1 << 32));
    let range = range.ok_or(Exc::Error(Term::atom(am::BADARG)))? as u64;
    let h = crate::hash::phash2(a[0]) as u64;
    Ok(Term::small((h % range) as i64))
}

fn phash_2(_: &mut Process, a: &[Term]) -> BifResult {
    let range = a[1].as_small().filter(|&r| r > 0 && r <= (1 << 32));
    let range = range.ok_or(Exc::Error(Term::atom(am::BADARG)))? as u64;
    let h = crate::hash::phash2(a[0]) as u64;
    Ok(Term::small((h % range) as i64 + 1))
}

fn display(_: &mut Process, a: &[Term]) -> BifResult {
    let mut s = crate::print::display_string(a[0]);
    s.push('\n');
    crate::io::write_stdout(s.as_bytes());
    Ok(Term::TRUE)
}

fn system_info(p: &mut Process, a: &[Term]) -> BifResult {
    let key = a[0];
    let vm = crate::vm::vm();
    if let Some(k) = key.as_atom() {
        let r = match k.name() {
            "otp_release" => p.heap.string("25"),
            "version" => p.heap.string("13.1.5"),
            "system_version" => p
                .heap
                .string("Erlang/OTP 25 [erts-13.1.5] [ferl] [64-bit]\n"),
            "schedulers" | "schedulers_online" => {
                Term::small(vm.schedulers.load(std::sync::atomic::Ordering::Relaxed) as i64)
            }
            "logical_processors" | "logical_processors_available" => Term::small(
                std::thread::available_parallelism()
                    .map(|n| n.get() as i64)
                    .unwrap_or(1),
            ),
            "process_count" => {
                Term::small(vm.process_count.load(std::sync::atomic::Ordering::Relaxed) as i64)
            }
            "process_limit" => Term::small(1 << 20),
            "atom_count" => Term::small(crate::atom::atom_count() as i64),
            "atom_limit" => Term::small(crate::atom::ATOM_LIMIT as i64),
            "wordsize" => Term::small(8),
            "machine" => p.heap.string("BEAM"),
            "smp_support" | "threads" => Term::TRUE,
            "thread_pool_size" => Term::small(1),
            "port_count" => Term::small(3),
            "port_limit" => Term::small(65536),
            "ets_limit" => Term::small(1 << 20),
            "build_type" => Term::atom(Atom::new("opt")),
            "emu_type" => Term::atom(Atom::new("opt")),
            "emu_flavor" => Term::atom(Atom::new("emu")),
            "kernel_poll" => Term::FALSE,
            "debug_compiled" => Term::FALSE,
            "dist_ctrl" => Term::NIL,
            "creation" => Term::small(crate::node::creation() as i64),
            "nif_version" => p.heap.string("2.16"),
            "driver_version" => p.heap.string("3.3"),
            "os_type" => return super::misc::os_type(p, &[]),
            "break_ignored" => Term::FALSE,
            "context_reductions" => Term::small(crate::interp::CONTEXT_REDS),
            "endian" => Term::atom(Atom::new("little")),
            "heap_type" => Term::atom(Atom::new("private")),
            "start_time" => Term::small(0),
            _ => return badarg(),
        };
        return Ok(r);
    }
    badarg()
}

fn unique_integer(p: &mut Process, a: &[Term]) -> BifResult {
    static N: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    let mut positive = false;
    if let Some(opts) = a.first() {
        for o in list_arg(*opts)? {
            match o.as_atom() {
                Some(am::POSITIVE) => positive = true,
                Some(am::MONOTONIC) => {}
                _ => return badarg(),
            }
        }
    }
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let v = if positive { n } else { n - (1 << 27) };
    Ok(p.heap.int(v))
}

pub fn time_unit_div(unit: Term) -> Option<i64> {
    if let Some(a) = unit.as_atom() {
        return match a.name() {
            "second" | "seconds" => Some(1),
            "millisecond" | "milli_seconds" => Some(1000),
            "microsecond" | "micro_seconds" => Some(1_000_000),
            "nanosecond" | "nano_seconds" | "native" | "perf_counter" => Some(1_000_000_000),
            _ => None,
        };
    }
    unit.as_small().filter(|&n| n > 0)
}

fn monotonic_nanos() -> i64 {
    crate::vm::vm().start_time.elapsed().as_nanos() as i64 - (1 << 50)
}

fn system_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

fn convert_nanos(p: &mut Process, nanos: i64, unit: Term) -> BifResult {
    let per = time_unit_div(unit).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let v = (nanos as i128 * per as i128).div_euclid(1_000_000_000);
    Ok(p.heap.int_i128(v))
}

fn monotonic_time0(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.heap.int(monotonic_nanos()))
}
fn monotonic_time1(p: &mut Process, a: &[Term]) -> BifResult {
    convert_nanos(p, monotonic_nanos(), a[0])
}
fn system_time0(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.heap.int(system_nanos()))
}
fn system_time1(p: &mut Process, a: &[Term]) -> BifResult {
    convert_nanos(p, system_nanos(), a[0])
}
fn time_offset(p: &mut Process, a: &[Term]) -> BifResult {
    let off = system_nanos() - monotonic_nanos();
    match a.first() {
        Some(u) => convert_nanos(p, off, *u),
        None => Ok(p.heap.int(off)),
    }
}

fn convert_time_unit(p: &mut Process, a: &[Term]) -> BifResult {
    let v = crate::arith::int_of(a[0]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let from = time_unit_div(a[1]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let to = time_unit_div(a[2]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let r = num_integer::Integer::div_floor(&(v * to), &num_bigint::BigInt::from(from));
    Ok(p.heap.bigint(&r))
}

pub fn timestamp(p: &mut Process, _: &[Term]) -> BifResult {
    let us = system_nanos() / 1000;
    Ok(p.heap.tuple(&[
        Term::small(us / 1_000_000_000_000),
        Term::small((us / 1_000_000) % 1_000_000),
        Term::small(us % 1_000_000),
    ]))
}

fn localtime_tuple(p: &mut Process, secs: i64) -> Term {
    let (y, m, d) = crate::report::civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    let date = p
        .heap
        .tuple(&[Term::small(y), Term::small(m as i64), Term::small(d as i64)]);
    let time = p.heap.tuple(&[
        Term::small(s / 3600),
        Term::small((s / 60) % 60),
        Term::small(s % 60),
    ]);
    p.heap.tuple2(date, time)
}

fn localtime(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(localtime_tuple(p, system_nanos().div_euclid(1_000_000_000)))
}

fn date(p: &mut Process, _: &[Term]) -> BifResult {
    let t = localtime_tuple(p, system_nanos().div_euclid(1_000_000_000));
    Ok(t.tuple_elems()[0])
}

fn time(p: &mut Process, _: &[Term]) -> BifResult {
    let t = localtime_tuple(p, system_nanos().div_euclid(1_000_000_000));
    Ok(t.tuple_elems()[1])
}

fn bit_size(_: &mut Process, a: &[Term]) -> BifResult {
    match crate::binary::bits_of(a[0]) {
        Some(b) => Ok(Term::small(b.len_bits as i64)),
        None => badarg(),
    }
}

fn byte_size(_: &mut Process, a: &[Term]) -> BifResult {
    match crate::binary::bits_of(a[0]) {
        Some(b) => Ok(Term::small(b.len_bits.div_ceil(8) as i64)),
        None => badarg(),
    }
}

fn map_size(_: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_map() {
        Ok(Term::small(crate::map::size(a[0]) as i64))
    } else {
        let _ = a;
        Err(Exc::Error(Term::atom(am::BADMAP)))
    }
}

fn map_get(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        let r = p.heap.tuple2(Term::atom(am::BADMAP), a[1]);
        return Err(Exc::Error(r));
    }
    match crate::map::get(a[1], a[0]) {
        Some(v) => Ok(v),
        None => {
            let r = p.heap.tuple2(Term::atom(am::BADKEY), a[0]);
            Err(Exc::Error(r))
        }
    }
}

fn is_map_key(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[1].is_map() {
        let r = p.heap.tuple2(Term::atom(am::BADMAP), a[1]);
        return Err(Exc::Error(r));
    }
    Ok(Term::bool(crate::map::get(a[1], a[0]).is_some()))
}

fn float_fun(p: &mut Process, t: Term, f: fn(f64) -> f64) -> BifResult {
    let x = float_of(t)?;
    let r = f(x);
    if !r.is_finite() {
        return badarg();
    }
    Ok(p.heap.float(r))
}

fn garbage_collect(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::TRUE)
}

fn erlang_yield(_: &mut Process, _: &[Term]) -> BifResult {
    Err(Exc::Trap(Trap::Yield(Term::TRUE)))
}

fn nif_error(_: &mut Process, a: &[Term]) -> BifResult {
    Err(Exc::Raise {
        class: Class::Error,
        reason: a[0],
        trace: None,
    })
}

fn md5(p: &mut Process, a: &[Term]) -> BifResult {
    let bytes = super::text::iolist_bytes(a[0]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let d = crate::md5::digest(&bytes);
    Ok(p.heap.binary(&d))
}

fn float_to_int_checked(v: f64) -> Option<i64> {
    v.to_i64()
}

pub fn register() {
    let r = super::register;
    for (n, f) in [
        ("+", plus as BifFn),
        ("-", minus),
        ("*", times),
        ("/", fdiv),
        ("div", idiv),
        ("rem", rem),
        ("bsl", bsl),
        ("bsr", bsr),
        ("band", band),
        ("bor", bor),
        ("bxor", bxor),
        ("and", and),
        ("or", or),
        ("xor", xor),
        ("==", eq),
        ("/=", ne),
        ("=:=", eqx),
        ("=/=", nex),
        ("<", lt),
        ("=<", le),
        (">", gt),
        (">=", ge),
        ("element", element),
        ("min", min),
        ("max", max),
        ("error", error2),
        ("apply", apply2),
        ("is_function", is_function2),
        ("is_record", is_record),
        ("append_element", append_element),
        ("delete_element", delete_element),
        ("phash2", phash2_2),
        ("phash", phash_2),
        ("make_tuple", make_tuple),
    ] {
        r("erlang", n, 2, f);
    }
    for (n, f) in [
        ("-", neg as BifFn),
        ("+", uplus),
        ("bnot", bnot),
        ("not", not),
        ("is_atom", is_atom),
        ("is_integer", is_integer),
        ("is_float", is_float),
        ("is_number", is_number),
        ("is_list", is_list),
        ("is_tuple", is_tuple),
        ("is_pid", is_pid),
        ("is_port", is_port),
        ("is_reference", is_reference),
        ("is_binary", is_binary),
        ("is_bitstring", is_bitstring),
        ("is_map", is_map),
        ("is_boolean", is_boolean),
        ("is_function", is_function1),
        ("tuple_size", tuple_size),
        ("size", size),
        ("tuple_to_list", tuple_to_list),
        ("list_to_tuple", list_to_tuple),
        ("hd", hd),
        ("tl", tl),
        ("length", length),
        ("abs", abs),
        ("float", to_float),
        ("trunc", trunc),
        ("round", round),
        ("floor", floor),
        ("ceil", ceil),
        ("error", error1),
        ("throw", throw),
        ("exit", exit1),
        ("node", node1),
        ("phash2", phash2_1),
        ("display", display),
        ("system_info", system_info),
        ("unique_integer", unique_integer),
        ("monotonic_time", monotonic_time1),
        ("system_time", system_time1),
        ("time_offset", time_offset),
        ("bit_size", bit_size),
        ("byte_size", byte_size),
        ("map_size", map_size),
        ("nif_error", nif_error),
        ("md5", md5),
        ("garbage_collect", garbage_collect),
        ("nodes", nodes),
    ] {
        r("erlang", n, 1, f);
    }
    for (n, f) in [
        ("make_ref", make_ref as BifFn),
        ("node", node0),
        ("nodes", nodes),
        ("is_alive", is_alive),
        ("unique_integer", unique_integer),
        ("monotonic_time", monotonic_time0),
        ("system_time", system_time0),
        ("time_offset", time_offset),
        ("timestamp", timestamp),
        ("now", timestamp),
        ("localtime", localtime),
        ("universaltime", localtime),
        ("date", date),
        ("time", time),
        ("garbage_collect", garbage_collect),
        ("yield", erlang_yield),
    ] {
        r("erlang", n, 0, f);
    }
    r("erlang", "setelement", 3, setelement);
    r("erlang", "insert_element", 3, insert_element);
    r("erlang", "make_tuple", 3, make_tuple);
    r("erlang", "raise", 3, raise3);
    r("erlang", "apply", 3, apply3);
    r("erlang", "is_record", 3, is_record);
    r("erlang", "error", 3, error2);
    r("erlang", "convert_time_unit", 3, convert_time_unit);
    r("erlang", "map_get", 2, map_get);
    r("erlang", "is_map_key", 2, is_map_key);
    r("erlang", "nif_error", 2, nif_error);
    let _ = float_to_int_checked;
    // math
    macro_rules! math1 {
        ($($name:literal => $f:expr),*) => {
            $( r("math", $name, 1, |p, a| float_fun(p, a[0], $f)); )*
        };
    }
    math1!(
        "sin" => f64::sin, "cos" => f64::cos, "tan" => f64::tan,
        "asin" => f64::asin, "acos" => f64::acos, "atan" => f64::atan,
        "sinh" => f64::sinh, "cosh" => f64::cosh, "tanh" => f64::tanh,
        "asinh" => f64::asinh, "acosh" => f64::acosh, "atanh" => f64::atanh,
        "exp" => f64::exp, "sqrt" => f64::sqrt, "log2" => f64::log2,
        "log10" => f64::log10, "floor" => f64::floor, "ceil" => f64::ceil,
        "erf" => erf, "erfc" => |x| 1.0 - erf(x)
    );
    r("math", "log", 1, |p, a| {
        let x = float_of(a[0])?;
        if x <= 0.0 {
            return badarg();
        }
        Ok(p.heap.float(x.ln()))
    });
    r("math", "pow", 2, |p, a| {
        let x = float_of(a[0])?;
        let y = float_of(a[1])?;
        let v = x.powf(y);
        if !v.is_finite() {
            return badarg();
        }
        Ok(p.heap.float(v))
    });
    r("math", "atan2", 2, |p, a| {
        let x = float_of(a[0])?;
        let y = float_of(a[1])?;
        Ok(p.heap.float(x.atan2(y)))
    });
    r("math", "fmod", 2, |p, a| {
        let x = float_of(a[0])?;
        let y = float_of(a[1])?;
        if y == 0.0 {
            return badarg();
        }
        Ok(p.heap.float(x % y))
    });
    r("math", "pi", 0, |p, _| {
        Ok(p.heap.float(std::f64::consts::PI))
    });
}

fn erf(x: f64) -> f64 {
    // Abramowitz and Stegun 7.1.26, refined with a series for small x.
    if x.abs() < 0.5 {
        let mut sum = x;
        let mut term = x;
        let x2 = x * x;
        for n in 1..30 {
            term *= -x2 / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        return sum * 2.0 / std::f64::consts::PI.sqrt();
    }
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let y = 1.0
        - t * (-x * x - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        y
    } else {
        -y
    }
}

fn fun_info_item(p: &mut Process, f: Term, item: Atom) -> Result<Term, Exc> {
    let v = match (f.boxed_kind(), item.name()) {
        (Some(crate::term::Kind::Export), name) => {
            let e = crate::fun::export_of(f);
            match name {
                "arity" => Term::small(e.arity as i64),
                "module" => Term::atom(e.module),
                "name" => Term::atom(e.function),
                "type" => Term::atom(am::EXTERNAL),
                "env" => Term::NIL,
                "pid" | "index" | "new_index" | "uniq" | "new_uniq" => Term::atom(am::UNDEFINED),
                _ => return badarg(),
            }
        }
        (Some(crate::term::Kind::Fun), name) => {
            let e = crate::fun::entry_of(f);
            match name {
                "arity" => Term::small(e.arity as i64),
                "module" => Term::atom(e.module_name),
                "name" => Term::atom(e.function),
                "type" => Term::atom(am::LOCAL),
                "env" => {
                    let env = crate::fun::env_of(f).to_vec();
                    p.heap.list(&env)
                }
                "pid" => p.pid(),
                "index" | "new_index" => Term::small(e.index as i64),
                "uniq" => Term::small(e.old_uniq as i64),
                "new_uniq" => p.heap.binary(&e.module().md5),
                _ => return badarg(),
            }
        }
        _ => return badarg(),
    };
    Ok(p.heap.tuple2(Term::atom(item), v))
}

fn fun_info2(p: &mut Process, a: &[Term]) -> BifResult {
    let item = atom_arg(a[1])?;
    fun_info_item(p, a[0], item)
}

fn fun_info1(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_fun() {
        return badarg();
    }
    let keys: &[&str] = if a[0].boxed_kind() == Some(crate::term::Kind::Export) {
        &["module", "name", "arity", "env", "type"]
    } else {
        &[
            "pid",
            "module",
            "new_index",
            "new_uniq",
            "index",
            "uniq",
            "name",
            "arity",
            "env",
            "type",
        ]
    };
    let mut out = Vec::new();
    for k in keys {
        out.push(fun_info_item(p, a[0], Atom::new(k))?);
    }
    Ok(p.heap.list(&out))
}

type PtStore = std::sync::Mutex<std::collections::HashMap<Vec<u8>, crate::copy::Owned>>;

fn pt_store() -> &'static PtStore {
    static S: std::sync::OnceLock<PtStore> = std::sync::OnceLock::new();
    S.get_or_init(|| std::sync::Mutex::new(std::collections::HashMap::new()))
}

fn pt_get(p: &mut Process, a: &[Term]) -> BifResult {
    let k = crate::etf::encode(a[0]);
    let s = pt_store().lock().unwrap_or_else(|e| e.into_inner());
    match s.get(&k) {
        Some(v) => Ok(crate::copy::copy_term(v.term, &mut p.heap)),
        None => match a.get(1) {
            Some(d) => Ok(*d),
            None => badarg(),
        },
    }
}

fn pt_put(_: &mut Process, a: &[Term]) -> BifResult {
    let k = crate::etf::encode(a[0]);
    pt_store()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(k, crate::copy::Owned::new(a[1]));
    Ok(Term::atom(am::OK))
}

fn pt_erase(_: &mut Process, a: &[Term]) -> BifResult {
    let k = crate::etf::encode(a[0]);
    let removed = pt_store()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&k);
    Ok(Term::bool(removed.is_some()))
}

/// The VM runs on UTC: local time is universal time.
fn universaltime_to_localtime(_: &mut Process, a: &[Term]) -> BifResult {
    let t = a[0].as_tuple().filter(|t| t.len() == 2);
    let t = t.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    match (t[0].as_tuple(), t[1].as_tuple()) {
        (Some(d), Some(tm)) if d.len() == 3 && tm.len() == 3 => Ok(a[0]),
        _ => badarg(),
    }
}

fn make_fun(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let f = atom_arg(a[1])?;
    let n = a[2].as_small().filter(|&n| (0..=255).contains(&n));
    let n = n.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let e = crate::export::get_or_create(m, f, n as u32);
    Ok(p.heap.export_fun(e))
}

pub fn register_more() {
    let r = super::register;
    r(
        "erlang",
        "universaltime_to_localtime",
        1,
        universaltime_to_localtime,
    );
    r(
        "erlang",
        "localtime_to_universaltime",
        1,
        universaltime_to_localtime,
    );
    r("erlang", "make_fun", 3, make_fun);
    r("erlang", "fun_info", 2, fun_info2);
    r("erlang", "fun_info", 1, fun_info1);
    r("persistent_term", "get", 1, pt_get);
    r("persistent_term", "get", 2, pt_get);
    r("persistent_term", "put", 2, pt_put);
    r("persistent_term", "erase", 1, pt_erase);
}
