//! Erlang-level tests: each tests/erl/NAME.erl is compiled by ferl_compiler, run on real
//! erl, and its output must equal NAME.out (recorded from the same file compiled by erlc
//! and run on erl). Skipped, loudly, when erl is not installed.

use std::path::Path;
use std::process::Command;

fn erl_available() -> bool {
    Command::new("erl")
        .args(["-noshell", "-eval", "halt()."])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn programs_behave_as_with_erlc() {
    if !erl_available() {
        eprintln!("erl is not installed: skipping the Erlang-level tests");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl");
    let out = std::env::temp_dir().join(format!("ferl_compiler_erl_{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) == Some("erl") {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let result = ferl_compiler::compile_file(&p, &ferl_compiler::Options::default());
            match result {
                Ok(o) => std::fs::write(out.join(format!("{}.beam", o.module)), &o.beam).unwrap(),
                Err(d) => panic!("{name} did not compile: {:?}", d.errors),
            }
            names.push(name);
        }
    }
    names.sort();
    // Each module runs as it was recorded: `erl -noshell -eval 'NAME:main(), halt().'`.
    let runs: Vec<(String, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = names
            .iter()
            .map(|n| {
                let out = &out;
                scope.spawn(move || {
                    let run = Command::new("erl")
                        .args(["-noshell", "-pa"])
                        .arg(out)
                        .args(["-eval", &format!("{n}:main(), halt().")])
                        .current_dir(out)
                        .output()
                        .unwrap();
                    let mut text = String::from_utf8_lossy(&run.stdout).into_owned();
                    text.push_str(&String::from_utf8_lossy(&run.stderr));
                    (n.clone(), text)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut failures = Vec::new();
    for (n, got) in &runs {
        let expected = std::fs::read_to_string(dir.join(format!("{n}.out"))).unwrap();
        if *got != expected {
            failures.push(format!("--- {n}\nexpected:\n{expected}\ngot:\n{got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
