//! The `ferlc` command: erlc's command line over `ferl_compiler` (see `ferl_compiler::cli`).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(ferl_compiler::cli::main(&args));
}
