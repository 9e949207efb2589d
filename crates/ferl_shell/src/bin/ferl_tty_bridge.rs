//! A test tool: runs the real terminal driver for an Erlang shell that runs on another
//! runtime (real erl, until Ferl's VM can run it), joined by a TCP connection on loopback.
//!
//! ```text
//! ferl_tty_bridge COMMAND [ARGS...]
//! ```
//!
//! listens on 127.0.0.1 (a free port), starts COMMAND with `FERL_TTY_BRIDGE=<port>` in its
//! environment and its standard streams away from the terminal, and serves the connection
//! COMMAND makes back (tests/shell/bridge/ferl_tty.erl is the Erlang end: the `ferl_tty`
//! natives over the socket). It exits with COMMAND's exit status.
//!
//! The protocol is one line per message, fields separated by spaces, text as hex:
//! runtime to bridge `REQ expression|line HEX`, `PUT HEX`, `VARS HEX...`, `SIZE`,
//! `MODS HEX...`, `FUNS HEX/ARITY...`; bridge to runtime `LINE HEX`, `EOF`, `JC`, `CANCELLED`,
//! `SIZE COLS ROWS` or `SIZE none`, `QMODS`, `QFUNS HEX`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ferl_shell::{Config, Event, Host, ReadKind, Terminal};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

fn unhex_str(text: &str) -> String {
    String::from_utf8_lossy(&unhex(text)).into_owned()
}

/// Completion questions go to the runtime over the connection; its answers come back
/// through the reader thread.
struct BridgeHost {
    out: Arc<Mutex<TcpStream>>,
    answers: Mutex<Receiver<Vec<String>>>,
}

impl BridgeHost {
    fn ask(&self, question: String) -> Vec<String> {
        let Ok(answers) = self.answers.lock() else {
            return Vec::new();
        };
        while answers.try_recv().is_ok() {}
        if let Ok(mut out) = self.out.lock() {
            let _ = out.write_all(question.as_bytes());
        }
        answers
            .recv_timeout(Duration::from_millis(500))
            .unwrap_or_default()
    }
}

impl Host for BridgeHost {
    fn modules(&self) -> Vec<String> {
        self.ask("QMODS\n".into())
            .iter()
            .map(|m| unhex_str(m))
            .collect()
    }

    fn functions(&self, module: &str) -> Vec<(String, u32)> {
        self.ask(format!("QFUNS {}\n", hex(module.as_bytes())))
            .iter()
            .filter_map(|f| {
                let (name, arity) = f.split_once('/')?;
                Some((unhex_str(name), arity.parse().ok()?))
            })
            .collect()
    }

    fn version(&self) -> String {
        "bridge".into()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((program, rest)) = args.split_first() else {
        eprintln!("usage: ferl_tty_bridge COMMAND [ARGS...]");
        std::process::exit(2);
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen on loopback");
    let port = listener.local_addr().expect("local address").port();
    let log = std::env::var_os("FERL_TTY_BRIDGE_LOG").and_then(|p| std::fs::File::create(p).ok());
    let (stdout, stderr) = match log {
        Some(f) => (
            Stdio::from(f.try_clone().expect("log file")),
            Stdio::from(f),
        ),
        None => (Stdio::null(), Stdio::null()),
    };
    // The runtime gets a process group of its own: the terminal's signals (SIGINT for
    // Ctrl-C, SIGQUIT for Ctrl-G while the shell evaluates) are the terminal driver's.
    let mut child = Command::new(program)
        .process_group(0)
        .args(rest)
        .env("FERL_TTY_BRIDGE", port.to_string())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| {
            eprintln!("ferl_tty_bridge: {program}: {e}");
            std::process::exit(2);
        });
    let (stream, _) = listener.accept().expect("the runtime connects");
    let out = Arc::new(Mutex::new(stream.try_clone().expect("socket")));
    let (answer_tx, answer_rx): (Sender<Vec<String>>, _) = mpsc::channel();
    let host = Arc::new(BridgeHost {
        out: Arc::clone(&out),
        answers: Mutex::new(answer_rx),
    });
    let events_out = Arc::clone(&out);
    let terminal = Terminal::start(
        Config::from_env(),
        host,
        Box::new(move |event| {
            let line = match event {
                Event::Line(text) => format!("LINE {}\n", hex(text.as_bytes())),
                Event::Eof => "EOF\n".into(),
                Event::JobControl => "JC\n".into(),
                Event::Cancelled => "CANCELLED\n".into(),
            };
            if let Ok(mut out) = events_out.lock() {
                let _ = out.write_all(line.as_bytes());
            }
        }),
    )
    .expect("terminal");
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { break };
        let mut fields = line.split(' ');
        match fields.next() {
            Some("REQ") => {
                let kind = match fields.next() {
                    Some("line") => ReadKind::Line,
                    _ => ReadKind::Expression,
                };
                terminal.request(&unhex_str(fields.next().unwrap_or("")), kind);
            }
            Some("PUT") => terminal.put_chars(&unhex_str(fields.next().unwrap_or(""))),
            Some("VARS") => terminal.set_variables(fields.map(unhex_str).collect()),
            Some("SIZE") => {
                let reply = match terminal.size() {
                    Some((c, r)) => format!("SIZE {c} {r}\n"),
                    None => "SIZE none\n".into(),
                };
                if let Ok(mut out) = out.lock() {
                    let _ = out.write_all(reply.as_bytes());
                }
            }
            Some("MODS") | Some("FUNS") => {
                let _ = answer_tx.send(fields.map(String::from).collect());
            }
            _ => {}
        }
    }
    terminal.shutdown();
    let status = child.wait().map(|s| s.code().unwrap_or(1)).unwrap_or(1);
    std::process::exit(status);
}
