//! The `ferl` command: `erl`'s command line on the Ferl virtual machine.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cfg = ferl_cli::parse_ferl_args(&args);
    cfg.embedded = ferl_stdlib::modules()
        .iter()
        .map(|(name, beam)| (name.to_string(), *beam))
        .collect();
    let code = ferl_vm::boot(cfg);
    std::process::exit(code);
}
