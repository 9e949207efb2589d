//! How a terminal is set up: where the history lives and whether to edit lines at all.

use std::path::PathBuf;

/// The environment variable that names the history file; set it to an empty string to keep
/// no history. Tests set it so that concurrent sessions never share a file.
pub const HISTORY_ENV: &str = "FERL_HISTORY";

/// The history file in the user's home directory when [`HISTORY_ENV`] is not set.
pub const HISTORY_FILE_NAME: &str = ".ferl_history";

/// Whether to drive the terminal with the line editor.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The line editor when stdin and stdout are terminals, plain lines otherwise.
    Auto,
    /// Always plain lines: print the prompt, read a line, echo nothing.
    Plain,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Where history is loaded from and appended to; `None` keeps it in memory only.
    pub history_file: Option<PathBuf>,
    /// How many entries the history keeps.
    pub history_size: usize,
    pub mode: Mode,
}

impl Config {
    /// The configuration erl users expect: history in `$FERL_HISTORY` or `~/.ferl_history`.
    pub fn from_env() -> Config {
        let history_file = match std::env::var_os(HISTORY_ENV) {
            Some(path) if path.is_empty() => None,
            Some(path) => Some(PathBuf::from(path)),
            None => std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(HISTORY_FILE_NAME)),
        };
        Config {
            history_file,
            history_size: 1000,
            mode: Mode::Auto,
        }
    }
}
