//! Signals that cross nodes: control messages in (on I/O threads) and out (from BIFs),
//! and the per-node records of links, monitors and spawn requests that a lost connection
//! turns into `noconnection`.
//!
//! A local process keeps its remote links in its own link list (as interned pids, see
//! `ext`), and remote processes' monitors on it as ordinary monitor entries with a
//! reference id made here; the wire reference is kept in `Tables::remote_watches`.
//! Monitors a local process holds on remote ones live only here (`Tables::watching`).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use ferl_dist::{ControlMessage, ProcRef};
use ferl_etf::{Pid, Reference, Term as ETerm};

use crate::atom::{predefined as am, Atom};
use crate::copy::Owned;
use crate::heap::Heap;
use crate::process::{ExitKind, Monitor, Signal};
use crate::term::Term;
use crate::vm;

use super::convert::{self, eatom, local_pid, local_ref, pid_of, to_heap, to_tree};
use super::ext;

/// What a spawn request's caller is told (`{reply, yes | no | error_only}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyMode {
    Yes,
    No,
    ErrorOnly,
}

struct PendingSpawn {
    caller: u64,
    node: Atom,
    link: bool,
    monitor: bool,
    reply: ReplyMode,
    tag: ETerm,
}

/// A remote process monitoring a local one.
struct RemoteWatch {
    node: Atom,
    watcher: Pid,
    reference: Reference,
    name: Option<Atom>,
}

/// A local process monitoring a remote one.
struct Watch {
    node: Atom,
    ids: (u64, u64),
    /// The interned pid, or the registered name when monitoring by name.
    target: Term,
}

/// (local pid id, monitor id): a remote process's monitor on a local one.
type MonKey = (u64, (u64, u64));

#[derive(Default)]
struct Tables {
    /// Per node: (local pid id, interned remote pid).
    links: HashMap<Atom, HashSet<(u64, Term)>>,
    /// (local pid id, the monitor id in its entry) -> the remote watcher.
    remote_watches: HashMap<MonKey, RemoteWatch>,
    /// Per local watcher.
    watching: HashMap<u64, Vec<Watch>>,
    /// Monitor reference ids -> watcher: replies sent to that reference as an alias.
    alias_owner: HashMap<(u64, u64), u64>,
    /// `monitor_node/2` subscriptions (a process appears once per call, as in erl).
    node_monitors: HashMap<Atom, Vec<u64>>,
    /// `net_kernel:monitor_nodes(true)` subscribers.
    node_watchers: Vec<u64>,
    spawns: HashMap<(u64, u64), PendingSpawn>,
}

// SAFETY: the terms kept here are immediates or interned pids (never-freed memory).
unsafe impl Send for Tables {}

fn tables() -> MutexGuard<'static, Tables> {
    static T: OnceLock<Mutex<Tables>> = OnceLock::new();
    T.get_or_init(|| Mutex::new(Tables::default()))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// Sends to `node`; a node that cannot be reached at all (a bad name, a host the name
/// mode excludes) is down at once for whatever was waiting on it.
fn send_ctl(node: Atom, m: ControlMessage) {
    if node == crate::node::this_node() {
        // To a process of an earlier incarnation of this node: it no longer exists.
        return;
    }
    if let Some(n) = super::node() {
        if n.send(node.name(), m).is_err() {
            node_down(node);
        }
    }
}

fn local_id(p: &Pid) -> Option<u64> {
    if convert::is_local(p) {
        Some(((p.serial as u64) << 28) | p.id as u64)
    } else {
        None
    }
}

fn owned(t: &ETerm) -> Owned {
    let mut heap = Heap::new();
    let term = to_heap(t, &mut heap);
    Owned { term, heap }
}

fn deliver(to: u64, build: impl FnOnce(&mut Heap) -> Term) {
    let mut heap = Heap::new();
    let term = build(&mut heap);
    vm::send_signal(to, Signal::Message(Owned { term, heap }));
}

fn noconnection() -> Term {
    Term::atom(am::NOCONNECTION)
}

static UNLINK_IDS: AtomicU64 = AtomicU64::new(1);

// ---- incoming ----

/// A control message from `node`.
pub fn incoming(node: Atom, msg: ControlMessage) {
    match msg {
        ControlMessage::Send { to, message } | ControlMessage::SendSender { to, message, .. } => {
            if let Some(id) = local_id(&to) {
                vm::send_signal(id, Signal::Message(owned(&message)));
            }
        }
        ControlMessage::RegSend {
            from,
            to_name,
            message,
        } => reg_send(node, from, convert::vatom(&to_name), message),
        ControlMessage::AliasSend { alias, message, .. } => {
            let owner = convert::local_ref_ids(&alias).and_then(|ids| {
                vm::alias_target(ids).or_else(|| tables().alias_owner.get(&ids).copied())
            });
            if let Some(id) = owner {
                vm::send_signal(id, Signal::Message(owned(&message)));
            }
        }
        ControlMessage::Link { from, to } => {
            let remote = convert::stable_pid(&from);
            let target = local_id(&to).filter(|&id| vm::lookup(id).is_some());
            let linked = target.is_some_and(|id| {
                tables().links.entry(node).or_default().insert((id, remote));
                let ok = vm::send_signal(id, Signal::Link(remote));
                if !ok {
                    if let Some(set) = tables().links.get_mut(&node) {
                        set.remove(&(id, remote));
                    }
                }
                ok
            });
            match linked {
                true => {}
                // No such process (or it exited meanwhile): noproc back.
                false => send_ctl(
                    node,
                    ControlMessage::Exit {
                        from: to,
                        to: from,
                        reason: ETerm::atom("noproc"),
                    },
                ),
            }
        }
        ControlMessage::Unlink { from, to } => unlink_in(node, &from, &to),
        ControlMessage::UnlinkId { id, from, to } => {
            unlink_in(node, &from, &to);
            send_ctl(
                node,
                ControlMessage::UnlinkIdAck {
                    id,
                    from: to,
                    to: from,
                },
            );
        }
        ControlMessage::UnlinkIdAck { .. } => {}
        ControlMessage::Exit { from, to, reason } | ControlMessage::Exit2 { from, to, reason }
            if local_id(&to).is_none() =>
        {
            let _ = (from, reason);
        }
        ControlMessage::Exit { from, to, reason } => {
            let id = local_id(&to).unwrap_or_default();
            let remote = convert::stable_pid(&from);
            if let Some(set) = tables().links.get_mut(&node) {
                set.remove(&(id, remote));
            }
            vm::send_signal(
                id,
                Signal::Exit {
                    from: remote,
                    reason: owned(&reason),
                    kind: ExitKind::Link,
                },
            );
        }
        ControlMessage::Exit2 { from, to, reason } => {
            let id = local_id(&to).unwrap_or_default();
            vm::send_signal(
                id,
                Signal::Exit {
                    from: convert::stable_pid(&from),
                    reason: owned(&reason),
                    kind: ExitKind::Explicit,
                },
            );
        }
        ControlMessage::GroupLeader { from, to } => {
            if let Some(id) = local_id(&to) {
                vm::send_signal(id, Signal::GroupLeader(convert::stable_pid(&from)));
            }
        }
        ControlMessage::MonitorP {
            from,
            to,
            reference,
        } => monitor_in(node, from, to, reference),
        ControlMessage::DemonitorP {
            from, reference, ..
        } => {
            let mut t = tables();
            let key = t
                .remote_watches
                .iter()
                .find(|(_, w)| w.watcher == from && w.reference == reference)
                .map(|(k, _)| *k);
            if let Some(k) = key {
                t.remote_watches.remove(&k);
                drop(t);
                vm::send_signal(
                    k.0,
                    Signal::Demonitor {
                        from: convert::stable_pid(&from),
                        id: k.1,
                    },
                );
            }
        }
        ControlMessage::MonitorPExit {
            from,
            to,
            reference,
            reason,
        } => {
            let (Some(id), Some(ids)) = (local_id(&to), convert::local_ref_ids(&reference)) else {
                return;
            };
            let watch = {
                let mut t = tables();
                let w = t.watching.get_mut(&id).and_then(|v| {
                    let i = v.iter().position(|w| w.ids == ids)?;
                    Some(v.swap_remove(i))
                });
                t.alias_owner.remove(&ids);
                w
            };
            let Some(w) = watch else { return };
            deliver(id, |h| {
                let r = h.reference(ids.0, ids.1);
                let who = if w.target.is_atom() {
                    h.tuple2(w.target, Term::atom(w.node))
                } else {
                    match &from {
                        ProcRef::Pid(p) => to_heap(&ETerm::Pid(p.clone()), h),
                        ProcRef::Name(n) => {
                            h.tuple2(Term::atom(convert::vatom(n)), Term::atom(node))
                        }
                    }
                };
                let why = to_heap(&reason, h);
                h.tuple(&[Term::atom(am::DOWN), r, Term::atom(am::PROCESS), who, why])
            });
        }
        ControlMessage::SpawnRequest {
            req_id,
            from,
            group_leader,
            module,
            function,
            arity,
            options,
            args,
        } => spawn_in(
            node,
            req_id,
            from,
            group_leader,
            (module, function, arity),
            options,
            args,
        ),
        ControlMessage::SpawnReply {
            req_id,
            flags,
            result,
            ..
        } => spawn_reply_in(node, req_id, flags, result),
    }
}

/// Names this VM answers for natively while no process holds them.
fn native_name(name: Atom) -> bool {
    matches!(
        name.name(),
        "net_kernel" | "rex" | "global_name_server" | "logger_proxy"
    )
}

fn reg_send(node: Atom, from: Pid, name: Atom, message: ETerm) {
    match vm::whereis(name) {
        Some(pid) if pid.is_local_pid() => {
            vm::send_signal(pid.pid_id(), Signal::Message(owned(&message)));
        }
        Some(_) => {}
        None => native_reg_send(node, from, name, message),
    }
}

fn native_reg_send(node: Atom, _from: Pid, name: Atom, message: ETerm) {
    let reply = |to: &ETerm, msg: ETerm| {
        if let ETerm::Pid(p) = to {
            send_ctl(
                node,
                ControlMessage::Send {
                    to: p.clone(),
                    message: msg,
                },
            );
        }
    };
    let ETerm::Tuple(items) = &message else {
        return;
    };
    match (name.name(), &items[..]) {
        // {'$gen_call', {From, Tag}, {is_auth, Node}}: the ping.
        ("net_kernel", [ETerm::Atom(g), ETerm::Tuple(ft), ETerm::Tuple(req)])
            if g.as_str() == "$gen_call" && ft.len() == 2 =>
        {
            let answer = match req.first() {
                Some(ETerm::Atom(op)) if op.as_str() == "is_auth" => ETerm::atom("yes"),
                _ => ETerm::atom("error"),
            };
            reply(&ft[0], ETerm::Tuple(vec![ft[1].clone(), answer]));
        }
        // {From, features_request}
        ("rex", [who, ETerm::Atom(op)]) if op.as_str() == "features_request" => {
            reply(
                who,
                ETerm::Tuple(vec![
                    ETerm::atom("features_reply"),
                    ETerm::Atom(eatom(crate::node::this_node())),
                    ETerm::list(vec![ETerm::atom("erpc")]),
                ]),
            );
        }
        // An error report of a process whose group leader is here:
        // {log, Level, Format, Args, #{gl := GL, ...}}.
        (
            "logger" | "logger_proxy",
            [ETerm::Atom(l), _level, format, ETerm::List(..) | ETerm::Nil, meta],
        ) if l.as_str() == "log" => {
            log_here(format, &items[3], meta);
        }
        _ => {
            if std::env::var_os("FERL_DIST_DEBUG").is_some() {
                eprintln!("unhandled reg_send to {}: {message:?}", name.name());
            }
        }
    }
}

fn unlink_in(node: Atom, from: &Pid, to: &Pid) {
    let Some(id) = local_id(to) else { return };
    let remote = convert::stable_pid(from);
    if let Some(set) = tables().links.get_mut(&node) {
        set.remove(&(id, remote));
    }
    vm::send_signal(id, Signal::Unlink(remote));
}

fn monitor_in(node: Atom, from: Pid, to: ProcRef, reference: Reference) {
    let (target, name) = match &to {
        ProcRef::Pid(p) => (local_id(p), None),
        ProcRef::Name(n) => {
            let a = convert::vatom(n);
            match vm::whereis(a) {
                Some(p) if p.is_local_pid() => (Some(p.pid_id()), Some(a)),
                _ if native_name(a) => return,
                _ => (None, Some(a)),
            }
        }
    };
    let target = target.filter(|&id| vm::lookup(id).is_some());
    let Some(id) = target else {
        send_ctl(
            node,
            ControlMessage::MonitorPExit {
                from: to,
                to: from,
                reference,
                reason: ETerm::atom("noproc"),
            },
        );
        return;
    };
    let mid = crate::bif::erlang::new_ref_ids();
    let watcher = convert::stable_pid(&from);
    tables().remote_watches.insert(
        (id, mid),
        RemoteWatch {
            node,
            watcher: from,
            reference,
            name,
        },
    );
    let delivered = vm::send_signal(
        id,
        Signal::Monitor {
            from: watcher,
            id: mid,
        },
    );
    if !delivered {
        // It exited meanwhile.
        if let Some(w) = tables().remote_watches.remove(&(id, mid)) {
            let from = match w.name {
                Some(n) => ProcRef::Name(eatom(n)),
                None => ProcRef::Pid(local_pid(id)),
            };
            send_ctl(
                node,
                ControlMessage::MonitorPExit {
                    from,
                    to: w.watcher,
                    reference: w.reference,
                    reason: ETerm::atom("noproc"),
                },
            );
        }
    }
}

fn options_of(options: &ETerm) -> (bool, bool) {
    let mut link = false;
    let mut monitor = false;
    if let ETerm::List(items, _) = options {
        for o in items {
            match o {
                ETerm::Atom(a) if a.as_str() == "link" => link = true,
                ETerm::Atom(a) if a.as_str() == "monitor" => monitor = true,
                _ => {}
            }
        }
    }
    (link, monitor)
}

fn spawn_in(
    node: Atom,
    req_id: Reference,
    from: Pid,
    group_leader: Pid,
    (module, function, arity): (ferl_etf::Atom, ferl_etf::Atom, u32),
    options: ETerm,
    args: ETerm,
) {
    let arg_list: Vec<ETerm> = match args {
        ETerm::Nil => Vec::new(),
        ETerm::List(items, tail) if *tail == ETerm::Nil => items,
        _ => Vec::new(),
    };
    if arg_list.len() != arity as usize {
        send_ctl(
            node,
            ControlMessage::SpawnReply {
                req_id,
                to: from,
                flags: 0,
                result: ETerm::atom("badarg"),
            },
        );
        return;
    }
    let (link, monitor) = options_of(&options);
    let gl = convert::stable_pid(&group_leader);
    let caller = convert::stable_pid(&from);
    let mut child = crate::process::Process::new(gl);
    let args: Vec<Term> = arg_list
        .iter()
        .map(|a| to_heap(a, &mut child.heap))
        .collect();
    let e = crate::export::get_or_create(convert::vatom(&module), convert::vatom(&function), arity);
    crate::interp::setup_call(&mut child, e, &args);
    let id = child.id;
    if link {
        child.links.push(caller);
        tables().links.entry(node).or_default().insert((id, caller));
    }
    if monitor {
        let mid = crate::bif::erlang::new_ref_ids();
        child.monitors.push(Monitor {
            id: mid,
            other: caller,
            watcher: false,
            name: None,
        });
        tables().remote_watches.insert(
            (id, mid),
            RemoteWatch {
                node,
                watcher: from.clone(),
                reference: req_id.clone(),
                name: None,
            },
        );
    }
    // The reply goes out before anything the new process can send.
    send_ctl(
        node,
        ControlMessage::SpawnReply {
            req_id,
            to: from,
            flags: (link as u32) | ((monitor as u32) << 1),
            result: ETerm::Pid(local_pid(id)),
        },
    );
    vm::spawn_process(child);
}

fn spawn_reply_in(node: Atom, req_id: Reference, flags: u32, result: ETerm) {
    let Some(ids) = convert::local_ref_ids(&req_id) else {
        return;
    };
    let Some(s) = tables().spawns.remove(&ids) else {
        return;
    };
    match &result {
        ETerm::Pid(p) => {
            let pid = convert::stable_pid(p);
            if s.link && flags & 1 != 0 {
                tables()
                    .links
                    .entry(node)
                    .or_default()
                    .insert((s.caller, pid));
                vm::send_signal(s.caller, Signal::Link(pid));
            }
            if s.monitor && flags & 2 != 0 {
                let mut t = tables();
                t.watching.entry(s.caller).or_default().push(Watch {
                    node,
                    ids,
                    target: pid,
                });
                t.alias_owner.insert(ids, s.caller);
            }
            if s.reply == ReplyMode::Yes {
                deliver(s.caller, |h| {
                    let tag = to_heap(&s.tag, h);
                    let r = h.reference(ids.0, ids.1);
                    h.tuple(&[tag, r, Term::atom(am::OK), pid])
                });
            }
        }
        reason => {
            if s.reply != ReplyMode::No {
                deliver(s.caller, |h| {
                    let tag = to_heap(&s.tag, h);
                    let r = h.reference(ids.0, ids.1);
                    let why = to_heap(reason, h);
                    h.tuple(&[tag, r, Term::atom(am::ERROR), why])
                });
            }
        }
    }
}

/// A connection came up: `{nodeup, Node}` to `monitor_nodes` subscribers.
pub fn node_up(node: Atom) {
    let watchers = tables().node_watchers.clone();
    for w in watchers {
        deliver(w, |h| {
            h.tuple2(Term::atom(Atom::new("nodeup")), Term::atom(node))
        });
    }
}

/// A connection went down (or could not be made): everything that depended on it fires.
pub fn node_down(node: Atom) {
    let (links, watches, remote, monitors, watchers, spawns) = {
        let mut t = tables();
        let links = t.links.remove(&node).unwrap_or_default();
        let mut watches = Vec::new();
        for (caller, v) in t.watching.iter_mut() {
            let mut i = 0;
            while i < v.len() {
                if v[i].node == node {
                    watches.push((*caller, v.swap_remove(i)));
                } else {
                    i += 1;
                }
            }
        }
        for (_, w) in &watches {
            t.alias_owner.remove(&w.ids);
        }
        t.watching.retain(|_, v| !v.is_empty());
        let remote: Vec<(MonKey, RemoteWatch)> = {
            let keys: Vec<MonKey> = t
                .remote_watches
                .iter()
                .filter(|(_, w)| w.node == node)
                .map(|(k, _)| *k)
                .collect();
            keys.into_iter()
                .filter_map(|k| t.remote_watches.remove(&k).map(|w| (k, w)))
                .collect()
        };
        let monitors = t.node_monitors.remove(&node).unwrap_or_default();
        let watchers = t.node_watchers.clone();
        let keys: Vec<(u64, u64)> = t
            .spawns
            .iter()
            .filter(|(_, s)| s.node == node)
            .map(|(k, _)| *k)
            .collect();
        let spawns: Vec<((u64, u64), PendingSpawn)> = keys
            .into_iter()
            .filter_map(|k| t.spawns.remove(&k).map(|s| (k, s)))
            .collect();
        (links, watches, remote, monitors, watchers, spawns)
    };
    for (local, remote_pid) in links {
        vm::send_signal(
            local,
            Signal::Exit {
                from: remote_pid,
                reason: Owned::immediate(noconnection()),
                kind: ExitKind::Link,
            },
        );
    }
    for (caller, w) in watches {
        deliver(caller, |h| {
            let r = h.reference(w.ids.0, w.ids.1);
            let who = if w.target.is_atom() {
                h.tuple2(w.target, Term::atom(node))
            } else {
                w.target
            };
            h.tuple(&[
                Term::atom(am::DOWN),
                r,
                Term::atom(am::PROCESS),
                who,
                noconnection(),
            ])
        });
    }
    for ((local, mid), w) in remote {
        vm::send_signal(
            local,
            Signal::Demonitor {
                from: convert::stable_pid(&w.watcher),
                id: mid,
            },
        );
    }
    let nodedown = Atom::new("nodedown");
    for m in monitors.into_iter().chain(watchers) {
        deliver(m, |h| h.tuple2(Term::atom(nodedown), Term::atom(node)));
    }
    for (ids, s) in spawns {
        if s.reply != ReplyMode::No {
            deliver(s.caller, |h| {
                let tag = to_heap(&s.tag, h);
                let r = h.reference(ids.0, ids.1);
                h.tuple(&[tag, r, Term::atom(am::ERROR), noconnection()])
            });
        }
    }
}

/// A local process ended: its remote links and monitors learn why.
pub fn process_exited(me: u64, reason: Term, links: &[Term], monitors: &[Monitor]) {
    if !super::is_started() {
        return;
    }
    let mut out: Vec<(Atom, ControlMessage)> = Vec::new();
    let mut reason_tree: Option<ETerm> = None;
    let mut why = || reason_tree.get_or_insert_with(|| to_tree(reason)).clone();
    {
        let mut t = tables();
        for &l in links {
            let Some(p) = ext::ext_pid_of(l) else {
                continue;
            };
            let known = t
                .links
                .get_mut(&p.node)
                .map(|s| s.remove(&(me, l)))
                .unwrap_or(false);
            if known {
                if let Some(to) = pid_of(l) {
                    out.push((
                        p.node,
                        ControlMessage::Exit {
                            from: local_pid(me),
                            to,
                            reason: why(),
                        },
                    ));
                }
            }
        }
        for m in monitors {
            if m.watcher || m.other.is_local_pid() {
                continue;
            }
            if let Some(w) = t.remote_watches.remove(&(me, m.id)) {
                let from = match w.name {
                    Some(n) => ProcRef::Name(eatom(n)),
                    None => ProcRef::Pid(local_pid(me)),
                };
                out.push((
                    w.node,
                    ControlMessage::MonitorPExit {
                        from,
                        to: w.watcher,
                        reference: w.reference,
                        reason: why(),
                    },
                ));
            }
        }
        if let Some(v) = t.watching.remove(&me) {
            for w in v {
                t.alias_owner.remove(&w.ids);
                let to = if let Some(n) = w.target.as_atom() {
                    ProcRef::Name(eatom(n))
                } else {
                    match pid_of(w.target) {
                        Some(p) => ProcRef::Pid(p),
                        None => continue,
                    }
                };
                out.push((
                    w.node,
                    ControlMessage::DemonitorP {
                        from: local_pid(me),
                        to,
                        reference: local_ref(w.ids),
                    },
                ));
            }
        }
        for v in t.node_monitors.values_mut() {
            v.retain(|&p| p != me);
        }
        t.node_watchers.retain(|&p| p != me);
    }
    for (node, m) in out {
        send_ctl(node, m);
    }
}

// ---- outgoing, from BIFs ----

/// `Pid ! Msg` to a pid of another node.
pub fn send_to_pid(to: Term, msg: Term) {
    let (Some(p), Some(dest)) = (ext::ext_pid_of(to), pid_of(to)) else {
        return;
    };
    send_ctl(
        p.node,
        ControlMessage::Send {
            to: dest,
            message: to_tree(msg),
        },
    );
}

/// `{Name, Node} ! Msg` for another node: connects on demand, never fails.
pub fn send_to_name(from: u64, name: Atom, node: Atom, msg: Term) {
    send_ctl(
        node,
        ControlMessage::RegSend {
            from: local_pid(from),
            to_name: eatom(name),
            message: to_tree(msg),
        },
    );
}

/// `Alias ! Msg` for an alias (reference) of another node.
pub fn send_to_alias(from: u64, alias: Term, msg: Term) {
    let Some((node, creation, ids)) = ext::ext_ref_of(alias) else {
        return;
    };
    send_ctl(
        node,
        ControlMessage::AliasSend {
            from: local_pid(from),
            alias: Reference {
                node: eatom(node),
                creation,
                ids,
            },
            message: to_tree(msg),
        },
    );
}

/// `link/1` to a remote pid (already in the caller's link list, interned).
pub fn link(from: u64, to: Term) {
    let Some(p) = ext::ext_pid_of(to) else { return };
    if !super::is_started() {
        vm::send_signal(
            from,
            Signal::Exit {
                from: to,
                reason: Owned::immediate(noconnection()),
                kind: ExitKind::Link,
            },
        );
        return;
    }
    let fresh = tables().links.entry(p.node).or_default().insert((from, to));
    if fresh {
        if let Some(dest) = pid_of(to) {
            send_ctl(
                p.node,
                ControlMessage::Link {
                    from: local_pid(from),
                    to: dest,
                },
            );
        }
    }
}

/// `unlink/1` of a remote pid.
pub fn unlink(from: u64, to: Term) {
    let Some(p) = ext::ext_pid_of(to) else { return };
    let known = tables()
        .links
        .get_mut(&p.node)
        .map(|s| s.remove(&(from, to)))
        .unwrap_or(false);
    if known {
        if let Some(dest) = pid_of(to) {
            send_ctl(
                p.node,
                ControlMessage::UnlinkId {
                    id: UNLINK_IDS.fetch_add(1, Ordering::Relaxed),
                    from: local_pid(from),
                    to: dest,
                },
            );
        }
    }
}

/// `monitor(process, Target)` for a remote pid (interned) or `{Name, Node}`.
pub fn monitor(from: u64, ids: (u64, u64), target: Term, node: Atom) {
    let to = if let Some(n) = target.as_atom() {
        ProcRef::Name(eatom(n))
    } else {
        match pid_of(target) {
            Some(p) => ProcRef::Pid(p),
            None => return,
        }
    };
    {
        let mut t = tables();
        t.watching
            .entry(from)
            .or_default()
            .push(Watch { node, ids, target });
        t.alias_owner.insert(ids, from);
    }
    if !super::is_started() {
        node_down(node);
        return;
    }
    send_ctl(
        node,
        ControlMessage::MonitorP {
            from: local_pid(from),
            to,
            reference: local_ref(ids),
        },
    );
}

/// `demonitor/1,2` of a monitor on a remote process; false if there is none.
pub fn demonitor(from: u64, ids: (u64, u64)) -> bool {
    let w = {
        let mut t = tables();
        let w = t.watching.get_mut(&from).and_then(|v| {
            let i = v.iter().position(|w| w.ids == ids)?;
            Some(v.swap_remove(i))
        });
        if w.is_some() {
            t.alias_owner.remove(&ids);
        }
        w
    };
    let Some(w) = w else { return false };
    let to = if let Some(n) = w.target.as_atom() {
        ProcRef::Name(eatom(n))
    } else {
        match pid_of(w.target) {
            Some(p) => ProcRef::Pid(p),
            None => return true,
        }
    };
    send_ctl(
        w.node,
        ControlMessage::DemonitorP {
            from: local_pid(from),
            to,
            reference: local_ref(ids),
        },
    );
    true
}

/// `exit(Pid, Reason)` for a remote pid.
pub fn exit2(from: u64, to: Term, reason: Term) {
    let (Some(p), Some(dest)) = (ext::ext_pid_of(to), pid_of(to)) else {
        return;
    };
    send_ctl(
        p.node,
        ControlMessage::Exit2 {
            from: local_pid(from),
            to: dest,
            reason: to_tree(reason),
        },
    );
}

/// `group_leader(GL, Pid)` for a remote pid.
pub fn group_leader(gl: Term, to: Term) {
    let (Some(p), Some(dest), Some(g)) = (ext::ext_pid_of(to), pid_of(to), pid_of(gl)) else {
        return;
    };
    send_ctl(p.node, ControlMessage::GroupLeader { from: g, to: dest });
}

/// What `spawn_request/5` asks of another node.
pub struct SpawnRequest {
    pub caller: u64,
    pub group_leader: Term,
    pub node: Atom,
    pub module: Atom,
    pub function: Atom,
    pub args: Vec<Term>,
    pub link: bool,
    pub monitor: bool,
    pub reply: ReplyMode,
    pub tag: Term,
}

/// Sends a spawn request; the request id is `ids`.
pub fn spawn_request(r: SpawnRequest, ids: (u64, u64)) {
    let Some(gl) = pid_of(r.group_leader).or_else(|| pid_of(Term::pid(r.caller))) else {
        return;
    };
    let mut opts = Vec::new();
    if r.link {
        opts.push(ETerm::atom("link"));
    }
    if r.monitor {
        opts.push(ETerm::atom("monitor"));
    }
    tables().spawns.insert(
        ids,
        PendingSpawn {
            caller: r.caller,
            node: r.node,
            link: r.link,
            monitor: r.monitor,
            reply: r.reply,
            tag: to_tree(r.tag),
        },
    );
    if !super::is_started() {
        node_down(r.node);
        return;
    }
    let args = ETerm::list(r.args.iter().map(|&a| to_tree(a)).collect());
    send_ctl(
        r.node,
        ControlMessage::SpawnRequest {
            req_id: local_ref(ids),
            from: local_pid(r.caller),
            group_leader: gl,
            module: eatom(r.module),
            function: eatom(r.function),
            arity: r.args.len() as u32,
            options: ETerm::list(opts),
            args,
        },
    );
}

/// `monitor_node(Node, true | false)`.
pub fn monitor_node(caller: u64, node: Atom, on: bool) {
    let mut t = tables();
    let v = t.node_monitors.entry(node).or_default();
    if on {
        v.push(caller);
    } else if let Some(i) = v.iter().position(|&p| p == caller) {
        v.remove(i);
    }
}

/// `net_kernel:monitor_nodes(true | false)`.
pub fn monitor_nodes(caller: u64, on: bool) {
    let mut t = tables();
    t.node_watchers.retain(|&p| p != caller);
    if on {
        t.node_watchers.push(caller);
    }
}

/// Tells `caller` `{nodedown, Node}` for its `monitor_node` subscriptions (used when a
/// node cannot be reached at all).
pub fn fire_node_monitors(node: Atom) {
    let subs = tables().node_monitors.remove(&node).unwrap_or_default();
    let nodedown = Atom::new("nodedown");
    for m in subs {
        deliver(m, |h| h.tuple2(Term::atom(nodedown), Term::atom(node)));
    }
}

/// `spawn_request_abandon/1`: forgets a request not yet answered; true if there was one.
pub fn abandon(ids: (u64, u64)) -> bool {
    tables().spawns.remove(&ids).is_some()
}

/// Prints a log event another node forwarded here, as erl's default handler would, on
/// the group leader it names (or `user`).
fn log_here(format: &ETerm, args: &ETerm, meta: &ETerm) {
    let gl = match meta {
        ETerm::Map(pairs) => pairs.iter().find_map(|(k, v)| match (k, v) {
            (ETerm::Atom(a), ETerm::Pid(p)) if a.as_str() == "gl" => local_id(p),
            _ => None,
        }),
        _ => None,
    };
    let gl = gl.or_else(|| {
        vm::whereis(Atom::new("user"))
            .filter(|p| p.is_local_pid())
            .map(|p| p.pid_id())
    });
    let Some(gl) = gl else { return };
    let body: String = match format {
        ETerm::List(items, _) => items
            .iter()
            .filter_map(|c| match c {
                ETerm::Int(i) => char::from_u32(*i as u32),
                _ => None,
            })
            .collect(),
        ETerm::Binary(b) => String::from_utf8_lossy(b).into_owned(),
        ETerm::Atom(a) => a.as_str().to_string(),
        _ => return,
    };
    deliver(gl, |h| {
        let fmt = h.string(&format!("=ERROR REPORT==== ~s ===~n{body}~n"));
        let stamp = h.string(&crate::report::timestamp_text());
        let rest = to_heap(args, h);
        let fargs = h.cons(stamp, rest);
        let fa = h.list(&[fmt, fargs]);
        let req = h.tuple(&[
            Term::atom(Atom::new("put_chars")),
            Term::atom(Atom::new("unicode")),
            Term::atom(Atom::new("io_lib")),
            Term::atom(Atom::new("format")),
            fa,
        ]);
        let me = Term::pid(gl);
        h.tuple(&[Term::atom(Atom::new("io_request")), me, me, req])
    });
}
