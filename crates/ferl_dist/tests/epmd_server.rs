//! Our port mapper server with real erl nodes and erl's own `epmd` client.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use ferl_dist::epmd::{self, NodeEntry};
use ferl_dist::epmd_server::EpmdServer;

#[test]
fn erl_nodes_register_and_find_each_other_through_it() {
    let (_epmd, port) = epmd();
    let a = Erl::start(
        "epa",
        "ce",
        port,
        &[],
        "io:format(\"ready~n\"), receive after 30000 -> halt() end.",
    );
    a.expect(SECS(20), |l| l == "ready");
    let b = Erl::start(
        "epb",
        "ce",
        port,
        &[],
        &format!(
            "io:format(\"ping ~p~n\", [net_adm:ping('{}')]), \
             {{ok, Names}} = net_adm:names(), \
             io:format(\"names ~p~n\", [lists:sort([N || {{N, _}} <- Names])]), halt().",
            a.name
        ),
    );
    assert_eq!(b.expect(SECS(20), |l| l.starts_with("ping ")), "ping pong");
    let names = b.expect(SECS(5), |l| l.starts_with("names "));
    let alive = |n: &str| n.split('@').next().unwrap().to_string();
    assert!(
        names.contains(&format!("\"{}\"", alive(&a.name))),
        "{names}"
    );
    assert!(
        names.contains(&format!("\"{}\"", alive(&b.name))),
        "{names}"
    );

    // erl's own epmd program, as a client, can query our server.
    let out = Command::new("epmd")
        .args(["-port", &port.to_string(), "-names"])
        .output()
        .expect("run epmd -names");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("epmd: up and running on port {port}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("name {} at port", alive(&a.name))),
        "{text}"
    );

    // And our client sees the same.
    let (p, list) = epmd::names("localhost", port).unwrap();
    assert_eq!(p as u16, port);
    assert!(list.iter().any(|(n, _)| *n == alive(&a.name)));
    let entry = epmd::port_please("localhost", port, &alive(&a.name))
        .unwrap()
        .expect("registered");
    assert_eq!((entry.highest_version, entry.lowest_version), (6, 5));
    assert_eq!(
        epmd::port_please("localhost", port, "nobody").unwrap(),
        None
    );
}

#[test]
fn a_registration_lasts_as_long_as_its_connection() {
    let (_server, port) = epmd();
    let reg = epmd::register("localhost", port, &NodeEntry::new("holder", 4242)).unwrap();
    assert_ne!(reg.creation, 0);
    // The name is taken while the registration lives.
    assert!(epmd::register("localhost", port, &NodeEntry::new("holder", 4243)).is_err());
    assert_eq!(
        epmd::port_please("localhost", port, "holder")
            .unwrap()
            .map(|e| e.port),
        Some(4242)
    );
    drop(reg);
    let deadline = Instant::now() + Duration::from_secs(3);
    while epmd::port_please("localhost", port, "holder")
        .unwrap()
        .is_some()
    {
        assert!(Instant::now() < deadline, "name still registered");
        std::thread::sleep(Duration::from_millis(20));
    }
    let again = epmd::register("localhost", port, &NodeEntry::new("holder", 4244)).unwrap();
    assert_ne!(again.creation, 0);
}

#[test]
fn nodes_register_again_when_the_mapper_comes_back() {
    let server = EpmdServer::bind(("0.0.0.0", 0)).unwrap();
    let port = server.local_addr().port();
    let (node, _h) = ferl_node("ferlre", "cr", port, SECS(60));
    let erl = Erl::start(
        "erlre",
        "cr",
        port,
        &[],
        "io:format(\"ready~n\"), receive after 30000 -> halt() end.",
    );
    erl.expect(SECS(20), |l| l == "ready");
    server.stop();
    drop(server);
    // A new mapper on the same port: both erl and Ferl come back within about 2 s.
    let server = loop {
        match EpmdServer::bind(("0.0.0.0", port)) {
            Ok(s) => break s,
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let alive = |n: &str| n.split('@').next().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let (_, list) = epmd::names("localhost", port).unwrap();
        let has = |n: &str| list.iter().any(|(x, _)| *x == alive(n));
        if has(node.name().as_str()) && has(&erl.name) {
            break;
        }
        assert!(Instant::now() < deadline, "not re-registered: {list:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // And they can still reach each other through the new mapper.
    node.connect(&erl.name)
        .expect("connect after re-registration");
    node.shutdown();
    drop(server);
}

#[test]
fn run_serves_until_erls_epmd_kill() {
    let port = {
        let l = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = std::thread::spawn(move || ferl_dist::epmd_server::run(port));
    let deadline = Instant::now() + Duration::from_secs(3);
    while !epmd::is_running("localhost", port) {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    // erl's `epmd -kill` stops it.
    let out = Command::new("epmd")
        .args(["-port", &port.to_string(), "-kill"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Killed"));
    t.join().unwrap().unwrap();
    assert!(!epmd::is_running("localhost", port));
}

#[test]
fn find_or_start_serves_in_process_without_a_daemon_binary() {
    let port = {
        let l = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let server = ferl_dist::epmd_server::find_or_start(None, port)
        .unwrap()
        .expect("serves in process");
    assert!(epmd::is_running("localhost", port));
    // A second node finds it.
    assert!(ferl_dist::epmd_server::find_or_start(None, port)
        .unwrap()
        .is_none());
    drop(server);
}
