//! The outside world: `os`, file primitives, ports (`{fd,0,1}` and `{spawn, Cmd}`), and the
//! native io servers that are the default group leader (`user`) and `standard_error`.
//!
//! The native io server answers the io protocol in the sender's thread:
//! `{io_request, From, ReplyAs, Request}` with `{put_chars, Enc, Chars}`, `{get_line, Enc,
//! Prompt}`, `{get_chars, Enc, Prompt, N}`, `{setopts, _}`, `getopts` and `{requests, Rs}`;
//! the reply is `{io_reply, ReplyAs, Reply}`. It cannot run Erlang code, so a request that
//! asks it to apply a function (`{put_chars, Enc, M, F, A}`) gets `{error, request}`:
//! callers format first and send characters.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::sync::{Mutex, OnceLock};

use super::*;
use crate::copy::Owned;
use crate::process::Signal;
use crate::term::Term;

// ---- os ----

pub fn os_type(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.heap.tuple2(
        Term::atom(Atom::new("unix")),
        Term::atom(Atom::new("linux")),
    ))
}

fn getenv1(p: &mut Process, a: &[Term]) -> BifResult {
    let k = super::text::string_arg(a[0])?;
    Ok(match std::env::var_os(&k) {
        Some(v) => p.heap.string(&v.to_string_lossy()),
        None => Term::FALSE,
    })
}

fn getenv0(p: &mut Process, _: &[Term]) -> BifResult {
    let vars: Vec<String> = std::env::vars_os()
        .map(|(k, v)| format!("{}={}", k.to_string_lossy(), v.to_string_lossy()))
        .collect();
    let items: Vec<Term> = vars.iter().map(|s| p.heap.string(s)).collect();
    Ok(p.heap.list(&items))
}

fn putenv(_: &mut Process, a: &[Term]) -> BifResult {
    let k = super::text::string_arg(a[0])?;
    let v = super::text::string_arg(a[1])?;
    if k.is_empty() || k.contains('=') {
        return badarg();
    }
    // SAFETY-free: std::env::set_var is safe on this edition; the VM threads do not read
    // the C environment concurrently except through std::env.
    std::env::set_var(k, v);
    Ok(Term::TRUE)
}

fn unsetenv(_: &mut Process, a: &[Term]) -> BifResult {
    let k = super::text::string_arg(a[0])?;
    std::env::remove_var(k);
    Ok(Term::TRUE)
}

fn getpid(p: &mut Process, _: &[Term]) -> BifResult {
    Ok(p.heap.string(&std::process::id().to_string()))
}

// ---- files ----

fn path_arg(t: Term) -> Result<String, Exc> {
    if let Some(b) = crate::binary::bytes_of(t) {
        return String::from_utf8(b.into_owned()).map_err(|_| Exc::Error(Term::atom(am::BADARG)));
    }
    if let Some(a) = t.as_atom() {
        return Ok(a.name().to_string());
    }
    let mut s = String::new();
    super::text::chardata(t, true, &mut s).map_err(|_| Exc::Error(Term::atom(am::BADARG)))?;
    Ok(s)
}

fn posix(p: &mut Process, e: &std::io::Error) -> Term {
    use std::io::ErrorKind::*;
    let name = match e.kind() {
        NotFound => "enoent",
        PermissionDenied => "eacces",
        AlreadyExists => "eexist",
        IsADirectory => "eisdir",
        NotADirectory => "enotdir",
        DirectoryNotEmpty => "eexist",
        _ => match e.raw_os_error() {
            Some(21) => "eisdir",
            Some(20) => "enotdir",
            Some(39) => "eexist",
            _ => "eio",
        },
    };
    error_tuple(p, Term::atom(Atom::new(name)))
}

fn read_file(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    match std::fs::read(&path) {
        Ok(b) => {
            let bin = p.heap.binary_from_vec(b);
            Ok(ok_tuple(p, bin))
        }
        Err(e) => Ok(posix(p, &e)),
    }
}

fn write_file(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    let data = super::text::iolist_bytes(a[1]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let append = a
        .get(2)
        .map(|m| m.iter_list().any(|x| x == Term::atom(am::APPEND)))
        .unwrap_or(false);
    let r = if append {
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| f.write_all(&data))
    } else {
        std::fs::write(&path, &data)
    };
    match r {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(e) => Ok(posix(p, &e)),
    }
}

fn list_dir(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    match std::fs::read_dir(&path) {
        Ok(rd) => {
            let names: Vec<String> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            let items: Vec<Term> = names.iter().map(|n| p.heap.string(n)).collect();
            let l = p.heap.list(&items);
            Ok(ok_tuple(p, l))
        }
        Err(e) => Ok(posix(p, &e)),
    }
}

fn get_cwd(p: &mut Process, _: &[Term]) -> BifResult {
    match std::env::current_dir() {
        Ok(d) => {
            let s = p.heap.string(&d.to_string_lossy());
            Ok(ok_tuple(p, s))
        }
        Err(e) => Ok(posix(p, &e)),
    }
}

fn set_cwd(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    match std::env::set_current_dir(&path) {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(e) => Ok(posix(p, &e)),
    }
}

fn delete(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(e) => Ok(posix(p, &e)),
    }
}

fn make_dir(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    match std::fs::create_dir(&path) {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(e) => Ok(posix(p, &e)),
    }
}

fn del_dir(p: &mut Process, a: &[Term]) -> BifResult {
    let path = path_arg(a[0])?;
    match std::fs::remove_dir(&path) {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(e) => Ok(posix(p, &e)),
    }
}

fn rename(p: &mut Process, a: &[Term]) -> BifResult {
    let from = path_arg(a[0])?;
    let to = path_arg(a[1])?;
    match std::fs::rename(&from, &to) {
        Ok(()) => Ok(Term::atom(am::OK)),
        Err(e) => Ok(posix(p, &e)),
    }
}

fn datetime(p: &mut Process, t: std::time::SystemTime) -> Term {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
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

/// `{ok, #file_info{}}` as a tuple in the record's field order.
fn read_file_info(p: &mut Process, a: &[Term]) -> BifResult {
    use std::os::unix::fs::MetadataExt;
    let path = path_arg(a[0])?;
    let md = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) => return Ok(posix(p, &e)),
    };
    let kind = if md.is_dir() {
        "directory"
    } else if md.is_file() {
        "regular"
    } else {
        "other"
    };
    let access = match (md.mode() & 0o400 != 0, md.mode() & 0o200 != 0) {
        (true, true) => "read_write",
        (true, false) => "read",
        (false, true) => "write",
        _ => "none",
    };
    let atime = datetime(p, md.accessed().unwrap_or(std::time::UNIX_EPOCH));
    let mtime = datetime(p, md.modified().unwrap_or(std::time::UNIX_EPOCH));
    let ctime = mtime;
    let size = p.heap.int_u64(md.len());
    let info = p.heap.tuple(&[
        Term::atom(Atom::new("file_info")),
        size,
        Term::atom(Atom::new(kind)),
        Term::atom(Atom::new(access)),
        atime,
        mtime,
        ctime,
        Term::small(md.mode() as i64),
        Term::small(md.nlink() as i64),
        Term::small(md.dev() as i64),
        Term::small(0),
        Term::small(md.ino() as i64),
        Term::small(md.uid() as i64),
        Term::small(md.gid() as i64),
    ]);
    Ok(ok_tuple(p, info))
}

// ---- native io servers ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum IoDev {
    Stdout,
    Stderr,
}

fn io_servers() -> &'static Mutex<HashMap<u64, IoDev>> {
    static M: OnceLock<Mutex<HashMap<u64, IoDev>>> = OnceLock::new();
    M.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Creates the native io servers; returns the pid of `user`.
pub fn start_io_servers() -> Term {
    let user = crate::process::next_pid();
    let err = crate::process::next_pid();
    {
        let mut m = io_servers().lock().unwrap_or_else(|e| e.into_inner());
        m.insert(user, IoDev::Stdout);
        m.insert(err, IoDev::Stderr);
    }
    // The standard library's own servers take these names when it has them.
    if crate::export::get_or_create(am::USER, Atom::new("init"), 2)
        .code()
        .is_null()
    {
        crate::vm::register(am::USER, Term::pid(user));
    }
    if !crate::code::is_loaded(am::STANDARD_ERROR) {
        crate::vm::register(am::STANDARD_ERROR, Term::pid(err));
    }
    crate::vm::vm()
        .io_server
        .store(user, std::sync::atomic::Ordering::Relaxed);
    Term::pid(user)
}

/// Whether `id` is a native io server (its signals are handled by `io_signal`).
pub fn is_io_server(id: u64) -> bool {
    io_servers()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains_key(&id)
}

fn write_dev(dev: IoDev, bytes: &[u8]) {
    match dev {
        IoDev::Stdout => crate::io::write_stdout(bytes),
        IoDev::Stderr => crate::io::write_stderr(bytes),
    }
}

fn read_line() -> Option<String> {
    let mut s = String::new();
    match std::io::stdin().lock().read_line(&mut s) {
        Ok(0) => None,
        Ok(_) => Some(s),
        Err(_) => None,
    }
}

fn chars_bytes(enc: Term, chars: Term) -> Option<Vec<u8>> {
    let mut s = String::new();
    let latin1 = enc == Term::atom(am::LATIN1);
    super::text::chardata(chars, !latin1, &mut s).ok()?;
    Some(s.into_bytes())
}

/// One io request; returns the reply.
fn io_request(dev: IoDev, req: Term, h: &mut crate::heap::Heap) -> Term {
    let err = |h: &mut crate::heap::Heap| {
        h.tuple2(Term::atom(am::ERROR), Term::atom(Atom::new("request")))
    };
    if req == Term::atom(Atom::new("getopts")) {
        let b = h.tuple2(Term::atom(am::BINARY), Term::FALSE);
        let e = h.tuple2(Term::atom(Atom::new("encoding")), Term::atom(am::UNICODE));
        return h.list(&[b, e]);
    }
    let Some(t) = req.as_tuple() else {
        return err(h);
    };
    let tag = t
        .first()
        .and_then(|x| x.as_atom())
        .map(|a| a.name())
        .unwrap_or("");
    match (tag, t.len()) {
        ("put_chars", 3) => match chars_bytes(t[1], t[2]) {
            Some(b) => {
                write_dev(dev, &b);
                Term::atom(am::OK)
            }
            None => err(h),
        },
        ("put_chars", 2) => match chars_bytes(Term::atom(am::LATIN1), t[1]) {
            Some(b) => {
                write_dev(dev, &b);
                Term::atom(am::OK)
            }
            None => err(h),
        },
        ("get_line", 3) | ("get_line", 2) => {
            if let Some(b) = chars_bytes(Term::atom(am::UNICODE), t[t.len() - 1]) {
                write_dev(IoDev::Stdout, &b);
            }
            match read_line() {
                Some(l) => h.string(&l),
                None => Term::atom(am::EOF),
            }
        }
        ("get_chars", 4) | ("get_chars", 3) => {
            let n = t[t.len() - 1].as_small().unwrap_or(0).max(0) as usize;
            let mut buf = vec![0u8; n];
            let got = std::io::stdin().lock().read(&mut buf).unwrap_or(0);
            if got == 0 && n > 0 {
                Term::atom(am::EOF)
            } else {
                h.byte_list(&buf[..got])
            }
        }
        ("setopts", 2) => Term::atom(am::OK),
        ("requests", 2) => {
            let mut last = Term::atom(am::OK);
            for r in t[1].iter_list() {
                last = io_request(dev, r, h);
            }
            last
        }
        _ => err(h),
    }
}

/// Handles a signal sent to a native io server.
pub fn io_signal(id: u64, s: Signal) {
    let dev = match io_servers()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&id)
    {
        Some(d) => *d,
        None => return,
    };
    let Signal::Message(m) = s else { return };
    let Some(t) = m.term.as_tuple() else { return };
    if t.len() != 4 || t[0] != Term::atom(Atom::new("io_request")) {
        return;
    }
    let (from, reply_as, req) = (t[1], t[2], t[3]);
    let mut h = crate::heap::Heap::new();
    let reply = io_request(dev, req, &mut h);
    let msg = h.tuple(&[Term::atom(Atom::new("io_reply")), reply_as, reply]);
    if from.is_local_pid() {
        crate::vm::send_signal(from.pid_id(), Signal::Message(Owned::new(msg)));
    } else if from.is_pid() {
        crate::dist::signals::send_to_pid(from, msg);
    }
}

// ---- ports ----

enum PortKind {
    Fd,
    Spawn(Option<std::process::ChildStdin>),
}

struct PortState {
    owner: Term,
    kind: PortKind,
    binary: bool,
}

fn ports() -> &'static Mutex<HashMap<u64, PortState>> {
    static P: OnceLock<Mutex<HashMap<u64, PortState>>> = OnceLock::new();
    P.get_or_init(|| Mutex::new(HashMap::new()))
}

static NEXT_PORT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(3);

fn port_send(owner: Term, msg_build: impl FnOnce(&mut crate::heap::Heap) -> Term) {
    let mut h = crate::heap::Heap::new();
    let t = msg_build(&mut h);
    if owner.is_local_pid() {
        crate::vm::send_signal(owner.pid_id(), Signal::Message(Owned { term: t, heap: h }));
    }
}

fn data_term(h: &mut crate::heap::Heap, bytes: &[u8], binary: bool) -> Term {
    if binary {
        h.binary(bytes)
    } else {
        h.byte_list(bytes)
    }
}

fn open_port(p: &mut Process, a: &[Term]) -> BifResult {
    let spec = a[0].as_tuple().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let mut binary = false;
    let mut exit_status = false;
    let mut stderr_to_stdout = false;
    let mut eof = false;
    for o in list_arg(a[1])? {
        match o.as_atom() {
            Some(am::BINARY) => binary = true,
            Some(am::EXIT_STATUS) => exit_status = true,
            Some(am::STDERR_TO_STDOUT) => stderr_to_stdout = true,
            Some(am::EOF) => eof = true,
            _ => {}
        }
    }
    let id = NEXT_PORT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let port = Term::port(id);
    let owner = p.pid();
    let kind = match (spec.first().and_then(|x| x.as_atom()), spec.len()) {
        (Some(am::FD), 3) => PortKind::Fd,
        (Some(am::SPAWN), 2) | (Some(Atom(_)), 2) => {
            let cmd = path_arg(spec[1])?;
            let mut c = std::process::Command::new("/bin/sh");
            c.arg("-c").arg(&cmd);
            c.stdin(std::process::Stdio::piped());
            c.stdout(std::process::Stdio::piped());
            if !stderr_to_stdout {
                c.stderr(std::process::Stdio::inherit());
            }
            if stderr_to_stdout {
                c.stderr(std::process::Stdio::piped());
            }
            let mut child = c
                .spawn()
                .map_err(|_| Exc::Error(Term::atom(Atom::new("eacces"))))?;
            let stdin = child.stdin.take();
            let mut stdout = child.stdout.take();
            let stderr = child.stderr.take();
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 65536];
                if let Some(mut err) = stderr {
                    // Merge stderr into the data stream (best effort, after stdout).
                    std::thread::spawn(move || {
                        let mut b = vec![0u8; 4096];
                        while let Ok(n) = err.read(&mut b) {
                            if n == 0 {
                                break;
                            }
                            let chunk = b[..n].to_vec();
                            port_send(owner, |h| {
                                let d = data_term(h, &chunk, binary);
                                let inner = h.tuple2(Term::atom(am::DATA), d);
                                h.tuple2(port, inner)
                            });
                        }
                    });
                }
                if let Some(out) = stdout.as_mut() {
                    while let Ok(n) = out.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        let chunk = buf[..n].to_vec();
                        port_send(owner, |h| {
                            let d = data_term(h, &chunk, binary);
                            let inner = h.tuple2(Term::atom(am::DATA), d);
                            h.tuple2(port, inner)
                        });
                    }
                }
                let status = child.wait().ok().and_then(|s| s.code()).unwrap_or(1);
                if eof {
                    port_send(owner, |h| h.tuple2(port, Term::atom(am::EOF)));
                }
                if exit_status {
                    port_send(owner, |h| {
                        let inner =
                            h.tuple2(Term::atom(am::EXIT_STATUS), Term::small(status as i64));
                        h.tuple2(port, inner)
                    });
                }
                let gone = ports()
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&id)
                    .is_some();
                if gone && !exit_status {
                    // The port closes when its program ends: linked owners see 'EXIT'.
                    crate::vm::send_signal(
                        owner.pid_id(),
                        Signal::Exit {
                            from: port,
                            reason: Owned::immediate(Term::atom(am::NORMAL)),
                            kind: crate::process::ExitKind::Link,
                        },
                    );
                }
            });
            PortKind::Spawn(stdin)
        }
        _ => return badarg(),
    };
    ports().lock().unwrap_or_else(|e| e.into_inner()).insert(
        id,
        PortState {
            owner,
            kind,
            binary,
        },
    );
    if let PortKind::Fd = ports()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&id)
        .map(|s| &s.kind)
        .unwrap_or(&PortKind::Fd)
    {
        if spec.get(1).and_then(|x| x.as_small()) == Some(0) {
            start_stdin_reader(port, owner, binary);
        }
    }
    p.links.push(port);
    Ok(port)
}

fn start_stdin_reader(port: Term, owner: Term, binary: bool) {
    std::thread::spawn(move || loop {
        match read_line() {
            Some(l) => port_send(owner, |h| {
                let d = data_term(h, l.as_bytes(), binary);
                let inner = h.tuple2(Term::atom(am::DATA), d);
                h.tuple2(port, inner)
            }),
            None => {
                port_send(owner, |h| h.tuple2(port, Term::atom(am::EOF)));
                return;
            }
        }
    });
}

fn port_write(port: Term, data: Term) -> Result<(), Exc> {
    let bytes = super::text::iolist_bytes(data).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let mut ps = ports().lock().unwrap_or_else(|e| e.into_inner());
    let st = ps
        .get_mut(&port.port_id())
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    match &mut st.kind {
        PortKind::Fd => crate::io::write_stdout(&bytes),
        PortKind::Spawn(Some(stdin)) => {
            let _ = stdin.write_all(&bytes);
        }
        PortKind::Spawn(None) => {}
    }
    Ok(())
}

fn port_command(_: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_local_port() {
        return badarg();
    }
    port_write(a[0], a[1])?;
    Ok(Term::TRUE)
}

fn port_close(_: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_local_port() {
        return badarg();
    }
    match ports()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&a[0].port_id())
    {
        Some(_) => Ok(Term::TRUE),
        None => badarg(),
    }
}

/// `Port ! {Owner, {command, Data}}` and `Port ! {Owner, close}`.
pub fn port_message(p: &mut Process, port: Term, msg: Term) -> Result<(), Exc> {
    let t = msg
        .as_tuple()
        .filter(|t| t.len() == 2)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    if t[1] == Term::atom(Atom::new("close")) {
        let removed = ports()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&port.port_id());
        if let Some(st) = removed {
            let owner = st.owner;
            port_send(owner, |h| h.tuple2(port, Term::atom(am::CLOSED)));
        }
        return Ok(());
    }
    if let Some(c) = t[1].as_tuple() {
        if c.len() == 2 && c[0] == Term::atom(am::COMMAND) {
            let _ = p;
            return port_write(port, c[1]);
        }
    }
    badarg()
}

pub fn port_exit(port: Term, _reason: Term) {
    ports()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&port.port_id());
}

/// A process linked to a port died: the port closes.
pub fn port_owner_exited(port: Term, owner: Term) {
    let mut ps = ports().lock().unwrap_or_else(|e| e.into_inner());
    if ps.get(&port.port_id()).map(|s| s.owner) == Some(owner) {
        ps.remove(&port.port_id());
    }
}

fn port_info(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_local_port() {
        return badarg();
    }
    let ps = ports().lock().unwrap_or_else(|e| e.into_inner());
    let Some(st) = ps.get(&a[0].port_id()) else {
        return Ok(Term::atom(am::UNDEFINED));
    };
    let owner = st.owner;
    let _ = st.binary;
    drop(ps);
    let c = p.heap.tuple2(Term::atom(Atom::new("connected")), owner);
    Ok(p.heap.list(&[c]))
}

fn port_info2(p: &mut Process, a: &[Term]) -> BifResult {
    let all = port_info(p, &a[..1])?;
    if !all.is_list() {
        return Ok(all);
    }
    for item in all.iter_list() {
        if let Some(t) = item.as_tuple() {
            if t[0] == a[1] {
                return Ok(item);
            }
        }
    }
    if a[1] == Term::atom(Atom::new("name")) {
        let n = p.heap.string("fd");
        return Ok(p.heap.tuple2(a[1], n));
    }
    Ok(Term::atom(am::UNDEFINED))
}

fn ports_list(p: &mut Process, _: &[Term]) -> BifResult {
    let ids: Vec<u64> = ports()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .keys()
        .copied()
        .collect();
    let items: Vec<Term> = ids.into_iter().map(Term::port).collect();
    Ok(p.heap.list(&items))
}

pub fn register() {
    let r = super::register;
    r("os", "type", 0, os_type);
    r("os", "getenv", 1, getenv1);
    r("os", "getenv", 0, getenv0);
    r("os", "putenv", 2, putenv);
    r("os", "unsetenv", 1, unsetenv);
    r("os", "getpid", 0, getpid);
    r("os", "timestamp", 0, super::erlang::timestamp);
    r("file", "read_file", 1, read_file);
    r("file", "write_file", 2, write_file);
    r("file", "write_file", 3, write_file);
    r("file", "list_dir", 1, list_dir);
    r("file", "get_cwd", 0, get_cwd);
    r("file", "set_cwd", 1, set_cwd);
    r("file", "delete", 1, delete);
    r("file", "make_dir", 1, make_dir);
    r("file", "del_dir", 1, del_dir);
    r("file", "rename", 2, rename);
    r("file", "read_file_info", 1, read_file_info);
    r("erlang", "open_port", 2, open_port);
    r("erlang", "port_command", 2, port_command);
    r("erlang", "port_command", 3, port_command);
    r("erlang", "port_close", 1, port_close);
    r("erlang", "port_info", 1, port_info);
    r("erlang", "port_info", 2, port_info2);
    r("erlang", "ports", 0, ports_list);
}
