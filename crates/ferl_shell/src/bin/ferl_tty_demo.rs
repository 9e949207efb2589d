//! A stand-in for the VM, to try the terminal by hand and to drive it in tmux from the
//! tests: numbered prompts, every input echoed back as `got: ...`, `tick.` prints from
//! another thread 300 ms later (output arriving while the user sits at the prompt),
//! `vars.` reports `Linked` and `List` as bound variables, `slow.` takes 1.5 s, `panic.`
//! panics, Ctrl-G answers `User switch command`, Ctrl-D ends.

use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use ferl_shell::{Config, Event, Host, ReadKind, Terminal};

struct DemoHost;

impl Host for DemoHost {
    fn modules(&self) -> Vec<String> {
        ["lists", "lists_extra", "io", "erlang"]
            .map(String::from)
            .to_vec()
    }

    fn functions(&self, module: &str) -> Vec<(String, u32)> {
        let list: &[(&str, u32)] = match module {
            "lists" => &[("reverse", 1), ("reverse", 2), ("seq", 2), ("sort", 1)],
            "io" => &[("format", 1), ("format", 2)],
            "shell_default" => &[("flush", 0), ("l", 1), ("nl", 1)],
            _ => &[],
        };
        list.iter().map(|(n, a)| (n.to_string(), *a)).collect()
    }

    fn version(&self) -> String {
        "demo".into()
    }

    fn abort(&self, _dump: bool) {
        println!("[demo: aborted]");
        std::process::exit(3);
    }
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let terminal = match Terminal::start(
        Config::from_env(),
        Arc::new(DemoHost),
        Box::new(move |event| {
            let _ = tx.send(event);
        }),
    ) {
        Ok(t) => Arc::new(t),
        Err(e) => {
            eprintln!("ferl_tty_demo: {e}");
            std::process::exit(2);
        }
    };
    let mut n = 1;
    let mut job_control = false;
    terminal.put_chars(&format!("demo shell (tty: {})\n", terminal.is_tty()));
    terminal.request(&format!("{n}> "), ReadKind::Expression);
    while let Ok(event) = rx.recv() {
        match event {
            Event::Line(text) if job_control => {
                job_control = false;
                terminal.put_chars(&format!("job control got: {}\n", text.trim_end()));
            }
            Event::Line(text) => {
                let trimmed = text.trim_end();
                if trimmed == "tick." {
                    let t = Arc::clone(&terminal);
                    thread::spawn(move || {
                        thread::sleep(Duration::from_millis(300));
                        t.put_chars("\n async tick \n");
                    });
                }
                if trimmed == "vars." {
                    terminal.set_variables(vec!["Linked".into(), "List".into()]);
                }
                if trimmed == "size." {
                    terminal.put_chars(&format!("size: {:?}\n", terminal.size()));
                }
                if trimmed == "panic." {
                    // As in the VM, where a static holds the terminal: no drop on unwind.
                    std::mem::forget(Arc::clone(&terminal));
                    panic!("the demo panics on request");
                }
                if trimmed == "slow." {
                    thread::sleep(Duration::from_millis(1500));
                }
                terminal.put_chars(&format!("got: {}\n", trimmed.replace('\n', "|")));
                if !trimmed.is_empty() {
                    n += 1;
                }
            }
            Event::JobControl => {
                terminal.put_chars("User switch command\n");
                job_control = true;
                terminal.request(" --> ", ReadKind::Line);
                continue;
            }
            Event::Cancelled => continue,
            Event::Eof => {
                terminal.put_chars("got: eof\n");
                break;
            }
        }
        terminal.request(&format!("{n}> "), ReadKind::Expression);
    }
    terminal.shutdown();
}
