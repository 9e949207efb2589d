//! Writing terms as text the way `io:format("~w")` does (and `erlang:display/1`, which
//! differs in floats, strings and binaries). Used for debugging, for the VM's own error
//! reports and for the native BIFs that need a printed term.

use std::fmt::Write;

use crate::arith::big_of;
use crate::binary::bits_of;
use crate::term::{Kind, Term};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `~w`.
    Write,
    /// `erlang:display/1`.
    Display,
}

pub fn to_string(t: Term) -> String {
    let mut s = String::new();
    write_term(&mut s, t, Style::Write);
    s
}

pub fn display_string(t: Term) -> String {
    let mut s = String::new();
    write_term(&mut s, t, Style::Display);
    s
}

const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
    "rem", "try", "when", "xor",
];

fn is_lower_start(c: char) -> bool {
    c.is_ascii_lowercase() || (('ß'..='ÿ').contains(&c) && c != '÷')
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '@'
        || (('À'..='ÿ').contains(&c) && c != '×' && c != '÷')
}

/// Whether an atom needs quotes when printed.
pub fn atom_needs_quotes(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        None => true,
        Some(c) if !is_lower_start(c) => true,
        _ => !name.chars().all(is_name_char) || RESERVED.contains(&name),
    }
}

/// An atom as `~w` prints it.
pub fn write_atom(out: &mut String, name: &str) {
    if !atom_needs_quotes(name) {
        out.push_str(name);
        return;
    }
    out.push('\'');
    for c in name.chars() {
        push_escaped(out, c, '\'');
    }
    out.push('\'');
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\x0b' => out.push_str("\\v"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\x1b' => out.push_str("\\e"),
        '\x7f' => out.push_str("\\d"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 32 => {
            let _ = write!(out, "\\^{}", (c as u8 + 64) as char);
        }
        c => out.push(c),
    }
}

/// The shortest text that reads back as `f`, as `float_to_list(F, [short])` writes it.
pub fn float_short(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{:e}", f);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    // Scientific: d.ddd e X
    let sci_text = {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{sign}{first}.{rest}e{exp}")
    };
    let plain = {
        let n = digits.len() as i32;
        if exp >= 0 {
            if exp + 1 >= n {
                let zeros = "0".repeat((exp + 1 - n) as usize);
                format!("{sign}{digits}{zeros}.0")
            } else {
                let (a, b) = digits.split_at((exp + 1) as usize);
                format!("{sign}{a}.{b}")
            }
        } else {
            let zeros = "0".repeat((-exp - 1) as usize);
            format!("{sign}0.{zeros}{digits}")
        }
    };
    if plain.len() <= sci_text.len() {
        plain
    } else {
        sci_text
    }
}

/// `printf("%.Ne")`-style scientific text, as erl's `float_to_list/1` (N = 20) and
/// `erlang:display/1` (N = 6) write floats.
pub fn float_scientific(f: f64, decimals: usize) -> String {
    let s = format!("{:.*e}", decimals, f);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.abs())
}

fn is_printable_latin1_list(t: Term) -> bool {
    let mut any = false;
    let mut it = t.iter_list();
    for c in it.by_ref() {
        match c.as_small() {
            Some(v) if (32..=126).contains(&v) || (160..=255).contains(&v) => any = true,
            Some(8..=13) | Some(27) => any = true,
            _ => return false,
        }
    }
    any && it.rest().is_nil()
}

pub fn write_term(out: &mut String, t: Term, style: Style) {
    if t.is_small() {
        let _ = write!(out, "{}", t.small_value());
        return;
    }
    if let Some(a) = t.as_atom() {
        write_atom(out, a.name());
        return;
    }
    if t.is_nil() {
        out.push_str("[]");
        return;
    }
    if t.is_local_pid() {
        let _ = write!(out, "<0.{}.0>", t.pid_id());
        return;
    }
    if t.is_local_port() {
        let _ = write!(out, "#Port<0.{}>", t.port_id());
        return;
    }
    if t.is_cons() {
        if style == Style::Display && is_printable_latin1_list(t) {
            out.push('"');
            for c in t.iter_list() {
                let ch = char::from_u32(c.small_value() as u32).unwrap_or('?');
                push_escaped(out, ch, '"');
            }
            out.push('"');
            return;
        }
        out.push('[');
        let mut cur = t;
        let mut first = true;
        while cur.is_cons() {
            if !first {
                out.push(',');
            }
            first = false;
            write_term(out, cur.head(), style);
            cur = cur.tail();
        }
        if !cur.is_nil() {
            out.push('|');
            write_term(out, cur, style);
        }
        out.push(']');
        return;
    }
    if !t.is_boxed() {
        let _ = write!(out, "<bad term {:#x}>", t.0);
        return;
    }
    match t.boxed_kind() {
        Some(Kind::Tuple) => {
            out.push('{');
            for (i, e) in t.tuple_elems().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_term(out, *e, style);
            }
            out.push('}');
        }
        Some(Kind::Float) => {
            let f = t.float_value();
            match style {
                Style::Write => out.push_str(&float_short(f)),
                Style::Display => out.push_str(&float_scientific(f, 6)),
            }
        }
        Some(Kind::PosBig | Kind::NegBig) => {
            let _ = write!(out, "{}", big_of(t));
        }
        Some(Kind::Map) => {
            out.push_str("#{");
            let w = t.boxed_words();
            for i in 0..w.len() / 2 {
                if i > 0 {
                    out.push(',');
                }
                write_term(out, Term(w[2 * i]), style);
                out.push_str(" => ");
                write_term(out, Term(w[2 * i + 1]), style);
            }
            out.push('}');
        }
        Some(Kind::Ref) => {
            let w = t.boxed_words();
            let _ = write!(
                out,
                "#Ref<0.{}.{}.{}>",
                w[0] & 0xFFFF_FFFF,
                w[1] >> 32,
                w[1] & 0xFFFF_FFFF
            );
        }
        Some(Kind::Fun | Kind::Export) => crate::fun::write_fun(out, t),
        Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin) => {
            let b = bits_of(t).expect("bitstring");
            write_bits(out, &b, style);
        }
        Some(Kind::ExtPid | Kind::ExtPort | Kind::ExtRef) => {
            crate::dist::ext::write_ext(out, t);
        }
        Some(Kind::MatchCtx) => out.push_str("<match context>"),
        _ => {
            let _ = write!(out, "<term {:#x}>", t.0);
        }
    }
}

fn write_bits(out: &mut String, b: &crate::binary::Bits, style: Style) {
    let whole = b.len_bits / 8;
    let rem = b.len_bits % 8;
    let bytes = b.to_vec();
    if style == Style::Display && rem == 0 && whole > 0 {
        let printable = bytes
            .iter()
            .all(|&c| (32..=126).contains(&c) || (160..=255).contains(&c) || (8..=13).contains(&c));
        if printable {
            out.push_str("<<\"");
            for &c in &bytes {
                push_escaped(out, c as char, '"');
            }
            out.push_str("\">>");
            return;
        }
    }
    out.push_str("<<");
    for (i, byte) in bytes.iter().take(whole).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{byte}");
    }
    if rem > 0 {
        if whole > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:{}", b.read_u64(whole * 8, rem), rem);
    }
    out.push_str(">>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;

    #[test]
    fn floats_like_erl() {
        // Recorded from erl: io:format("~w", [F]).
        let cases = [
            (1.0e10, "1.0e10"),
            (1.0e30, "1.0e30"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
            (1.0e15, "1.0e15"),
            (1.0e-5, "1.0e-5"),
            (0.001, "0.001"),
            (123456789.123, "123456789.123"),
            (5.0e-324, "5.0e-324"),
            (2.5e-5, "2.5e-5"),
            (0.0001, "0.0001"),
        ];
        for (f, s) in cases {
            assert_eq!(float_short(f), s);
        }
        assert_eq!(float_scientific(1.5, 6), "1.500000e+00");
    }

    #[test]
    fn terms_like_erl() {
        let mut h = Heap::new();
        let b = h.binary(b"abc");
        let l = h.string("abc");
        let a = Term::atom(crate::atom::Atom::new("Abc"));
        let e = Term::atom(crate::atom::Atom::new("end"));
        let t = h.tuple(&[b, l, a, e]);
        assert_eq!(to_string(t), "{<<97,98,99>>,[97,98,99],'Abc','end'}");
        assert_eq!(display_string(t), "{<<\"abc\">>,\"abc\",'Abc','end'}");
        let bits = h.bitstring(&[0b0010_0000], 3);
        assert_eq!(to_string(bits), "<<1:3>>");
        let imp = h.cons(Term::atom(crate::atom::Atom::new("a")), e);
        assert_eq!(to_string(imp), "[a|'end']");
    }
}
