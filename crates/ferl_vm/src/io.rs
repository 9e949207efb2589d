//! Standard input and output of the VM: one lock around stdout so whole writes never
//! interleave, flushed at once (output must not be lost when the VM halts).

use std::io::Write;
use std::sync::Mutex;

static STDOUT: Mutex<()> = Mutex::new(());

pub fn write_stdout(bytes: &[u8]) {
    let _g = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    let out = std::io::stdout();
    let mut l = out.lock();
    let _ = l.write_all(bytes);
    let _ = l.flush();
}

pub fn write_stderr(bytes: &[u8]) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(bytes);
    let _ = e.flush();
}

pub fn flush() {
    let _ = std::io::stdout().lock().flush();
}
