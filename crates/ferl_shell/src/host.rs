//! What the terminal asks of the runtime that embeds it. The terminal must not depend on the
//! VM, so the VM implements this trait and hands it to [`crate::Terminal::start`]. Every
//! method is called on the terminal's own thread (while the user presses Tab, or in the
//! BREAK menu), never on a scheduler, and must not block for long.

/// An entry of the BREAK menu whose text only the runtime can produce.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BreakItem {
    /// `p`: information about every process.
    ProcInfo,
    /// `i`: memory and allocation information.
    Info,
    /// `l`: the loaded modules.
    Loaded,
    /// `D`: the ETS tables.
    DbTables,
    /// `d`: the distribution connections.
    Distribution,
}

pub trait Host: Send + Sync + 'static {
    /// Names of the modules that can be completed (loaded ones at least).
    fn modules(&self) -> Vec<String>;

    /// Exported functions of `module` as (name, arity); empty for an unknown module.
    fn functions(&self, module: &str) -> Vec<(String, u32)>;

    /// The emulator version, printed by the BREAK menu's `v` as
    /// `Erlang (BEAM) emulator version VERSION`.
    fn version(&self) -> String;

    /// The text a BREAK menu entry prints (each line ending in `\n`).
    fn break_report(&self, item: BreakItem) -> String {
        let _ = item;
        String::new()
    }

    /// The BREAK menu's `a` (`dump` false) or `A` (`dump` true), or Ctrl-C pressed again
    /// in the menu: end the runtime now. The terminal has already been restored to the mode
    /// it had before [`crate::Terminal::start`]. The default exits the process with status
    /// 0, as erl does.
    fn abort(&self, dump: bool) {
        let _ = dump;
        std::process::exit(0);
    }

    /// SIGTERM or SIGHUP arrived (`signal` is its number). The terminal has been given
    /// back already; the default ends the process as the signal's default action would.
    /// A runtime that stops gracefully on SIGTERM (as erl does) overrides this.
    fn terminate(&self, signal: i32) {
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A runtime with a handful of modules, for completion tests and the demo.
    #[derive(Default)]
    pub(crate) struct FakeHost;

    impl Host for FakeHost {
        fn modules(&self) -> Vec<String> {
            ["lists", "lists_extra", "io", "erlang", "shell_default"]
                .map(String::from)
                .to_vec()
        }

        fn functions(&self, module: &str) -> Vec<(String, u32)> {
            let list: &[(&str, u32)] = match module {
                "lists" => &[
                    ("reverse", 1),
                    ("reverse", 2),
                    ("map", 2),
                    ("seq", 2),
                    ("module_info", 0),
                ],
                "shell_default" => &[("l", 1), ("lm", 0), ("c", 1), ("b", 0)],
                _ => &[],
            };
            list.iter().map(|(n, a)| (n.to_string(), *a)).collect()
        }

        fn version(&self) -> String {
            "0.0.0-test".into()
        }
    }
}
