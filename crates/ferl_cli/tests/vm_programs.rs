//! Runs Erlang programs on real erl and on ferl and requires the same output.
//!
//! Each `crates/ferl_vm/tests/programs/NAME.erl` (exporting `main/0`) is compiled with
//! `erlc` (the test oracle; allowed for VM tests, never for the shipped build), then run as
//! `-noshell -eval 'NAME:main(), halt().'` on both. The standard library comes from this
//! repository's `lib/`, compiled with `erlc` into a temporary directory and given to ferl
//! through `FERL_LIB_DIR`. Without erlc the test is skipped with a message.

use std::path::{Path, PathBuf};
use std::process::Command;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ferl-vm-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn compile(files: &[PathBuf], out: &Path) {
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

fn run(cmd: &str, dir: &Path, lib: &Path, name: &str, extra: &[&str]) -> (String, i32) {
    let out = Command::new(cmd)
        .current_dir(dir)
        .env("FERL_LIB_DIR", lib)
        .args(extra)
        .args(["-noshell", "-pa", "."])
        .arg("-eval")
        .arg(format!("{name}:main(), halt()."))
        .output()
        .expect("runtime runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Output that differs between runs on any runtime (pids, refs, fun ids, timers) is
/// avoided by the programs themselves; the comparison is byte for byte.
fn check(name: &str, schedulers: &[&str]) {
    if !have("erlc") || !have("erl") {
        eprintln!("skipping {name}: erlc/erl not installed (the test oracle)");
        return;
    }
    let tag = format!("{name}{}", schedulers.join("").replace('+', ""));
    let lib = tmpdir(&format!("lib-{tag}"));
    let lib_sources: Vec<PathBuf> = std::fs::read_dir(root().join("lib"))
        .expect("lib/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map(|e| e == "erl").unwrap_or(false))
        .collect();
    compile(&lib_sources, &lib);
    let dir = tmpdir(&tag);
    let src = root().join(format!("crates/ferl_vm/tests/programs/{name}.erl"));
    compile(&[src], &dir);
    let (want, want_rc) = run("erl", &dir, &lib, name, &[]);
    let (got, got_rc) = run(env!("CARGO_BIN_EXE_ferl"), &dir, &lib, name, schedulers);
    assert_eq!(got, want, "output of {name} differs from erl's");
    assert_eq!(got_rc, want_rc, "exit status of {name}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&lib);
}

#[test]
fn arithmetic_and_term_order() {
    check("vm_arith", &[]);
}

#[test]
fn exceptions_and_stack_traces() {
    check("vm_exceptions", &[]);
}

#[test]
fn processes_links_monitors_timers_one_scheduler() {
    check("vm_procs", &["+S", "1"]);
}

#[test]
fn processes_links_monitors_timers_two_schedulers() {
    check("vm_procs", &["+S", "2"]);
}

#[test]
fn binaries_maps_ets_etf() {
    check("vm_data", &[]);
}

#[test]
fn hot_code_loading_primitives() {
    check("vm_reload", &[]);
}

#[test]
fn erl_scan_and_erl_parse_through_the_syntax_hook() {
    check("vm_syntax", &[]);
}

#[test]
fn natives_for_the_standard_library() {
    check("vm_extra", &[]);
}
