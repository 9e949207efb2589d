//! Development driver: compiles with ferl_compiler after parsing with real erl (see
//! tests/support/erl_import.rs). Usage like erlc: [-o DIR] [-I DIR] FILE.erl...
#[path = "../tests/support/erl_import.rs"]
mod erl_import;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut out = ".".to_string();
    let mut incs = Vec::new();
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" => out = args.next().unwrap_or_default(),
            "-I" => incs.push(args.next().unwrap_or_default()),
            _ => files.push(a),
        }
    }
    let mut rc = 0;
    for f in files {
        let parsed = match erl_import::parse_with_erl(&f, &incs) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{f}: {e}");
                rc = 1;
                continue;
            }
        };
        match ferl_compiler::compile_forms(&parsed, &ferl_compiler::Options::default()) {
            Ok(o) => {
                for w in &o.warnings {
                    eprintln!("{w}");
                }
                let path = std::path::Path::new(&out).join(format!("{}.beam", o.module));
                if let Err(e) = std::fs::write(&path, &o.beam) {
                    eprintln!("{}: {e}", path.display());
                    rc = 1;
                }
            }
            Err(d) => {
                for e in d.errors.iter().chain(d.warnings.iter()) {
                    eprintln!("{e}");
                }
                rc = 1;
            }
        }
    }
    std::process::exit(rc);
}
