//! Natives the standard library asks for beyond `erlang` (docs/bifs.md): `erl_internal`,
//! `erl_parse:abstract/normalise`, `file:consult/1`, `filelib:wildcard/1`, `inet`, the
//! port mapper's names, hibernation and `spawn_request`.

use super::*;
use crate::term::{Kind, Term};

const AUTO_IMPORTED: &[(&str, &[u32])] = &[
    ("abs", &[1]),
    ("alias", &[0, 1]),
    ("apply", &[2, 3]),
    ("atom_to_binary", &[1, 2]),
    ("atom_to_list", &[1]),
    ("binary_part", &[2, 3]),
    ("binary_to_atom", &[1, 2]),
    ("binary_to_existing_atom", &[1, 2]),
    ("binary_to_float", &[1]),
    ("binary_to_integer", &[1, 2]),
    ("binary_to_list", &[1, 3]),
    ("binary_to_term", &[1, 2]),
    ("bit_size", &[1]),
    ("bitstring_to_list", &[1]),
    ("byte_size", &[1]),
    ("ceil", &[1]),
    ("check_old_code", &[1]),
    ("check_process_code", &[2, 3]),
    ("date", &[0]),
    ("delete_module", &[1]),
    ("demonitor", &[1, 2]),
    ("disconnect_node", &[1]),
    ("element", &[2]),
    ("erase", &[0, 1]),
    ("error", &[1, 2, 3]),
    ("exit", &[1, 2]),
    ("float", &[1]),
    ("float_to_binary", &[1, 2]),
    ("float_to_list", &[1, 2]),
    ("floor", &[1]),
    ("garbage_collect", &[0, 1, 2]),
    ("get", &[0, 1]),
    ("get_keys", &[0, 1]),
    ("group_leader", &[0, 2]),
    ("halt", &[0, 1, 2]),
    ("hd", &[1]),
    ("integer_to_binary", &[1, 2]),
    ("integer_to_list", &[1, 2]),
    ("iolist_size", &[1]),
    ("iolist_to_binary", &[1]),
    ("is_alive", &[0]),
    ("is_atom", &[1]),
    ("is_binary", &[1]),
    ("is_bitstring", &[1]),
    ("is_boolean", &[1]),
    ("is_float", &[1]),
    ("is_function", &[1, 2]),
    ("is_integer", &[1]),
    ("is_list", &[1]),
    ("is_map", &[1]),
    ("is_map_key", &[2]),
    ("is_number", &[1]),
    ("is_pid", &[1]),
    ("is_port", &[1]),
    ("is_process_alive", &[1]),
    ("is_record", &[2, 3]),
    ("is_reference", &[1]),
    ("is_tuple", &[1]),
    ("length", &[1]),
    ("link", &[1]),
    ("list_to_atom", &[1]),
    ("list_to_binary", &[1]),
    ("list_to_bitstring", &[1]),
    ("list_to_existing_atom", &[1]),
    ("list_to_float", &[1]),
    ("list_to_integer", &[1, 2]),
    ("list_to_pid", &[1]),
    ("list_to_port", &[1]),
    ("list_to_ref", &[1]),
    ("list_to_tuple", &[1]),
    ("load_module", &[2]),
    ("make_ref", &[0]),
    ("map_get", &[2]),
    ("map_size", &[1]),
    ("max", &[2]),
    ("min", &[2]),
    ("module_loaded", &[1]),
    ("monitor", &[2, 3]),
    ("monitor_node", &[2, 3]),
    ("node", &[0, 1]),
    ("nodes", &[0, 1]),
    ("now", &[0]),
    ("open_port", &[2]),
    ("pid_to_list", &[1]),
    ("port_close", &[1]),
    ("port_command", &[2, 3]),
    ("port_connect", &[2]),
    ("port_control", &[3]),
    ("port_to_list", &[1]),
    ("pre_loaded", &[0]),
    ("process_flag", &[2, 3]),
    ("process_info", &[1, 2]),
    ("processes", &[0]),
    ("purge_module", &[1]),
    ("put", &[2]),
    ("ref_to_list", &[1]),
    ("register", &[2]),
    ("registered", &[0]),
    ("round", &[1]),
    ("self", &[0]),
    ("setelement", &[3]),
    ("size", &[1]),
    ("spawn", &[1, 2, 3, 4]),
    ("spawn_link", &[1, 2, 3, 4]),
    ("spawn_monitor", &[1, 2, 3, 4]),
    ("spawn_opt", &[2, 3, 4, 5]),
    ("spawn_request", &[1, 2, 3, 4, 5]),
    ("spawn_request_abandon", &[1]),
    ("split_binary", &[2]),
    ("statistics", &[1]),
    ("term_to_binary", &[1, 2]),
    ("term_to_iovec", &[1, 2]),
    ("throw", &[1]),
    ("time", &[0]),
    ("tl", &[1]),
    ("trunc", &[1]),
    ("tuple_size", &[1]),
    ("tuple_to_list", &[1]),
    ("unalias", &[1]),
    ("unlink", &[1]),
    ("unregister", &[1]),
    ("whereis", &[1]),
];

/// `erl_internal:bif(Name, Arity)`: whether it is an auto-imported BIF.
fn erl_internal_bif(_: &mut Process, a: &[Term]) -> BifResult {
    let name = atom_arg(a[0])?;
    let arity = a[1].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(Term::bool(AUTO_IMPORTED.iter().any(|(n, ars)| {
        *n == name.name() && ars.contains(&(arity as u32))
    })))
}

fn anno_arg(t: Option<Term>) -> Term {
    match t {
        None => Term::small(0),
        Some(o) if o.is_small() || o.is_tuple() => o,
        Some(o) => o
            .iter_list()
            .find_map(|x| {
                let e = x.as_tuple()?;
                if e.len() == 2 && e[0] == Term::atom(am::LINE) {
                    Some(e[1])
                } else {
                    None
                }
            })
            .unwrap_or(Term::small(0)),
    }
}

fn tagged(p: &mut Process, tag: &str, anno: Term, rest: &[Term]) -> Term {
    let mut v = vec![Term::atom(Atom::new(tag)), anno];
    v.extend_from_slice(rest);
    p.heap.tuple(&v)
}

fn is_char_list(t: Term) -> bool {
    let mut it = t.iter_list();
    let ok = it.by_ref().all(|c| {
        matches!(c.as_small(), Some(v) if (0..=0x10FFFF).contains(&v) && !(0xD800..0xE000).contains(&v))
    });
    ok && it.rest().is_nil()
}

/// `erl_parse:abstract(Term[, Options])`: the abstract format of a term.
fn abstract_term(p: &mut Process, t: Term, a: Term) -> Result<Term, Exc> {
    // Numbers are written as they are, negative ones included (as erl 25 does).
    if t.is_integer() {
        return Ok(tagged(p, "integer", a, &[t]));
    }
    if t.is_float() {
        return Ok(tagged(p, "float", a, &[t]));
    }
    if t.is_atom() {
        return Ok(tagged(p, "atom", a, &[t]));
    }
    if t.is_nil() {
        return Ok(tagged(p, "nil", a, &[]));
    }
    if t.is_cons() {
        if is_char_list(t) {
            return Ok(tagged(p, "string", a, &[t]));
        }
        let h = abstract_term(p, t.head(), a)?;
        let tl = abstract_term(p, t.tail(), a)?;
        return Ok(tagged(p, "cons", a, &[h, tl]));
    }
    if let Some(es) = t.as_tuple() {
        let mut v = Vec::with_capacity(es.len());
        for &e in es {
            v.push(abstract_term(p, e, a)?);
        }
        let l = p.heap.list(&v);
        return Ok(tagged(p, "tuple", a, &[l]));
    }
    if t.is_map() {
        let pairs: Vec<(Term, Term)> = crate::map::pairs(t).collect();
        let mut v = Vec::new();
        for (k, val) in pairs {
            let ka = abstract_term(p, k, a)?;
            let va = abstract_term(p, val, a)?;
            v.push(tagged(p, "map_field_assoc", a, &[ka, va]));
        }
        let l = p.heap.list(&v);
        return Ok(tagged(p, "map", a, &[l]));
    }
    if let Some(b) = crate::binary::bits_of(t) {
        let bytes = b.to_vec();
        let whole = b.len_bits / 8;
        let default = Term::atom(Atom::new("default"));
        let mut v = Vec::new();
        for &byte in &bytes[..whole] {
            let i = tagged(p, "integer", a, &[Term::small(byte as i64)]);
            v.push(tagged(p, "bin_element", a, &[i, default, default]));
        }
        let rem = b.len_bits % 8;
        if rem > 0 {
            let val = b.read_u64(whole * 8, rem);
            let i = tagged(p, "integer", a, &[Term::small(val as i64)]);
            let sz = tagged(p, "integer", a, &[Term::small(rem as i64)]);
            v.push(tagged(p, "bin_element", a, &[i, sz, default]));
        }
        let l = p.heap.list(&v);
        return Ok(tagged(p, "bin", a, &[l]));
    }
    if t.boxed_kind() == Some(Kind::Export) {
        let e = crate::fun::export_of(t);
        let m = tagged(p, "atom", a, &[Term::atom(e.module)]);
        let f = tagged(p, "atom", a, &[Term::atom(e.function)]);
        let n = tagged(p, "integer", a, &[Term::small(e.arity as i64)]);
        let func = p.heap.tuple(&[Term::atom(am::FUNCTION), m, f, n]);
        return Ok(tagged(p, "fun", a, &[func]));
    }
    badarg()
}

fn abstract1(p: &mut Process, a: &[Term]) -> BifResult {
    let anno = anno_arg(a.get(1).copied());
    abstract_term(p, a[0], anno)
}

/// `erl_parse:normalise(Abstract)`: the term an abstract literal stands for.
fn normalise_term(p: &mut Process, t: Term) -> Result<Term, Exc> {
    let e = t.as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let tag = e
        .first()
        .and_then(|x| x.as_atom())
        .map(|x| x.name())
        .unwrap_or("");
    match (tag, e.len()) {
        ("integer" | "float" | "atom" | "char" | "string", 3) => Ok(e[2]),
        ("nil", 2) => Ok(Term::NIL),
        ("cons", 4) => {
            let h = normalise_term(p, e[2])?;
            let tl = normalise_term(p, e[3])?;
            Ok(p.heap.cons(h, tl))
        }
        ("tuple", 3) => {
            let mut v = Vec::new();
            for x in list_arg(e[2])? {
                v.push(normalise_term(p, x)?);
            }
            Ok(p.heap.tuple(&v))
        }
        ("map", 3) => {
            let mut v = Vec::new();
            for f in list_arg(e[2])? {
                let fe = f.as_tuple().filter(|fe| fe.len() == 4);
                let fe = fe.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
                let k = normalise_term(p, fe[2])?;
                let val = normalise_term(p, fe[3])?;
                v.push((k, val));
            }
            Ok(crate::map::from_pairs(&mut p.heap, v))
        }
        ("op", 4) if e[2] == Term::atom(Atom::new("-")) => {
            let v = normalise_term(p, e[3])?;
            crate::arith::neg(&mut p.heap, v).map_err(|_| Exc::Error(Term::atom(am::BADARG)))
        }
        ("op", 4) if e[2] == Term::atom(Atom::new("+")) => normalise_term(p, e[3]),
        ("bin", 3) => {
            let mut w = crate::binary::BitWriter::default();
            for el in list_arg(e[2])? {
                let be = el.as_tuple().filter(|be| be.len() == 5);
                let be = be.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
                let v = normalise_term(p, be[2])?;
                if let Some(b) = crate::binary::bits_of(v) {
                    w.push_bitstring(&b);
                    continue;
                }
                if v.is_list() {
                    for c in v.iter_list() {
                        w.push_bits(c.as_small().unwrap_or(0) as u64, 8);
                    }
                    continue;
                }
                let size = match be[3].as_tuple() {
                    Some(s) if s.len() == 3 => s[2].as_small().unwrap_or(8) as usize,
                    _ => 8,
                };
                if crate::bitsyntax::put_integer(&mut w, v, size, 0).is_none() {
                    return badarg();
                }
            }
            Ok(p.heap.bitstring(&w.bytes, w.len_bits))
        }
        ("fun", 3) => {
            let f = e[2].as_tuple().filter(|f| f.len() == 4);
            let f = f.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
            let m = normalise_term(p, f[1])?;
            let n = normalise_term(p, f[2])?;
            let ar = normalise_term(p, f[3])?;
            let ex = crate::export::get_or_create(
                atom_arg(m)?,
                atom_arg(n)?,
                ar.as_small().unwrap_or(0) as u32,
            );
            Ok(p.heap.export_fun(ex))
        }
        _ => badarg(),
    }
}

fn normalise(p: &mut Process, a: &[Term]) -> BifResult {
    normalise_term(p, a[0])
}

/// `file:consult(File)`: the terms of a file, each ending with a dot.
fn consult(p: &mut Process, a: &[Term]) -> BifResult {
    let path = super::text::string_arg(a[0])
        .or_else(|_| a[0].as_atom().map(|x| x.name().to_string()).ok_or(()))
        .map_err(|_| Exc::Error(Term::atom(am::BADARG)))?;
    let text = match std::fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => return Ok(error_tuple(p, Term::atom(am::ENOENT))),
    };
    let Some(s) = crate::hooks::syntax() else {
        return Ok(error_tuple(p, Term::atom(Atom::new("enotsup"))));
    };
    let toks = match s.scan(&text, (1, 0)) {
        Ok((t, _)) => t,
        Err((info, _)) => {
            let i = crate::tree::from_tree(&info, &mut p.heap);
            return Ok(error_tuple(p, i));
        }
    };
    let mut terms = Vec::new();
    let mut cur = Vec::new();
    for t in toks {
        let is_dot = matches!(&t, ferl_etf::Term::Tuple(v) if v.len() == 2 && v[0] == ferl_etf::Term::atom("dot"));
        cur.push(t);
        if is_dot {
            match s.parse_term(&cur) {
                Ok(v) => terms.push(crate::tree::from_tree(&v, &mut p.heap)),
                Err(e) => {
                    let i = crate::tree::from_tree(&e, &mut p.heap);
                    return Ok(error_tuple(p, i));
                }
            }
            cur.clear();
        }
    }
    let l = p.heap.list(&terms);
    Ok(ok_tuple(p, l))
}

fn glob_match(pat: &[char], name: &[char]) -> bool {
    match (pat.first(), name.first()) {
        (None, None) => true,
        (Some('*'), _) => {
            glob_match(&pat[1..], name) || (!name.is_empty() && glob_match(pat, &name[1..]))
        }
        (Some('?'), Some(_)) => glob_match(&pat[1..], &name[1..]),
        (Some(a), Some(b)) if a == b => glob_match(&pat[1..], &name[1..]),
        _ => false,
    }
}

/// `filelib:wildcard(Pattern)`: `*` and `?` in any path segment.
fn wildcard(p: &mut Process, a: &[Term]) -> BifResult {
    let pat = super::text::string_arg(a[0])?;
    let absolute = pat.starts_with('/');
    let segs: Vec<&str> = pat.split('/').filter(|s| !s.is_empty()).collect();
    let mut paths: Vec<String> = vec![if absolute { "/".into() } else { String::new() }];
    for seg in segs {
        let mut next = Vec::new();
        for base in &paths {
            if !seg.contains(['*', '?']) {
                let cand = format!("{base}{seg}");
                if std::path::Path::new(&cand).exists() {
                    next.push(cand);
                }
                continue;
            }
            let dir = if base.is_empty() { "." } else { base.as_str() };
            if let Ok(rd) = std::fs::read_dir(dir) {
                let pc: Vec<char> = seg.chars().collect();
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') && !seg.starts_with('.') {
                        continue;
                    }
                    let nc: Vec<char> = name.chars().collect();
                    if glob_match(&pc, &nc) {
                        next.push(format!("{base}{name}"));
                    }
                }
            }
        }
        paths = next.into_iter().map(|p| format!("{p}/")).collect();
    }
    let mut out: Vec<String> = paths
        .into_iter()
        .map(|p| p.trim_end_matches('/').to_string())
        .filter(|p| !p.is_empty())
        .collect();
    out.sort();
    let items: Vec<Term> = out.iter().map(|s| p.heap.string(s)).collect();
    Ok(p.heap.list(&items))
}

fn gethostname(p: &mut Process, _: &[Term]) -> BifResult {
    let name = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".into());
    let s = p.heap.string(&name);
    Ok(ok_tuple(p, s))
}

fn epmd_names(p: &mut Process, a: &[Term]) -> BifResult {
    let host = super::text::string_arg(a[0])?;
    match ferl_dist::epmd::names(&host, ferl_dist::epmd::port_from_env()) {
        Ok((_, names)) => {
            let items: Vec<Term> = names
                .iter()
                .map(|(n, port)| {
                    let s = p.heap.string(n);
                    p.heap.tuple2(s, Term::small(*port as i64))
                })
                .collect();
            let l = p.heap.list(&items);
            Ok(ok_tuple(p, l))
        }
        Err(_) => Ok(error_tuple(p, Term::atom(Atom::new("address")))),
    }
}

fn hibernate(_: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let f = atom_arg(a[1])?;
    let args = list_arg(a[2])?;
    Err(Exc::Trap(Trap::Hibernate {
        module: m,
        function: f,
        args,
    }))
}

fn local_node(t: Term) -> Result<(), Exc> {
    if t.as_atom() == Some(crate::node::this_node()) {
        Ok(())
    } else {
        badarg()
    }
}

fn spawn4(p: &mut Process, a: &[Term]) -> BifResult {
    local_node(a[0])?;
    let what = super::procs::SpawnWhat::Mfa(atom_arg(a[1])?, atom_arg(a[2])?, list_arg(a[3])?);
    let o = super::procs::SpawnOpts {
        link: false,
        monitor: false,
    };
    Ok(super::procs::do_spawn(p, what, o)?.0)
}

fn spawn_link4(p: &mut Process, a: &[Term]) -> BifResult {
    local_node(a[0])?;
    let what = super::procs::SpawnWhat::Mfa(atom_arg(a[1])?, atom_arg(a[2])?, list_arg(a[3])?);
    let o = super::procs::SpawnOpts {
        link: true,
        monitor: false,
    };
    Ok(super::procs::do_spawn(p, what, o)?.0)
}

fn spawn_opt5(p: &mut Process, a: &[Term]) -> BifResult {
    local_node(a[0])?;
    super::procs::spawn_opt4_pub(p, &a[1..])
}

/// `spawn_request(Node, M, F, A, Opts)` for the local node: the reply is
/// `{spawn_reply, ReqId, ok, Pid}` unless `{reply, no | error_only}`; with `monitor` the
/// request id is the monitor reference.
fn spawn_request5(p: &mut Process, a: &[Term]) -> BifResult {
    local_node(a[0])?;
    let mut monitor = false;
    let mut link = false;
    let mut reply = true;
    let mut tag = Term::atom(Atom::new("spawn_reply"));
    for o in list_arg(a[4])? {
        if o == Term::atom(am::MONITOR) {
            monitor = true;
        } else if o == Term::atom(am::LINK) {
            link = true;
        } else if let Some(t) = o.as_tuple().filter(|t| t.len() == 2) {
            match t[0].as_atom().map(|x| x.name()) {
                Some("reply") => reply = t[1] == Term::atom(Atom::new("yes")),
                Some("reply_tag") => tag = t[1],
                _ => {}
            }
        }
    }
    let what = super::procs::SpawnWhat::Mfa(atom_arg(a[1])?, atom_arg(a[2])?, list_arg(a[3])?);
    let o = super::procs::SpawnOpts { link, monitor };
    let (pid, mref) = super::procs::do_spawn(p, what, o)?;
    let req = match mref {
        Some(r) => r,
        None => {
            let ids = super::erlang::new_ref_ids();
            p.heap.reference(ids.0, ids.1)
        }
    };
    if reply {
        let msg = p.heap.tuple(&[tag, req, Term::atom(am::OK), pid]);
        super::procs::send(p, p.pid(), msg)?;
    }
    Ok(req)
}

fn spawn_request_abandon(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::FALSE)
}

fn process_display(_: &mut Process, a: &[Term]) -> BifResult {
    crate::io::write_stderr(
        format!(
            "Process {} (no backtrace in Ferl)\n",
            crate::print::to_string(a[0])
        )
        .as_bytes(),
    );
    Ok(Term::TRUE)
}

fn disconnect_node(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::FALSE)
}

pub fn register() {
    let r = super::register;
    r("erl_internal", "bif", 2, erl_internal_bif);
    r("erl_parse", "abstract", 1, abstract1);
    r("erl_parse", "abstract", 2, abstract1);
    r("erl_parse", "normalise", 1, normalise);
    r("file", "consult", 1, consult);
    r("filelib", "wildcard", 1, wildcard);
    r("inet", "gethostname", 0, gethostname);
    r("ferl", "epmd_names", 1, epmd_names);
    r("erlang", "hibernate", 3, hibernate);
    r("erlang", "spawn", 4, spawn4);
    r("erlang", "spawn_link", 4, spawn_link4);
    r("erlang", "spawn_opt", 5, spawn_opt5);
    r("erlang", "spawn_request", 5, spawn_request5);
    r("erlang", "spawn_request_abandon", 1, spawn_request_abandon);
    r("erlang", "process_display", 2, process_display);
    r("erlang", "disconnect_node", 1, disconnect_node);
}
