//! The `ferlc` command.
fn main() {
    eprintln!("ferlc: not built yet");
    std::process::exit(1);
}
