//! BIFs of distribution: node identity and lists, spawning on other nodes
//! (`spawn_request`, `spawn/2,4` and friends), `monitor_node`, `disconnect_node`, and the
//! `ferl:` primitives the Erlang side (`net_kernel`, `net_adm`) is built on.
//!
//! These are registered before the other BIF files, so for the functions that also have a
//! local-only version elsewhere, the versions here (which handle every node) are the ones
//! in force; the local cases go to the local BIFs through a trap.

use super::*;
use crate::dist::{self, ext, signals};
use crate::term::Term;

fn node_of(p: &mut Process, a: &[Term]) -> BifResult {
    let _ = p;
    match ext::node_of(a[0]) {
        Some(n) => Ok(Term::atom(n)),
        None => badarg(),
    }
}

fn list_of_atoms(p: &mut Process, v: Vec<Atom>) -> Term {
    let items: Vec<Term> = v.into_iter().map(Term::atom).collect();
    p.heap.list(&items)
}

fn nodes0(p: &mut Process, _: &[Term]) -> BifResult {
    let v = dist::connected()
        .into_iter()
        .filter(|(_, vis)| *vis)
        .map(|(n, _)| n)
        .collect();
    Ok(list_of_atoms(p, v))
}

fn nodes1(p: &mut Process, a: &[Term]) -> BifResult {
    let kinds: Vec<Atom> = if let Some(k) = a[0].as_atom() {
        vec![k]
    } else {
        let mut v = Vec::new();
        for t in list_arg(a[0])? {
            v.push(atom_arg(t)?);
        }
        v
    };
    let conns = dist::connected();
    let mut out: Vec<Atom> = Vec::new();
    let mut push = |n: Atom| {
        if !out.contains(&n) {
            out.push(n);
        }
    };
    for k in kinds {
        match k.name() {
            "visible" => conns.iter().filter(|c| c.1).for_each(|c| push(c.0)),
            "hidden" => conns.iter().filter(|c| !c.1).for_each(|c| push(c.0)),
            "connected" => conns.iter().for_each(|c| push(c.0)),
            "known" => {
                push(crate::node::this_node());
                conns.iter().for_each(|c| push(c.0));
            }
            "this" => push(crate::node::this_node()),
            _ => return badarg(),
        }
    }
    Ok(list_of_atoms(p, out))
}

fn get_cookie(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(match dist::cookie() {
        Some(c) => Atom::new(c),
        None => Atom::new("nocookie"),
    }))
}

fn set_cookie(_: &mut Process, a: &[Term]) -> BifResult {
    for &t in a {
        atom_arg(t)?;
    }
    Ok(Term::TRUE)
}

fn disconnect_node(_: &mut Process, a: &[Term]) -> BifResult {
    let n = atom_arg(a[0])?;
    match dist::node() {
        None => Ok(Term::atom(Atom::new("ignored"))),
        Some(node) => {
            node.disconnect(n.name());
            Ok(Term::TRUE)
        }
    }
}

fn monitor_node(p: &mut Process, a: &[Term]) -> BifResult {
    let n = atom_arg(a[0])?;
    let on = match a[1].as_atom() {
        Some(am::TRUE) => true,
        Some(am::FALSE) => false,
        _ => return badarg(),
    };
    if a.len() > 2 {
        list_arg(a[2])?;
    }
    if n == crate::node::this_node() {
        return Ok(Term::TRUE);
    }
    let Some(node) = dist::node() else {
        if on {
            let msg = p
                .heap
                .tuple2(Term::atom(Atom::new("nodedown")), Term::atom(n));
            super::procs::send(p, p.pid(), msg)?;
        }
        return Ok(Term::TRUE);
    };
    signals::monitor_node(p.id, n, on);
    if on && !node.is_connected(n.name()) {
        let node = node.clone();
        let name = n.name().to_string();
        let _ = std::thread::Builder::new()
            .name("dist-monitor-node".into())
            .spawn(move || {
                let _ = node.connect(&name);
            });
    }
    Ok(Term::TRUE)
}

// ---- spawning ----

struct ReqOpts {
    link: bool,
    monitor: bool,
    reply: signals::ReplyMode,
    tag: Term,
}

fn req_opts(t: Term) -> Result<ReqOpts, Exc> {
    let mut o = ReqOpts {
        link: false,
        monitor: false,
        reply: signals::ReplyMode::Yes,
        tag: Term::atom(Atom::new("spawn_reply")),
    };
    for opt in list_arg(t)? {
        if let Some(a) = opt.as_atom() {
            match a {
                am::LINK => o.link = true,
                am::MONITOR => o.monitor = true,
                _ => {}
            }
            continue;
        }
        let Some(tu) = opt.as_tuple().filter(|t| t.len() == 2) else {
            return badarg();
        };
        match tu[0].as_atom().map(|a| a.name()) {
            Some("reply") => {
                o.reply = match tu[1].as_atom().map(|a| a.name()) {
                    Some("yes") => signals::ReplyMode::Yes,
                    Some("no") => signals::ReplyMode::No,
                    Some("error_only") => signals::ReplyMode::ErrorOnly,
                    _ => return badarg(),
                }
            }
            Some("reply_tag") => o.tag = tu[1],
            Some("monitor") => o.monitor = true,
            _ => {}
        }
    }
    Ok(o)
}

/// `spawn_request` on any node; M:F(Args) (funs come as `erlang:apply(Fun, [])`).
fn request(
    p: &mut Process,
    node: Atom,
    m: Atom,
    f: Atom,
    args: Vec<Term>,
    o: ReqOpts,
) -> BifResult {
    if node == crate::node::this_node() {
        let what = super::procs::SpawnWhat::Mfa(m, f, args);
        let (pid, mref) = super::procs::do_spawn(
            p,
            what,
            super::procs::SpawnOpts {
                link: o.link,
                monitor: o.monitor,
            },
        )?;
        let req = match mref {
            Some(r) => r,
            None => {
                let ids = super::erlang::new_ref_ids();
                p.heap.reference(ids.0, ids.1)
            }
        };
        if o.reply == signals::ReplyMode::Yes {
            let msg = p.heap.tuple(&[o.tag, req, Term::atom(am::OK), pid]);
            super::procs::send(p, p.pid(), msg)?;
        }
        return Ok(req);
    }
    let ids = super::erlang::new_ref_ids();
    signals::spawn_request(
        signals::SpawnRequest {
            caller: p.id,
            group_leader: p.group_leader,
            node,
            module: m,
            function: f,
            args,
            link: o.link,
            monitor: o.monitor,
            reply: o.reply,
            tag: o.tag,
        },
        ids,
    );
    Ok(p.heap.reference(ids.0, ids.1))
}

fn fun_call(fun: Term) -> Result<(Atom, Atom, Vec<Term>), Exc> {
    if !fun.is_fun() || crate::fun::arity_of(fun) != 0 {
        return badarg();
    }
    Ok((am::ERLANG, am::APPLY, vec![fun, Term::NIL]))
}

fn mfa(m: Term, f: Term, a: Term) -> Result<(Atom, Atom, Vec<Term>), Exc> {
    Ok((atom_arg(m)?, atom_arg(f)?, list_arg(a)?))
}

fn spawn_request1(p: &mut Process, a: &[Term]) -> BifResult {
    let (m, f, args) = fun_call(a[0])?;
    let o = req_opts(Term::NIL)?;
    request(p, crate::node::this_node(), m, f, args, o)
}

fn spawn_request2(p: &mut Process, a: &[Term]) -> BifResult {
    // (Fun, Options) or (Node, Fun)
    if a[0].is_fun() {
        let (m, f, args) = fun_call(a[0])?;
        let o = req_opts(a[1])?;
        return request(p, crate::node::this_node(), m, f, args, o);
    }
    let node = atom_arg(a[0])?;
    let (m, f, args) = fun_call(a[1])?;
    request(p, node, m, f, args, req_opts(Term::NIL)?)
}

fn spawn_request3(p: &mut Process, a: &[Term]) -> BifResult {
    // (Node, Fun, Options) or (M, F, Args)
    if a[1].is_fun() {
        let node = atom_arg(a[0])?;
        let (m, f, args) = fun_call(a[1])?;
        return request(p, node, m, f, args, req_opts(a[2])?);
    }
    let (m, f, args) = mfa(a[0], a[1], a[2])?;
    request(
        p,
        crate::node::this_node(),
        m,
        f,
        args,
        req_opts(Term::NIL)?,
    )
}

fn spawn_request4(p: &mut Process, a: &[Term]) -> BifResult {
    // (Node, M, F, Args) or (M, F, Args, Options)
    if a[3].is_list() && a[2].is_atom() && a[1].is_atom() && a[0].is_atom() && !a[2].is_list() {
        let node = atom_arg(a[0])?;
        let (m, f, args) = mfa(a[1], a[2], a[3])?;
        return request(p, node, m, f, args, req_opts(Term::NIL)?);
    }
    let (m, f, args) = mfa(a[0], a[1], a[2])?;
    request(p, crate::node::this_node(), m, f, args, req_opts(a[3])?)
}

fn spawn_request5(p: &mut Process, a: &[Term]) -> BifResult {
    let node = atom_arg(a[0])?;
    let (m, f, args) = mfa(a[1], a[2], a[3])?;
    request(p, node, m, f, args, req_opts(a[4])?)
}

fn spawn_request_abandon(_: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_reference() {
        return badarg();
    }
    if a[0].boxed_kind() != Some(crate::term::Kind::Ref) {
        return Ok(Term::FALSE);
    }
    let w = a[0].boxed_words();
    Ok(Term::bool(signals::abandon((w[0], w[1]))))
}

/// Remote `spawn/2,4` and friends wait for the reply: that is Erlang code
/// (`ferl_net:spawn/5`); the local node goes to the local BIFs.
fn remote_spawn(
    p: &mut Process,
    node: Atom,
    mfa: [Term; 3],
    opts: &[Atom],
    local: (&str, Vec<Term>),
) -> BifResult {
    if node == crate::node::this_node() {
        return Err(Exc::Trap(Trap::Apply {
            module: am::ERLANG,
            function: Atom::new(local.0),
            args: local.1,
        }));
    }
    let items: Vec<Term> = opts.iter().map(|&a| Term::atom(a)).collect();
    let opts = p.heap.list(&items);
    Err(Exc::Trap(Trap::Apply {
        module: Atom::new("ferl_net"),
        function: Atom::new("spawn"),
        args: vec![Term::atom(node), mfa[0], mfa[1], mfa[2], opts],
    }))
}

fn spawn_n_fun(p: &mut Process, a: &[Term], opts: &[Atom], local: &str) -> BifResult {
    let node = atom_arg(a[0])?;
    fun_call(a[1])?;
    let args = p.heap.list(&[a[1], Term::NIL]);
    remote_spawn(
        p,
        node,
        [Term::atom(am::ERLANG), Term::atom(am::APPLY), args],
        opts,
        (local, vec![a[1]]),
    )
}

fn spawn2(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_n_fun(p, a, &[], "spawn")
}
fn spawn_link2(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_n_fun(p, a, &[am::LINK], "spawn_link")
}
fn spawn_monitor2(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_n_fun(p, a, &[am::MONITOR], "spawn_monitor")
}

fn spawn_n_mfa(p: &mut Process, a: &[Term], opts: &[Atom], local: &str) -> BifResult {
    let node = atom_arg(a[0])?;
    remote_spawn(p, node, [a[1], a[2], a[3]], opts, (local, a[1..].to_vec()))
}
fn spawn4(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_n_mfa(p, a, &[], "spawn")
}
fn spawn_link4(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_n_mfa(p, a, &[am::LINK], "spawn_link")
}
fn spawn_monitor4(p: &mut Process, a: &[Term]) -> BifResult {
    spawn_n_mfa(p, a, &[am::MONITOR], "spawn_monitor")
}

// ---- ferl: primitives for net_kernel and net_adm ----

/// `ferl:dist_start(Name, LongNames, Hidden, TickTime)`: ok | {error, Text}.
fn dist_start(p: &mut Process, a: &[Term]) -> BifResult {
    let name = match a[0].as_atom() {
        Some(n) => n.name().to_string(),
        None => super::text::string_arg(a[0])?,
    };
    let o = dist::StartOptions {
        name,
        long_names: a[1] == Term::TRUE,
        cookie: None,
        hidden: a[2] == Term::TRUE,
        net_ticktime: crate::arith::i64_of(a[3]).map(|t| t.max(1) as u64),
    };
    match dist::start(&o) {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(dist::StartError(text)) => {
            let t = p.heap.string(&text);
            Ok(error_tuple(p, t))
        }
    }
}

/// `ferl:dist_connect(Node)`: a reference; `{Ref, true | false}` arrives when the
/// connection is up or has failed.
fn dist_connect(p: &mut Process, a: &[Term]) -> BifResult {
    let n = atom_arg(a[0])?;
    let ids = super::erlang::new_ref_ids();
    let r = p.heap.reference(ids.0, ids.1);
    let caller = p.id;
    let answer = move |ok: bool| {
        let mut h = crate::heap::Heap::new();
        let r = h.reference(ids.0, ids.1);
        let msg = h.tuple2(r, Term::bool(ok));
        crate::vm::send_signal(
            caller,
            crate::process::Signal::Message(crate::copy::Owned { term: msg, heap: h }),
        );
    };
    match dist::node() {
        None => answer(false),
        Some(_) if n == crate::node::this_node() => answer(true),
        Some(node) => {
            let node = node.clone();
            let name = n.name().to_string();
            let spawned = std::thread::Builder::new()
                .name("dist-connect-node".into())
                .spawn(move || answer(node.connect(&name).is_ok()));
            if spawned.is_err() {
                return badarg();
            }
        }
    }
    Ok(r)
}

/// `ferl:epmd_names(Host)`: `{ok, [{Name, Port}]}` or `{error, address}`.
fn epmd_names(p: &mut Process, a: &[Term]) -> BifResult {
    let host = match a[0].as_atom() {
        Some(h) => h.name().to_string(),
        None => super::text::string_arg(a[0])?,
    };
    match ferl_dist::epmd::names(&host, ferl_dist::epmd::port_from_env()) {
        Ok((_, names)) => {
            let mut items = Vec::new();
            for (n, port) in names {
                let s = p.heap.string(&n);
                items.push(p.heap.tuple2(s, Term::small(port as i64)));
            }
            let l = p.heap.list(&items);
            Ok(ok_tuple(p, l))
        }
        Err(_) => Ok(error_tuple(p, Term::atom(Atom::new("address")))),
    }
}

fn monitor_nodes(p: &mut Process, a: &[Term]) -> BifResult {
    let on = match a[0].as_atom() {
        Some(am::TRUE) => true,
        Some(am::FALSE) => false,
        _ => return badarg(),
    };
    signals::monitor_nodes(p.id, on);
    Ok(Term::atom(am::OK))
}

/// `ferl:dist_info()`: `{LongNames, Hidden, NetTickTime}`.
fn dist_info(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.heap.tuple(&[
        Term::bool(dist::long_names()),
        Term::bool(dist::is_hidden()),
        Term::small(dist::net_ticktime() as i64),
    ]))
}

pub fn register() {
    let r = super::register;
    r("erlang", "node", 1, node_of);
    r("erlang", "nodes", 0, nodes0);
    r("erlang", "nodes", 1, nodes1);
    r("erlang", "get_cookie", 0, get_cookie);
    r("erlang", "set_cookie", 1, set_cookie);
    r("erlang", "set_cookie", 2, set_cookie);
    r("erlang", "disconnect_node", 1, disconnect_node);
    r("erlang", "monitor_node", 2, monitor_node);
    r("erlang", "monitor_node", 3, monitor_node);
    r("erlang", "spawn_request", 1, spawn_request1);
    r("erlang", "spawn_request", 2, spawn_request2);
    r("erlang", "spawn_request", 3, spawn_request3);
    r("erlang", "spawn_request", 4, spawn_request4);
    r("erlang", "spawn_request", 5, spawn_request5);
    r("erlang", "spawn_request_abandon", 1, spawn_request_abandon);
    r("erlang", "spawn", 2, spawn2);
    r("erlang", "spawn", 4, spawn4);
    r("erlang", "spawn_link", 2, spawn_link2);
    r("erlang", "spawn_link", 4, spawn_link4);
    r("erlang", "spawn_monitor", 2, spawn_monitor2);
    r("erlang", "spawn_monitor", 4, spawn_monitor4);
    r("ferl", "dist_start", 4, dist_start);
    r("ferl", "dist_connect", 1, dist_connect);
    r("ferl", "dist_info", 0, dist_info);
    r("ferl", "epmd_names", 1, epmd_names);
    r("ferl", "monitor_nodes", 1, monitor_nodes);
}
