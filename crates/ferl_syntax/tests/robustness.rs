//! Bad input never panics, hangs or overflows the stack: deeply nested input is an error,
//! and random mutations of real sources (a hand-rolled mutation fuzzer with a fixed seed)
//! go through the scanner, preprocessor and parser to a result.

use ferl_syntax::{parse_exprs, parse_source, parse_term, Options, Pos};
use std::path::Path;

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [
        ("[", "]"),
        ("{", "}"),
        ("(", ")"),
        ("begin ", " end"),
        ("-", ""),
    ] {
        let n = 100_000;
        let src = format!(
            "-module(d).\nf() -> {}1{}.\n",
            open.repeat(n),
            close.repeat(n)
        );
        let r = parse_source("d.erl", &src, &Options::default());
        assert!(r.is_err(), "nesting {open} accepted");
    }
    let src = format!(
        "-module(d).\n-type t() :: {}a{}.\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    assert!(parse_source("d.erl", &src, &Options::default()).is_err());
    // Moderate nesting is fine.
    let src = format!(
        "-module(d).\nf() -> {}1{}.\n",
        "[".repeat(50),
        "]".repeat(50)
    );
    assert!(parse_source("d.erl", &src, &Options::default()).is_ok());
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
}

const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<<",
    ">>",
    ",",
    ".",
    ". ",
    ";",
    "->",
    "end",
    "?",
    "??",
    "#",
    "\"",
    "'",
    "$",
    "\\",
    "-define(",
    "-ifdef(X).",
    "-endif.",
    "-else.",
    "?MODULE",
    "fun",
    "case",
    "of",
    "when",
    "receive",
    "after",
    "try",
    "catch",
    "::",
    "|",
    "||",
    "<-",
    "<=",
    "=",
    "%",
    "\n",
    "16#",
    "1.0e",
    "_",
    "X",
    "-include(\"x\").",
    "maybe",
    "#{",
    ":=",
    "=>",
    "\u{3bb}",
];

fn mutate(rng: &mut Lcg, src: &str) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if !chars.is_empty() && at < chars.len() => {
                let len = 1 + rng.below(20);
                chars.drain(at..(at + len).min(chars.len()));
            }
            1 => {
                let p = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, p.chars());
            }
            2 if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let len = rng.below(40).min(chars.len() - from);
                let piece: Vec<char> = chars[from..from + len].to_vec();
                chars.splice(at..at, piece);
            }
            _ => {
                if at < chars.len() {
                    chars[at] = char::from_u32(rng.below(256) as u32).unwrap_or(' ');
                }
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_sources_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/cases");
    let mut sources = Vec::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "erl") {
            sources.push(std::fs::read_to_string(&p).unwrap());
        }
    }
    sources.sort();
    let mut rng = Lcg(0x5eed);
    for i in 0..600 {
        let src = &sources[i % sources.len()];
        let m = mutate(&mut rng, src);
        let _ = parse_source("m.erl", &m, &Options::default());
        let _ = parse_exprs(&m, Pos::new(1, 1));
        let _ = parse_term(&m);
    }
    // Pure noise too.
    for _ in 0..300 {
        let n = rng.below(300);
        let s: String = (0..n)
            .map(|_| {
                if rng.below(3) == 0 {
                    PIECES[rng.below(PIECES.len())].to_string()
                } else {
                    char::from_u32(rng.below(128) as u32)
                        .unwrap_or(' ')
                        .to_string()
                }
            })
            .collect();
        let _ = parse_source("n.erl", &s, &Options::default());
        let _ = parse_exprs(&s, Pos::new(1, 1));
    }
}

#[test]
fn shell_input_incomplete_versus_error() {
    use ferl_syntax::ExprsError;
    assert_eq!(
        parse_exprs("1 + 2", Pos::new(1, 1)),
        Err(ExprsError::Incomplete)
    );
    assert_eq!(
        parse_exprs("\"abc.\n", Pos::new(1, 1)),
        Err(ExprsError::Incomplete)
    );
    assert_eq!(
        parse_exprs("foo(", Pos::new(1, 1)),
        Err(ExprsError::Incomplete)
    );
    match parse_exprs("foo(1)).", Pos::new(1, 1)) {
        Err(ExprsError::Parse(e)) => assert_eq!(e.message, "syntax error before: ')'"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse_exprs("X = 1, X + 2.", Pos::new(1, 1)).unwrap().len(),
        2
    );
    assert_eq!(
        parse_term("{a, [1, 2.5, \"s\"], #{k => -1}}.").unwrap(),
        ferl_etf::Term::Tuple(vec![
            ferl_etf::Term::atom("a"),
            ferl_etf::Term::list(vec![
                ferl_etf::Term::Int(1),
                ferl_etf::Term::Float(2.5),
                ferl_etf::Term::string("s")
            ]),
            ferl_etf::Term::Map(vec![(ferl_etf::Term::atom("k"), ferl_etf::Term::Int(-1))]),
        ])
    );
}
