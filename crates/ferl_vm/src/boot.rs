//! Starting the VM: native functions, io servers, the standard library, the code path,
//! the schedulers, then `init:boot/1` with the command line — or, while the standard
//! library has no `init`, a native runner for `-s`, `-run` and simple `-eval` calls.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::atom::predefined as am;
use crate::atom::Atom;
use crate::heap::Heap;
use crate::term::Term;

/// What `ferl` was asked to do at startup.
#[derive(Clone, Debug, Default)]
pub struct BootConfig {
    pub schedulers: usize,
    /// `-pa` directories (searched first, in order after ".").
    pub path_a: Vec<PathBuf>,
    /// `-pz` directories (searched last).
    pub path_z: Vec<PathBuf>,
    /// The arguments `init:boot/1` receives (the command line, without the program name).
    pub argv: Vec<String>,
    /// `-eval`, `-s` and `-run` in command-line order (for the native runner).
    pub actions: Vec<StartAction>,
    /// A directory of .beam files for the standard library (development and tests).
    pub lib_dir: Option<PathBuf>,
    /// Embedded standard library modules: (name, .beam image).
    pub embedded: Vec<(String, &'static [u8])>,
}

#[derive(Clone, Debug)]
pub enum StartAction {
    Eval(String),
    /// `-s Mod [Fun [Args]]`: Fun(Args as atoms), default start().
    S(String, Option<String>, Vec<String>),
    /// `-run Mod [Fun [Args]]`: Fun(Args as strings), default start().
    Run(String, Option<String>, Vec<String>),
}

/// Boots the VM and runs until `halt`; returns the exit status.
pub fn boot(cfg: BootConfig) -> i32 {
    crate::bif::register_all();
    crate::natives::install();
    let mut path = vec![PathBuf::from(".")];
    path.extend(cfg.path_a.iter().cloned());
    if let Some(d) = &cfg.lib_dir {
        path.push(d.clone());
    }
    path.extend(cfg.path_z.iter().cloned());
    crate::code::set_code_path(path);
    for (name, bytes) in &cfg.embedded {
        preload(name, bytes, "preloaded");
    }
    if let Some(dir) = &cfg.lib_dir {
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().map(|e| e == "beam").unwrap_or(false))
                .collect();
            files.sort();
            for f in files {
                if let (Some(stem), Ok(bytes)) = (
                    f.file_stem().map(|s| s.to_string_lossy().into_owned()),
                    std::fs::read(&f),
                ) {
                    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                    preload(&stem, leaked, &f.to_string_lossy());
                }
            }
        }
    }
    let native_user = crate::bif::misc::start_io_servers();
    crate::vm::start_schedulers(cfg.schedulers.max(1));
    let user = start_user(native_user);
    let init_boot = crate::export::get_or_create(am::INIT, am::BOOT, 1);
    if !init_boot.code().is_null() {
        let mut p = crate::process::Process::new(user);
        let args: Vec<Term> = cfg
            .argv
            .iter()
            .map(|a| p.heap.binary(a.as_bytes()))
            .collect();
        let list = p.heap.list(&args);
        crate::interp::setup_call(&mut p, init_boot, &[list]);
        let _ = crate::vm::register(am::INIT, p.pid());
        crate::vm::spawn_process(p);
    } else {
        let actions = cfg.actions.clone();
        std::thread::Builder::new()
            .name("ferl-boot".into())
            .spawn(move || run_actions(user, actions))
            .expect("boot thread");
    }
    let code = crate::vm::wait_for_halt();
    crate::io::flush();
    code
}

/// Starts the standard library's `user` io server if there is one; returns the group
/// leader for the first processes.
fn start_user(native: Term) -> Term {
    let init = crate::export::get_or_create(am::USER, Atom::new("init"), 2);
    if init.code().is_null() {
        return native;
    }
    let mut p = crate::process::Process::new(native);
    crate::interp::setup_call(&mut p, init, &[native, Term::atom(am::USER)]);
    crate::vm::spawn_process(p)
}

fn preload(name: &str, bytes: &'static [u8], file: &str) {
    let m = Atom::new(name);
    match crate::code::load_binary(Some(m), bytes, file) {
        Ok(_) => crate::code::mark_preloaded(m),
        Err(e) => crate::report::warn(&format!("ferl: could not load {name}: {e:?}")),
    }
}

/// A literal argument of a native `-eval` call.
#[derive(Clone, Debug)]
enum Lit {
    Int(i64),
    Atom(String),
    Str(String),
    List(Vec<Lit>),
    Tuple(Vec<Lit>),
}

fn build(h: &mut Heap, l: &Lit) -> Term {
    match l {
        Lit::Int(i) => h.int(*i),
        Lit::Atom(a) => Term::atom(Atom::new(a)),
        Lit::Str(s) => h.string(s),
        Lit::List(v) => {
            let items: Vec<Term> = v.iter().map(|x| build(h, x)).collect();
            h.list(&items)
        }
        Lit::Tuple(v) => {
            let items: Vec<Term> = v.iter().map(|x| build(h, x)).collect();
            h.tuple(&items)
        }
    }
}

enum Step {
    Call(String, String, Vec<Lit>),
    Halt(i32),
}

/// Parses `m:f(Args), ..., halt().` — only calls with literal arguments.
fn parse_eval(s: &str) -> Option<Vec<Step>> {
    let mut p = Parser {
        c: s.chars().collect(),
        i: 0,
    };
    let mut steps = Vec::new();
    loop {
        p.ws();
        if p.i >= p.c.len() {
            break;
        }
        let first = p.atom()?;
        p.ws();
        let (m, f) = if p.eat(':') {
            p.ws();
            (first, p.atom()?)
        } else {
            ("erlang".to_string(), first)
        };
        p.ws();
        if !p.eat('(') {
            return None;
        }
        let args = p.seq(')')?;
        match (m.as_str(), f.as_str(), args.as_slice()) {
            ("erlang", "halt", []) | ("init", "stop", []) => steps.push(Step::Halt(0)),
            ("erlang", "halt", [Lit::Int(n)]) | ("init", "stop", [Lit::Int(n)]) => {
                steps.push(Step::Halt(*n as i32))
            }
            _ => steps.push(Step::Call(m, f, args)),
        }
        p.ws();
        if p.eat(',') {
            continue;
        }
        if p.eat('.') {
            p.ws();
            if p.i >= p.c.len() {
                break;
            }
        }
        if p.i < p.c.len() {
            return None;
        }
    }
    Some(steps)
}

struct Parser {
    c: Vec<char>,
    i: usize,
}

impl Parser {
    fn ws(&mut self) {
        while self.i < self.c.len() && self.c[self.i].is_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, ch: char) -> bool {
        if self.c.get(self.i) == Some(&ch) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn atom(&mut self) -> Option<String> {
        if self.eat('\'') {
            let mut s = String::new();
            while let Some(&c) = self.c.get(self.i) {
                self.i += 1;
                if c == '\'' {
                    return Some(s);
                }
                s.push(c);
            }
            return None;
        }
        let start = self.i;
        if !self.c.get(self.i)?.is_ascii_lowercase() {
            return None;
        }
        while self
            .c
            .get(self.i)
            .map(|c| c.is_alphanumeric() || *c == '_' || *c == '@')
            .unwrap_or(false)
        {
            self.i += 1;
        }
        Some(self.c[start..self.i].iter().collect())
    }
    fn seq(&mut self, close: char) -> Option<Vec<Lit>> {
        let mut v = Vec::new();
        self.ws();
        if self.eat(close) {
            return Some(v);
        }
        loop {
            v.push(self.lit()?);
            self.ws();
            if self.eat(close) {
                return Some(v);
            }
            if !self.eat(',') {
                return None;
            }
        }
    }
    fn lit(&mut self) -> Option<Lit> {
        self.ws();
        let c = *self.c.get(self.i)?;
        if c == '[' {
            self.i += 1;
            return Some(Lit::List(self.seq(']')?));
        }
        if c == '{' {
            self.i += 1;
            return Some(Lit::Tuple(self.seq('}')?));
        }
        if c == '"' {
            self.i += 1;
            let mut s = String::new();
            while let Some(&c) = self.c.get(self.i) {
                self.i += 1;
                if c == '"' {
                    return Some(Lit::Str(s));
                }
                s.push(c);
            }
            return None;
        }
        if c.is_ascii_digit() || c == '-' {
            let start = self.i;
            self.i += 1;
            while self
                .c
                .get(self.i)
                .map(|c| c.is_ascii_digit())
                .unwrap_or(false)
            {
                self.i += 1;
            }
            let s: String = self.c[start..self.i].iter().collect();
            return s.parse().ok().map(Lit::Int);
        }
        self.atom().map(Lit::Atom)
    }
}

/// Spawns M:F(Args) and waits for it to end.
fn run_call(user: Term, m: &str, f: &str, args: &[Lit]) {
    let (tx, rx) = mpsc::channel();
    let mut p = crate::process::Process::new(user);
    let terms: Vec<Term> = args.iter().map(|a| build(&mut p.heap, a)).collect();
    let e = crate::export::get_or_create(Atom::new(m), Atom::new(f), terms.len() as u32);
    crate::interp::setup_call(&mut p, e, &terms);
    p.exit_notify = Some(tx);
    crate::vm::spawn_process(p);
    let _ = rx.recv();
}

fn run_actions(user: Term, actions: Vec<StartAction>) {
    for a in actions {
        if crate::vm::is_halted() {
            return;
        }
        match a {
            StartAction::S(m, f, args) => {
                let f = f.unwrap_or_else(|| "start".into());
                let lits: Vec<Lit> = args.into_iter().map(Lit::Atom).collect();
                let call_args = if lits.is_empty() {
                    vec![]
                } else {
                    vec![Lit::List(lits)]
                };
                run_call(user, &m, &f, &call_args);
            }
            StartAction::Run(m, f, args) => {
                let f = f.unwrap_or_else(|| "start".into());
                let lits: Vec<Lit> = args.into_iter().map(Lit::Str).collect();
                let call_args = if lits.is_empty() {
                    vec![]
                } else {
                    vec![Lit::List(lits)]
                };
                run_call(user, &m, &f, &call_args);
            }
            StartAction::Eval(expr) => match parse_eval(&expr) {
                Some(steps) => {
                    for s in steps {
                        match s {
                            Step::Call(m, f, args) => run_call(user, &m, &f, &args),
                            Step::Halt(n) => {
                                crate::vm::halt(n);
                                return;
                            }
                        }
                        if crate::vm::is_halted() {
                            return;
                        }
                    }
                }
                None => {
                    crate::report::warn(&format!(
                        "ferl: -eval needs the standard library's init and erl_eval: {expr}"
                    ));
                    crate::vm::halt(1);
                    return;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_simple_evals() {
        let s = parse_eval("fib:main([35]), halt().").unwrap();
        assert_eq!(s.len(), 2);
        assert!(matches!(&s[0], Step::Call(m, f, a) if m == "fib" && f == "main" && a.len() == 1));
        assert!(matches!(s[1], Step::Halt(0)));
        assert!(parse_eval("X = 1, X.").is_none());
    }
}
