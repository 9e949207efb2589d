//! Drives the terminal through `ferl_tty_demo` in a real terminal (tmux), as a user would:
//! typing, Tab, Ctrl-C, Ctrl-G, Ctrl-D, output from another thread while at the prompt,
//! and history kept across sessions. Each test runs its own tmux server on a private socket.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const DEMO: &str = env!("CARGO_BIN_EXE_ferl_tty_demo");

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

struct Pane {
    socket: String,
    dir: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Pane {
    fn start() -> Pane {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let socket = format!("ferl-tty-test-{}-{n}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        std::fs::create_dir_all(&dir).unwrap();
        let pane = Pane { socket, dir };
        pane.launch();
        pane
    }

    fn history(&self) -> PathBuf {
        self.dir.join("history")
    }

    fn launch(&self) {
        let cmd = format!(
            "FERL_HISTORY={} {DEMO}; echo EXIT=$?; \
             stty -a | tr ';' '\\n' | grep quit | tr -d ' '; \
             if stty -a | tr ' ;' '\\n\\n' | grep -qx -- -echo; then echo ECHO=off; else echo ECHO=on; fi; \
             sleep 60",
            self.history().display()
        );
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "new-session", "-d", "-s", "t"])
            .args(["-x", "80", "-y", "40", &cmd])
            .status()
            .unwrap();
        assert!(status.success());
        self.wait_for("1>");
    }

    fn relaunch(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
        std::thread::sleep(Duration::from_millis(300));
        self.launch();
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n")
    }

    /// Waits until the screen contains `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_nth(text, 1)
    }

    /// Waits until the screen contains `text` at least `n` times.
    fn wait_for_nth(&self, text: &str, n: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= n {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {text:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

macro_rules! need_tmux {
    () => {
        if !tmux_available() {
            eprintln!("tmux is not installed: skipping");
            return;
        }
    };
}

#[test]
fn expressions_span_lines_until_a_terminating_dot() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["foo(", "Enter"]);
    p.keys(&["1, \"a. b\").", "Enter"]);
    let screen = p.wait_for("got: foo(|1, \"a. b\").");
    assert!(screen.contains("1> foo(\n1, \"a. b\").\n"), "{screen}");
    assert!(screen.ends_with("2>"), "{screen}");
}

#[test]
fn output_from_elsewhere_goes_above_a_redrawn_prompt() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["tick.", "Enter"]);
    p.wait_for("2>");
    p.keys(&["-l", "half typed"]);
    let screen = p.wait_for("async tick");
    assert!(
        screen.ends_with("got: tick.\n\n async tick\n2> half typed"),
        "{screen}"
    );
}

#[test]
fn tab_completes_modules_functions_and_variables() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["-l", "lists:rev"]);
    p.keys(&["Tab"]);
    p.wait_for("1> lists:reverse(");
    p.keys(&["C-u"]);
    p.keys(&["-l", "lists:"]);
    p.keys(&["Tab", "Tab"]);
    p.wait_for("reverse/1  reverse/2  seq/2      sort/1");
    p.keys(&["C-u"]);
    p.keys(&["-l", "fl"]);
    p.keys(&["Tab"]);
    p.wait_for("1> flush(");
    p.keys(&["C-u", "vars.", "Enter"]);
    p.wait_for("2>");
    p.keys(&["-l", "Lin"]);
    p.keys(&["Tab"]);
    p.wait_for("2> Linked");
}

#[test]
fn ctrl_g_reads_one_plain_line() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["-l", "discarded"]);
    p.keys(&["C-g"]);
    p.wait_for(" -->");
    p.keys(&["j", "Enter"]);
    let screen = p.wait_for("job control got: j");
    assert!(screen.contains("User switch command\n --> j\n"), "{screen}");
}

#[test]
fn keys_typed_while_busy_show_once_after_the_next_prompt() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["slow.", "Enter"]);
    p.wait_for("1> slow.");
    std::thread::sleep(Duration::from_millis(500));
    p.keys(&["-l", "ahead"]);
    let screen = p.wait_for("2> ahead");
    assert!(
        screen.ends_with("1> slow.\ngot: slow.\n2> ahead"),
        "{screen}"
    );
}

#[test]
fn ctrl_g_while_busy_arrives_as_job_control() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["slow.", "Enter"]);
    p.wait_for("1> slow.");
    std::thread::sleep(Duration::from_millis(500));
    p.keys(&["C-g"]);
    p.wait_for("User switch command\n -->");
    p.keys(&["j", "Enter"]);
    let screen = p.wait_for("job control got: j");
    assert!(!screen.contains("^G"), "{screen}");
}

#[test]
fn ctrl_c_shows_the_break_menu_at_the_prompt_and_while_busy() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["-l", "kept"]);
    p.keys(&["C-c"]);
    p.wait_for("(l)oaded (v)ersion (k)ill (D)b-tables (d)istribution");
    p.keys(&["x", "Enter"]);
    p.wait_for("Invalid option 'x'. Please enter one of the following:");
    p.keys(&["v", "Enter"]);
    p.wait_for("Erlang (BEAM) emulator version demo\n1> kept");
    p.keys(&["-l", "."]);
    p.keys(&["Enter"]);
    p.wait_for("got: kept.");
    p.keys(&["slow.", "Enter"]);
    p.wait_for("2> slow.");
    // Keys pressed before the line editor has handed the line over would go to the next
    // read (type-ahead); give it time to be done.
    std::thread::sleep(Duration::from_millis(500));
    // The menu was shown twice already (once more after the invalid option).
    p.keys(&["C-c"]);
    p.wait_for_nth("BREAK: (a)bort", 3);
    p.keys(&["c", "Enter"]);
    p.wait_for("got: slow.\n3>");
    p.keys(&["C-c"]);
    p.wait_for_nth("BREAK: (a)bort", 4);
    p.keys(&["a", "Enter"]);
    let screen = p.wait_for("ECHO=");
    assert!(screen.contains("EXIT=3\nquit=^\\\nECHO=on"), "{screen}");
}

#[test]
fn ctrl_c_twice_leaves_at_once() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["C-c"]);
    p.wait_for("BREAK: (a)bort");
    std::thread::sleep(Duration::from_millis(100));
    p.keys(&["C-c"]);
    let screen = p.wait_for("ECHO=");
    assert!(screen.contains("EXIT=3\nquit=^\\\nECHO=on"), "{screen}");
}

#[test]
fn history_survives_a_restart_and_ctrl_d_leaves() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["remember_me(1).", "Enter"]);
    p.wait_for("got: remember_me(1).");
    p.keys(&["C-d"]);
    p.wait_for("got: eof\nEXIT=0");
    p.relaunch();
    p.keys(&["Up"]);
    p.wait_for("1> remember_me(1).");
    let saved = std::fs::read_to_string(p.history()).unwrap();
    assert!(saved.contains("remember_me(1)."), "{saved}");
}

#[test]
fn a_panic_gives_the_terminal_back() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["panic.", "Enter"]);
    let screen = p.wait_for("ECHO=");
    assert!(screen.contains("quit=^\\\nECHO=on"), "{screen}");
}

#[test]
fn sigterm_gives_the_terminal_back() {
    need_tmux!();
    let p = Pane::start();
    p.keys(&["slow.", "Enter"]);
    // The demo is the child of the pane's shell.
    let out = Command::new("tmux")
        .args(["-L", &p.socket, "display", "-p", "-t", "t", "#{pane_pid}"])
        .output()
        .unwrap();
    let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
    let demo = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(!demo.is_empty(), "no demo process under {shell}");
    let status = Command::new("kill")
        .args(["-TERM", &demo])
        .status()
        .unwrap();
    assert!(status.success());
    let screen = p.wait_for("ECHO=");
    assert!(screen.contains("EXIT=143\nquit=^\\\nECHO=on"), "{screen}");
}

#[test]
fn plain_input_that_is_not_utf8_is_read_as_latin1() {
    let mut child = Command::new(DEMO)
        .env("FERL_HISTORY", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\xe5\xe4.\n\xce\xa9.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1> got: åä.\n2> got: Ω.\n"), "{text}");
}

#[test]
fn without_a_terminal_lines_are_read_plainly() {
    let mut child = Command::new(DEMO)
        .env("FERL_HISTORY", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"one(\n1).\ntwo.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "demo shell (tty: false)\n1> got: one(\n2> got: 1).\n3> got: two.\n4> got: eof\n"
    );
}
