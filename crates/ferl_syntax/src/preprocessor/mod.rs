//! The preprocessor, as epp: reads a file form by form, runs the directives (`-define`,
//! `-undef`, `-ifdef`/`-ifndef`/`-if`/`-elif`/`-else`/`-endif`, `-include`,
//! `-include_lib`, `-error`, `-warning`), expands macros and hands each form to the parser.
//!
//! Its output is epp:parse_file's: a `-file` attribute first, `-file` attributes around
//! included text, one item per form (a form or its error), an `eof` last. Errors are worded
//! as epp words them. Scanning errors end the current form at the bad token, as
//! erl_scan:tokens does, and scanning goes on from there.

mod cond_eval;
mod macros;

use crate::ast::{Attribute, AttributeKind, Form, Pos};
use crate::diagnostic::Diagnostic;
use crate::lexer::{LexOptions, Lexer, Tok, Token};
use crate::parser::parse_form;
use macros::{MacroDef, Macros};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Finds `-include_lib("app/include/x.hrl")` files that are not on disk next to the source
/// or in the include directories (Ferl's own library): returns the path to report and the
/// file's text.
pub type IncludeHook = dyn Fn(&str) -> Option<(PathBuf, String)> + Send + Sync;

/// What the caller controls about preprocessing.
#[derive(Clone, Default)]
pub struct Options {
    /// `-I` directories, searched after the including file's directory.
    pub include_dirs: Vec<PathBuf>,
    /// `-D NAME` (value `None`, meaning `true`) and `-D NAME=VALUE`.
    pub macros: Vec<(String, Option<String>)>,
    /// Resolves `-include_lib` paths not found otherwise.
    pub lib_include_hook: Option<Arc<IncludeHook>>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("include_dirs", &self.include_dirs)
            .field("macros", &self.macros)
            .field("lib_include_hook", &self.lib_include_hook.is_some())
            .finish()
    }
}

/// One item of the preprocessed stream, as epp:parse_file returns them.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Form(Form),
    Error(Diagnostic),
    Warning(Diagnostic),
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum CondState {
    /// This branch is being read.
    Taking,
    /// No branch taken yet; skipping this one.
    Waiting,
    /// A branch was taken; skipping the rest.
    Done,
    /// Inside a skipped region: everything up to the matching `-endif` is skipped.
    SkipAll,
}

#[derive(Clone, Copy, Debug)]
struct Cond {
    state: CondState,
    seen_else: bool,
}

/// One file being read (the main file or an include).
struct Source {
    file: String,
    lexer: Lexer,
    conds: Vec<Cond>,
    /// Added to scanned line numbers after a `-file` directive.
    line_delta: i64,
}

/// Include nesting limit (epp's is similar); deeper is an error, not a stack overflow.
const MAX_INCLUDE_DEPTH: usize = 64;

pub(crate) struct Epp {
    opts: Options,
    macros: Macros,
    module: Option<String>,
    stack: Vec<Source>,
    out: Vec<Item>,
    maybe_expr: bool,
}

/// Reads a text as epp reads a file, returning every item in order.
pub fn preprocess(file: &str, text: &str, opts: &Options) -> Vec<Item> {
    let mut epp = Epp {
        opts: opts.clone(),
        macros: Macros::default(),
        module: None,
        stack: Vec::new(),
        out: Vec::new(),
        maybe_expr: false,
    };
    for (name, value) in &opts.macros {
        let body = match value {
            None => vec![Token {
                tok: Tok::Atom("true".into()),
                pos: Pos::new(1, 1),
            }],
            Some(v) => match crate::lexer::tokenize(v, Pos::new(1, 1), LexOptions::default()) {
                Ok((toks, _)) => toks,
                Err(_) => Vec::new(),
            },
        };
        epp.macros.define(name, MacroDef { params: None, body });
    }
    epp.out.push(Item::Form(file_attr(file, Pos::new(1, 1), 1)));
    epp.push_source(file.to_string(), text);
    epp.run();
    epp.out
}

fn file_attr(file: &str, pos: Pos, line: u32) -> Form {
    Form::Attribute(Attribute {
        pos,
        kind: AttributeKind::File {
            name: file.to_string(),
            line,
        },
    })
}

/// The text of a file: UTF-8, or Latin-1 when it is not valid UTF-8.
pub fn decode_source(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// A raw form: tokens up to and including the dot, or a scanning error.
enum Raw {
    Tokens(Vec<Token>),
    LexError(Diagnostic),
    /// Tokens without a final dot at the end of the file.
    Premature(Vec<Token>),
}

impl Epp {
    fn push_source(&mut self, file: String, text: &str) {
        let opts = LexOptions {
            maybe_expr: self.maybe_expr,
        };
        self.stack.push(Source {
            file,
            lexer: Lexer::new(text, Pos::new(1, 1), opts),
            conds: Vec::new(),
            line_delta: 0,
        });
    }

    fn file(&self) -> String {
        self.stack
            .last()
            .map(|s| s.file.clone())
            .unwrap_or_default()
    }

    fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        let d = Diagnostic::error(&self.file(), pos, msg);
        self.out.push(Item::Error(d));
    }

    fn skipping(&self) -> bool {
        self.stack
            .last()
            .and_then(|s| s.conds.last())
            .is_some_and(|c| c.state != CondState::Taking)
    }

    /// The next raw form of the current source, or `None` at its end.
    fn read_raw(&mut self) -> Option<Raw> {
        let src = self.stack.last_mut()?;
        let mut toks = Vec::new();
        loop {
            match src.lexer.next_token() {
                None => {
                    if toks.is_empty() {
                        return None;
                    }
                    return Some(Raw::Premature(toks));
                }
                Some(Ok(mut t)) => {
                    t.pos = shift(t.pos, src.line_delta);
                    let dot = t.tok == Tok::Dot;
                    toks.push(t);
                    if dot {
                        return Some(Raw::Tokens(toks));
                    }
                }
                Some(Err(e)) => {
                    let d = Diagnostic::error(&src.file, shift(e.pos, src.line_delta), e.message());
                    return Some(Raw::LexError(d));
                }
            }
        }
    }

    fn run(&mut self) {
        while !self.stack.is_empty() {
            let raw = match self.read_raw() {
                Some(r) => r,
                None => {
                    self.end_source();
                    continue;
                }
            };
            match raw {
                Raw::LexError(d) => {
                    if !self.skipping() {
                        self.out.push(Item::Error(d));
                    }
                }
                Raw::Premature(toks) => {
                    // Without a dot the parser fails at the end, reported at the last
                    // token as erl_parse does.
                    self.form(toks);
                }
                Raw::Tokens(toks) => self.form(toks),
            }
        }
    }

    /// The end of the current source: unterminated conditionals, then back to the
    /// includer (with a `-file` attribute) or the `eof` item.
    fn end_source(&mut self) {
        let Some(src) = self.stack.pop() else { return };
        let end = shift(src.lexer.pos(), src.line_delta);
        if let Some(c) = src.conds.last() {
            let _ = c;
            let d = Diagnostic::error(&src.file, end, "unterminated '-ifdef'");
            self.out.push(Item::Error(d));
        }
        match self.stack.last() {
            Some(parent) => {
                let line = shift(parent.lexer.pos(), parent.line_delta).line;
                let f = parent.file.clone();
                self.out
                    .push(Item::Form(file_attr(&f, Pos::new(line, 1), line)));
            }
            None => self.out.push(Item::Form(Form::Eof(end))),
        }
    }

    fn form(&mut self, toks: Vec<Token>) {
        if let (Some(t0), Some(t1)) = (toks.first(), toks.get(1)) {
            if t0.tok == Tok::Sym("-") {
                let name = match &t1.tok {
                    Tok::Atom(a) => Some(a.as_str()),
                    Tok::Sym(s @ ("if" | "else")) => Some(*s),
                    _ => None,
                };
                if let Some(name) = name {
                    let name = name.to_string();
                    if self.directive(&name, &toks) {
                        return;
                    }
                }
            }
        }
        if self.skipping() {
            return;
        }
        let expanded = match self.expand(&toks) {
            Ok(t) => t,
            Err((pos, msg)) => {
                self.error(pos, msg);
                return;
            }
        };
        let end = expanded.last().map_or(Pos::new(1, 1), |t| t.pos);
        match parse_form(&expanded, end) {
            Ok(f) => {
                self.after_form(&f);
                self.out.push(Item::Form(f));
            }
            Err(errs) => {
                for e in errs {
                    self.error(e.pos, e.message);
                }
            }
        }
    }

    /// Remembers what later forms depend on: the module name and enabled features.
    fn after_form(&mut self, f: &Form) {
        let Form::Attribute(a) = f else { return };
        match &a.kind {
            AttributeKind::Module { name, .. } => {
                self.module = Some(name.clone());
            }
            AttributeKind::Other {
                name,
                value: ferl_etf::Term::Tuple(es),
            } if name == "feature"
                && es.len() == 2
                && es[0] == ferl_etf::Term::atom("maybe_expr") =>
            {
                self.maybe_expr = es[1] == ferl_etf::Term::atom("enable");
                let m = self.maybe_expr;
                for s in &mut self.stack {
                    s.lexer.opts.maybe_expr = m;
                }
            }
            AttributeKind::File { name, line } => {
                if let Some(src) = self.stack.last_mut() {
                    // The next line of this source is line `line` of `name`.
                    let next_raw = src.lexer.pos().line as i64 + 1;
                    let _ = next_raw;
                    let here = a.pos.line as i64 - src.line_delta;
                    src.line_delta = *line as i64 - (here + 1);
                    src.file = name.clone();
                }
            }
            _ => {}
        }
    }

    /// Runs a directive; false when `name` is not one (the form is an ordinary attribute).
    fn directive(&mut self, name: &str, toks: &[Token]) -> bool {
        let npos = toks[1].pos;
        let args = &toks[2..toks.len() - 1];
        match name {
            "ifdef" | "ifndef" | "if" => {
                let cond = if self.skipping() {
                    CondState::SkipAll
                } else {
                    let truth = if name == "if" {
                        self.eval_if(args, npos)
                    } else {
                        match macro_name_arg(args) {
                            Some(m) => self.is_defined(&m) == (name == "ifdef"),
                            None => {
                                let p = bad_arg_pos(args, toks);
                                self.error(p, format!("badly formed '{name}'"));
                                false
                            }
                        }
                    };
                    if truth {
                        CondState::Taking
                    } else {
                        CondState::Waiting
                    }
                };
                if let Some(s) = self.stack.last_mut() {
                    s.conds.push(Cond {
                        state: cond,
                        seen_else: false,
                    });
                }
                true
            }
            "elif" => {
                let top = self.stack.last().and_then(|s| s.conds.last().copied());
                match top {
                    None => self.error(npos, "unbalanced '-elif'"),
                    Some(c) if c.seen_else => self.error(npos, "unbalanced '-elif'"),
                    Some(c) => {
                        let state = match c.state {
                            CondState::Taking | CondState::Done => CondState::Done,
                            CondState::SkipAll => CondState::SkipAll,
                            CondState::Waiting => {
                                if self.eval_if(args, npos) {
                                    CondState::Taking
                                } else {
                                    CondState::Waiting
                                }
                            }
                        };
                        self.set_top(state, false);
                    }
                }
                true
            }
            "feature" if !self.skipping() => {
                // epp consumes `-feature(Name, enable | disable)` and reconfigures the
                // scanner's reserved words.
                if let [o, n, c, a, e] = args {
                    if let (Tok::Atom(f), Tok::Atom(act)) = (&n.tok, &a.tok) {
                        if o.is_sym("(") && c.is_sym(",") && e.is_sym(")") {
                            if f == "maybe_expr" {
                                let on = act == "enable";
                                self.maybe_expr = on;
                                for s in &mut self.stack {
                                    s.lexer.opts.maybe_expr = on;
                                }
                            }
                            return true;
                        }
                    }
                }
                false
            }
            "else" => {
                if !args.is_empty() {
                    if !self.skipping() {
                        self.error(args[0].pos, "badly formed 'else'");
                    }
                    return true;
                }
                let top = self.stack.last().and_then(|s| s.conds.last().copied());
                match top {
                    None => self.error(npos, "unbalanced '-else'"),
                    Some(c) if c.seen_else => self.error(npos, "repeated '-else'"),
                    Some(c) => {
                        let state = match c.state {
                            CondState::Taking | CondState::Done => CondState::Done,
                            CondState::SkipAll => CondState::SkipAll,
                            CondState::Waiting => CondState::Taking,
                        };
                        self.set_top(state, true);
                    }
                }
                true
            }
            "endif" => {
                let popped = self.stack.last_mut().and_then(|s| s.conds.pop());
                if popped.is_none() {
                    self.error(npos, "unbalanced '-endif'");
                } else if !args.is_empty() && !self.skipping() {
                    self.error(args[0].pos, "badly formed 'endif'");
                }
                true
            }
            _ if self.skipping() => {
                // Inside a skipped region every other form is dropped unread.
                true
            }
            "define" => {
                self.define(args, toks);
                true
            }
            "undef" => {
                match macro_name_arg(args) {
                    Some(m) => self.macros.undef(&m),
                    None => {
                        let p = bad_arg_pos(args, toks);
                        self.error(p, "badly formed 'undef'");
                    }
                }
                true
            }
            "include" | "include_lib" => {
                self.include(name == "include_lib", args, toks);
                true
            }
            "error" | "warning" => {
                let inner = match (args.first(), args.last()) {
                    (Some(a), Some(b)) if a.is_sym("(") && b.is_sym(")") => {
                        &args[1..args.len() - 1]
                    }
                    _ => args,
                };
                let text = match self.expand(inner).ok().and_then(|t| term_of_tokens(&t)) {
                    Some(t) => crate::print::print_term(&t),
                    None => {
                        let p = bad_arg_pos(args, toks);
                        self.error(p, format!("badly formed '{name}'"));
                        return true;
                    }
                };
                let msg = format!("-{name}({text}).");
                if name == "error" {
                    self.error(npos, msg);
                } else {
                    let d = Diagnostic::warning(&self.file(), npos, msg);
                    self.out.push(Item::Warning(d));
                }
                true
            }
            _ => false,
        }
    }

    fn set_top(&mut self, state: CondState, seen_else: bool) {
        if let Some(c) = self.stack.last_mut().and_then(|s| s.conds.last_mut()) {
            c.state = state;
            c.seen_else |= seen_else;
        }
    }

    fn include(&mut self, lib: bool, args: &[Token], toks: &[Token]) {
        let kind = if lib { "include_lib" } else { "include" };
        let path = match args {
            [open, rest @ .., close] if open.is_sym("(") && close.is_sym(")") => {
                let mut s = String::new();
                let mut ok = !rest.is_empty();
                for t in rest {
                    match &t.tok {
                        Tok::String(x) => s.push_str(x),
                        _ => ok = false,
                    }
                }
                if ok {
                    Some((rest[0].pos, s))
                } else {
                    None
                }
            }
            _ => None,
        };
        let Some((spos, path)) = path else {
            let p = match args {
                [open, first, ..] if open.is_sym("(") => first.pos,
                _ => bad_arg_pos(args, toks),
            };
            self.error(p, format!("badly formed '{kind}'"));
            return;
        };
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            self.error(spos, format!("can't find include file \"{path}\""));
            return;
        }
        let found = self.find_include(&path).or_else(|| {
            if lib {
                self.opts.lib_include_hook.as_ref().and_then(|h| h(&path))
            } else {
                None
            }
        });
        match found {
            Some((p, text)) => {
                let name = p.to_string_lossy().into_owned();
                self.out
                    .push(Item::Form(file_attr(&name, Pos::new(1, 1), 1)));
                self.push_source(name, &text);
            }
            None => {
                let what = if lib { "include lib" } else { "include file" };
                self.error(spos, format!("can't find {what} \"{path}\""));
            }
        }
    }

    fn find_include(&self, path: &str) -> Option<(PathBuf, String)> {
        let p = Path::new(path);
        let mut candidates = Vec::new();
        if p.is_absolute() {
            candidates.push(p.to_path_buf());
        } else {
            let cur = self.file();
            let dir = Path::new(&cur)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            candidates.push(join(&dir, p));
            candidates.push(p.to_path_buf());
            for d in &self.opts.include_dirs {
                candidates.push(join(d, p));
            }
        }
        candidates.into_iter().find_map(|c| {
            let bytes = std::fs::read(&c).ok()?;
            Some((c, decode_source(&bytes)))
        })
    }
}

fn join(dir: &Path, p: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        p.to_path_buf()
    } else {
        dir.join(p)
    }
}

fn shift(p: Pos, delta: i64) -> Pos {
    if delta == 0 {
        return p;
    }
    Pos::new(
        (p.line as i64 + delta).clamp(1, u32::MAX as i64) as u32,
        p.col,
    )
}

/// `(NAME)` in `-ifdef`, `-ifndef` and `-undef`.
fn macro_name_arg(args: &[Token]) -> Option<String> {
    match args {
        [a, n, b] if a.is_sym("(") && b.is_sym(")") => match &n.tok {
            Tok::Atom(x) | Tok::Var(x) => Some(x.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Where epp reports a badly formed directive: the first token that does not fit.
fn bad_arg_pos(args: &[Token], toks: &[Token]) -> Pos {
    match args {
        [] => toks.last().map_or(Pos::new(1, 1), |t| t.pos),
        [a, ..] if !a.is_sym("(") => a.pos,
        [_, n, ..] if !matches!(n.tok, Tok::Atom(_) | Tok::Var(_) | Tok::String(_)) => n.pos,
        [_, _, t, ..] => t.pos,
        [_, n] => n.pos,
        [a] => a.pos,
    }
}

/// The term a token sequence denotes (for `-error(Term)`), if it is a literal.
fn term_of_tokens(toks: &[Token]) -> Option<ferl_etf::Term> {
    let mut ts = toks.to_vec();
    let end = ts.last().map_or(Pos::new(1, 1), |t| t.pos);
    ts.push(Token {
        tok: Tok::Dot,
        pos: end,
    });
    crate::parse_term_tokens(&ts).ok()
}
