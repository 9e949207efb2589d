//! Golden test: the abstract format of every corpus file, compared with what real erl's
//! epp:parse_file/2 gives (recorded by tests/data/regen.sh into tests/data/expected).

use ferl_etf::Term;
use ferl_syntax::{abstract_format, parse_source, scan, Options, Pos, Tok};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The source file an expected file was recorded from.
fn source_of(expected: &Path) -> PathBuf {
    let stem = expected.file_stem().unwrap().to_string_lossy().into_owned();
    let (set, name) = stem.split_once("__").unwrap();
    let dir = match set {
        "conformance" => root().join("tests/conformance/cases"),
        "benches" => root().join("benches/programs"),
        "golden" => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden"),
        other => panic!("unknown set {other}"),
    };
    dir.join(format!("{name}.erl"))
}

/// Reads the `~w.` lines erl wrote, as terms.
fn read_expected(path: &Path) -> Vec<Term> {
    let text = ferl_syntax::preprocessor::decode_source(&std::fs::read(path).unwrap());
    let (toks, _) = scan(&text, Pos::new(1, 1)).unwrap();
    toks.split_inclusive(|t| t.tok == Tok::Dot)
        .map(|form| ferl_syntax::parse_term_tokens(form).unwrap())
        .collect()
}

/// File names in `-file` attributes as base names (erl ran in the file's directory).
fn normalise(t: Term) -> Term {
    if let Term::Tuple(es) = &t {
        if es.len() == 4 && es[0] == Term::atom("attribute") && es[2] == Term::atom("file") {
            if let Term::Tuple(v) = &es[3] {
                let name: String = match &v[0] {
                    Term::List(cs, _) => cs
                        .iter()
                        .map(|c| match c {
                            Term::Int(i) => char::from_u32(*i as u32).unwrap_or('?'),
                            _ => '?',
                        })
                        .collect(),
                    _ => String::new(),
                };
                let base = Path::new(&name)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let mut es = es.clone();
                es[3] = Term::Tuple(vec![Term::string(&base), v[1].clone()]);
                return Term::Tuple(es);
            }
        }
    }
    t
}

#[test]
fn abstract_format_matches_erl() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/expected");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "forms"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "expected files missing");
    let mut failures = Vec::new();
    for exp in &files {
        let src = source_of(exp);
        let text = ferl_syntax::preprocessor::decode_source(&std::fs::read(&src).unwrap());
        let name = src.file_name().unwrap().to_string_lossy().into_owned();
        let opts = Options {
            include_dirs: vec![src.parent().unwrap().to_path_buf()],
            ..Options::default()
        };
        let expected: Vec<Term> = read_expected(exp).into_iter().map(normalise).collect();
        let got: Vec<Term> = match parse_source(&name, &text, &opts) {
            Ok(m) => m
                .forms
                .iter()
                .map(abstract_format::form)
                .map(normalise)
                .collect(),
            Err(ds) => {
                failures.push(format!(
                    "{}: errors: {}",
                    name,
                    ds.iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
                continue;
            }
        };
        if got.len() != expected.len() {
            failures.push(format!(
                "{name}: {} forms, erl has {}",
                got.len(),
                expected.len()
            ));
        }
        for (g, e) in got.iter().zip(&expected) {
            if g != e {
                let (dg, de) = first_difference(g, e);
                failures.push(format!(
                    "{name}:\n  got:      {}\n  expected: {}",
                    ferl_syntax::print::write_term(dg),
                    ferl_syntax::print::write_term(de)
                ));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// The smallest differing subterms, to make a failure readable.
fn first_difference<'a>(g: &'a Term, e: &'a Term) -> (&'a Term, &'a Term) {
    match (g, e) {
        (Term::Tuple(a), Term::Tuple(b)) if a.len() == b.len() => {
            match a.iter().zip(b).find(|(x, y)| x != y) {
                Some((x, y)) if x.clone() != Term::Nil => {
                    let inner = first_difference(x, y);
                    if matches!(inner.0, Term::Tuple(_)) {
                        inner
                    } else {
                        (g, e)
                    }
                }
                _ => (g, e),
            }
        }
        (Term::List(a, ta), Term::List(b, tb)) if a.len() == b.len() && ta == tb => {
            match a.iter().zip(b).find(|(x, y)| x != y) {
                Some((x, y)) => first_difference(x, y),
                None => (g, e),
            }
        }
        _ => (g, e),
    }
}
