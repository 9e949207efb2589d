//! erl's BREAK menu, shown on Ctrl-C. In erl the emulator itself runs it, outside any Erlang
//! process, so that it works even when every process is stuck; here the terminal thread
//! runs it for the same reason, asking the runtime only for the texts it alone knows.

use std::io::{self, BufRead, Write};

use crate::host::{BreakItem, Host};

pub(crate) const MENU: &str = "BREAK: (a)bort (A)bort with dump (c)ontinue (p)roc info (i)nfo\n       (l)oaded (v)ersion (k)ill (D)b-tables (d)istribution\n";

/// How the menu was left.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Go on where the user was.
    Continue,
    /// End the runtime (`a`, `A`, or end of input).
    Abort { dump: bool },
}

/// Shows the menu on `out` and reads answers from `input` (in cooked mode: the user types a
/// letter and Enter) until one of them leaves it.
pub(crate) fn run(
    host: &dyn Host,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    leading_newline: bool,
) -> Outcome {
    let _ = write!(out, "{}{MENU}", if leading_newline { "\n" } else { "" });
    loop {
        let _ = out.flush();
        let mut answer = String::new();
        match input.read_line(&mut answer) {
            Ok(0) | Err(_) => return Outcome::Abort { dump: false },
            Ok(_) => {}
        }
        let Some(choice) = answer.trim().chars().next() else {
            continue;
        };
        let item = match choice {
            'a' => return Outcome::Abort { dump: false },
            'A' => return Outcome::Abort { dump: true },
            'c' => return Outcome::Continue,
            'v' => {
                let _ = writeln!(out, "Erlang (BEAM) emulator version {}", host.version());
                return Outcome::Continue;
            }
            'p' => BreakItem::ProcInfo,
            'i' => BreakItem::Info,
            'l' => BreakItem::Loaded,
            'D' => BreakItem::DbTables,
            'd' => BreakItem::Distribution,
            'k' => {
                let _ = writeln!(
                    out,
                    "Killing processes from the BREAK menu is not supported."
                );
                return Outcome::Continue;
            }
            other => {
                let _ = write!(
                    out,
                    "Invalid option '{other}'. Please enter one of the following:\n{MENU}"
                );
                continue;
            }
        };
        let _ = out.write_all(host.break_report(item).as_bytes());
        return Outcome::Continue;
    }
}

/// Runs the menu on the process's own stdin and stdout.
pub(crate) fn run_on_stdio(host: &dyn Host, leading_newline: bool) -> Outcome {
    // A canonical-mode read returns one line at most, so Stdin's buffer never swallows
    // input typed after the answer, which the line editor must see.
    // Neither stream stays locked while the menu waits: Ctrl-C again leaves through the
    // signal thread, which may print.
    let mut input = io::BufReader::new(io::stdin());
    run(host, &mut input, &mut io::stdout(), leading_newline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::tests::FakeHost;

    fn play(keys: &str) -> (Outcome, String) {
        let mut out = Vec::new();
        let outcome = run(&FakeHost, &mut keys.as_bytes(), &mut out, true);
        (outcome, String::from_utf8(out).unwrap())
    }

    #[test]
    fn continue_and_abort() {
        assert_eq!(play("c\n").0, Outcome::Continue);
        assert_eq!(play("a\n").0, Outcome::Abort { dump: false });
        assert_eq!(play("A\n").0, Outcome::Abort { dump: true });
        assert_eq!(play("").0, Outcome::Abort { dump: false });
    }

    #[test]
    fn prints_the_menu_as_erl_does() {
        let (_, text) = play("c\n");
        assert_eq!(
            text,
            "\nBREAK: (a)bort (A)bort with dump (c)ontinue (p)roc info (i)nfo\n       (l)oaded (v)ersion (k)ill (D)b-tables (d)istribution\n"
        );
    }

    #[test]
    fn version_then_continue() {
        let (outcome, text) = play("v\n");
        assert_eq!(outcome, Outcome::Continue);
        assert!(text.ends_with("Erlang (BEAM) emulator version 0.0.0-test\n"));
    }

    #[test]
    fn invalid_options_repeat_the_menu() {
        let (outcome, text) = play("x\n\nc\n");
        assert_eq!(outcome, Outcome::Continue);
        assert_eq!(
            text,
            format!("\n{MENU}Invalid option 'x'. Please enter one of the following:\n{MENU}")
        );
    }
}
