//! The scanner: source text to tokens, as erl_scan produces them.
//!
//! Token kinds, values, positions ({Line, Column}, 1-based, a tab is one column) and error
//! texts follow erl_scan of OTP 25. The scanner never fails as a whole: an error is a
//! value (`LexError`) and scanning can go on after it, which is how the preprocessor
//! recovers form by form.

use crate::ast::{Int, Pos};
use num_bigint::BigInt;
use num_traits::Num;

/// A token's kind and value.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Atom(String),
    Var(String),
    Char(char),
    Integer(Int),
    Float(f64),
    String(String),
    /// Punctuation and reserved words, by their spelling (`"->"`, `"case"`, `"&"`).
    Sym(&'static str),
    /// The form terminator: `.` followed by white space, `%` or the end of input.
    Dot,
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

impl Token {
    pub fn is_sym(&self, s: &str) -> bool {
        matches!(&self.tok, Tok::Sym(x) if *x == s)
    }
}

/// What went wrong, as erl_scan's error descriptors; `message()` gives erl_scan's text.
#[derive(Clone, Debug, PartialEq)]
pub enum LexErrorKind {
    /// Unterminated string (`quote` `"`) or quoted atom (`'`), with its first characters.
    Unterminated { quote: char, head: String },
    /// `$` at the end of input.
    Char,
    /// `illegal character`, `illegal float`, `illegal integer`, `illegal atom`.
    Illegal(&'static str),
    /// `Base#` with a base outside 2..36.
    Base(u64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    pub pos: Pos,
    pub kind: LexErrorKind,
    /// Where scanning stopped (erl_scan's end location).
    pub end: Pos,
}

impl LexError {
    /// The message erlc prints for this error.
    pub fn message(&self) -> String {
        match &self.kind {
            LexErrorKind::Unterminated { quote, head } => {
                let what = if *quote == '"' { "string" } else { "atom" };
                format!(
                    "unterminated {} starting with {}",
                    what,
                    crate::print::quote_text(head, *quote)
                )
            }
            LexErrorKind::Char => "unterminated character".to_string(),
            LexErrorKind::Illegal(what) => format!("illegal {what}"),
            LexErrorKind::Base(b) => format!("illegal base '{b}'"),
        }
    }

    /// True when more input could complete the text (an unterminated string or atom).
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self.kind,
            LexErrorKind::Unterminated { .. } | LexErrorKind::Char
        )
    }
}

/// The reserved words of OTP 25 (without the `maybe_expr` feature).
pub const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
    "rem", "try", "when", "xor",
];

/// Punctuation, longest first within each leading character.
const PUNCT: &[&str] = &[
    "...", "..", "=:=", "=/=", "=<", "=>", "==", "<<", "<-", "<=", ">>", ">=", "->", "--", "++",
    "/=", "||", ":=", "::", "??", "?=",
];

/// Every single-character symbol, so a token can hold a `&'static str`.
const SINGLE: &[&str] = &[
    "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=",
    ">", "?", "@", "[", "\\", "]", "^", "`", "{", "|", "}", "~", "¡", "¢", "£", "¤", "¥", "¦", "§",
    "¨", "©", "ª", "«", "¬", "\u{ad}", "®", "¯", "°", "±", "²", "³", "´", "µ", "¶", "·", "¸", "¹",
    "º", "»", "¼", "½", "¾", "¿", "×", "÷",
];

fn static_sym(s: &str) -> Option<&'static str> {
    RESERVED
        .iter()
        .chain(PUNCT)
        .chain(SINGLE)
        .chain(["maybe", "else"].iter())
        .find(|x| **x == s)
        .copied()
}

pub(crate) fn is_white(c: char) -> bool {
    let c = c as u32;
    c <= 32 || (0x80..=0xA0).contains(&c)
}

fn is_upper(c: char) -> bool {
    c.is_ascii_uppercase() || matches!(c as u32, 0xC0..=0xDE if c as u32 != 0xD7)
}

fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(c as u32, 0xDF..=0xFF if c as u32 != 0xF7)
}

pub(crate) fn is_name_char(c: char) -> bool {
    is_upper(c) || is_lower(c) || c.is_ascii_digit() || c == '_' || c == '@'
}

/// Scanner options.
#[derive(Clone, Copy, Debug, Default)]
pub struct LexOptions {
    /// `maybe` and `else` are reserved words (the `maybe_expr` feature).
    pub maybe_expr: bool,
}

/// A scanner over a whole text; `next_token` yields one token at a time.
pub struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    pub opts: LexOptions,
}

impl Lexer {
    pub fn new(text: &str, start: Pos, opts: LexOptions) -> Lexer {
        Lexer {
            chars: text.chars().collect(),
            i: 0,
            line: start.line,
            col: start.col,
            opts,
        }
    }

    /// The current position.
    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    pub fn at_end(&mut self) -> bool {
        self.skip_white();
        self.i >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_white(&mut self) {
        while let Some(c) = self.peek() {
            if is_white(c) {
                self.bump();
            } else if c == '%' {
                while let Some(c) = self.peek() {
                    if c == '\n' {
                        break;
                    }
                    self.bump();
                }
            } else {
                break;
            }
        }
    }

    /// Skips to just after the next form terminator (used after an error).
    pub fn skip_to_dot(&mut self) {
        loop {
            match self.next_token() {
                None => return,
                Some(Ok(Token { tok: Tok::Dot, .. })) => return,
                Some(_) => {}
            }
        }
    }

    /// The next token, an error, or `None` at the end of input.
    pub fn next_token(&mut self) -> Option<Result<Token, LexError>> {
        self.skip_white();
        let start = self.pos();
        let c = self.peek()?;
        Some(self.token(c, start))
    }

    fn err<T>(&self, pos: Pos, kind: LexErrorKind) -> Result<T, LexError> {
        Err(LexError {
            pos,
            kind,
            end: self.pos(),
        })
    }

    fn token(&mut self, c: char, pos: Pos) -> Result<Token, LexError> {
        let tok = |tok| Ok(Token { tok, pos });
        if is_lower(c) {
            let name = self.name();
            if let Some(s) = RESERVED.iter().find(|r| **r == name) {
                return tok(Tok::Sym(s));
            }
            if self.opts.maybe_expr && (name == "maybe" || name == "else") {
                return tok(Tok::Sym(static_sym(&name).unwrap_or("maybe")));
            }
            return tok(Tok::Atom(name));
        }
        if is_upper(c) || c == '_' {
            return tok(Tok::Var(self.name()));
        }
        if c.is_ascii_digit() {
            return self.number(pos);
        }
        match c {
            '"' => {
                self.bump();
                let s = self.quoted('"', pos)?;
                tok(Tok::String(s))
            }
            '\'' => {
                self.bump();
                let s = self.quoted('\'', pos)?;
                if s.chars().count() > 255 {
                    return self.err(pos, LexErrorKind::Illegal("atom"));
                }
                tok(Tok::Atom(s))
            }
            '$' => {
                self.bump();
                match self.peek() {
                    None => self.err(pos, LexErrorKind::Char),
                    Some('\\') => {
                        self.bump();
                        if self.peek().is_none() {
                            return self.err(pos, LexErrorKind::Char);
                        }
                        match self.escape() {
                            Ok(ch) => tok(Tok::Char(ch)),
                            Err(()) => self.err(pos, LexErrorKind::Illegal("character")),
                        }
                    }
                    Some(ch) => {
                        self.bump();
                        tok(Tok::Char(ch))
                    }
                }
            }
            '.' => {
                match self.peek_at(1) {
                    None => {
                        self.bump();
                        return tok(Tok::Dot);
                    }
                    Some(n) if is_white(n) || n == '%' => {
                        self.bump();
                        // erl_scan consumes one white-space character after the dot.
                        if is_white(n) {
                            self.bump();
                        }
                        return tok(Tok::Dot);
                    }
                    _ => {}
                }
                self.punct(pos)
            }
            _ if (c as u32) > 0xFF => {
                self.bump();
                self.err(pos, LexErrorKind::Illegal("character"))
            }
            _ => self.punct(pos),
        }
    }

    fn punct(&mut self, pos: Pos) -> Result<Token, LexError> {
        for p in PUNCT {
            let n = p.chars().count();
            if p.chars()
                .enumerate()
                .all(|(k, pc)| self.peek_at(k) == Some(pc))
            {
                for _ in 0..n {
                    self.bump();
                }
                return Ok(Token {
                    tok: Tok::Sym(p),
                    pos,
                });
            }
        }
        let c = self.bump().unwrap_or(' ');
        let mut buf = [0u8; 4];
        match static_sym(c.encode_utf8(&mut buf)) {
            Some(s) => Ok(Token {
                tok: Tok::Sym(s),
                pos,
            }),
            None => self.err(pos, LexErrorKind::Illegal("character")),
        }
    }

    fn name(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if is_name_char(c) {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    /// Digits of `radix` with single `_` separators between digits.
    fn digits(&mut self, radix: u32) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_digit(radix) {
                s.push(c);
                self.bump();
            } else if c == '_'
                && !s.is_empty()
                && self.peek_at(1).is_some_and(|d| d.is_digit(radix))
            {
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn number(&mut self, pos: Pos) -> Result<Token, LexError> {
        let int = self.digits(10);
        if self.peek() == Some('#') {
            let base: u64 = int.parse().unwrap_or(u64::MAX);
            if !(2..=36).contains(&base) {
                return self.err(pos, LexErrorKind::Base(base));
            }
            self.bump();
            let ds = self.digits(base as u32);
            if ds.is_empty() {
                return self.err(pos, LexErrorKind::Illegal("integer"));
            }
            let v = BigInt::from_str_radix(&ds, base as u32).unwrap_or_default();
            return Ok(Token {
                tok: Tok::Integer(Int::from_bigint(v)),
                pos,
            });
        }
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            let frac = self.digits(10);
            let mut text = format!("{int}.{frac}");
            if matches!(self.peek(), Some('e' | 'E')) {
                self.bump();
                text.push('e');
                if let Some(s @ ('+' | '-')) = self.peek() {
                    self.bump();
                    text.push(s);
                }
                let exp = self.digits(10);
                if exp.is_empty() {
                    return self.err(pos, LexErrorKind::Illegal("float"));
                }
                text.push_str(&exp);
            }
            return match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Token {
                    tok: Tok::Float(f),
                    pos,
                }),
                _ => self.err(pos, LexErrorKind::Illegal("float")),
            };
        }
        let v = match int.parse::<i64>() {
            Ok(i) => Int::Small(i),
            Err(_) => Int::from_bigint(int.parse::<BigInt>().unwrap_or_default()),
        };
        Ok(Token {
            tok: Tok::Integer(v),
            pos,
        })
    }

    /// The body of a string or quoted atom, the opening quote consumed.
    fn quoted(&mut self, quote: char, pos: Pos) -> Result<String, LexError> {
        let mut s = String::new();
        loop {
            let here = self.pos();
            match self.peek() {
                None => {
                    let head: String = s.chars().take(16).collect();
                    return self.err(pos, LexErrorKind::Unterminated { quote, head });
                }
                Some(c) if c == quote => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    if self.peek().is_none() {
                        let head: String = s.chars().take(16).collect();
                        return self.err(pos, LexErrorKind::Unterminated { quote, head });
                    }
                    match self.escape() {
                        Ok(c) => s.push(c),
                        // erl_scan ends the token at a bad escape and scans on from there.
                        Err(()) => return self.err(here, LexErrorKind::Illegal("character")),
                    }
                }
                Some(c) => {
                    self.bump();
                    s.push(c);
                }
            }
        }
        Ok(s)
    }

    /// An escape sequence, the backslash consumed; `Err` for an illegal one (consumed).
    fn escape(&mut self) -> Result<char, ()> {
        let c = match self.bump() {
            Some(c) => c,
            None => return Err(()),
        };
        let code: u32 = match c {
            'b' => 8,
            'd' => 127,
            'e' => 27,
            'f' => 12,
            'n' => 10,
            'r' => 13,
            's' => 32,
            't' => 9,
            'v' => 11,
            '^' => match self.bump() {
                Some(x) => (x as u32) & 31,
                None => return Err(()),
            },
            '0'..='7' => {
                let mut v = c as u32 - '0' as u32;
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ '0'..='7') => {
                            self.bump();
                            v = v * 8 + (d as u32 - '0' as u32);
                        }
                        _ => break,
                    }
                }
                v
            }
            'x' => {
                if self.peek() == Some('{') {
                    self.bump();
                    let mut v: u64 = 0;
                    let mut n = 0;
                    loop {
                        match self.peek() {
                            Some(d) if d.is_ascii_hexdigit() => {
                                self.bump();
                                v = v
                                    .saturating_mul(16)
                                    .saturating_add(d.to_digit(16).unwrap_or(0) as u64);
                                n += 1;
                            }
                            Some('}') if n > 0 => {
                                self.bump();
                                break;
                            }
                            _ => return Err(()),
                        }
                    }
                    u32::try_from(v).map_err(|_| ())?
                } else {
                    let mut v = 0;
                    for _ in 0..2 {
                        match self.peek() {
                            Some(d) if d.is_ascii_hexdigit() => {
                                self.bump();
                                v = v * 16 + d.to_digit(16).unwrap_or(0);
                            }
                            _ => return Err(()),
                        }
                    }
                    v
                }
            }
            other => other as u32,
        };
        char::from_u32(code).ok_or(())
    }
}

/// Scans a whole text, as erl_scan:string/2: all tokens up to the first error.
pub fn tokenize(text: &str, start: Pos, opts: LexOptions) -> Result<(Vec<Token>, Pos), LexError> {
    let mut lx = Lexer::new(text, start, opts);
    let mut out = Vec::new();
    while let Some(t) = lx.next_token() {
        out.push(t?);
    }
    Ok((out, lx.pos()))
}
