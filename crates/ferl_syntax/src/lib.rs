//! Erlang source text to abstract syntax: the lexer, the preprocessor and the parser.
//!
//! Invariant: this crate knows nothing of the virtual machine or of the .beam format. It
//! turns bytes into tokens, tokens into forms, and reports problems as diagnostics worded
//! as erlc words them (`FILE:LINE:COL: message`). It never panics on any input.
//!
//! Entry points:
//! - [`parse_file`] / [`parse_source`]: a module, preprocessed and parsed (what erlc reads);
//!   [`preprocess`] gives the raw item stream (forms and errors in order, as epp:parse_file).
//! - [`scan`]: tokens as erl_scan:string/2; [`parse_exprs`]: shell input, telling an
//!   incomplete input from a syntax error; [`parse_term`]: erl_parse:parse_term/1.
//! - [`abstract_format`]: forms, expressions and tokens as erl_parse's tuples.

pub mod abstract_format;
pub mod ast;
pub mod diagnostic;
pub mod lexer;
pub mod parser;
pub mod preprocessor;
pub mod print;

pub use ast::{Expr, Form, ParsedModule, Pos};
pub use diagnostic::{Diagnostic, Severity};
pub use lexer::{LexError, LexOptions, Tok, Token};
pub use parser::ParseError;
pub use preprocessor::{preprocess, IncludeHook, Item, Options};

use ferl_etf::Term;
use std::path::Path;

/// Reads, preprocesses and parses a module file. `Ok` when there is no error (warnings are
/// in `ParsedModule::warnings`); `Err` with every diagnostic (errors and warnings, in
/// order) otherwise. A file that cannot be read is one diagnostic without a position,
/// worded as erlc words it (`t.erl: no such file or directory`).
pub fn parse_file(path: &Path, opts: &Options) -> Result<ParsedModule, Vec<Diagnostic>> {
    let name = path.to_string_lossy().into_owned();
    match std::fs::read(path) {
        Ok(bytes) => parse_source(&name, &preprocessor::decode_source(&bytes), opts),
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            Err(vec![Diagnostic {
                severity: Severity::Error,
                file: name,
                pos: None,
                message: why,
            }])
        }
    }
}

/// As [`parse_file`], for a text already in memory; `name` is used as the file name.
pub fn parse_source(
    name: &str,
    text: &str,
    opts: &Options,
) -> Result<ParsedModule, Vec<Diagnostic>> {
    let items = preprocess(name, text, opts);
    let mut forms = Vec::new();
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let mut failed = false;
    for it in items {
        match it {
            Item::Form(f) => forms.push(f),
            Item::Error(d) => {
                failed = true;
                diags.push(d);
            }
            Item::Warning(d) => {
                diags.push(d.clone());
                warnings.push(d);
            }
        }
    }
    if failed {
        // erlc prints the errors, then the warnings.
        diags.sort_by_key(|d| d.severity == Severity::Warning);
        return Err(diags);
    }
    Ok(ParsedModule {
        file: name.to_string(),
        forms,
        warnings,
    })
}

/// Scans a text as erl_scan:string/2 with a `{Line, Column}` start: every token, and the
/// end position, or the first error.
pub fn scan(text: &str, start: Pos) -> Result<(Vec<Token>, Pos), LexError> {
    lexer::tokenize(text, start, LexOptions::default())
}

/// Why shell input did not give expressions.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprsError {
    /// More input is needed: no terminating `.` yet, or an unterminated string or atom.
    Incomplete,
    /// A scanning error.
    Lex(LexError),
    /// A syntax error (or `illegal pattern`).
    Parse(ParseError),
}

impl ExprsError {
    /// The message as the shell prints it (`syntax error before: ')'`).
    pub fn message(&self) -> String {
        match self {
            ExprsError::Incomplete => "incomplete input".to_string(),
            ExprsError::Lex(e) => e.message(),
            ExprsError::Parse(e) => e.message.clone(),
        }
    }
    pub fn pos(&self) -> Option<Pos> {
        match self {
            ExprsError::Incomplete => None,
            ExprsError::Lex(e) => Some(e.pos),
            ExprsError::Parse(e) => Some(e.pos),
        }
    }
}

/// Parses shell input: expressions separated by `,` and terminated by `.`. Text after the
/// first form terminator is ignored.
pub fn parse_exprs(text: &str, start: Pos) -> Result<Vec<Expr>, ExprsError> {
    let mut lx = lexer::Lexer::new(text, start, LexOptions::default());
    let mut toks = Vec::new();
    loop {
        match lx.next_token() {
            None => return Err(ExprsError::Incomplete),
            Some(Err(e)) if e.is_incomplete() => return Err(ExprsError::Incomplete),
            Some(Err(e)) => return Err(ExprsError::Lex(e)),
            Some(Ok(t)) => {
                let dot = t.tok == Tok::Dot;
                toks.push(t);
                if dot {
                    break;
                }
            }
        }
    }
    parse_exprs_tokens(&toks).map_err(ExprsError::Parse)
}

/// erl_parse:parse_exprs/1: tokens ending with a `dot` to expressions.
pub fn parse_exprs_tokens(toks: &[Token]) -> Result<Vec<Expr>, ParseError> {
    let end = toks.last().map_or(Pos::new(1, 1), |t| t.pos);
    let mut p = parser::Parser::new(toks, end);
    let es = p.exprs_dot()?;
    match p.deferred.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(es),
    }
}

/// erl_parse:parse_term/1: tokens ending with a `dot` to the term they denote.
pub fn parse_term_tokens(toks: &[Token]) -> Result<Term, ParseError> {
    let es = parse_exprs_tokens(toks)?;
    let bad = |pos| ParseError {
        pos,
        message: "bad term".to_string(),
        at_end: false,
    };
    match es.as_slice() {
        [e] => parser::form::normalise(e).ok_or_else(|| bad(e.pos())),
        [_, e, ..] => Err(bad(e.pos())),
        [] => Err(bad(Pos::new(1, 1))),
    }
}

/// Parses the text of one term followed by `.` (like `erl_scan:string` then
/// `erl_parse:parse_term`).
pub fn parse_term(text: &str) -> Result<Term, ExprsError> {
    let (toks, _) = scan(text, Pos::new(1, 1)).map_err(|e| {
        if e.is_incomplete() {
            ExprsError::Incomplete
        } else {
            ExprsError::Lex(e)
        }
    })?;
    if !toks.iter().any(|t| t.tok == Tok::Dot) {
        return Err(ExprsError::Incomplete);
    }
    parse_term_tokens(&toks).map_err(ExprsError::Parse)
}
