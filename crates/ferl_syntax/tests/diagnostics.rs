//! Diagnostics golden test: each tests/data/diag/NAME.erl and the lines real `erlc`
//! printed for it (NAME.stderr, recorded by tests/data/regen.sh, source excerpts left out).

use ferl_syntax::{parse_source, Options};
use std::path::Path;

#[test]
fn diagnostics_match_erlc() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/diag");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "erl"))
        .collect();
    files.sort();
    assert!(files.len() >= 40);
    let mut failures = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let text = ferl_syntax::preprocessor::decode_source(&std::fs::read(f).unwrap());
        let expected = std::fs::read_to_string(f.with_extension("stderr")).unwrap();
        let expected: Vec<&str> = expected.lines().collect();
        let got: Vec<String> = match parse_source(&name, &text, &Options::default()) {
            Ok(m) => m.warnings.iter().map(|d| d.to_string()).collect(),
            Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
        };
        if got != expected {
            failures.push(format!(
                "{name}:\n  got:      {got:?}\n  expected: {expected:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
