//! Writing atoms, strings and terms as io_lib:write/1 does, for diagnostics that quote
//! source text (`syntax error before: 'end'`, `undefined macro 'FOO'`) and for tests.

use crate::lexer::{is_name_char, RESERVED};
use ferl_etf::Term;
use std::fmt::Write;

/// `text` between `quote` characters, escaped as io_lib:write_string/2 escapes it.
pub fn quote_text(text: &str, quote: char) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push(quote);
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '\u{b}' => s.push_str("\\v"),
            '\u{8}' => s.push_str("\\b"),
            '\u{c}' => s.push_str("\\f"),
            '\u{1b}' => s.push_str("\\e"),
            '\u{7f}' => s.push_str("\\d"),
            c if c == quote => {
                s.push('\\');
                s.push(c);
            }
            c if (c as u32) < 32 || (128..160).contains(&(c as u32)) => {
                let _ = write!(s, "\\{:03o}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push(quote);
    s
}

/// Whether an atom prints without quotes.
pub fn atom_needs_quotes(name: &str) -> bool {
    let mut cs = name.chars();
    match cs.next() {
        Some(c)
            if c.is_ascii_lowercase() || matches!(c as u32, 0xDF..=0xFF if c as u32 != 0xF7) => {}
        _ => return true,
    }
    if !name.chars().all(is_name_char) {
        return true;
    }
    RESERVED.contains(&name) || name == "maybe" || name == "else"
}

/// An atom as io_lib:write_atom/1 writes it.
pub fn write_atom(name: &str) -> String {
    if atom_needs_quotes(name) {
        quote_text(name, '\'')
    } else {
        name.to_string()
    }
}

/// A float as Erlang prints it: the shortest text that reads back to the same value,
/// always with a `.` and at least one digit after it.
pub fn write_float(f: f64) -> String {
    let s = format!("{f:e}");
    // Rust gives d.ddde±x; Erlang prints the plain form for exponents from -4 to 20 or so.
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    let neg = int_part.starts_with('-');
    let digits: String = format!("{}{}", int_part.trim_start_matches('-'), frac_part);
    let sign = if neg { "-" } else { "" };
    if (-4..21).contains(&exp) {
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if (point as usize) >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let frac = if frac_part.is_empty() { "0" } else { frac_part };
        format!(
            "{}{}.{}e{}",
            sign,
            int_part.trim_start_matches('-'),
            frac,
            exp
        )
    }
}

/// A term as io_lib:write/1 (`~w`) writes it.
pub fn write_term(t: &Term) -> String {
    let mut s = String::new();
    write_into(&mut s, t, false);
    s
}

/// A term on one line as `~tp` prints short terms: as `~w`, but lists of printable
/// characters as strings.
pub fn print_term(t: &Term) -> String {
    let mut s = String::new();
    write_into(&mut s, t, true);
    s
}

fn printable_string(es: &[Term], tail: &Term) -> Option<String> {
    if *tail != Term::Nil {
        return None;
    }
    es.iter()
        .map(|e| match e {
            Term::Int(i) => {
                let c = char::from_u32(u32::try_from(*i).ok()?)?;
                let printable = (c as u32 >= 32 && !(127..160).contains(&(c as u32)))
                    || matches!(
                        c,
                        '\n' | '\r' | '\t' | '\u{b}' | '\u{8}' | '\u{c}' | '\u{1b}'
                    );
                printable.then_some(c)
            }
            _ => None,
        })
        .collect()
}

fn write_into(s: &mut String, t: &Term, p: bool) {
    match t {
        Term::Atom(a) => s.push_str(&write_atom(a.as_str())),
        Term::Int(i) => {
            let _ = write!(s, "{i}");
        }
        Term::BigInt(b) => {
            let _ = write!(s, "{b}");
        }
        Term::Float(f) => s.push_str(&write_float(*f)),
        Term::Binary(bytes) => {
            s.push_str("<<");
            for (k, b) in bytes.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{b}");
            }
            s.push_str(">>");
        }
        Term::BitBinary { bytes, bits } => {
            s.push_str("<<");
            for (k, b) in bytes.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                if k + 1 == bytes.len() {
                    let _ = write!(s, "{}:{}", b >> (8 - bits), bits);
                } else {
                    let _ = write!(s, "{b}");
                }
            }
            s.push_str(">>");
        }
        Term::Tuple(es) => {
            s.push('{');
            for (k, e) in es.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                write_into(s, e, p);
            }
            s.push('}');
        }
        Term::Nil => s.push_str("[]"),
        Term::List(es, tail) => {
            if p {
                if let Some(text) = printable_string(es, tail) {
                    s.push_str(&quote_text(&text, '"'));
                    return;
                }
            }
            s.push('[');
            for (k, e) in es.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                write_into(s, e, p);
            }
            if **tail != Term::Nil {
                s.push('|');
                write_into(s, tail, p);
            }
            s.push(']');
        }
        Term::Map(kvs) => {
            s.push_str("#{");
            for (k, (key, v)) in kvs.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                write_into(s, key, p);
                s.push_str(" => ");
                write_into(s, v, p);
            }
            s.push('}');
        }
        Term::Pid(p) => {
            let _ = write!(s, "<0.{}.{}>", p.id, p.serial);
        }
        Term::Port(p) => {
            let _ = write!(s, "#Port<0.{}>", p.id);
        }
        Term::Ref(_) => s.push_str("#Ref<>"),
        Term::ExportFun {
            module,
            function,
            arity,
        } => {
            let _ = write!(
                s,
                "fun {}:{}/{}",
                write_atom(module.as_str()),
                write_atom(function.as_str()),
                arity
            );
        }
        Term::Fun(_) => s.push_str("#Fun<>"),
    }
}

/// A character literal as io_lib:write_char/1 writes it (`$a`, `$\n`, `$\s`).
pub fn write_char(c: char) -> String {
    if c == ' ' {
        return "$\\s".to_string();
    }
    let q = quote_text(&c.to_string(), '\u{0}');
    let body = q.trim_matches('\u{0}');
    format!("${body}")
}
