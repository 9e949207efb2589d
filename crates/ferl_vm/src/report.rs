//! The error report printed when a process dies of an uncaught exception, in erl's format:
//!
//! ```text
//! =ERROR REPORT==== 24-Nov-2026::00:27:46.188917 ===
//! Error in process <0.79.0> with exit value:
//! {{badmatch,2},[{m,f,0,[{file,"m.erl"},{line,9}]}]}
//! ```
//!
//! Until the standard library's logger takes these events, the VM writes them itself, to
//! standard output as erl's default logger handler does.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::process::Process;
use crate::term::Term;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1-12, day) from days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn timestamp_text() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    format!(
        "{}-{}-{}::{:02}:{:02}:{:02}.{:06}",
        d,
        MONTHS[(m - 1) as usize],
        y,
        sod / 3600,
        (sod / 60) % 60,
        sod % 60,
        now.subsec_micros()
    )
}

pub fn process_crashed(p: &Process, reason: Term) {
    if crate::dist::report_to_remote_leader(p, reason) {
        return;
    }
    // The standard library's error_logger formats and writes it, as erl does.
    let e = crate::export::get_or_create(
        crate::atom::Atom::new("error_logger"),
        crate::atom::Atom::new("error_msg"),
        2,
    );
    if !e.code().is_null() {
        let mut child = Process::new(p.group_leader);
        let fmt = child
            .heap
            .string("Error in process ~p with exit value:~n~p~n");
        let r = crate::copy::copy_term(reason, &mut child.heap);
        let args = child.heap.list(&[p.pid(), r]);
        crate::interp::setup_call(&mut child, e, &[fmt, args]);
        crate::vm::spawn_process(child);
        return;
    }
    let text = format!(
        "=ERROR REPORT==== {} ===\nError in process {} with exit value:\n{}\n\n",
        timestamp_text(),
        crate::print::to_string(p.pid()),
        crate::pretty::pretty(reason, 80)
    );
    crate::io::write_stdout(text.as_bytes());
}

/// Writes a line to standard error (VM diagnostics).
pub fn warn(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}
