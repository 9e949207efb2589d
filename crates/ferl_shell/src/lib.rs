//! The interactive shell's terminal side: line editing (rustyline), history, completion,
//! the BREAK menu, and a plain-line fallback when stdin is not a terminal.
//!
//! Invariant: this crate knows nothing of the VM or the compiler (no dependency on
//! `ferl_vm`, `ferl_syntax` or `ferl_compiler`). The VM embeds it through [`Terminal`] and
//! answers its questions through the [`Host`] trait.
//!
//! # The split, as in OTP
//!
//! ```text
//!  keyboard ─▶ [ferl-tty thread: rustyline]  ──Event──▶  VM native `ferl_tty`  ──msg──▶  shell_tty (Erlang)
//!                   ▲ put_chars (any thread)                                                 │ job control (^G)
//!                   └──────────────── ferl_tty:put_chars/1 ◀── ferl_group (io server, one per job)
//!                                                                  ▲ io requests          │ group leader
//!                                                      shell (read-eval-print) ── evaluator process
//! ```
//!
//! - **Rust, this crate**: one thread owns the terminal. [`Terminal::request`] asks it
//!   for input after a prompt; the answer arrives later, asynchronously, as an [`Event`]
//!   passed to the sink the VM gave to [`Terminal::start`]: a whole expression (the editor's
//!   validator keeps Enter from ending the input before a terminating `.`), end of input,
//!   or Ctrl-G. [`Terminal::put_chars`] prints from any thread at any time: while a read is
//!   pending the text goes above the prompt, which is drawn again (rustyline's external
//!   printer). Ctrl-C shows erl's BREAK menu, run on this thread, both at the prompt and
//!   (through SIGINT) while the shell evaluates; Ctrl-G reports job control both at the
//!   prompt and (through SIGQUIT: while no read is pending the terminal's quit character
//!   is Ctrl-G) while the shell evaluates, so that `^G i` stops a runaway evaluation.
//!   Tab completes module names (from
//!   [`Host::modules`]), `module:` functions with arities ([`Host::functions`]), shell
//!   functions (the exports of `shell_default` and `user_default`) and the variables the
//!   shell reported with [`Terminal::set_variables`]. The bracket matching the one at the
//!   cursor is highlighted. History is appended to `$FERL_HISTORY` or `~/.ferl_history`
//!   after every entry. When stdin or stdout is not a terminal, reads print the prompt
//!   and take one plain line, echoing nothing.
//! - **Erlang, `lib/`**: `shell_tty` is the one process that talks to the native
//!   `ferl_tty` module; it runs job control and passes reads and writes between the
//!   terminal and the current job's `ferl_group`. `ferl_group` is an io server (the group
//!   leader of its shell and of everything started from it) that collects expressions and
//!   serves every io request. `shell` is the read-eval-print loop; it evaluates in an
//!   evaluator process with `erl_eval` and formats errors with `erl_error`; its own
//!   commands (b/0, f/1, v/1, rr/1, ...) are `shell_commands`, records at the prompt
//!   `shell_records`, the checks made before evaluating `shell_check`, h/0's and rl/0's
//!   printing where there is no erl_pp `shell_pp`, and the functions
//!   without a module prefix (l/1, c/1, flush/0, ...) `shell_default`, which delegates to
//!   `c`.
//!
//! The native functions the Erlang side calls are listed in `docs/shell-natives.md`.
//!
//! Two binaries serve tests: `ferl_tty_demo` (a stand-in runtime answering lines, driven
//! in tmux by `tests/demo_in_tmux.rs`) and `ferl_tty_bridge` (the terminal for a shell
//! running on real erl over a loopback connection, used by `tests/shell/` in the
//! repository until Ferl's VM runs the shell).

mod break_menu;
mod config;
mod editor_helper;
mod host;
pub mod lexical;
mod terminal;

pub use config::{Config, Mode, HISTORY_ENV, HISTORY_FILE_NAME};
pub use host::{BreakItem, Host};
pub use terminal::{Event, EventSink, ReadKind, Terminal};
