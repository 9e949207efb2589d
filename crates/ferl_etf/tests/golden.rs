//! Golden files written by real erl (tests/data/regenerate.sh): each must decode, and encode
//! back to the very same bytes with the options its name records.

use std::path::PathBuf;

use ferl_etf::{decode_with, encode, DecodeOptions, EncodeOptions, Term};

fn options_from_name(name: &str) -> EncodeOptions {
    let stem = name.trim_end_matches(".etf");
    let mut o = EncodeOptions::default();
    if let Some((_, opt)) = stem.rsplit_once('.') {
        match opt {
            "mv0" => o.minor_version = 0,
            "mv2" => o.minor_version = 2,
            "c" => o.compressed = Some(6),
            c if c.starts_with('c') => o.compressed = c[1..].parse().ok(),
            other => panic!("unknown option suffix {other} in {name}"),
        }
    }
    o
}

fn golden_files() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "etf"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read golden file"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_golden_file_round_trips_byte_for_byte() {
    let files = golden_files();
    assert!(files.len() > 100, "only {} golden files", files.len());
    let mut failures = Vec::new();
    for (name, bytes) in &files {
        let (term, used) = match decode_with(bytes, &DecodeOptions::default()) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: decode failed: {e}"));
                continue;
            }
        };
        if used != bytes.len() {
            failures.push(format!("{name}: used {used} of {} bytes", bytes.len()));
        }
        let again = encode(&term, &options_from_name(name));
        if &again != bytes {
            let at = again.iter().zip(bytes).position(|(a, b)| a != b);
            failures.push(format!(
                "{name}: re-encoded differs (lengths {} vs {}, first difference at {at:?})",
                again.len(),
                bytes.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The last golden file called `NNN_{name}`.
fn golden(name: &str) -> Term {
    let (_, bytes) = golden_files()
        .into_iter()
        .rfind(|(n, _)| n.split_once('_').is_some_and(|(_, rest)| rest == name))
        .expect("golden file");
    ferl_etf::decode(&bytes).expect("decodes")
}

#[test]
fn golden_values_decode_to_the_right_terms() {
    assert_eq!(golden("string.etf"), Term::string("abc"));
    assert_eq!(
        golden("improper.etf"),
        Term::List(vec![Term::Int(1), Term::Int(2)], Box::new(Term::Int(3)))
    );
    assert_eq!(golden("unicode_string.etf"), Term::string("日本語"));
    let Term::Map(m) = golden("map_40.etf") else {
        panic!("not a map")
    };
    assert_eq!(m.len(), 40);
    for (k, v) in &m {
        let (Term::Int(k), Term::Int(v)) = (k, v) else {
            panic!("bad pair")
        };
        assert_eq!(k * k, *v);
    }
    // erl writes maps above 32 keys in hash-trie order, not sorted: the decoder keeps it.
    assert_ne!(m[0].0, Term::Int(1));
    match golden("pid.etf") {
        Term::Pid(p) => assert!(p.node.as_str().starts_with("ferl_etf_golden@")),
        other => panic!("not a pid: {other:?}"),
    }
    // `fun() -> {Self, Ref, "env", Y} end` closes over a pid and a reference.
    match golden("closure.etf") {
        Term::Fun(f) if f.module.as_str() == "etf_golden" => {
            assert!(matches!(f.free_vars[..], [Term::Ref(_), Term::Pid(_)]));
            assert_eq!(f.arity, 0);
        }
        other => panic!("not a closure: {other:?}"),
    }
}
