//! Measures lexing + preprocessing + parsing speed on a generated module:
//! `cargo run --release -p ferl_syntax --example parse_speed [COPIES]`.

use std::time::Instant;

fn main() {
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let unit = include_str!("../tests/data/golden/exprs.erl");
    let body: String = unit.lines().skip(8).collect::<Vec<_>>().join("\n");
    let mut src = String::from("-module(big).\n-record(r, {a, b, c, d}).\n");
    for i in 0..copies {
        src.push_str(
            &body
                .replace("f(X)", &format!("f{i}(X)"))
                .replace("g(F, L)", &format!("g{i}(F, L)"))
                .replace("h()", &format!("h{i}()")),
        );
        src.push('\n');
    }
    let lines = src.lines().count();
    let t = Instant::now();
    let r = ferl_syntax::parse_source("big.erl", &src, &ferl_syntax::Options::default());
    let dt = t.elapsed().as_secs_f64();
    let forms = match &r {
        Ok(m) => m.forms.len(),
        Err(e) => {
            eprintln!("{} errors, first: {}", e.len(), e[0]);
            0
        }
    };
    println!(
        "{lines} lines, {forms} forms in {dt:.3} s: {:.0} lines/s",
        lines as f64 / dt
    );
}
