//! The `ferl` command.
fn main() {
    eprintln!("ferl: not built yet");
    std::process::exit(1);
}
