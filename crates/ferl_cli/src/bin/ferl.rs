//! The `ferl` command: `erl`'s command line on the Ferl virtual machine.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dist = ferl_cli::parse_dist_args(&args);
    if dist.epmd_daemon {
        // The port mapper a node starts when none answers; it outlives that node.
        let port = ferl_dist::epmd::port_from_env();
        if let Err(e) = ferl_dist::epmd_server::run(port) {
            eprintln!("epmd: {e}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
    if let Some(o) = dist.start_options() {
        if let Err(ferl_vm::dist::StartError(text)) = ferl_vm::dist::start(&o) {
            eprint!("{text}");
            std::process::exit(1);
        }
    }
    let mut cfg = ferl_cli::parse_ferl_args(&args);
    cfg.embedded = ferl_stdlib::modules()
        .iter()
        .map(|(name, beam)| (name.to_string(), *beam))
        .collect();
    let code = ferl_vm::boot(cfg);
    std::process::exit(code);
}
