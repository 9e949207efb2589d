//! The Erlang compiler: lint, pattern-match compilation and code generation, from the
//! forms of `ferl_syntax` to standard .beam files (via `ferl_beam`).
//!
//! Invariant: output must load and behave identically on real Erlang/OTP 25 and on Ferl.
//! It knows nothing of the VM's internals.
//!
//! The path of a module: `lint` checks the forms and words problems as erlc does;
//! `lower` turns the forms into the core IR (`core`); `codegen` compiles each core
//! function into BEAM assembly (`asm`) with its pattern matching as decision trees;
//! `assemble` builds the chunk tables and `ferl_beam::write` the file.
//!
//! Entry points: [`compile_file`] (what `ferlc` and `compile:file/2` do), [`compile_source`]
//! (a source held in memory: `c/1`, watch mode), [`compile_forms`] (already parsed forms);
//! [`render_diagnostic`] and [`cli::render_all`] print diagnostics exactly as erlc does
//! (with the source excerpt); [`cli::main`] is the whole `ferlc` command.

pub mod asm;
pub mod assemble;
pub mod bifs;
pub mod cli;
pub mod codegen;
pub mod core;
pub mod lint;
pub mod listing;
pub mod literal;
pub mod lower;
pub mod module;
pub mod term_order;
pub mod vars;

use std::path::{Path, PathBuf};

pub use ferl_syntax::{Diagnostic, Severity};

/// What `erlc`'s options say.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Where `.beam` files go (`-o`); the current directory when `None`.
    pub out_dir: Option<PathBuf>,
    /// `-I` directories searched by `-include`.
    pub include_dirs: Vec<PathBuf>,
    /// `-D NAME` / `-D NAME=VALUE`.
    pub defines: Vec<(String, Option<String>)>,
    /// `-Werror`.
    pub warnings_as_errors: bool,
    /// `-W0`.
    pub no_warnings: bool,
    /// `-v`.
    pub verbose: bool,
    /// `-S`: produce the assembly listing (in `CompileOutput::listing`).
    pub listing: bool,
}

/// A compiled module.
#[derive(Clone, Debug)]
pub struct CompileOutput {
    pub module: String,
    /// The .beam file's bytes.
    pub beam: Vec<u8>,
    /// The assembly listing, when `Options::listing` asked for it.
    pub listing: Option<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Why a module did not compile: its errors (and the warnings seen on the way).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// The errors are warnings turned into errors by `-Werror`.
    pub promoted_warnings: bool,
}

/// Source nesting (a 100,000-element list literal is 100,000 nested conses) is handled by
/// recursion; the work runs on a thread whose stack is large enough for any source the
/// parser accepts. The memory is only reserved, not touched, unless it is needed.
const STACK: usize = 1 << 30;

fn with_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let f = std::sync::Mutex::new(Some(f));
    let take = || f.lock().ok().and_then(|mut g| g.take());
    let spawned = std::thread::scope(|s| {
        let run = || take().map(|f| f());
        match std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, run)
        {
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            // No thread (the system cannot reserve the stack): run here instead.
            Err(_) => None,
        }
    });
    match spawned {
        Some(v) => v,
        None => match take() {
            Some(f) => f(),
            None => unreachable!("the compilation neither ran nor is left to run"),
        },
    }
}

/// Compiles parsed forms into a .beam image.
pub fn compile_forms(
    parsed: &ferl_syntax::ast::ParsedModule,
    opts: &Options,
) -> Result<CompileOutput, Diagnostics> {
    with_big_stack(|| compile_forms_here(parsed, opts))
}

fn compile_forms_here(
    parsed: &ferl_syntax::ast::ParsedModule,
    opts: &Options,
) -> Result<CompileOutput, Diagnostics> {
    let mut warnings: Vec<Diagnostic> = parsed.warnings.clone();
    let lint = lint::lint(parsed);
    warnings.extend(lint.warnings);
    if opts.no_warnings {
        warnings.clear();
    }
    let mut errors = lint.errors;
    if opts.warnings_as_errors && !warnings.is_empty() && errors.is_empty() {
        // erlc keeps their wording (no "Warning: ") and fails.
        errors.extend(warnings.iter().map(|w| Diagnostic {
            severity: Severity::Error,
            ..w.clone()
        }));
        warnings.clear();
        return Err(Diagnostics {
            errors,
            warnings,
            promoted_warnings: true,
        });
    }
    if !errors.is_empty() {
        return Err(Diagnostics {
            errors,
            warnings,
            promoted_warnings: false,
        });
    }
    let source = source_path(&parsed.file);
    match module::compile(parsed, &source, &recorded_options(opts)) {
        Ok((name, beam, asm)) => Ok(CompileOutput {
            module: name,
            beam,
            listing: if opts.listing {
                Some(listing::listing(&asm))
            } else {
                None
            },
            warnings,
        }),
        Err(e) => Err(Diagnostics {
            errors: vec![Diagnostic {
                severity: Severity::Error,
                file: parsed.file.clone(),
                pos: None,
                message: e,
            }],
            warnings,
            promoted_warnings: false,
        }),
    }
}

fn parse_options(opts: &Options) -> ferl_syntax::Options {
    ferl_syntax::Options {
        include_dirs: opts.include_dirs.clone(),
        macros: opts.defines.clone(),
        lib_include_hook: None,
    }
}

fn split(diags: Vec<Diagnostic>) -> Diagnostics {
    let (errors, warnings) = diags
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    Diagnostics {
        errors,
        warnings,
        promoted_warnings: false,
    }
}

/// Reads, parses and compiles a source file.
pub fn compile_file(path: &Path, opts: &Options) -> Result<CompileOutput, Diagnostics> {
    with_big_stack(|| {
        let name = path.to_string_lossy().into_owned();
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = ferl_syntax::preprocessor::decode_source(&bytes);
                compile_text(&name, &text, opts)
            }
            // The parser words a missing or unreadable file as erlc does.
            Err(_) => {
                let parsed = ferl_syntax::parse_file(path, &parse_options(opts)).map_err(split)?;
                compile_forms_here(&parsed, opts)
            }
        }
    })
}

/// Compiles source text; `name` is the file name diagnostics and `module_info` use.
pub fn compile_source(
    name: &str,
    text: &str,
    opts: &Options,
) -> Result<CompileOutput, Diagnostics> {
    with_big_stack(|| compile_text(name, text, opts))
}

/// Preprocesses and parses, then compiles. As erlc, a form that does not parse is
/// reported and dropped, and the rest of the module is still linted so its errors are
/// reported too (after the syntax errors).
fn compile_text(name: &str, text: &str, opts: &Options) -> Result<CompileOutput, Diagnostics> {
    let items = ferl_syntax::preprocess(name, text, &parse_options(opts));
    let mut forms = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for it in items {
        match it {
            ferl_syntax::Item::Form(f) => forms.push(f),
            ferl_syntax::Item::Error(d) => errors.push(d),
            ferl_syntax::Item::Warning(d) => warnings.push(d),
        }
    }
    let parsed = ferl_syntax::ast::ParsedModule {
        file: name.to_string(),
        forms,
        warnings,
    };
    if errors.is_empty() {
        return compile_forms_here(&parsed, opts);
    }
    let lint = lint::lint(&parsed);
    errors.extend(lint.errors);
    let mut warnings = parsed.warnings;
    warnings.extend(lint.warnings);
    if opts.no_warnings {
        warnings.clear();
    }
    Err(Diagnostics {
        errors,
        warnings,
        promoted_warnings: false,
    })
}

/// A diagnostic as erlc prints it: the `FILE:LINE:COL: message` line, then (when the
/// source line is known) the excerpt with a caret under the column, then a blank line.
pub fn render_diagnostic(d: &Diagnostic, source: Option<&str>) -> String {
    let mut out = format!("{d}\n");
    if let (Some(pos), Some(text)) = (d.pos, source) {
        if let Some(line) = text.lines().nth((pos.line as usize).wrapping_sub(1)) {
            out.push_str(&format!("% {:>4}| {}\n", pos.line, line));
            let pad: String = line
                .chars()
                .take((pos.col as usize).saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("% {:>4}| {}^\n\n", "", pad));
        }
    }
    out
}

/// The options erlc records in the CInf chunk: the `-D` defines (last first) and the
/// `-I` directories (absolute).
fn recorded_options(opts: &Options) -> Vec<ferl_etf::Term> {
    use ferl_etf::Term;
    let mut out = Vec::new();
    for (name, value) in opts.defines.iter().rev() {
        out.push(match value {
            None => Term::Tuple(vec![Term::atom("d"), Term::atom(name)]),
            Some(v) => {
                let t = ferl_syntax::parse_term(&format!("{v}.")).unwrap_or_else(|_| Term::atom(v));
                Term::Tuple(vec![Term::atom("d"), Term::atom(name), t])
            }
        });
    }
    for dir in &opts.include_dirs {
        let abs = source_path(&dir.to_string_lossy());
        out.push(Term::Tuple(vec![Term::atom("i"), Term::string(&abs)]));
    }
    out
}

fn source_path(file: &str) -> String {
    let p = Path::new(file);
    if p.is_absolute() {
        return file.to_string();
    }
    match std::env::current_dir() {
        Ok(d) => d.join(p).to_string_lossy().into_owned(),
        Err(_) => file.to_string(),
    }
}
