//! Conversions between terms and text or bytes: `*_to_list`, `*_to_binary`, iolists,
//! `unicode:characters_to_*`, `term_to_binary`, and the `binary` module's BIFs.

use num_bigint::BigInt;

use super::*;
use crate::arith::{int_of, num_of, Num};
use crate::binary::bits_of;
use crate::term::Term;

/// The bytes of an iolist (bytes, binaries, nested lists), or `None`.
pub fn iolist_bytes(t: Term) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    if collect_iolist(t, &mut out, 0) {
        Some(out)
    } else {
        None
    }
}

fn collect_iolist(t: Term, out: &mut Vec<u8>, depth: usize) -> bool {
    if depth > 100_000 {
        return false;
    }
    if let Some(b) = bits_of(t) {
        if b.len_bits % 8 != 0 {
            return false;
        }
        out.extend_from_slice(&b.as_bytes());
        return true;
    }
    let mut cur = t;
    while cur.is_cons() {
        let h = cur.head();
        if let Some(v) = h.as_small() {
            if !(0..=255).contains(&v) {
                return false;
            }
            out.push(v as u8);
        } else if !collect_iolist(h, out, depth + 1) {
            return false;
        }
        cur = cur.tail();
    }
    if cur.is_nil() {
        return true;
    }
    // An improper tail may be a binary.
    match bits_of(cur) {
        Some(b) if b.len_bits % 8 == 0 => {
            out.extend_from_slice(&b.as_bytes());
            true
        }
        _ => false,
    }
}

/// The characters of a chardata term (code points, binaries as UTF-8 or latin1).
#[allow(clippy::result_unit_err)]
pub fn chardata(t: Term, utf8_bins: bool, out: &mut String) -> Result<(), ()> {
    if let Some(b) = bits_of(t) {
        if b.len_bits % 8 != 0 {
            return Err(());
        }
        let bytes = b.as_bytes();
        if utf8_bins {
            out.push_str(std::str::from_utf8(&bytes).map_err(|_| ())?);
        } else {
            out.extend(bytes.iter().map(|&c| c as char));
        }
        return Ok(());
    }
    let mut cur = t;
    while cur.is_cons() {
        let h = cur.head();
        if let Some(v) = h.as_small() {
            out.push(char::from_u32(u32::try_from(v).map_err(|_| ())?).ok_or(())?);
        } else {
            chardata(h, utf8_bins, out)?;
        }
        cur = cur.tail();
    }
    if cur.is_nil() {
        Ok(())
    } else {
        chardata(cur, utf8_bins, out)
    }
}

/// A string argument: a flat list of character codes.
pub fn string_arg(t: Term) -> Result<String, Exc> {
    let mut s = String::new();
    let mut it = t.iter_list();
    for c in it.by_ref() {
        let ch = c
            .as_small()
            .and_then(|v| u32::try_from(v).ok())
            .and_then(char::from_u32)
            .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
        s.push(ch);
    }
    if !it.rest().is_nil() {
        return badarg();
    }
    Ok(s)
}

fn atom_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let at = atom_arg(a[0])?;
    Ok(p.heap.string(at.name()))
}

fn atom_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    let at = atom_arg(a[0])?;
    if let Some(enc) = a.get(1) {
        if *enc == Term::atom(am::LATIN1) {
            let bytes: Option<Vec<u8>> = at
                .name()
                .chars()
                .map(|c| u8::try_from(c as u32).ok())
                .collect();
            return match bytes {
                Some(b) => Ok(p.heap.binary(&b)),
                None => badarg(),
            };
        }
    }
    Ok(p.heap.binary(at.name().as_bytes()))
}

fn make_atom(name: &str) -> BifResult {
    match Atom::intern(name) {
        Ok(a) => Ok(Term::atom(a)),
        Err(_) => Err(Exc::Error(Term::atom(am::SYSTEM_LIMIT))),
    }
}

fn list_to_atom(_: &mut Process, a: &[Term]) -> BifResult {
    let s = string_arg(a[0])?;
    make_atom(&s)
}

fn list_to_existing_atom(_: &mut Process, a: &[Term]) -> BifResult {
    let s = string_arg(a[0])?;
    match Atom::existing(&s) {
        Some(at) => Ok(Term::atom(at)),
        None => badarg(),
    }
}

fn binary_text(t: Term, enc: Option<Term>) -> Result<String, Exc> {
    let bytes = bits_of(t)
        .filter(|b| b.len_bits % 8 == 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?
        .as_bytes();
    if enc == Some(Term::atom(am::LATIN1)) {
        return Ok(bytes.iter().map(|&c| c as char).collect());
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| Exc::Error(Term::atom(am::BADARG)))
}

fn binary_to_atom(_: &mut Process, a: &[Term]) -> BifResult {
    let s = binary_text(a[0], a.get(1).copied())?;
    make_atom(&s)
}

fn binary_to_existing_atom(_: &mut Process, a: &[Term]) -> BifResult {
    let s = binary_text(a[0], a.get(1).copied())?;
    match Atom::existing(&s) {
        Some(at) => Ok(Term::atom(at)),
        None => badarg(),
    }
}

fn integer_text(t: Term, base: u32) -> Result<String, Exc> {
    let v = int_of(t).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(v.to_str_radix(base).to_uppercase())
}

fn base_arg(t: Term) -> Result<u32, Exc> {
    match t.as_small() {
        Some(b) if (2..=36).contains(&b) => Ok(b as u32),
        _ => badarg(),
    }
}

fn integer_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let base = match a.get(1) {
        Some(b) => base_arg(*b)?,
        None => 10,
    };
    let s = integer_text(a[0], base)?;
    Ok(p.heap.string(&s))
}

fn integer_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    let base = match a.get(1) {
        Some(b) => base_arg(*b)?,
        None => 10,
    };
    let s = integer_text(a[0], base)?;
    Ok(p.heap.binary(s.as_bytes()))
}

fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let v = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(if neg { -v } else { v })
}

fn list_to_integer(p: &mut Process, a: &[Term]) -> BifResult {
    let s = string_arg(a[0])?;
    let base = match a.get(1) {
        Some(b) => base_arg(*b)?,
        None => 10,
    };
    match parse_int(&s, base) {
        Some(v) => Ok(p.heap.bigint(&v)),
        None => badarg(),
    }
}

fn binary_to_integer(p: &mut Process, a: &[Term]) -> BifResult {
    let s = binary_text(a[0], None)?;
    let base = match a.get(1) {
        Some(b) => base_arg(*b)?,
        None => 10,
    };
    match parse_int(&s, base) {
        Some(v) => Ok(p.heap.bigint(&v)),
        None => badarg(),
    }
}

/// Parses Erlang float syntax: digits '.' digits [e[+-]digits].
fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start || i >= b.len() || b[i] != b'.' {
        return None;
    }
    i += 1;
    let fs = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == fs {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let es = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_finite() {
        Some(f)
    } else {
        None
    }
}

fn list_to_float(p: &mut Process, a: &[Term]) -> BifResult {
    let s = string_arg(a[0])?;
    match parse_float(&s) {
        Some(f) => Ok(p.heap.float(f)),
        None => badarg(),
    }
}

fn binary_to_float(p: &mut Process, a: &[Term]) -> BifResult {
    let s = binary_text(a[0], None)?;
    match parse_float(&s) {
        Some(f) => Ok(p.heap.float(f)),
        None => badarg(),
    }
}

/// The text of a float with `float_to_list/2` options.
fn float_text(t: Term, opts: Option<Term>) -> Result<String, Exc> {
    let f = match num_of(t) {
        Some(Num::Float(f)) => f,
        _ => return badarg(),
    };
    let Some(opts) = opts else {
        return Ok(crate::print::float_scientific(f, 20));
    };
    let mut text = crate::print::float_scientific(f, 20);
    let mut compact = false;
    for o in list_arg(opts)? {
        if let Some(at) = o.as_atom() {
            match at {
                am::SHORT => text = crate::print::float_short(f),
                am::COMPACT => compact = true,
                _ => return badarg(),
            }
            continue;
        }
        let tup = o.as_tuple().filter(|t| t.len() == 2);
        let tup = tup.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
        let n = tup[1].as_small().filter(|&n| (0..=253).contains(&n));
        let n = n.ok_or(Exc::Error(Term::atom(am::BADARG)))? as usize;
        match tup[0].as_atom() {
            Some(am::DECIMALS) => text = format!("{:.*}", n, f),
            Some(am::SCIENTIFIC) => text = crate::print::float_scientific(f, n),
            _ => return badarg(),
        }
    }
    if compact && text.contains('.') && !text.contains('e') {
        while text.ends_with('0') && !text.ends_with(".0") {
            text.pop();
        }
    }
    Ok(text)
}

fn float_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let s = float_text(a[0], a.get(1).copied())?;
    Ok(p.heap.string(&s))
}

fn float_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    let s = float_text(a[0], a.get(1).copied())?;
    Ok(p.heap.binary(s.as_bytes()))
}

fn binary_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bits_of(a[0])
        .filter(|b| b.len_bits % 8 == 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let bytes = b.as_bytes();
    Ok(p.heap.byte_list(&bytes))
}

fn binary_to_list3(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bits_of(a[0])
        .filter(|b| b.len_bits % 8 == 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let bytes = b.as_bytes();
    let s = int_arg(a[1])?;
    let e = int_arg(a[2])?;
    if s < 1 || e < s || e as usize > bytes.len() {
        return badarg();
    }
    Ok(p.heap.byte_list(&bytes[s as usize - 1..e as usize]))
}

fn bitstring_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bits_of(a[0]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let whole = b.len_bits / 8;
    let bytes = b.to_vec();
    let mut items: Vec<Term> = bytes[..whole]
        .iter()
        .map(|&c| Term::small(c as i64))
        .collect();
    if b.len_bits % 8 != 0 {
        let rest = p.heap.bitstring(&bytes[whole..], b.len_bits % 8);
        items.push(rest);
    }
    Ok(p.heap.list(&items))
}

fn list_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    match iolist_bytes(a[0]) {
        Some(b) if a[0].is_list() => Ok(p.heap.binary_from_vec(b)),
        _ => badarg(),
    }
}

fn iolist_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    if a[0].is_binary() {
        return Ok(a[0]);
    }
    match iolist_bytes(a[0]) {
        Some(b) if a[0].is_list() => Ok(p.heap.binary_from_vec(b)),
        _ => badarg(),
    }
}

fn iolist_size(_: &mut Process, a: &[Term]) -> BifResult {
    match iolist_bytes(a[0]) {
        Some(b) => Ok(Term::small(b.len() as i64)),
        None => badarg(),
    }
}

fn list_to_bitstring(p: &mut Process, a: &[Term]) -> BifResult {
    let mut w = crate::binary::BitWriter::default();
    fn go(t: Term, w: &mut crate::binary::BitWriter) -> bool {
        if let Some(b) = bits_of(t) {
            w.push_bitstring(&b);
            return true;
        }
        let mut cur = t;
        while cur.is_cons() {
            let h = cur.head();
            match h.as_small() {
                Some(v) if (0..=255).contains(&v) => w.push_bits(v as u64, 8),
                Some(_) => return false,
                None => {
                    if !go(h, w) {
                        return false;
                    }
                }
            }
            cur = cur.tail();
        }
        cur.is_nil() || go(cur, w)
    }
    if !a[0].is_list() || !go(a[0], &mut w) {
        return badarg();
    }
    Ok(p.heap.bitstring(&w.bytes, w.len_bits))
}

fn encoding(t: Term) -> Result<bool, Exc> {
    match t.as_atom() {
        Some(am::UNICODE) | Some(am::UTF8) => Ok(true),
        Some(am::LATIN1) => Ok(false),
        _ => badarg(),
    }
}

fn characters_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let utf8 = match a.get(1) {
        Some(e) => encoding(*e)?,
        None => true,
    };
    let mut s = String::new();
    if chardata(a[0], utf8, &mut s).is_err() {
        return error_result(p, a[0]);
    }
    Ok(p.heap.string(&s))
}

fn characters_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    let in_utf8 = match a.get(1) {
        Some(e) => encoding(*e)?,
        None => true,
    };
    let out_utf8 = match a.get(2) {
        Some(e) => encoding(*e)?,
        None => true,
    };
    let mut s = String::new();
    if chardata(a[0], in_utf8, &mut s).is_err() {
        return error_result(p, a[0]);
    }
    if out_utf8 {
        Ok(p.heap.binary(s.as_bytes()))
    } else {
        let bytes: Option<Vec<u8>> = s.chars().map(|c| u8::try_from(c as u32).ok()).collect();
        match bytes {
            Some(b) => Ok(p.heap.binary_from_vec(b)),
            None => error_result(p, a[0]),
        }
    }
}

fn error_result(p: &mut Process, rest: Term) -> BifResult {
    if !rest.is_list() && !rest.is_binary() {
        return badarg();
    }
    let empty = p.heap.binary(&[]);
    Ok(p.heap.tuple(&[Term::atom(am::ERROR), empty, rest]))
}

fn term_to_binary(p: &mut Process, a: &[Term]) -> BifResult {
    let mut compressed = None;
    if let Some(opts) = a.get(1) {
        for o in list_arg(*opts)? {
            if o == Term::atom(Atom::new("compressed")) {
                compressed = Some(6);
            } else if let Some(t) = o.as_tuple() {
                if t.len() == 2 && t[0] == Term::atom(Atom::new("compressed")) {
                    compressed = t[1].as_small().map(|n| n as u32);
                }
            }
        }
    }
    let bytes = match compressed {
        Some(level) if level > 0 => crate::etf::encode_compressed(a[0], level.min(9)),
        _ => crate::etf::encode(a[0]),
    };
    Ok(p.heap.binary_from_vec(bytes))
}

fn binary_to_term(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bits_of(a[0])
        .filter(|b| b.len_bits % 8 == 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?
        .as_bytes()
        .into_owned();
    let used_only = a
        .get(1)
        .map(|o| o.iter_list().any(|x| x == Term::atom(Atom::new("used"))))
        .unwrap_or(false);
    if used_only {
        return match crate::etf::decode_prefix(&b, &mut p.heap) {
            Some((t, n)) => Ok(p.heap.tuple2(t, Term::small(n as i64))),
            None => badarg(),
        };
    }
    match crate::etf::decode(&b, &mut p.heap) {
        Some(t) => Ok(t),
        None => badarg(),
    }
}

fn external_size(_: &mut Process, a: &[Term]) -> BifResult {
    Ok(Term::small(crate::etf::encode(a[0]).len() as i64))
}

// ---- binary module ----

fn bin_arg<'a>(t: Term) -> Result<std::borrow::Cow<'a, [u8]>, Exc> {
    crate::binary::bytes_of(t).ok_or(Exc::Error(Term::atom(am::BADARG)))
}

fn patterns(t: Term) -> Result<Vec<Vec<u8>>, Exc> {
    if t.is_binary() {
        let b = bin_arg(t)?.into_owned();
        if b.is_empty() {
            return badarg();
        }
        return Ok(vec![b]);
    }
    let mut v = Vec::new();
    for x in list_arg(t)? {
        let b = bin_arg(x)?.into_owned();
        if b.is_empty() {
            return badarg();
        }
        v.push(b);
    }
    if v.is_empty() {
        return badarg();
    }
    Ok(v)
}

/// The first match at or after `from`: (position, length), longest at the same position.
fn find_at(hay: &[u8], pats: &[Vec<u8>], from: usize, to: usize) -> Option<(usize, usize)> {
    for i in from..to {
        let mut best: Option<usize> = None;
        for pat in pats {
            if i + pat.len() <= to && &hay[i..i + pat.len()] == pat.as_slice() {
                best = Some(best.map_or(pat.len(), |b: usize| b.max(pat.len())));
            }
        }
        if let Some(l) = best {
            return Some((i, l));
        }
    }
    None
}

struct Scope {
    start: usize,
    end: usize,
    global: bool,
    trim: bool,
    trim_all: bool,
}

fn scope_opts(opts: Option<Term>, len: usize) -> Result<Scope, Exc> {
    let mut s = Scope {
        start: 0,
        end: len,
        global: false,
        trim: false,
        trim_all: false,
    };
    if let Some(o) = opts {
        for x in list_arg(o)? {
            match x.as_atom().map(|a| a.name()) {
                Some("global") => s.global = true,
                Some("trim") => s.trim = true,
                Some("trim_all") => s.trim_all = true,
                _ => {
                    let t = x.as_tuple().filter(|t| t.len() == 2);
                    let t = t.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
                    if t[0].as_atom().map(|a| a.name()) != Some("scope") {
                        return badarg();
                    }
                    let sc = t[1].as_tuple().filter(|t| t.len() == 2);
                    let sc = sc.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
                    let st = int_arg(sc[0])?;
                    let ln = int_arg(sc[1])?;
                    let (a, b) = if ln < 0 { (st + ln, st) } else { (st, st + ln) };
                    if a < 0 || b as usize > len {
                        return badarg();
                    }
                    s.start = a as usize;
                    s.end = b as usize;
                }
            }
        }
    }
    Ok(s)
}

fn bin_split(p: &mut Process, a: &[Term]) -> BifResult {
    let hay = bin_arg(a[0])?.into_owned();
    let pats = patterns(a[1])?;
    let sc = scope_opts(a.get(2).copied(), hay.len())?;
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut last = 0;
    let mut pos = sc.start;
    while let Some((i, l)) = find_at(&hay, &pats, pos, sc.end) {
        parts.push((last, i));
        last = i + l;
        pos = i + l;
        if !sc.global {
            break;
        }
    }
    parts.push((last, hay.len()));
    if sc.trim_all {
        parts.retain(|(s, e)| s != e);
    } else if sc.trim {
        while !parts.is_empty() && parts.last().map(|(s, e)| s == e).unwrap_or(false) {
            parts.pop();
        }
    }
    let items: Vec<Term> = parts
        .iter()
        .map(|&(s, e)| p.heap.binary(&hay[s..e]))
        .collect();
    Ok(p.heap.list(&items))
}

fn bin_match(p: &mut Process, a: &[Term]) -> BifResult {
    let hay = bin_arg(a[0])?.into_owned();
    let pats = patterns(a[1])?;
    let sc = scope_opts(a.get(2).copied(), hay.len())?;
    Ok(match find_at(&hay, &pats, sc.start, sc.end) {
        Some((i, l)) => p.heap.tuple2(Term::small(i as i64), Term::small(l as i64)),
        None => Term::atom(am::NOMATCH),
    })
}

fn bin_matches(p: &mut Process, a: &[Term]) -> BifResult {
    let hay = bin_arg(a[0])?.into_owned();
    let pats = patterns(a[1])?;
    let sc = scope_opts(a.get(2).copied(), hay.len())?;
    let mut out = Vec::new();
    let mut pos = sc.start;
    while let Some((i, l)) = find_at(&hay, &pats, pos, sc.end) {
        out.push(p.heap.tuple2(Term::small(i as i64), Term::small(l as i64)));
        pos = i + l;
    }
    Ok(p.heap.list(&out))
}

fn bin_replace(p: &mut Process, a: &[Term]) -> BifResult {
    let hay = bin_arg(a[0])?.into_owned();
    let pats = patterns(a[1])?;
    let rep = bin_arg(a[2])?.into_owned();
    let sc = scope_opts(a.get(3).copied(), hay.len())?;
    let mut out = Vec::new();
    let mut last = 0;
    let mut pos = sc.start;
    while let Some((i, l)) = find_at(&hay, &pats, pos, sc.end) {
        out.extend_from_slice(&hay[last..i]);
        out.extend_from_slice(&rep);
        last = i + l;
        pos = i + l;
        if !sc.global {
            break;
        }
    }
    out.extend_from_slice(&hay[last..]);
    Ok(p.heap.binary_from_vec(out))
}

fn part_range(len: usize, pos: i64, l: i64) -> Option<(usize, usize)> {
    let (s, e) = if l < 0 {
        (pos + l, pos)
    } else {
        (pos, pos + l)
    };
    if s < 0 || e as usize > len || s > e {
        return None;
    }
    Some((s as usize, e as usize))
}

fn bin_part(p: &mut Process, a: &[Term]) -> BifResult {
    let (bin, pos, len) = if a.len() == 2 {
        let t = a[1].as_tuple().filter(|t| t.len() == 2);
        let t = t.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
        (a[0], t[0], t[1])
    } else {
        (a[0], a[1], a[2])
    };
    let b = bits_of(bin)
        .filter(|b| b.len_bits % 8 == 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let (s, e) = part_range(b.len_bits / 8, int_arg(pos)?, int_arg(len)?)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let base = if bin.boxed_kind() == Some(crate::term::Kind::SubBin) {
        Term(bin.boxed_word(2))
    } else {
        bin
    };
    Ok(p.heap.sub_binary(base, b.offset_bits + s * 8, (e - s) * 8))
}

fn bin_at(_: &mut Process, a: &[Term]) -> BifResult {
    let b = bin_arg(a[0])?;
    let i = int_arg(a[1])?;
    if i < 0 || i as usize >= b.len() {
        return badarg();
    }
    Ok(Term::small(b[i as usize] as i64))
}

fn bin_first(_: &mut Process, a: &[Term]) -> BifResult {
    let b = bin_arg(a[0])?;
    b.first()
        .map(|&c| Term::small(c as i64))
        .ok_or(Exc::Error(Term::atom(am::BADARG)))
}

fn bin_last(_: &mut Process, a: &[Term]) -> BifResult {
    let b = bin_arg(a[0])?;
    b.last()
        .map(|&c| Term::small(c as i64))
        .ok_or(Exc::Error(Term::atom(am::BADARG)))
}

fn bin_copy(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bin_arg(a[0])?.into_owned();
    let n = match a.get(1) {
        Some(n) => int_arg(*n)?,
        None => 1,
    };
    if n < 0 {
        return badarg();
    }
    Ok(p.heap.binary_from_vec(b.repeat(n as usize)))
}

fn bin_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bin_arg(a[0])?.into_owned();
    if a.len() == 1 {
        return Ok(p.heap.byte_list(&b));
    }
    let (s, e) = if a.len() == 2 {
        let t = a[1].as_tuple().filter(|t| t.len() == 2);
        let t = t.ok_or(Exc::Error(Term::atom(am::BADARG)))?;
        part_range(b.len(), int_arg(t[0])?, int_arg(t[1])?)
    } else {
        part_range(b.len(), int_arg(a[1])?, int_arg(a[2])?)
    }
    .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(p.heap.byte_list(&b[s..e]))
}

fn bin_decode_unsigned(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bin_arg(a[0])?;
    let little = a.get(1) == Some(&Term::atom(am::ENDIAN_LITTLE));
    let v = if little {
        BigInt::from_bytes_le(num_bigint::Sign::Plus, &b)
    } else {
        BigInt::from_bytes_be(num_bigint::Sign::Plus, &b)
    };
    Ok(p.heap.bigint(&v))
}

fn bin_encode_unsigned(p: &mut Process, a: &[Term]) -> BifResult {
    let v = int_of(a[0]).ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    if v.sign() == num_bigint::Sign::Minus {
        return badarg();
    }
    let little = a.get(1) == Some(&Term::atom(am::ENDIAN_LITTLE));
    let bytes = if little {
        v.to_bytes_le().1
    } else {
        v.to_bytes_be().1
    };
    Ok(p.heap.binary_from_vec(bytes))
}

fn bin_longest_common_prefix(_: &mut Process, a: &[Term]) -> BifResult {
    let bins: Vec<Vec<u8>> = list_arg(a[0])?
        .into_iter()
        .map(|t| bin_arg(t).map(|c| c.into_owned()))
        .collect::<Result<_, _>>()?;
    if bins.is_empty() {
        return badarg();
    }
    let mut n = bins[0].len();
    for b in &bins[1..] {
        n = n.min(
            b.iter()
                .zip(bins[0].iter())
                .take_while(|(x, y)| x == y)
                .count(),
        );
    }
    Ok(Term::small(n as i64))
}

fn split_binary(p: &mut Process, a: &[Term]) -> BifResult {
    let b = bits_of(a[0])
        .filter(|b| b.len_bits % 8 == 0)
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let n = int_arg(a[1])?;
    if n < 0 || n as usize * 8 > b.len_bits {
        return badarg();
    }
    let base = if a[0].boxed_kind() == Some(crate::term::Kind::SubBin) {
        Term(a[0].boxed_word(2))
    } else {
        a[0]
    };
    let l = p.heap.sub_binary(base, b.offset_bits, n as usize * 8);
    let r = p.heap.sub_binary(
        base,
        b.offset_bits + n as usize * 8,
        b.len_bits - n as usize * 8,
    );
    Ok(p.heap.tuple2(l, r))
}

fn list_to_pid(_: &mut Process, a: &[Term]) -> BifResult {
    let s = string_arg(a[0])?;
    let inner = s
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let parts: Vec<&str> = inner.split('.').collect();
    if parts.len() != 3 || parts[0] != "0" {
        return badarg();
    }
    let n: u64 = parts[1]
        .parse()
        .map_err(|_| Exc::Error(Term::atom(am::BADARG)))?;
    Ok(Term::pid(n))
}

fn pid_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_pid() {
        return badarg();
    }
    let s = crate::print::to_string(a[0]);
    Ok(p.heap.string(&s))
}

fn ref_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_reference() {
        return badarg();
    }
    let s = crate::print::to_string(a[0]);
    Ok(p.heap.string(&s))
}

fn fun_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_fun() {
        return badarg();
    }
    let s = crate::print::to_string(a[0]);
    Ok(p.heap.string(&s))
}

fn port_to_list(p: &mut Process, a: &[Term]) -> BifResult {
    if !a[0].is_port() {
        return badarg();
    }
    let s = crate::print::to_string(a[0]);
    Ok(p.heap.string(&s))
}

pub fn register() {
    let r = super::register;
    r("erlang", "atom_to_list", 1, atom_to_list);
    r("erlang", "atom_to_binary", 1, atom_to_binary);
    r("erlang", "atom_to_binary", 2, atom_to_binary);
    r("erlang", "list_to_atom", 1, list_to_atom);
    r("erlang", "list_to_existing_atom", 1, list_to_existing_atom);
    r("erlang", "binary_to_atom", 1, binary_to_atom);
    r("erlang", "binary_to_atom", 2, binary_to_atom);
    r(
        "erlang",
        "binary_to_existing_atom",
        1,
        binary_to_existing_atom,
    );
    r(
        "erlang",
        "binary_to_existing_atom",
        2,
        binary_to_existing_atom,
    );
    r("erlang", "integer_to_list", 1, integer_to_list);
    r("erlang", "integer_to_list", 2, integer_to_list);
    r("erlang", "integer_to_binary", 1, integer_to_binary);
    r("erlang", "integer_to_binary", 2, integer_to_binary);
    r("erlang", "list_to_integer", 1, list_to_integer);
    r("erlang", "list_to_integer", 2, list_to_integer);
    r("erlang", "binary_to_integer", 1, binary_to_integer);
    r("erlang", "binary_to_integer", 2, binary_to_integer);
    r("erlang", "list_to_float", 1, list_to_float);
    r("erlang", "binary_to_float", 1, binary_to_float);
    r("erlang", "float_to_list", 1, float_to_list);
    r("erlang", "float_to_list", 2, float_to_list);
    r("erlang", "float_to_binary", 1, float_to_binary);
    r("erlang", "float_to_binary", 2, float_to_binary);
    r("erlang", "binary_to_list", 1, binary_to_list);
    r("erlang", "binary_to_list", 3, binary_to_list3);
    r("erlang", "bitstring_to_list", 1, bitstring_to_list);
    r("erlang", "list_to_binary", 1, list_to_binary);
    r("erlang", "list_to_bitstring", 1, list_to_bitstring);
    r("erlang", "iolist_to_binary", 1, iolist_to_binary);
    r("erlang", "iolist_size", 1, iolist_size);
    r("erlang", "term_to_binary", 1, term_to_binary);
    r("erlang", "term_to_binary", 2, term_to_binary);
    r("erlang", "binary_to_term", 1, binary_to_term);
    r("erlang", "binary_to_term", 2, binary_to_term);
    r("erlang", "external_size", 1, external_size);
    r("erlang", "split_binary", 2, split_binary);
    r("erlang", "binary_part", 2, bin_part);
    r("erlang", "binary_part", 3, bin_part);
    r("erlang", "list_to_pid", 1, list_to_pid);
    r("erlang", "pid_to_list", 1, pid_to_list);
    r("erlang", "ref_to_list", 1, ref_to_list);
    r("erlang", "fun_to_list", 1, fun_to_list);
    r("erlang", "port_to_list", 1, port_to_list);
    r("unicode", "characters_to_list", 1, characters_to_list);
    r("unicode", "characters_to_list", 2, characters_to_list);
    r("unicode", "characters_to_binary", 1, characters_to_binary);
    r("unicode", "characters_to_binary", 2, characters_to_binary);
    r("unicode", "characters_to_binary", 3, characters_to_binary);
    r("binary", "split", 2, bin_split);
    r("binary", "split", 3, bin_split);
    r("binary", "match", 2, bin_match);
    r("binary", "match", 3, bin_match);
    r("binary", "matches", 2, bin_matches);
    r("binary", "matches", 3, bin_matches);
    r("binary", "replace", 3, bin_replace);
    r("binary", "replace", 4, bin_replace);
    r("binary", "part", 2, bin_part);
    r("binary", "part", 3, bin_part);
    r("binary", "at", 2, bin_at);
    r("binary", "first", 1, bin_first);
    r("binary", "last", 1, bin_last);
    r("binary", "copy", 1, bin_copy);
    r("binary", "copy", 2, bin_copy);
    r("binary", "bin_to_list", 1, bin_to_list);
    r("binary", "bin_to_list", 2, bin_to_list);
    r("binary", "bin_to_list", 3, bin_to_list);
    r("binary", "decode_unsigned", 1, bin_decode_unsigned);
    r("binary", "decode_unsigned", 2, bin_decode_unsigned);
    r("binary", "encode_unsigned", 1, bin_encode_unsigned);
    r("binary", "encode_unsigned", 2, bin_encode_unsigned);
    r(
        "binary",
        "longest_common_prefix",
        1,
        bin_longest_common_prefix,
    );
}
