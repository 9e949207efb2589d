//! Bad input never panics the compiler: random mutations of real sources (a fixed-seed
//! mutation fuzzer) go through lint, lowering and code generation to a result.

use std::path::Path;

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
    "X",
    "_",
    "Y = 1,",
    "case X of _ -> ok end",
    "fun() -> X end",
    "[X || X <- L]",
    "<<X:8>>",
    "#{a => X}",
    "#r{}",
    "receive X -> X after 0 -> ok end",
    "try X catch _:_ -> 1 end",
    "catch X",
    "X ! y",
    "begin X end",
    "f(X)",
    "?MODULE:g()",
    "-1",
    "1.5",
    "'a b'",
    "\"s\"",
    ";",
    ",",
    ".",
    "->",
    "when",
    "end",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "<<",
    ">>",
    "|",
];

fn mutate(src: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return src.to_string();
    }
    for _ in 0..1 + rng.below(3) {
        let i = rng.below(lines.len());
        match rng.below(5) {
            0 => {
                lines.remove(i);
                if lines.is_empty() {
                    break;
                }
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            _ => {
                let line = &lines[i];
                let cut: Vec<char> = line.chars().collect();
                let at = rng.below(cut.len() + 1);
                let piece = PIECES[rng.below(PIECES.len())];
                let mut s: String = cut[..at].iter().collect();
                s.push_str(piece);
                let rest: String = cut[at..].iter().collect();
                s.push_str(&rest);
                lines[i] = s;
            }
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_sources_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in ["tests/erl", "tests/lint", "../../tests/conformance/cases"] {
        if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().and_then(|x| x.to_str()) == Some("erl") {
                    if let Ok(text) = std::fs::read_to_string(&p) {
                        sources.push((p.file_name().unwrap().to_string_lossy().into_owned(), text));
                    }
                }
            }
        }
    }
    sources.sort();
    assert!(sources.len() > 20);
    let mut rng = Lcg(0x5eed_f00d);
    let mut compiled = 0;
    for round in 0..12 {
        for (name, text) in &sources {
            let m = mutate(text, &mut rng);
            let r = std::panic::catch_unwind(|| {
                ferl_compiler::compile_source(name, &m, &Default::default())
            });
            match r {
                Ok(Ok(_)) => compiled += 1,
                Ok(Err(_)) => {}
                Err(_) => panic!("round {round}: compiling a mutation of {name} panicked:\n{m}"),
            }
        }
    }
    // Some mutations still compile: the back end saw unusual but valid code too.
    assert!(compiled > 0);
}
