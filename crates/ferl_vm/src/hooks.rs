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

/// Installs the compiler (once, at startup).
pub fn set_compiler(c: Box<dyn Compiler>) {
    let _ = COMPILER.set(c);
}

pub fn compiler() -> Option<&'static dyn Compiler> {
    COMPILER.get().map(|b| b.as_ref())
}
