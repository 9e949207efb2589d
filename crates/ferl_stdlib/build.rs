//! Compiles the standard library (`lib/*.erl`) with Ferl's own compiler and generates the
//! table of embedded .beam images. A module that does not compile fails the build, with
//! the compiler's messages.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let lib = manifest.join("../../lib");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed={}", lib.display());
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&lib)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", lib.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "erl" || x == "hrl"))
        .collect();
    sources.sort();
    let opts = ferl_compiler::Options {
        include_dirs: vec![lib.clone()],
        no_warnings: true,
        ..Default::default()
    };
    let mut table = String::from("&[\n");
    let mut failed = Vec::new();
    for src in sources
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "erl"))
    {
        println!("cargo:rerun-if-changed={}", src.display());
        // Compiled under its bare file name, so stack traces say "lists.erl" as erl's do,
        // not a path on the build machine.
        let text = std::fs::read_to_string(src)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", src.display()));
        match ferl_compiler::compile_source(&file_name(src), &text, &opts) {
            Ok(output) => {
                let beam = out.join(format!("{}.beam", output.module));
                std::fs::write(&beam, &output.beam).unwrap();
                let _ = writeln!(
                    table,
                    "    ({:?}, include_bytes!({:?}) as &[u8]),",
                    output.module,
                    beam.display().to_string()
                );
            }
            Err(diags) => failed.push((src.clone(), diags)),
        }
    }
    for src in sources
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "hrl"))
    {
        println!("cargo:rerun-if-changed={}", src.display());
    }
    if !failed.is_empty() {
        for (src, diags) in &failed {
            let text = std::fs::read_to_string(src).ok();
            for d in &diags.errors {
                eprint!("{}", ferl_compiler::render_diagnostic(d, text.as_deref()));
            }
        }
        let names: Vec<String> = failed.iter().map(|(p, _)| file_name(p)).collect();
        panic!(
            "the standard library does not compile: {}",
            names.join(", ")
        );
    }
    table.push(']');
    std::fs::write(out.join("modules.rs"), table).unwrap();
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
