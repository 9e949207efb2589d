//! The compiler, as the VM reaches it: `compile:file/1,2` and `c:c/1,2` call the native
//! `ferl:compile_file/2`, which lands here. Options arrive as erlc would take them on its
//! command line (`-I<dir>`, `-D<name>`, `-D<name>=<value>`, `-W0`, `-Werror`); the Erlang
//! side (lib/compile.erl) translates `compile:file/2`'s option list into that form.

use std::path::{Path, PathBuf};

use ferl_vm::hooks::{CompileOutput, Compiler};

pub struct CompilerHook;

impl Compiler for CompilerHook {
    fn compile_file(&self, source: &Path, options: &[String]) -> Result<CompileOutput, String> {
        let mut opts = ferl_compiler::Options::default();
        for o in options {
            if let Some(dir) = o.strip_prefix("-I") {
                opts.include_dirs.push(PathBuf::from(dir));
            } else if let Some(def) = o.strip_prefix("-D") {
                match def.split_once('=') {
                    Some((name, value)) => opts
                        .defines
                        .push((name.to_string(), Some(value.to_string()))),
                    None => opts.defines.push((def.to_string(), None)),
                }
            } else if o == "-W0" {
                opts.no_warnings = true;
            } else if o == "-Werror" {
                opts.warnings_as_errors = true;
            }
        }
        let text = std::fs::read_to_string(source).ok();
        let render =
            |d: &ferl_compiler::Diagnostic| ferl_compiler::render_diagnostic(d, text.as_deref());
        match ferl_compiler::compile_file(source, &opts) {
            Ok(out) => Ok(CompileOutput {
                module: out.module,
                beam: out.beam,
                warnings: out.warnings.iter().map(render).collect(),
            }),
            Err(diags) => {
                let mut all: String = diags.errors.iter().map(render).collect();
                all.extend(diags.warnings.iter().map(render));
                Err(all)
            }
        }
    }
}
