//! Large and deeply nested sources compile (no stack overflow, no quadratic blow-up) and
//! the code runs on erl when it is installed.

use std::process::Command;
use std::time::Instant;

fn compile(name: &str, src: &str) -> Vec<u8> {
    let t = Instant::now();
    let out = ferl_compiler::compile_source(&format!("{name}.erl"), src, &Default::default())
        .unwrap_or_else(|d| panic!("{name}: {:?}", d.errors));
    assert!(t.elapsed().as_secs() < 10, "{name} took {:?}", t.elapsed());
    out.beam
}

fn run(name: &str, beam: &[u8]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("ferl_large_{}_{name}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join(format!("{name}.beam")), beam).ok()?;
    let out = Command::new("erl")
        .args(["-noshell", "-pa"])
        .arg(&dir)
        .args(["-eval", &format!("{name}:main(), halt().")])
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn long_list_literals_and_long_bodies() {
    let n = 100_000;
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let xs = vec!["X"; 20_000].join(",");
    let src = format!(
        "-module(big1).\n-export([main/0]).\nmain() -> L = [{}], X = id(1), L2 = [{xs}],\n io:format(\"~p ~p~n\", [length(L), length(L2)]).\nid(X) -> X.\n",
        items.join(",")
    );
    let beam = compile("big1", &src);
    if let Some(out) = run("big1", &beam) {
        assert_eq!(out, "100000 20000\n");
    }

    // Thousands of values each live across a call: y registers must be reused.
    let body: Vec<String> = (0..3000)
        .map(|i| {
            if i == 0 {
                "X0 = id(0)".to_string()
            } else {
                format!("X{i} = id({i}) + X{}", i - 1)
            }
        })
        .collect();
    let src = format!(
        "-module(big2).\n-export([main/0]).\nmain() ->\n{},\n io:format(\"~p~n\", [X2999]).\nid(X) -> X.\n",
        body.join(",\n")
    );
    let beam = compile("big2", &src);
    if let Some(out) = run("big2", &beam) {
        assert_eq!(out, "4498500\n");
    }

    // Many clauses: one select_val.
    let clauses: Vec<String> = (0..2000).map(|i| format!("f({i}) -> {}", i * 2)).collect();
    let src = format!(
        "-module(big3).\n-export([main/0]).\nmain() -> io:format(\"~p~n\", [lists:sum([f(I) || I <- lists:seq(0, 1999)])]).\n{}.\n",
        clauses.join(";\n")
    );
    let beam = compile("big3", &src);
    if let Some(out) = run("big3", &beam) {
        assert_eq!(out, "3998000\n");
    }
}
