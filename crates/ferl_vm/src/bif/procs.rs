//! BIFs about processes: spawning, sending, links, monitors, exit signals, the registry,
//! process flags and info, the process dictionary, timers and halting.

use std::time::Duration;

use super::*;
use crate::copy::Owned;
use crate::interp;
use crate::process::{ExitKind, Monitor, Signal};
use crate::term::{Kind, Term};
use crate::vm;

/// `Dest ! Msg`.
pub fn send(p: &mut Process, dest: Term, msg: Term) -> BifResult {
    let target = if dest.is_local_pid() {
        Some(dest.pid_id())
    } else if let Some(name) = dest.as_atom() {
        match vm::whereis(name) {
            Some(pid) if pid.is_local_pid() => Some(pid.pid_id()),
            Some(port) if port.is_local_port() => {
                super::misc::port_message(p, port, msg)?;
                return Ok(msg);
            }
            _ => return badarg(),
        }
    } else if let Some(t) = dest.as_tuple() {
        if t.len() == 2 && t[0].is_atom() && t[1].is_atom() {
            if t[1].as_atom() == Some(crate::node::this_node()) {
                return send(p, t[0], msg);
            }
            // Another node: connects on demand; never fails on this side.
            if let (Some(name), Some(node)) = (t[0].as_atom(), t[1].as_atom()) {
                crate::dist::signals::send_to_name(p.id, name, node, msg);
            }
            return Ok(msg);
        }
        return badarg();
    } else if dest.is_local_port() {
        super::misc::port_message(p, dest, msg)?;
        return Ok(msg);
    } else if dest.is_pid() {
        crate::dist::signals::send_to_pid(dest, msg);
        return Ok(msg);
    } else if dest.boxed_kind() == Some(Kind::ExtRef) {
        crate::dist::signals::send_to_alias(p.id, dest, msg);
        return Ok(msg);
    } else if let Some(ids) = ref_ids(dest) {
        // An alias: delivered while it is active, dropped silently otherwise.
        match vm::alias_target(ids) {
            Some(id) => Some(id),
            None => return Ok(msg),
        }
    } else {
        return badarg();
    };
    if let Some(id) = target {
        if id == p.id {
            // To itself: straight into the mailbox.
            let (term, heap) = crate::copy::copy_to_new_heap(msg);
            p.mailbox.push_back(Owned { term, heap });
        } else {
            vm::send_signal(id, Signal::Message(Owned::new(msg)));
        }
    }
    Ok(msg)
}

fn send2(p: &mut Process, a: &[Term]) -> BifResult {
    send(p, a[0], a[1])
}

fn send3(p: &mut Process, a: &[Term]) -> BifResult {
    send(p, a[0], a[1])?;
    Ok(Term::atom(am::OK))
}

pub struct SpawnOpts {
    pub link: bool,
    pub monitor: bool,
}

fn parse_opts(t: Term) -> Result<SpawnOpts, Exc> {
    let mut o = SpawnOpts {
        link: false,
        monitor: false,
    };
    for opt in list_arg(t)? {
        match opt.as_atom() {
            Some(am::LINK) => o.link = true,
            Some(am::MONITOR) => o.monitor = true,
            Some(_) => {}
            None => {
                if !opt.is_tuple() {
                    return badarg();
                }
            }
        }
    }
    Ok(o)
}

/// Creates and starts a process; returns its pid (and the monitor reference).
pub fn do_spawn(
    p: &mut Process,
    what: SpawnWhat,
    opts: SpawnOpts,
) -> Result<(Term, Option<Term>), Exc> {
    let mut child = crate::process::Process::new(p.group_leader);
    child.error_handler = p.error_handler;
    match what {
        SpawnWhat::Mfa(m, f, args) => {
            let e = crate::export::get_or_create(m, f, args.len() as u32);
            let copied: Vec<Term> = args
                .iter()
                .map(|&a| crate::copy::copy_term(a, &mut child.heap))
                .collect();
            interp::setup_call(&mut child, e, &copied);
        }
        SpawnWhat::Fun(fun) => {
            let f = crate::copy::copy_term(fun, &mut child.heap);
            interp::setup_fun(&mut child, f, &[]);
        }
    }
    let child_pid = child.pid();
    if opts.link {
        child.links.push(p.pid());
        p.links.push(child_pid);
    }
    let mut mref = None;
    if opts.monitor {
        let ids = super::erlang::new_ref_ids();
        child.monitors.push(Monitor {
            id: ids,
            other: p.pid(),
            watcher: false,
            name: None,
        });
        p.monitors.push(Monitor {
            id: ids,
            other: child_pid,
            watcher: true,
            name: None,
        });
        mref = Some(p.heap.reference(ids.0, ids.1));
    }
    vm::spawn_process(child);
    Ok((child_pid, mref))
}

pub enum SpawnWhat {
    Mfa(Atom, Atom, Vec<Term>),
    Fun(Term),
}

fn fun_arg(t: Term) -> Result<SpawnWhat, Exc> {
    if t.is_fun() && crate::fun::arity_of(t) == 0 {
        Ok(SpawnWhat::Fun(t))
    } else {
        badarg()
    }
}

fn mfa_args(a: &[Term]) -> Result<SpawnWhat, Exc> {
    Ok(SpawnWhat::Mfa(
        atom_arg(a[0])?,
        atom_arg(a[1])?,
        list_arg(a[2])?,
    ))
}

fn no_opts() -> SpawnOpts {
    SpawnOpts {
        link: false,
        monitor: false,
    }
}

fn spawn1(p: &mut Process, a: &[Term]) -> BifResult {
    Ok(do_spawn(p, fun_arg(a[0])?, no_opts())?.0)
}
fn spawn3(p: &mut Process, a: &[Term]) -> BifResult {
    Ok(do_spawn(p, mfa_args(a)?, no_opts())?.0)
}
fn spawn_link1(p: &mut Process, a: &[Term]) -> BifResult {
    let o = SpawnOpts {
        link: true,
        monitor: false,
    };
    Ok(do_spawn(p, fun_arg(a[0])?, o)?.0)
}
fn spawn_link3(p: &mut Process, a: &[Term]) -> BifResult {
    let o = SpawnOpts {
        link: true,
        monitor: false,
    };
    Ok(do_spawn(p, mfa_args(a)?, o)?.0)
}
fn spawn_monitor1(p: &mut Process, a: &[Term]) -> BifResult {
    let o = SpawnOpts {
        link: false,
        monitor: true,
    };
    let (pid, r) = do_spawn(p, fun_arg(a[0])?, o)?;
    Ok(p.heap.tuple2(pid, r.unwrap_or(Term::NIL)))
}
fn spawn_monitor3(p: &mut Process, a: &[Term]) -> BifResult {
    let o = SpawnOpts {
        link: false,
        monitor: true,
    };
    let (pid, r) = do_spawn(p, mfa_args(a)?, o)?;
    Ok(p.heap.tuple2(pid, r.unwrap_or(Term::NIL)))
}
fn spawn_opt2(p: &mut Process, a: &[Term]) -> BifResult {
    let o = parse_opts(a[1])?;
    let mon = o.monitor;
    let (pid, r) = do_spawn(p, fun_arg(a[0])?, o)?;
    Ok(if mon {
        p.heap.tuple2(pid, r.unwrap_or(Term::NIL))
    } else {
        pid
    })
}
fn spawn_opt4(p: &mut Process, a: &[Term]) -> BifResult {
    let o = parse_opts(a[3])?;
    let mon = o.monitor;
    let (pid, r) = do_spawn(p, mfa_args(a)?, o)?;
    Ok(if mon {
        p.heap.tuple2(pid, r.unwrap_or(Term::NIL))
    } else {
        pid
    })
}
pub fn spawn_opt4_pub(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_opt4(p, a)
}

fn spawn2(p: &mut Process, a: &[Term]) -> BifResult {
    // spawn(Node, Fun): only the local node.
    if a[0].as_atom() != Some(crate::node::this_node()) {
        return badarg();
    }
    spawn1(p, &a[1..])
}

fn self_(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.pid())
}

fn link(p: &mut Process, a: &[Term]) -> BifResult {
    let other = a[0];
    if other == p.pid() {
        return Ok(Term::TRUE);
    }
    if other.is_local_pid() {
        if !p.links.contains(&other) {
            p.links.push(other);
            let alive = vm::send_signal(other.pid_id(), Signal::Link(p.pid()));
            if !alive {
                p.links.retain(|&l| l != other);
                if p.trap_exit {
                    // The noproc exit signal arrives as a message.
                    return Ok(Term::TRUE);
                }
                return Err(Exc::Error(Term::atom(am::NOPROC)));
            }
        }
        return Ok(Term::TRUE);
    }
    if other.is_local_port() {
        if !p.links.contains(&other) {
            p.links.push(other);
        }
        return Ok(Term::TRUE);
    }
    if other.is_pid() {
        let other = crate::dist::ext::stable_pid(other);
        if !p.links.contains(&other) {
            p.links.push(other);
            crate::dist::signals::link(p.id, other);
        }
        return Ok(Term::TRUE);
    }
    badarg()
}

fn unlink(p: &mut Process, a: &[Term]) -> BifResult {
    let other = a[0];
    if !other.is_pid() && !other.is_port() {
        return badarg();
    }
    let other = crate::dist::ext::stable_pid(other);
    p.links.retain(|&l| l != other);
    if other.is_local_pid() {
        vm::send_signal(other.pid_id(), Signal::Unlink(p.pid()));
    } else if other.is_pid() {
        crate::dist::signals::unlink(p.id, other);
    }
    Ok(Term::TRUE)
}

fn monitor2(p: &mut Process, a: &[Term]) -> BifResult {
    if a[0] != Term::atom(am::PROCESS) {
        if a[0] == Term::atom(am::PORT) {
            let ids = super::erlang::new_ref_ids();
            return Ok(p.heap.reference(ids.0, ids.1));
        }
        return badarg();
    }
    let ids = super::erlang::new_ref_ids();
    let r = p.heap.reference(ids.0, ids.1);
    let (target, name) = if a[1].is_local_pid() {
        (Some(a[1]), None)
    } else if let Some(n) = a[1].as_atom() {
        (vm::whereis(n), Some(n))
    } else if let Some(t) = a[1].as_tuple().filter(|t| t.len() == 2) {
        let n = atom_arg(t[0])?;
        let node = atom_arg(t[1])?;
        if node != crate::node::this_node() {
            crate::dist::signals::monitor(p.id, ids, Term::atom(n), node);
            return Ok(r);
        }
        (vm::whereis(n), Some(n))
    } else if a[1].is_pid() {
        let target = crate::dist::ext::stable_pid(a[1]);
        if let Some(node) = crate::dist::ext::node_of(target) {
            crate::dist::signals::monitor(p.id, ids, target, node);
        }
        return Ok(r);
    } else {
        return badarg();
    };
    match target {
        Some(pid) if pid.is_local_pid() => {
            p.monitors.push(Monitor {
                id: ids,
                other: pid,
                watcher: true,
                name,
            });
            if pid == p.pid() {
                return Ok(r);
            }
            let delivered = vm::send_signal(
                pid.pid_id(),
                Signal::Monitor {
                    from: p.pid(),
                    id: ids,
                },
            );
            if !delivered {
                p.monitors.retain(|m| m.id != ids);
                // send_signal already queued the 'DOWN' (noproc) for a pid target; fix
                // the object for a name target.
                let _ = name;
            }
        }
        _ => {
            // No such process: 'DOWN' with noproc at once.
            let who = match name {
                Some(n) => p
                    .heap
                    .tuple2(Term::atom(n), Term::atom(crate::node::this_node())),
                None => a[1],
            };
            let msg = p.heap.tuple(&[
                Term::atom(am::DOWN),
                r,
                Term::atom(am::PROCESS),
                who,
                Term::atom(am::NOPROC),
            ]);
            send(p, p.pid(), msg)?;
        }
    }
    Ok(r)
}

/// `monitor/3`: `monitor/2` with options; `{alias, Mode}` also makes the reference an
/// alias of the caller until the monitor ends (`demonitor`), or `unalias/1`.
fn monitor3(p: &mut Process, a: &[Term]) -> BifResult {
    let mut alias = false;
    for o in list_arg(a[2])? {
        let t = o.as_tuple().filter(|t| t.len() == 2);
        let t = t.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
        match t[0].as_atom() {
            Some(am::ALIAS) => alias = true,
            Some(x) if x.name() == "tag" => {}
            _ => return badarg(),
        }
    }
    let r = monitor2(p, &a[..2])?;
    if alias {
        if let Some(ids) = ref_ids(r) {
            vm::add_alias(ids, p.id);
            p.aliases.push(ids);
        }
    }
    Ok(r)
}

fn alias(p: &mut Process, _: &[Term]) -> BifResult {
    let ids = super::erlang::new_ref_ids();
    vm::add_alias(ids, p.id);
    p.aliases.push(ids);
    Ok(p.heap.reference(ids.0, ids.1))
}

fn unalias(p: &mut Process, a: &[Term]) -> BifResult {
    let ids = ref_ids(a[0]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    p.aliases.retain(|&x| x != ids);
    Ok(Term::bool(vm::remove_alias(ids)))
}

fn ref_ids(t: Term) -> Option<(u64, u64)> {
    if t.boxed_kind() == Some(Kind::Ref) {
        let w = t.boxed_words();
        Some((w[0], w[1]))
    } else {
        None
    }
}

fn demonitor(p: &mut Process, a: &[Term]) -> BifResult {
    let ids = ref_ids(a[0]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let mut flush = false;
    let mut info = false;
    if a.len() > 1 {
        for o in list_arg(a[1])? {
            match o.as_atom() {
                Some(am::FLUSH) => flush = true,
                Some(am::INFO) => info = true,
                _ => return badarg(),
            }
        }
    }
    let mut found = p.monitors.iter().position(|m| m.id == ids && m.watcher);
    vm::remove_alias(ids);
    if found.is_none() && crate::dist::signals::demonitor(p.id, ids) {
        found = Some(0);
    } else if let Some(i) = found {
        let m = p.monitors.remove(i);
        if m.other.is_local_pid() {
            vm::send_signal(
                m.other.pid_id(),
                Signal::Demonitor {
                    from: p.pid(),
                    id: ids,
                },
            );
        }
    }
    if flush {
        p.take_signals();
        let r = a[0];
        p.mailbox.retain(|m| match m.term.as_tuple() {
            Some(t) => {
                !(t.len() == 5 && t[0] == Term::atom(am::DOWN) && crate::order::eq_exact(t[1], r))
            }
            None => true,
        });
        p.cursor = 0;
    }
    Ok(if info {
        Term::bool(found.is_some())
    } else {
        Term::TRUE
    })
}

fn exit2(p: &mut Process, a: &[Term]) -> BifResult {
    let target = a[0];
    if target.is_local_pid() {
        let reason = Owned::new(a[1]);
        if target == p.pid() {
            let sig = Signal::Exit {
                from: p.pid(),
                reason,
                kind: ExitKind::Explicit,
            };
            p.shared.deliver(sig).ok();
            p.take_signals();
            if p.pending_exit.is_some() {
                return Err(Exc::Trap(Trap::Exit));
            }
            return Ok(Term::TRUE);
        }
        vm::send_signal(
            target.pid_id(),
            Signal::Exit {
                from: p.pid(),
                reason,
                kind: ExitKind::Explicit,
            },
        );
        return Ok(Term::TRUE);
    }
    if target.is_local_port() {
        super::misc::port_exit(target, a[1]);
        return Ok(Term::TRUE);
    }
    if target.is_pid() {
        crate::dist::signals::exit2(p.id, target, a[1]);
        return Ok(Term::TRUE);
    }
    if target.is_port() {
        return Ok(Term::TRUE);
    }
    badarg()
}

fn register_name(p: &mut Process, a: &[Term]) -> BifResult {
    let name = atom_arg(a[0])?;
    if name == am::UNDEFINED {
        return badarg();
    }
    let pid = a[1];
    if pid.is_local_pid() {
        let alive = pid == p.pid()
            || vm::lookup(pid.pid_id())
                .map(|s| s.is_alive())
                .unwrap_or(false);
        if !alive {
            return badarg();
        }
    } else if !pid.is_local_port() {
        return badarg();
    }
    if !vm::register(name, pid) {
        return badarg();
    }
    if pid == p.pid() {
        p.registered = Some(name);
    }
    Ok(Term::TRUE)
}

fn unregister(p: &mut Process, a: &[Term]) -> BifResult {
    let name = atom_arg(a[0])?;
    let mut r = vm::vm().registry.lock().unwrap_or_else(|e| e.into_inner());
    match r.remove(&name) {
        Some(pid) => {
            if pid == p.pid() {
                p.registered = None;
            }
            Ok(Term::TRUE)
        }
        None => badarg(),
    }
}

fn whereis(_: &mut Process, a: &[Term]) -> BifResult {
    let name = atom_arg(a[0])?;
    Ok(vm::whereis(name).unwrap_or(Term::atom(am::UNDEFINED)))
}

fn registered(p: &mut Process, _: &[Term]) -> BifResult {
    let names: Vec<Term> = {
        let r = vm::vm().registry.lock().unwrap_or_else(|e| e.into_inner());
        r.keys().map(|&a| Term::atom(a)).collect()
    };
    Ok(p.heap.list(&names))
}

fn is_process_alive(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_local_pid() {
        if a[0].is_pid() {
            return badarg();
        }
        return badarg();
    }
    if a[0] == p.pid() {
        return Ok(Term::TRUE);
    }
    Ok(Term::bool(
        vm::lookup(a[0].pid_id())
            .map(|s| s.is_alive())
            .unwrap_or(false),
    ))
}

fn process_flag(p: &mut Process, a: &[Term]) -> BifResult {
    let flag = atom_arg(a[0])?;
    match flag {
        am::TRAP_EXIT => {
            let old = p.trap_exit;
            if a[1] == Term::TRUE {
                p.trap_exit = true;
            } else if a[1] == Term::FALSE {
                p.trap_exit = false;
            } else {
                return badarg();
            }
            Ok(Term::bool(old))
        }
        am::PRIORITY => {
            let old = p.priority;
            p.priority = atom_arg(a[1])?;
            Ok(Term::atom(old))
        }
        _ => match flag.name() {
            "error_handler" => {
                let old = p.error_handler;
                p.error_handler = atom_arg(a[1])?;
                Ok(Term::atom(old))
            }
            "min_heap_size" | "min_bin_vheap_size" | "fullsweep_after" | "message_queue_data"
            | "max_heap_size" | "sensitive" | "save_calls" => Ok(Term::FALSE),
            _ => badarg(),
        },
    }
}

fn info_item(p: &mut Process, target: Option<&mut Process>, item: Atom) -> Result<Term, Exc> {
    // Only the caller's own process can be inspected in full; for others the shared part.
    let me = target.is_none();
    let proc_ref: &mut Process = match target {
        Some(t) => t,
        None => p,
    };
    let _ = me;
    let v = match item.name() {
        "message_queue_len" => {
            proc_ref.take_signals();
            Term::small(proc_ref.mailbox.len() as i64)
        }
        "messages" => {
            proc_ref.take_signals();
            let msgs: Vec<Term> = proc_ref.mailbox.iter().map(|m| m.term).collect();
            let copies: Vec<Term> = msgs
                .iter()
                .map(|&m| crate::copy::copy_term(m, &mut proc_ref.heap))
                .collect();
            proc_ref.heap.list(&copies)
        }
        "links" => {
            let l = proc_ref.links.clone();
            proc_ref.heap.list(&l)
        }
        "monitors" => {
            let ms: Vec<(Term, Option<Atom>)> = proc_ref
                .monitors
                .iter()
                .filter(|m| m.watcher)
                .map(|m| (m.other, m.name))
                .collect();
            let mut items = Vec::new();
            for (o, n) in ms {
                let what = match n {
                    Some(n) => proc_ref
                        .heap
                        .tuple2(Term::atom(n), Term::atom(crate::node::this_node())),
                    None => o,
                };
                items.push(proc_ref.heap.tuple2(Term::atom(am::PROCESS), what));
            }
            proc_ref.heap.list(&items)
        }
        "monitored_by" => {
            let ms: Vec<Term> = proc_ref
                .monitors
                .iter()
                .filter(|m| !m.watcher)
                .map(|m| m.other)
                .collect();
            proc_ref.heap.list(&ms)
        }
        "registered_name" => match vm::registered_name_of(proc_ref.pid()) {
            Some(n) => Term::atom(n),
            None => return Ok(Term::NIL),
        },
        "trap_exit" => Term::bool(proc_ref.trap_exit),
        "status" => Term::atom(am::RUNNING),
        "dictionary" => {
            let d = proc_ref.dict.clone();
            let mut items = Vec::new();
            for (k, v) in d {
                items.push(proc_ref.heap.tuple2(k, v));
            }
            proc_ref.heap.list(&items)
        }
        "group_leader" => proc_ref.group_leader,
        "heap_size" | "total_heap_size" => Term::small(proc_ref.heap.capacity_words() as i64),
        "stack_size" => Term::small(proc_ref.stack.len() as i64),
        "memory" => Term::small(
            (proc_ref.heap.capacity_words() * 8 + proc_ref.stack.capacity() * 8 + 1000) as i64,
        ),
        "reductions" => Term::small(proc_ref.reductions as i64),
        "priority" => Term::atom(proc_ref.priority),
        "initial_call" | "current_function" => {
            let (m, f, a) = proc_ref.initial_call;
            proc_ref
                .heap
                .tuple(&[Term::atom(m), Term::atom(f), Term::small(a as i64)])
        }
        "error_handler" => Term::atom(proc_ref.error_handler),
        "current_stacktrace" => crate::exception::stack_frames(proc_ref, 8),
        "garbage_collection" => Term::NIL,
        _ => return badarg(),
    };
    Ok(p_or(v))
}

fn p_or(v: Term) -> Term {
    v
}

fn process_info2(p: &mut Process, a: &[Term]) -> BifResult {
    if a[0] != p.pid() {
        if !a[0].is_local_pid() {
            return badarg();
        }
        // Another process: answer from what is visible without stopping it.
        let Some(shared) = vm::lookup(a[0].pid_id()) else {
            return Ok(Term::atom(am::UNDEFINED));
        };
        if !shared.is_alive() {
            return Ok(Term::atom(am::UNDEFINED));
        }
        let item = atom_arg(a[1])?;
        let v = match item.name() {
            "message_queue_len" => Term::small(shared.queue_len() as i64),
            "registered_name" => match vm::registered_name_of(a[0]) {
                Some(n) => Term::atom(n),
                None => return Ok(Term::NIL),
            },
            "status" => Term::atom(am::WAITING),
            _ => return Ok(Term::atom(am::UNDEFINED)),
        };
        return Ok(p.heap.tuple2(a[1], v));
    }
    if a[1].is_list() {
        let mut out = Vec::new();
        for it in list_arg(a[1])? {
            let v = info_item(p, None, atom_arg(it)?)?;
            out.push(p.heap.tuple2(it, v));
        }
        return Ok(p.heap.list(&out));
    }
    let item = atom_arg(a[1])?;
    let v = info_item(p, None, item)?;
    if item == am::REGISTERED_NAME && v.is_nil() {
        return Ok(Term::NIL);
    }
    Ok(p.heap.tuple2(a[1], v))
}

fn process_info1(p: &mut Process, a: &[Term]) -> BifResult {
    if a[0] != p.pid() {
        if !a[0].is_local_pid() {
            return badarg();
        }
        return match vm::lookup(a[0].pid_id()) {
            Some(s) if s.is_alive() => {
                let n = Term::small(s.queue_len() as i64);
                let t = p.heap.tuple2(Term::atom(am::MESSAGE_QUEUE_LEN), n);
                Ok(p.heap.list(&[t]))
            }
            _ => Ok(Term::atom(am::UNDEFINED)),
        };
    }
    let items = [
        "current_function",
        "initial_call",
        "status",
        "message_queue_len",
        "links",
        "dictionary",
        "trap_exit",
        "error_handler",
        "priority",
        "group_leader",
        "heap_size",
        "stack_size",
        "reductions",
    ];
    let mut out = Vec::new();
    for i in items {
        let a = Atom::new(i);
        let v = info_item(p, None, a)?;
        out.push(p.heap.tuple2(Term::atom(a), v));
    }
    Ok(p.heap.list(&out))
}

fn group_leader0(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.group_leader)
}

fn group_leader2(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_pid() || !a[1].is_pid() {
        return badarg();
    }
    let gl = crate::dist::ext::stable_pid(a[0]);
    if a[1] == p.pid() {
        p.group_leader = gl;
        return Ok(Term::TRUE);
    }
    if !a[1].is_local_pid() {
        crate::dist::signals::group_leader(gl, a[1]);
        return Ok(Term::TRUE);
    }
    // Another process: set through a signal-free path (the field is read at its spawn
    // and by io); processes started with spawn inherit the caller's leader already.
    crate::vm::set_group_leader_of(a[1], gl);
    Ok(Term::TRUE)
}

fn put(p: &mut Process, a: &[Term]) -> BifResult {
    for pair in p.dict.iter_mut() {
        if crate::order::eq_exact(pair.0, a[0]) {
            let old = pair.1;
            pair.1 = a[1];
            return Ok(old);
        }
    }
    p.dict.push((a[0], a[1]));
    Ok(Term::atom(am::UNDEFINED))
}

fn get1(p: &mut Process, a: &[Term]) -> BifResult {
    for pair in &p.dict {
        if crate::order::eq_exact(pair.0, a[0]) {
            return Ok(pair.1);
        }
    }
    Ok(Term::atom(am::UNDEFINED))
}

fn get0(p: &mut Process, _: &[Term]) -> BifResult {
    let d = p.dict.clone();
    let mut items = Vec::new();
    for (k, v) in d {
        items.push(p.heap.tuple2(k, v));
    }
    Ok(p.heap.list(&items))
}

fn get_keys0(p: &mut Process, _: &[Term]) -> BifResult {
    let keys: Vec<Term> = p.dict.iter().map(|(k, _)| *k).collect();
    Ok(p.heap.list(&keys))
}

fn get_keys1(p: &mut Process, a: &[Term]) -> BifResult {
    let keys: Vec<Term> = p
        .dict
        .iter()
        .filter(|(_, v)| crate::order::eq_exact(*v, a[0]))
        .map(|(k, _)| *k)
        .collect();
    Ok(p.heap.list(&keys))
}

fn erase1(p: &mut Process, a: &[Term]) -> BifResult {
    if let Some(i) = p
        .dict
        .iter()
        .position(|(k, _)| crate::order::eq_exact(*k, a[0]))
    {
        return Ok(p.dict.remove(i).1);
    }
    Ok(Term::atom(am::UNDEFINED))
}

fn erase0(p: &mut Process, _: &[Term]) -> BifResult {
    let d = std::mem::take(&mut p.dict);
    let mut items = Vec::new();
    for (k, v) in d {
        items.push(p.heap.tuple2(k, v));
    }
    Ok(p.heap.list(&items))
}

fn timer_dest(t: Term) -> Result<Term, Exc> {
    if t.is_local_pid() || t.is_atom() {
        Ok(t)
    } else {
        badarg()
    }
}

fn time_arg(t: Term) -> Result<u64, Exc> {
    match crate::arith::i64_of(t) {
        Some(ms) if (0..=(1i64 << 32) * 1000).contains(&ms) => Ok(ms as u64),
        _ => badarg(),
    }
}

fn timer_ref(p: &mut Process, id: u64) -> Term {
    p.heap.reference(0x7FFF_FFFF, id)
}

fn send_after(p: &mut Process, a: &[Term]) -> BifResult {
    let ms = time_arg(a[0])?;
    let dest = timer_dest(a[1])?;
    let id = crate::timer::start(
        Duration::from_millis(ms),
        crate::timer::Action::Send {
            dest,
            msg: Owned::new(a[2]),
        },
    );
    Ok(timer_ref(p, id))
}

fn start_timer(p: &mut Process, a: &[Term]) -> BifResult {
    let ms = time_arg(a[0])?;
    let dest = timer_dest(a[1])?;
    let id = crate::timer::next_id();
    let r = timer_ref(p, id);
    let msg = p.heap.tuple(&[Term::atom(am::TIMEOUT), r, a[2]]);
    crate::timer::start_with_id(
        id,
        Duration::from_millis(ms),
        crate::timer::Action::Send {
            dest,
            msg: Owned::new(msg),
        },
    );
    Ok(r)
}

fn timer_id_of(t: Term) -> Result<u64, Exc> {
    match ref_ids(t) {
        Some((0x7FFF_FFFF, id)) => Ok(id),
        Some(_) => Ok(0),
        None => badarg(),
    }
}

fn cancel_timer(_: &mut Process, a: &[Term]) -> BifResult {
    let id = timer_id_of(a[0])?;
    Ok(match crate::timer::cancel(id) {
        Some(left) => Term::small(left.as_millis() as i64),
        None => Term::FALSE,
    })
}

fn cancel_timer2(p: &mut Process, a: &[Term]) -> BifResult {
    let v = cancel_timer(p, a)?;
    for o in a[1].iter_list() {
        if let Some(t) = o.as_tuple() {
            if t.len() == 2
                && t[0].as_atom().map(|x| x.name()) == Some("async")
                && t[1] == Term::TRUE
            {
                let msg = p
                    .heap
                    .tuple(&[Term::atom(Atom::new("cancel_timer")), a[0], v]);
                send(p, p.pid(), msg)?;
                return Ok(Term::atom(am::OK));
            }
        }
    }
    Ok(v)
}

fn read_timer(_: &mut Process, a: &[Term]) -> BifResult {
    let id = timer_id_of(a[0])?;
    Ok(match crate::timer::remaining(id) {
        Some(left) => Term::small(left.as_millis() as i64),
        None => Term::FALSE,
    })
}

fn halt_with(code: Term) -> BifResult {
    let c = if let Some(n) = code.as_small() {
        n as i32
    } else if code.is_list() {
        // halt("message"): print it as a crash dump slogan and exit 1.
        let s: String = code
            .iter_list()
            .filter_map(|c| c.as_small().and_then(|c| char::from_u32(c as u32)))
            .collect();
        crate::io::write_stderr(
            format!("Crash dump is being written to: erl_crash.dump...done\n{s}\n").as_bytes(),
        );
        1
    } else if code == Term::atom(Atom::new("abort")) {
        134
    } else {
        return badarg();
    };
    crate::io::flush();
    crate::vm::halt(c);
    Err(Exc::Trap(Trap::Halt))
}

fn halt0(_: &mut Process, _: &[Term]) -> BifResult {
    halt_with(Term::small(0))
}
fn halt1(_: &mut Process, a: &[Term]) -> BifResult {
    halt_with(a[0])
}

fn statistics(p: &mut Process, a: &[Term]) -> BifResult {
    let k = atom_arg(a[0])?;
    let vm = vm::vm();
    let ms = vm.start_time.elapsed().as_millis() as i64;
    match k.name() {
        "runtime" | "wall_clock" => {
            let last = crate::vm::swap_last_stat(k.name() == "runtime", ms);
            Ok(p.heap.tuple2(Term::small(ms), Term::small(ms - last)))
        }
        "reductions" | "exact_reductions" => {
            let r = p.reductions as i64;
            Ok(p.heap.tuple2(Term::small(r), Term::small(0)))
        }
        "run_queue" | "total_run_queue_lengths" => Ok(Term::small(0)),
        "context_switches" => Ok(p.heap.tuple2(Term::small(0), Term::small(0))),
        "garbage_collection" => {
            let z = Term::small(0);
            Ok(p.heap.tuple(&[z, z, z]))
        }
        "io" => {
            let z = Term::small(0);
            let i = p.heap.tuple2(Term::atom(Atom::new("input")), z);
            let o = p.heap.tuple2(Term::atom(Atom::new("output")), z);
            Ok(p.heap.tuple2(i, o))
        }
        _ => badarg(),
    }
}

fn processes(p: &mut Process, _: &[Term]) -> BifResult {
    let pids: Vec<Term> = vm::all_pids().into_iter().map(Term::pid).collect();
    Ok(p.heap.list(&pids))
}

fn memory0(p: &mut Process, _: &[Term]) -> BifResult {
    let total = Term::small(memory_total() as i64);
    let procs = Term::small(memory_processes() as i64);
    let t = p.heap.tuple2(Term::atom(Atom::new("total")), total);
    let pr = p.heap.tuple2(Term::atom(Atom::new("processes")), procs);
    Ok(p.heap.list(&[t, pr]))
}

/// Process heaps (as of their last collections) plus each process's own structure.
fn memory_processes() -> usize {
    use std::sync::atomic::Ordering::Relaxed;
    let n = vm::vm().process_count.load(Relaxed);
    let words = crate::heap::PROCESS_HEAP_WORDS.load(Relaxed);
    let per_process =
        std::mem::size_of::<Process>() + std::mem::size_of::<crate::process::ProcShared>() + 64;
    words * 8 + n * per_process
}

fn memory_total() -> usize {
    memory_processes() + memory_system()
}

/// Everything else, from the operating system's view of this process.
fn memory_system() -> usize {
    let rss = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|v| v.parse::<usize>().ok())
        })
        .map(|pages| pages * 4096)
        .unwrap_or(0);
    rss.saturating_sub(memory_processes())
}

fn memory1(_: &mut Process, a: &[Term]) -> BifResult {
    let k = atom_arg(a[0])?;
    Ok(Term::small(match k.name() {
        "total" => memory_total(),
        "processes" | "processes_used" => memory_processes(),
        "system" => memory_system(),
        "atom" | "atom_used" => crate::atom::atom_count() * 16,
        "binary" | "code" | "ets" => 0,
        _ => return badarg(),
    } as i64))
}

fn suspend_resume(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::TRUE)
}

pub fn register() {
    let r = super::register;
    r("erlang", "!", 2, send2);
    r("erlang", "send", 2, send2);
    r("erlang", "send", 3, send3);
    r("erlang", "spawn", 1, spawn1);
    r("erlang", "spawn", 2, spawn2);
    r("erlang", "spawn", 3, spawn3);
    r("erlang", "spawn_link", 1, spawn_link1);
    r("erlang", "spawn_link", 3, spawn_link3);
    r("erlang", "spawn_monitor", 1, spawn_monitor1);
    r("erlang", "spawn_monitor", 3, spawn_monitor3);
    r("erlang", "spawn_opt", 2, spawn_opt2);
    r("erlang", "spawn_opt", 4, spawn_opt4);
    r("erlang", "self", 0, self_);
    r("erlang", "link", 1, link);
    r("erlang", "unlink", 1, unlink);
    r("erlang", "monitor", 2, monitor2);
    r("erlang", "monitor", 3, monitor3);
    r("erlang", "alias", 0, alias);
    r("erlang", "alias", 1, alias);
    r("erlang", "unalias", 1, unalias);
    r("erlang", "demonitor", 1, demonitor);
    r("erlang", "demonitor", 2, demonitor);
    r("erlang", "exit", 2, exit2);
    r("erlang", "register", 2, register_name);
    r("erlang", "unregister", 1, unregister);
    r("erlang", "whereis", 1, whereis);
    r("erlang", "registered", 0, registered);
    r("erlang", "is_process_alive", 1, is_process_alive);
    r("erlang", "process_flag", 2, process_flag);
    r("erlang", "process_info", 1, process_info1);
    r("erlang", "process_info", 2, process_info2);
    r("erlang", "group_leader", 0, group_leader0);
    r("erlang", "group_leader", 2, group_leader2);
    r("erlang", "put", 2, put);
    r("erlang", "get", 1, get1);
    r("erlang", "get", 0, get0);
    r("erlang", "get_keys", 0, get_keys0);
    r("erlang", "get_keys", 1, get_keys1);
    r("erlang", "erase", 1, erase1);
    r("erlang", "erase", 0, erase0);
    r("erlang", "send_after", 3, send_after);
    r("erlang", "send_after", 4, send_after);
    r("erlang", "start_timer", 3, start_timer);
    r("erlang", "start_timer", 4, start_timer);
    r("erlang", "cancel_timer", 1, cancel_timer);
    r("erlang", "cancel_timer", 2, cancel_timer2);
    r("erlang", "read_timer", 1, read_timer);
    r("erlang", "read_timer", 2, read_timer);
    r("erlang", "halt", 0, halt0);
    r("erlang", "halt", 1, halt1);
    r("erlang", "halt", 2, halt1);
    r("erlang", "statistics", 1, statistics);
    r("erlang", "processes", 0, processes);
    r("erlang", "memory", 0, memory0);
    r("erlang", "memory", 1, memory1);
    r("erlang", "suspend_process", 1, suspend_resume);
    r("erlang", "resume_process", 1, suspend_resume);
}
