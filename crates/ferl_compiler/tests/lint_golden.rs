//! Diagnostics pinned against real erlc: each tests/lint/NAME.erl is compiled and what
//! ferlc would print (plus `exit N`) must equal NAME.expected, recorded from erlc 25.

use std::path::Path;

#[test]
fn diagnostics_match_erlc() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("erl") {
            continue;
        }
        count += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let result =
            ferl_compiler::compile_source(&name, &text, &ferl_compiler::Options::default());
        let mut got = ferl_compiler::cli::render_all(&result, &name, Some(&text));
        got.push_str(&format!("exit {}\n", if result.is_ok() { 0 } else { 1 }));
        if got != expected {
            failures.push(format!("--- {name}\nexpected:\n{expected}got:\n{got}"));
        }
    }
    assert!(count >= 40, "only {count} golden files");
    assert!(
        failures.is_empty(),
        "{} of {count} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
