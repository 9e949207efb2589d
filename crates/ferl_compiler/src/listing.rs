//! The assembly listing `ferlc -S` writes (NAME.S), close to erlc's: one generic
//! instruction per line with its operands spelled as Erlang terms. It is for reading;
//! nothing reads it back.

use std::fmt::Write;

use ferl_etf::Term;

use crate::asm::{Arg, AsmModule};

/// An Erlang term in source syntax.
pub fn term(t: &Term) -> String {
    match t {
        Term::Atom(a) => atom(a.as_str()),
        Term::Int(i) => i.to_string(),
        Term::BigInt(b) => b.to_string(),
        Term::Float(f) => format!("{f:?}"),
        Term::Binary(b) => format!(
            "<<{}>>",
            b.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
        Term::BitBinary { bytes, bits } => format!("<<{:?}:{}>>", bytes, bits),
        Term::Tuple(ts) => format!("{{{}}}", ts.iter().map(term).collect::<Vec<_>>().join(",")),
        Term::Nil => "[]".into(),
        Term::List(items, tail) => {
            let mut s = items.iter().map(term).collect::<Vec<_>>().join(",");
            if **tail != Term::Nil {
                s.push('|');
                s.push_str(&term(tail));
            }
            format!("[{s}]")
        }
        Term::Map(pairs) => format!(
            "#{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{} => {}", term(k), term(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Term::ExportFun {
            module,
            function,
            arity,
        } => format!(
            "fun {}:{}/{}",
            atom(module.as_str()),
            atom(function.as_str()),
            arity
        ),
        _ => "'?'".into(),
    }
}

fn atom(a: &str) -> String {
    let plain = a.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@');
    if plain {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn arg(a: &Arg) -> String {
    match a {
        Arg::U(n) => n.to_string(),
        Arg::X(n) => format!("{{x,{n}}}"),
        Arg::Y(n) => format!("{{y,{n}}}"),
        Arg::Fr(n) => format!("{{fr,{n}}}"),
        Arg::Atom(a) => format!("{{atom,{}}}", atom(a)),
        Arg::Int(i) => format!("{{integer,{i}}}"),
        Arg::Nil => "nil".into(),
        Arg::Lit(Term::Atom(a)) => format!("{{atom,{}}}", atom(a.as_str())),
        Arg::Lit(Term::Int(i)) => format!("{{integer,{i}}}"),
        Arg::Lit(Term::Nil) => "nil".into(),
        Arg::Lit(t) => format!("{{literal,{}}}", term(t)),
        Arg::Label(l) => format!("{{f,{l}}}"),
        Arg::Import(m, f, n) => format!("{{extfunc,{},{},{}}}", atom(m), atom(f), n),
        Arg::List(items) => format!(
            "{{list,[{}]}}",
            items.iter().map(arg).collect::<Vec<_>>().join(",")
        ),
        Arg::Alloc(w, f, funs) => {
            format!("{{alloc,[{{words,{w}}},{{floats,{f}}},{{funs,{funs}}}]}}")
        }
        Arg::Str(b) => format!("{{string,{}}}", term(&Term::Binary(b.clone()))),
        Arg::Line(n) => format!("[{{location,{n}}}]"),
        Arg::FunIndex(n, a) => format!("{{fun,{},{}}}", atom(n), a),
    }
}

/// The listing of a module.
pub fn listing(m: &AsmModule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{{module, {}}}.  %% version = 0\n", atom(&m.name));
    let exports: Vec<String> = m
        .exports
        .iter()
        .map(|(f, a)| format!("{{{},{}}}", atom(f), a))
        .collect();
    let _ = writeln!(out, "{{exports, [{}]}}.\n", exports.join(","));
    let _ = writeln!(out, "{{attributes, {}}}.\n", term(&m.attributes));
    let _ = writeln!(out, "{{labels, {}}}.\n", m.label_count);
    for f in &m.functions {
        let _ = writeln!(
            out,
            "\n{{function, {}, {}, {}}}.",
            atom(&f.name),
            f.arity,
            f.entry
        );
        for ins in &f.code {
            let name = ferl_beam::opcodes::op_info(ins.op).map_or("?", |i| i.name);
            let indent = if ins.op == ferl_beam::opcodes::op::LABEL {
                "  "
            } else {
                "    "
            };
            if ins.args.is_empty() {
                let _ = writeln!(out, "{indent}{name}.");
            } else {
                let args: Vec<String> = ins.args.iter().map(arg).collect();
                let _ = writeln!(out, "{indent}{{{},{}}}.", atom(name), args.join(","));
            }
        }
    }
    out
}
