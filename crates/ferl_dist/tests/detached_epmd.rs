//! `spawn_detached` starts the port mapper as an independent process that keeps serving
//! after the call returns. This test binary plays the part of `ferl`: run with
//! `-epmd -daemon` it serves; run plainly it is the test.

use std::time::{Duration, Instant};

use ferl_dist::epmd;
use ferl_dist::epmd_server;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "-epmd") {
        // The daemon: serve on ERL_EPMD_PORT until a KILL request.
        epmd_server::run(epmd::port_from_env()).expect("serve");
        return;
    }
    let port = {
        let l = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let exe = std::env::current_exe().unwrap();
    assert!(!epmd::is_running("localhost", port));
    assert!(epmd_server::ensure_running(&exe, port).expect("spawn"));
    // A second call finds it running and starts nothing.
    assert!(epmd_server::ensure_running(&exe, port).unwrap());
    let reg = epmd::register("localhost", port, &epmd::NodeEntry::new("d1", 1234)).unwrap();
    let (_, names) = epmd::names("localhost", port).unwrap();
    assert_eq!(names, vec![("d1".to_string(), 1234)]);
    drop(reg);
    // Stop it the way `epmd -kill` does.
    let out = std::process::Command::new("epmd")
        .args(["-port", &port.to_string(), "-kill"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Killed"));
    let deadline = Instant::now() + Duration::from_secs(3);
    while epmd::is_running("localhost", port) {
        assert!(Instant::now() < deadline, "daemon still running");
        std::thread::sleep(Duration::from_millis(20));
    }
    println!("detached_epmd: ok");
}
