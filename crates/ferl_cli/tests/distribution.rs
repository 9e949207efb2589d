//! Distribution end to end: Ferl nodes (the `ferl` binary) talking to each other and to
//! real erl nodes on loopback.
//!
//! Each test has its own port mapper (an in-process `EpmdServer` on a free port, given to
//! every node as `ERL_EPMD_PORT`), its own node names and cookie, so tests run in parallel.
//! Nodes run roles of `tests/dist/dtest.erl` (compiled with erlc, the oracle; Ferl nodes
//! use their embedded standard library) and print `R Key Value` lines that are checked
//! here. Without erl/erlc the tests are skipped with a message.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use ferl_dist::epmd_server::EpmdServer;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn oracle() -> bool {
    let ok = have("erl") && have("erlc");
    if !ok {
        eprintln!("skipping: erl/erlc not installed (the test oracle)");
    }
    ok
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn erlc(files: &[PathBuf], out: &Path) {
    let st = Command::new("erlc")
        .arg("-o")
        .arg(out)
        .args(files)
        .output()
        .expect("erlc runs");
    assert!(
        st.status.success(),
        "erlc failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

/// The test modules, compiled once per test run.
struct Code {
    tests: PathBuf,
}

fn code() -> &'static Code {
    static C: OnceLock<Code> = OnceLock::new();
    C.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("ferl-dist-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let tests = base.join("tests");
        std::fs::create_dir_all(&tests).unwrap();
        erlc(
            &[root().join("crates/ferl_cli/tests/dist/dtest.erl")],
            &tests,
        );
        Code { tests }
    })
}

fn short_host() -> String {
    ferl_dist::name::local_hostname()
        .split('.')
        .next()
        .unwrap_or("localhost")
        .to_string()
}

/// One test's world: a port mapper, a cookie, a name prefix, a working directory.
struct World {
    _epmd: EpmdServer,
    port: u16,
    prefix: String,
    cookie: String,
    dir: PathBuf,
}

fn world(tag: &str) -> World {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let epmd = EpmdServer::bind(("0.0.0.0", 0)).expect("port mapper");
    let port = epmd.local_addr().port();
    let prefix = format!("{tag}{}x{n}", std::process::id());
    let dir = std::env::temp_dir().join(format!("ferl-dist-{prefix}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    World {
        _epmd: epmd,
        port,
        cookie: format!("cookie{prefix}"),
        prefix,
        dir,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Ferl,
    Erl,
}

struct Node {
    child: Child,
    full: String,
    out: Arc<(Mutex<String>, Condvar)>,
}

impl World {
    fn name(&self, n: &str) -> String {
        format!("{n}{}", self.prefix)
    }

    fn full(&self, n: &str) -> String {
        format!("{}@{}", self.name(n), short_host())
    }

    /// Starts a node `-sname n` running `dtest:<eval>`.
    fn start(&self, kind: Kind, n: &str, eval: &str, extra: &[&str]) -> Node {
        self.start_in(kind, n, eval, extra, &self.dir, &self.cookie)
    }

    fn start_in(
        &self,
        kind: Kind,
        n: &str,
        eval: &str,
        extra: &[&str],
        dir: &Path,
        cookie: &str,
    ) -> Node {
        let name = ["-sname".to_string(), self.name(n)];
        let mut args: Vec<&str> = name.iter().map(String::as_str).collect();
        args.extend_from_slice(extra);
        self.spawn(kind, &self.full(n), eval, &args, dir, cookie)
    }

    /// A node started without a name (it may become distributed later).
    fn start_unnamed(&self, eval: &str) -> Node {
        self.spawn(Kind::Ferl, "unnamed", eval, &[], &self.dir, &self.cookie)
    }

    fn spawn(
        &self,
        kind: Kind,
        full: &str,
        eval: &str,
        extra: &[&str],
        dir: &Path,
        cookie: &str,
    ) -> Node {
        let c = code();
        let exe = match kind {
            Kind::Ferl => env!("CARGO_BIN_EXE_ferl"),
            Kind::Erl => "erl",
        };
        let mut child = Command::new(exe)
            .current_dir(dir)
            .env("ERL_EPMD_PORT", self.port.to_string())
            .env_remove("FERL_LIB_DIR")
            .args(["-setcookie", cookie, "-noshell", "-pa"])
            .arg(&c.tests)
            .args(extra)
            .arg("-eval")
            .arg(format!("dtest:{eval}."))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node starts");
        let out = Arc::new((Mutex::new(String::new()), Condvar::new()));
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = out.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let (m, cv) = &*out;
                    let mut s = m.lock().unwrap();
                    s.push_str(&line);
                    s.push('\n');
                    cv.notify_all();
                }
            });
        }
        Node {
            child,
            full: full.to_string(),
            out,
        }
    }
}

impl Node {
    fn output(&self) -> String {
        self.out.0.lock().unwrap().clone()
    }

    /// Waits until the output holds `needle`; panics with the output after `secs`.
    fn wait_for(&self, needle: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let (m, cv) = &*self.out;
        let mut s = m.lock().unwrap();
        while !s.contains(needle) {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("{} never printed {needle:?}; output:\n{s}", self.full));
            s = cv.wait_timeout(s, left).unwrap().0;
        }
    }

    /// The value printed as `R key value`.
    fn result(&self, key: &str) -> String {
        let prefix = format!("R {key} ");
        let out = self.output();
        out.lines()
            .find_map(|l| l.strip_prefix(&prefix).map(str::to_string))
            .unwrap_or_else(|| panic!("{} printed no {key}; output:\n{out}", self.full))
    }

    /// Waits for `R done ok`, then checks each `(key, value)`.
    fn expect(&self, secs: u64, pairs: &[(&str, &str)]) {
        self.wait_for("R done ok", secs);
        for (k, v) in pairs {
            assert_eq!(self.result(k), *v, "{k} on {}", self.full);
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn signal(&self, sig: &str) {
        let _ = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

#[test]
fn ferl_to_ferl_send_rpc_spawn_links_monitors() {
    if !oracle() {
        return;
    }
    let w = world("b");
    let srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let cli = w.start(Kind::Ferl, "c", &format!("basic('{}')", srv.full), &[]);
    cli.expect(
        60,
        &[
            ("nodes_before", "[]"),
            ("echo", "hello"),
            ("nodes_after", "true"),
            ("ping", "pong"),
            ("ping_self", "pong"),
            ("rpc", "[3,2,1]"),
            ("rpc_node", "true"),
            ("rpc_throw", "t"),
            ("rpc_exit", "{badrpc,{'EXIT',e}}"),
            (
                "rpc_undef",
                "{badrpc,{'EXIT',{undef,[{nosuchmod,f,[],[]}]}}}",
            ),
            ("erpc", "3"),
            ("multicall", "{[true,true],[]}"),
            ("rpc_down", "{badrpc,nodedown}"),
            ("ping_down", "pang"),
            ("remote_node", "true"),
            ("remote_pid_shape", "remote"),
            ("down", "normal"),
            ("spawn_monitor", "bye"),
            ("spawn_link", "bye2"),
            ("monitor_name", "{true,noproc}"),
            ("exit_killed", "killed"),
            ("unlinked", "true"),
            ("spawn_request", "true"),
            ("roundtrip", "true"),
        ],
    );
    assert_eq!(
        cli.result("erpc_error"),
        "{exception,boom,[{erlang,error,[boom],[]}]}"
    );
    // The process spawned from the client printed on the client's output.
    let printed = format!("PRINT via_spawn {}", srv.full);
    assert!(cli.output().contains(&printed), "{}", cli.output());
    assert!(!srv.output().contains("PRINT"), "{}", srv.output());
}

#[test]
fn three_ferl_nodes_global_names_and_multicall() {
    if !oracle() {
        return;
    }
    let w = world("g");
    let b = w.start(Kind::Ferl, "b", "serve()", &[]);
    let c = w.start(Kind::Ferl, "c", "serve()", &[]);
    b.wait_for("READY", 20);
    c.wait_for("READY", 20);
    let a = w.start(
        Kind::Ferl,
        "a",
        &format!("three('{}', '{}')", b.full, c.full),
        &[],
    );
    let mut peers = [b.full.clone(), c.full.clone()];
    peers.sort();
    let nodes = format!("[{},{}]", peers[0], peers[1]);
    a.expect(
        60,
        &[
            ("nodes", &nodes),
            ("register", "yes"),
            ("register_again", "no"),
            ("whereis_b", "true"),
            ("whereis_c", "true"),
            ("global_send", "true"),
            ("multicall", "{true,[]}"),
        ],
    );
}

#[test]
fn killed_peer_fires_noconnection_then_reconnects() {
    if !oracle() {
        return;
    }
    let w = world("k");
    let mut srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let cli = w.start(Kind::Ferl, "c", &format!("faults('{}')", srv.full), &[]);
    cli.wait_for("WATCHING", 30);
    srv.kill();
    cli.expect(
        30,
        &[
            (
                "faults",
                "[nodedown,nodedown,{down,noconnection},{exit,noconnection}]",
            ),
            ("nodes", "[]"),
        ],
    );
    // The port mapper forgets the name when it sees the dead node's socket close.
    let deadline = Instant::now() + Duration::from_secs(10);
    while ferl_dist::epmd::port_please("localhost", w.port, &w.name("s"))
        .ok()
        .flatten()
        .is_some()
    {
        assert!(Instant::now() < deadline, "the name stayed registered");
        std::thread::sleep(Duration::from_millis(50));
    }
    let srv2 = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv2.wait_for("READY", 20);
    let again = w.start(
        Kind::Ferl,
        "d",
        &format!("faults_again('{}')", srv2.full),
        &[],
    );
    again.expect(30, &[("ping_again", "pong")]);
}

#[test]
fn silent_peer_is_dropped_within_net_ticktime() {
    if !oracle() {
        return;
    }
    let w = world("t");
    let srv = w.start(
        Kind::Ferl,
        "s",
        "serve()",
        &["-kernel", "net_ticktime", "2"],
    );
    srv.wait_for("READY", 20);
    let cli = w.start(
        Kind::Ferl,
        "c",
        &format!("faults('{}')", srv.full),
        &["-kernel", "net_ticktime", "2"],
    );
    cli.wait_for("WATCHING", 30);
    let stopped = Instant::now();
    srv.signal("-STOP");
    cli.wait_for("R done ok", 20);
    let took = stopped.elapsed();
    srv.signal("-CONT");
    assert_eq!(
        cli.result("faults"),
        "[nodedown,nodedown,{down,noconnection},{exit,noconnection}]"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

#[test]
fn large_binary_and_a_million_messages_in_order() {
    if !oracle() {
        return;
    }
    let w = world("l");
    let srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let cli = w.start(
        Kind::Ferl,
        "c",
        &format!("bulk('{}', 1000000)", srv.full),
        &[],
    );
    cli.expect(600, &[("bin", "{104857700,true}"), ("seq", "ok")]);
}

#[test]
fn erl_and_ferl_ping_send_and_rpc_both_ways() {
    if !oracle() {
        return;
    }
    let w = world("i");
    let fs = w.start(Kind::Ferl, "fs", "serve()", &[]);
    let es = w.start(Kind::Erl, "es", "serve()", &[]);
    fs.wait_for("READY", 20);
    es.wait_for("READY", 30);
    let ec = w.start(Kind::Erl, "ec", &format!("interop('{}')", fs.full), &[]);
    let fc = w.start(Kind::Ferl, "fc", &format!("interop('{}')", es.full), &[]);
    let want = [("ping", "pong"), ("echo", "hi"), ("rpc", "[3,2,1]")];
    ec.expect(60, &want);
    fc.expect(60, &want);
}

#[test]
fn erl_and_ferl_group_leader_output_both_ways() {
    if !oracle() {
        return;
    }
    let w = world("o");
    let fs = w.start(Kind::Ferl, "fs", "serve()", &[]);
    let es = w.start(Kind::Erl, "es", "serve()", &[]);
    fs.wait_for("READY", 20);
    es.wait_for("READY", 30);
    let ec = w.start(Kind::Erl, "ec", &format!("spawn_print('{}')", fs.full), &[]);
    let fc = w.start(
        Kind::Ferl,
        "fc",
        &format!("spawn_print('{}')", es.full),
        &[],
    );
    ec.wait_for("R done ok", 60);
    fc.wait_for("R done ok", 60);
    for (caller, server) in [(&ec, &fs), (&fc, &es)] {
        let out = caller.output();
        assert!(
            out.contains(&format!("PRINT from_remote {}", server.full)),
            "{out}"
        );
        assert!(
            out.contains(&format!(" on node {} with exit value:", server.full)),
            "{out}"
        );
        assert!(
            out.contains("{undef,[{nosuchmod,nosuchfun,[],[]}]}"),
            "{out}"
        );
        assert!(!server.output().contains("PRINT"), "{}", server.output());
    }
}

#[test]
fn nl_loads_a_module_on_a_node_without_the_file_both_ways() {
    if !oracle() {
        return;
    }
    let w = world("n");
    // The module exists only in the caller's directory.
    let with = w.dir.join("with");
    let without = w.dir.join("without");
    std::fs::create_dir_all(&with).unwrap();
    std::fs::create_dir_all(&without).unwrap();
    erlc(
        &[root().join("crates/ferl_cli/tests/dist/dtest_nl.erl")],
        &with,
    );
    for (caller, callee) in [(Kind::Ferl, Kind::Erl), (Kind::Erl, Kind::Ferl)] {
        let tag = if caller == Kind::Ferl { "f" } else { "e" };
        let srv = w.start_in(
            callee,
            &format!("s{tag}"),
            "serve()",
            &[],
            &without,
            &w.cookie,
        );
        srv.wait_for("READY", 30);
        let cli = w.start_in(
            caller,
            &format!("c{tag}"),
            &format!("nl_to('{}')", srv.full),
            &[],
            &with,
            &w.cookie,
        );
        let hello = format!("{{hello_from,{}}}", srv.full);
        cli.expect(
            60,
            &[("before", "false"), ("nl", "abcast"), ("after", &hello)],
        );
        assert!(!without.join("dtest_nl.beam").exists());
    }
}

#[test]
fn wrong_cookie_is_refused_both_ways() {
    if !oracle() {
        return;
    }
    let w = world("w");
    let fs = w.start(Kind::Ferl, "fs", "serve()", &[]);
    let es = w.start(Kind::Erl, "es", "serve()", &[]);
    fs.wait_for("READY", 20);
    es.wait_for("READY", 30);
    let ec = w.start_in(
        Kind::Erl,
        "ec",
        &format!("ping('{}')", fs.full),
        &[],
        &w.dir,
        "wrongcookie",
    );
    let fc = w.start_in(
        Kind::Ferl,
        "fc",
        &format!("ping('{}')", es.full),
        &[],
        &w.dir,
        "wrongcookie",
    );
    ec.expect(60, &[("ping", "pang")]);
    fc.expect(60, &[("ping", "pang")]);
    // Both refusing sides said why, in erl's words.
    for s in [&fs, &es] {
        s.wait_for("rejected. Invalid challenge reply.", 10);
    }
}

#[test]
fn a_second_node_with_the_same_name_is_refused() {
    if !oracle() {
        return;
    }
    let w = world("u");
    let first = w.start(Kind::Ferl, "same", "serve()", &[]);
    first.wait_for("READY", 20);
    let mut second = w.start(Kind::Ferl, "same", "serve()", &[]);
    let status = second.child.wait().expect("exits");
    assert_eq!(status.code(), Some(1));
    second.wait_for(
        &format!(
            "Protocol 'inet_tcp': the name {} seems to be in use by another Erlang node",
            w.full("same")
        ),
        5,
    );
}

#[test]
fn a_hidden_node_is_listed_as_hidden_on_both_sides() {
    if !oracle() {
        return;
    }
    let w = world("h");
    let srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let cli = w.start(
        Kind::Ferl,
        "c",
        &format!("hidden('{}')", srv.full),
        &["-hidden"],
    );
    cli.expect(
        30,
        &[
            ("ping", "pong"),
            ("nodes", "[]"),
            ("hidden", "true"),
            ("peer_sees", "[]"),
            ("peer_hidden", "true"),
        ],
    );
}

#[test]
fn seed_walkthrough_distributed_steps_without_a_shell() {
    if !oracle() {
        return;
    }
    let w = world("seed");
    let n1 = w.dir.join("node1");
    let n2 = w.dir.join("node2");
    std::fs::create_dir_all(&n1).unwrap();
    std::fs::create_dir_all(&n2).unwrap();
    // The blog's module.
    let source = r#"-module(test).
-export([start/0, loop/0]).
start() ->
    register(test, spawn(test, loop, [])).
loop() ->
    receive
        status ->
            io:format("~n Status OK ~n"),
            loop();
        reload ->
            test:loop();
        quit ->
            ok;
        _ ->
            loop()
    end.
"#;
    std::fs::write(n1.join("test.erl"), source).unwrap();
    erlc(&[n1.join("test.erl")], &n1);
    let node1 = w.start_in(Kind::Ferl, "test1", "seed1()", &[], &n1, &w.cookie);
    node1.wait_for("READY", 20);
    let node2 = w.start_in(
        Kind::Ferl,
        "test2",
        &format!("seed2('{}')", node1.full),
        &[],
        &n2,
        &w.cookie,
    );
    node2.expect(
        60,
        &[
            ("nodes_before", "[]"),
            ("send", "status"),
            ("nodes_after", "true"),
            ("ping", "pong"),
            ("peer_nodes", "true"),
            ("undef", "undef"),
            ("nl", "abcast"),
            ("old_code_on_node1", "true"),
            ("start", "true"),
            ("remote_node", "true"),
            ("quit", "quit"),
            ("whereis", "undefined"),
        ],
    );
    // node1 printed the status node2 sent to its server, and nothing else.
    let out1 = node1.output();
    assert_eq!(out1.matches(" Status OK").count(), 1, "{out1}");
    // node2 printed its own server's status and the remote process's.
    let out = node2.output();
    let local = out.find("LOCAL:").expect("LOCAL");
    let remote = out.find("REMOTE:").expect("REMOTE");
    assert!(out[local..remote].contains(" Status OK"), "{out}");
    assert!(out[remote..].contains(" Status OK"), "{out}");
    assert!(!n2.join("test.beam").exists());
}

#[test]
fn net_kernel_start_makes_a_running_node_distributed() {
    if !oracle() {
        return;
    }
    let w = world("s");
    let srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let late = w.start_unnamed(&format!("start_later('{}')", srv.full));
    late.expect(
        30,
        &[
            ("alive_before", "false"),
            ("node_before", "nonode@nohost"),
            ("alive_after", "true"),
            ("ping", "pong"),
            ("rpc", "true"),
            ("names", "true"),
            ("known", "true"),
            ("this", "true"),
            ("connected", "true"),
            ("disconnect", "true"),
            ("nodes_after_disconnect", "[]"),
        ],
    );
}

#[test]
fn a_bad_frame_closes_only_its_own_connection() {
    use std::io::{Read, Write};
    if !oracle() {
        return;
    }
    let w = world("f");
    let srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let entry = ferl_dist::epmd::port_please("localhost", w.port, &w.name("s"))
        .expect("port mapper")
        .expect("registered");
    let mut s = std::net::TcpStream::connect(("127.0.0.1", entry.port)).expect("connect");
    let me = w.full("raw");
    let local = ferl_dist::handshake::Local {
        name: &me,
        cookie: &w.cookie,
        flags: ferl_dist::flags::RECOMMENDED,
        creation: 7,
    };
    ferl_dist::handshake::initiate(&mut s, &local, &srv.full, || false).expect("handshake");
    // A pass-through frame whose control message is not a term.
    s.write_all(&[0, 0, 0, 5, 112, 131, 200, 1, 2]).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 64];
    let closed = loop {
        match s.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue, // ticks or messages sent on connect
            Err(_) => break false,
        }
    };
    assert!(closed, "the server kept the bad connection");
    // The node is still up and serves others.
    let cli = w.start(Kind::Ferl, "c", &format!("interop('{}')", srv.full), &[]);
    cli.expect(30, &[("ping", "pong"), ("echo", "hi"), ("rpc", "[3,2,1]")]);
}

#[test]
fn gen_server_calls_between_erl_and_ferl_both_ways() {
    if !oracle() {
        return;
    }
    let w = world("gs");
    let fs = w.start(Kind::Ferl, "fs", "gs_serve()", &[]);
    let es = w.start(Kind::Erl, "es", "gs_serve()", &[]);
    fs.wait_for("READY", 20);
    es.wait_for("READY", 30);
    let want = [
        ("call_timeout", "true"),
        ("call_infinity", "true"),
        ("count", "2"),
        ("missing", "'EXIT'"),
        ("spawn_opt", "opt"),
    ];
    let ec = w.start(Kind::Erl, "ec", &format!("gs_call('{}')", fs.full), &[]);
    let fc = w.start(Kind::Ferl, "fc", &format!("gs_call('{}')", es.full), &[]);
    ec.expect(60, &want);
    fc.expect(60, &want);
    let ff = w.start(Kind::Ferl, "ff", &format!("gs_call('{}')", fs.full), &[]);
    ff.wait_for("R done ok", 60);
    assert_eq!(ff.result("call_timeout"), "true");
    assert_eq!(ff.result("spawn_opt"), "opt");
}

#[test]
fn the_cookie_file_is_created_as_erl_does() {
    if !oracle() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let w = world("ck");
    let home = w.dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ferl"))
        .current_dir(&w.dir)
        .env("HOME", &home)
        .env("ERL_EPMD_PORT", w.port.to_string())
        .env_remove("FERL_LIB_DIR")
        .args(["-sname", &w.name("ck"), "-noshell", "-eval"])
        .arg("io:format(\"~s~n\", [erlang:get_cookie()]), halt().")
        .output()
        .expect("ferl runs");
    let file = home.join(".erlang.cookie");
    let cookie = std::fs::read_to_string(&file).expect("cookie file");
    assert_eq!(cookie.len(), 20);
    assert!(cookie.chars().all(|ch| ch.is_ascii_uppercase()), "{cookie}");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o400);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), cookie);
}

/// The same client role against every pairing of erl and Ferl nodes gives erl's results.
#[test]
fn every_pairing_of_erl_and_ferl_gives_the_same_results() {
    if !oracle() {
        return;
    }
    let w = world("x");
    let results = |server: Kind, client: Kind, tag: &str| -> Vec<String> {
        let srv = w.start(server, &format!("s{tag}"), "serve()", &[]);
        srv.wait_for("READY", 30);
        let cli = w.start(
            client,
            &format!("c{tag}"),
            &format!("basic('{}')", srv.full),
            &[],
        );
        cli.wait_for("R done ok", 60);
        cli.output()
            .lines()
            .filter(|l| l.starts_with("R "))
            .map(str::to_string)
            .collect()
    };
    let want = results(Kind::Erl, Kind::Erl, "ee");
    assert!(want.len() > 20, "{want:?}");
    for (server, client, tag) in [
        (Kind::Ferl, Kind::Erl, "fe"),
        (Kind::Erl, Kind::Ferl, "ef"),
        (Kind::Ferl, Kind::Ferl, "ff"),
    ] {
        assert_eq!(results(server, client, tag), want, "{tag}");
    }
}

#[test]
fn deeply_nested_terms_from_erl_do_not_crash_a_node() {
    if !oracle() {
        return;
    }
    let w = world("d");
    let srv = w.start(Kind::Ferl, "s", "serve()", &[]);
    srv.wait_for("READY", 20);
    let cli = w.start(Kind::Erl, "c", &format!("deep('{}')", srv.full), &[]);
    cli.expect(
        60,
        &[
            ("tuple", "true"),
            ("list", "true"),
            ("too_deep", "dropped"),
            ("ping_after", "pong"),
        ],
    );
}
