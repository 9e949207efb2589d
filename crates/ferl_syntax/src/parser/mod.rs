//! The parser: tokens of one form (or one expression sequence) to the typed AST.
//!
//! It accepts exactly erl_parse's grammar (OTP 25) by recursive descent with precedence
//! climbing for the operators, and fails at the same token as erl_parse's LALR parser,
//! so `syntax error before: X` names the same token. Nesting is bounded (`MAX_DEPTH`):
//! deeper input is an error, never a stack overflow.

mod expr;
pub(crate) mod form;
mod pattern;
mod types;

use crate::ast::Pos;
use crate::lexer::{Tok, Token};
use crate::print::{quote_text, write_atom, write_float};

pub use form::parse_form;

/// How deeply expressions, patterns and types may nest.
pub const MAX_DEPTH: u32 = 400;

/// A parse error: where and erlc's message.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
    /// The error is at the end of the tokens: more input could fix it.
    pub at_end: bool,
}

pub(crate) type PResult<T> = Result<T, ParseError>;

/// How erl_parse writes a token in `syntax error before: ...`.
pub fn token_text(t: &Tok) -> String {
    match t {
        Tok::Atom(a) => write_atom(a),
        Tok::Var(v) => v.clone(),
        Tok::Char(c) => crate::print::write_char(*c),
        Tok::Integer(i) => match i {
            crate::ast::Int::Small(n) => n.to_string(),
            crate::ast::Int::Big(b) => b.to_string(),
        },
        Tok::Float(f) => write_float(*f),
        Tok::String(s) => quote_text(s, '"'),
        Tok::Sym(s) => quote_text(s, '\''),
        Tok::Dot => "'.'".to_string(),
    }
}

/// A cursor over the tokens of one form.
pub(crate) struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    depth: u32,
    /// Position reported for an error at the end of the tokens.
    end: Pos,
    /// Errors found in a syntactically valid form (`illegal pattern`, erl_lint's wording),
    /// reported only when the whole form parses, as erlc reports them after parsing.
    pub(crate) deferred: Vec<ParseError>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(toks: &'a [Token], end: Pos) -> Parser<'a> {
        Parser {
            toks,
            i: 0,
            depth: 0,
            end,
            deferred: Vec::new(),
        }
    }

    fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.i)
    }
    fn peek_tok(&self) -> Option<&'a Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }
    fn peek2_tok(&self) -> Option<&'a Tok> {
        self.toks.get(self.i + 1).map(|t| &t.tok)
    }
    fn pos(&self) -> Pos {
        self.peek().map(|t| t.pos).unwrap_or(self.end)
    }
    fn advance(&mut self) -> Option<&'a Token> {
        let t = self.toks.get(self.i);
        if t.is_some() {
            self.i += 1;
        }
        t
    }
    fn at(&self, s: &str) -> bool {
        matches!(self.peek_tok(), Some(Tok::Sym(x)) if *x == s)
    }
    fn at2(&self, s: &str) -> bool {
        matches!(self.peek2_tok(), Some(Tok::Sym(x)) if *x == s)
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.at(s) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Consumes `s` or fails with a syntax error at the current token.
    fn expect(&mut self, s: &str) -> PResult<Pos> {
        let p = self.pos();
        if self.eat(s) {
            Ok(p)
        } else {
            Err(self.syntax_error())
        }
    }
    fn expect_dot(&mut self) -> PResult<()> {
        match self.peek_tok() {
            Some(Tok::Dot) => {
                self.i += 1;
                Ok(())
            }
            _ => Err(self.syntax_error()),
        }
    }
    /// `exprs dot`, as erl_parse:parse_exprs/1.
    pub(crate) fn exprs_dot(&mut self) -> PResult<Vec<crate::ast::Expr>> {
        let es = self.exprs()?;
        self.expect_dot()?;
        if self.i < self.toks.len() {
            return Err(self.syntax_error());
        }
        Ok(es)
    }

    /// `syntax error before: TOKEN` at the current token.
    pub(crate) fn syntax_error(&self) -> ParseError {
        match self.peek() {
            Some(t) => ParseError {
                pos: t.pos,
                message: format!("syntax error before: {}", token_text(&t.tok)),
                at_end: false,
            },
            None => ParseError {
                pos: self.end,
                message: "syntax error before: ".to_string(),
                at_end: true,
            },
        }
    }

    fn error_at(&self, pos: Pos, message: impl Into<String>) -> ParseError {
        ParseError {
            pos,
            message: message.into(),
            at_end: false,
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let p = self.pos();
            return Err(self.error_at(p, "syntax error: nesting too deep"));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }
}
