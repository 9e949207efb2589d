//! The `ferlc` command line, as erlc's: `ferlc [-o DIR] [-I DIR]... [-D NAME[=VALUE]]...
//! [-W0|-Werror] [-v] FILE.erl...`. One NAME.beam per source; diagnostics on standard
//! error in erlc's format; exit status 1 if any file failed.

use std::path::{Path, PathBuf};

use crate::{compile_file, render_diagnostic, Options};

/// Runs ferlc with `args` (without the program name); returns the exit status.
pub fn main(args: &[String]) -> i32 {
    let mut opts = Options::default();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut value = |flag: &str| -> Option<String> {
            if a.len() > flag.len() {
                Some(a[flag.len()..].to_string())
            } else {
                i += 1;
                args.get(i).cloned()
            }
        };
        if a == "-o" || (a.starts_with("-o") && a.len() > 2) {
            match value("-o") {
                Some(d) => opts.out_dir = Some(PathBuf::from(d)),
                None => return usage(),
            }
        } else if a.starts_with("-I") {
            match value("-I") {
                Some(d) => opts.include_dirs.push(PathBuf::from(d)),
                None => return usage(),
            }
        } else if a.starts_with("-D") {
            match value("-D") {
                Some(d) => match d.split_once('=') {
                    Some((n, v)) => opts.defines.push((n.to_string(), Some(v.to_string()))),
                    None => opts.defines.push((d, None)),
                },
                None => return usage(),
            }
        } else if a == "-W0" {
            opts.no_warnings = true;
        } else if a == "-Werror" {
            opts.warnings_as_errors = true;
        } else if a == "-W" || a == "-W1" || a == "-Wall" {
            // Default warning level.
        } else if a == "-v" {
            opts.verbose = true;
        } else if a == "-S" {
            opts.listing = true;
        } else if a == "+debug_info" || a == "-smp" {
            // Accepted; debug info is not produced.
        } else if a.starts_with('-') || a.starts_with('+') {
            eprintln!("Unknown option: {a}");
            return usage();
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let mut status = 0;
    for f in files {
        if !compile_one(&f, &opts) {
            status = 1;
        }
    }
    status
}

fn usage() -> i32 {
    eprintln!(
        "Usage: ferlc [-o DIR] [-I DIR]... [-D NAME[=VALUE]]... [-W0|-Werror] [-v] FILE.erl..."
    );
    1
}

/// The text erlc prints for a compilation's diagnostics (errors, then warnings).
pub fn render_all(
    result: &Result<crate::CompileOutput, crate::Diagnostics>,
    file: &str,
    source: Option<&str>,
) -> String {
    let mut out = String::new();
    let mut one = |d: &crate::Diagnostic| {
        let src = if d.file == file { source } else { None };
        out.push_str(&render_diagnostic(d, src));
    };
    match result {
        Ok(o) => o.warnings.iter().for_each(&mut one),
        Err(d) => {
            d.errors.iter().for_each(&mut one);
            d.warnings.iter().for_each(&mut one);
        }
    }
    out
}

fn compile_one(file: &str, opts: &Options) -> bool {
    let path = Path::new(file);
    if opts.verbose {
        println!("Compiling \"{}\"", file);
    }
    let source = std::fs::read(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let result = compile_file(path, opts);
    if let Err(d) = &result {
        if opts.warnings_as_errors && d.promoted_warnings {
            println!("compile: warnings being treated as errors");
        }
    }
    print!("{}", render_all(&result, file, source.as_deref()));
    match result {
        Ok(out) => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dir = opts.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
            let ext = if opts.listing { "S" } else { "beam" };
            let target = dir.join(format!("{stem}.{ext}"));
            if stem != out.module {
                let shown = std::fs::canonicalize(&dir)
                    .map(|d| d.join(format!("{stem}.beam")))
                    .unwrap_or(target.clone());
                println!(
                    "{}: Module name '{}' does not match file name '{}'",
                    shown.display(),
                    out.module,
                    stem
                );
                return false;
            }
            let bytes = match &out.listing {
                Some(text) => text.as_bytes(),
                None => &out.beam[..],
            };
            // As erlc: write NAME.bea# then rename, so no reader sees half a file.
            let tmp = dir.join(format!("{stem}.{}#", &ext[..ext.len() - 1]));
            let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, &target));
            match written {
                Ok(()) => true,
                Err(e) => {
                    let why = match e.kind() {
                        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                        _ => e.to_string(),
                    };
                    println!("{}: error writing file: {}", tmp.display(), why);
                    let _ = std::fs::remove_file(&tmp);
                    false
                }
            }
        }
        Err(_) => false,
    }
}
