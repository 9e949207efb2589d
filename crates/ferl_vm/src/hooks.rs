//! Hooks the `ferl` binary installs so the VM can reach crates it must not depend on.
//!
//! The compiler: `compile:file/2` and `c/1` need Erlang source compiled to .beam, which is
//! `ferl_compiler`'s job. The VM only knows this trait; the binary installs an
//! implementation at startup with `set_compiler`. Distribution will install its own hook
//! the same way (a `Distribution` trait for sending to remote pids and node names).

use std::path::Path;
use std::sync::OnceLock;

/// Compiles Erlang source for the VM.
pub trait Compiler: Send + Sync {
    /// Compiles `source` with `options` (the compile options as erl writes them, e.g.
    /// `["report", "binary"]`); returns the .beam image, or the diagnostics as text.
    fn compile_file(&self, source: &Path, options: &[String]) -> Result<CompileOutput, String>;
}

pub struct CompileOutput {
    pub module: String,
    pub beam: Vec<u8>,
    pub warnings: Vec<String>,
}

static COMPILER: OnceLock<Box<dyn Compiler>> = OnceLock::new();

/// The scanner and parser behind `erl_scan:string/1,2` and `erl_parse:parse_exprs/1`,
/// `erl_parse:parse_term/1` (what `erl_eval` and the shell need). Terms are in erl's
/// formats: tokens as erl_scan returns them, expressions in the abstract format, errors
/// as `{Location, Module, Descriptor}` error infos.
pub trait Syntax: Send + Sync {
    /// `erl_scan:string(Text, StartLocation)`: `Ok((Tokens, EndLocation))` or
    /// `Err((ErrorInfo, EndLocation))`.
    #[allow(clippy::result_large_err)]
    fn scan(
        &self,
        text: &str,
        start: (u32, u32),
    ) -> Result<(Vec<ferl_etf::Term>, ferl_etf::Term), (ferl_etf::Term, ferl_etf::Term)>;
    /// `erl_parse:parse_exprs(Tokens)`: the expression list, or an error info.
    fn parse_exprs(&self, tokens: &[ferl_etf::Term]) -> Result<ferl_etf::Term, ferl_etf::Term>;
    /// `erl_parse:parse_term(Tokens)`.
    fn parse_term(&self, tokens: &[ferl_etf::Term]) -> Result<ferl_etf::Term, ferl_etf::Term>;
}

static SYNTAX: OnceLock<Box<dyn Syntax>> = OnceLock::new();

pub fn set_syntax(s: Box<dyn Syntax>) {
    let _ = SYNTAX.set(s);
}

pub fn syntax() -> Option<&'static dyn Syntax> {
    SYNTAX.get().map(|b| b.as_ref())
}

/// Installs the compiler (once, at startup).
pub fn set_compiler(c: Box<dyn Compiler>) {
    let _ = COMPILER.set(c);
}

pub fn compiler() -> Option<&'static dyn Compiler> {
    COMPILER.get().map(|b| b.as_ref())
}

/// The terminal of the interactive shell (crate `ferl_shell`'s `Terminal`, which the binary
/// starts when the shell is wanted). The natives of module `ferl_tty` (bif/tty.rs) call it;
/// its answers come back through `bif::tty::deliver`.
pub trait Tty: Send + Sync {
    /// True when a line editor drives a real terminal; false for plain lines.
    fn is_tty(&self) -> bool;
    /// Asks for input after `prompt`: an expression (Enter ends it only after a
    /// terminating `.`) or one line.
    fn request(&self, prompt: &str, expression: bool);
    /// Prints now (above the prompt while a read is pending).
    fn put_chars(&self, text: &str);
    /// The shell's bound variables, for Tab completion.
    fn set_variables(&self, names: Vec<String>);
    /// (columns, rows), when known.
    fn size(&self) -> Option<(u16, u16)>;
}

static TTY: OnceLock<Box<dyn Tty>> = OnceLock::new();

/// Installs the terminal (once, at startup, only when the shell is wanted).
pub fn set_tty(t: Box<dyn Tty>) {
    let _ = TTY.set(t);
}

pub fn tty() -> Option<&'static dyn Tty> {
    TTY.get().map(|b| b.as_ref())
}
