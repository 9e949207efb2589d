//! The `ferl` command: `erl`'s command line on the Ferl virtual machine.
//!
//! It wires the crates together: the embedded standard library, and the hooks through which
//! the VM reaches the scanner and parser (`ferl_syntax`) for `erl_scan`/`erl_parse`.

use std::collections::HashMap;
use std::sync::Mutex;

use ferl_etf::Term as T;
use ferl_syntax::{Pos, Tok, Token};

struct SyntaxHook;

fn loc(p: Pos) -> T {
    if p.col == 0 {
        T::Int(p.line as i64)
    } else {
        T::Tuple(vec![T::Int(p.line as i64), T::Int(p.col as i64)])
    }
}

fn error_info(p: Pos, module: &str, message: &str) -> T {
    T::Tuple(vec![loc(p), T::atom(module), T::string(message)])
}

/// A symbol's spelling as the `&'static str` a token holds (each spelling leaked once).
fn static_str(s: &str) -> &'static str {
    static CACHE: Mutex<Option<HashMap<String, &'static str>>> = Mutex::new(None);
    let mut c = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let map = c.get_or_insert_with(HashMap::new);
    if let Some(v) = map.get(s) {
        return v;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    map.insert(s.to_string(), leaked);
    leaked
}

fn anno_pos(a: &T) -> Pos {
    match a {
        T::Int(l) => Pos::new(*l as u32, 0),
        T::Tuple(v) if v.len() == 2 => match (&v[0], &v[1]) {
            (T::Int(l), T::Int(c)) => Pos::new(*l as u32, *c as u32),
            _ => Pos::new(1, 0),
        },
        T::List(items, _) => items
            .iter()
            .find_map(|i| match i {
                T::Tuple(kv) if kv.len() == 2 && kv[0] == T::atom("location") => {
                    Some(anno_pos(&kv[1]))
                }
                _ => None,
            })
            .unwrap_or(Pos::new(1, 0)),
        _ => Pos::new(1, 0),
    }
}

fn text_of(t: &T) -> Option<String> {
    match t {
        T::Nil => Some(String::new()),
        T::List(items, tail) if **tail == T::Nil => items
            .iter()
            .map(|c| match c {
                T::Int(v) => char::from_u32(*v as u32),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// A token term (`{Category, Anno, Value}` or `{Symbol, Anno}`) back into a token.
fn token_of(t: &T) -> Option<Token> {
    let T::Tuple(v) = t else { return None };
    let T::Atom(cat) = v.first()? else {
        return None;
    };
    let pos = anno_pos(v.get(1)?);
    let tok = match (cat.as_str(), v.get(2)) {
        ("atom", Some(T::Atom(a))) => Tok::Atom(a.as_str().to_string()),
        ("var", Some(T::Atom(a))) => Tok::Var(a.as_str().to_string()),
        ("char", Some(T::Int(c))) => Tok::Char(char::from_u32(*c as u32)?),
        ("integer", Some(T::Int(i))) => Tok::Integer(ferl_syntax::ast::Int::Small(*i)),
        ("integer", Some(T::BigInt(b))) => Tok::Integer(ferl_syntax::ast::Int::Big(b.clone())),
        ("float", Some(T::Float(f))) => Tok::Float(*f),
        ("string", Some(s)) => Tok::String(text_of(s)?),
        ("dot", None) => Tok::Dot,
        (sym, None) => Tok::Sym(static_str(sym)),
        _ => return None,
    };
    Some(Token { tok, pos })
}

fn tokens_of(ts: &[T]) -> Result<Vec<Token>, T> {
    ts.iter()
        .map(|t| token_of(t).ok_or_else(|| error_info(Pos::new(1, 0), "erl_parse", "bad token")))
        .collect()
}

/// erl_scan's error descriptor for a lexical error.
fn scan_descriptor(e: &ferl_syntax::LexError) -> T {
    use ferl_syntax::lexer::LexErrorKind as K;
    match &e.kind {
        K::Unterminated { quote, head } => {
            let what = if *quote == '"' { "string" } else { "atom" };
            T::Tuple(vec![T::atom(what), T::Int(*quote as i64), T::string(head)])
        }
        K::Char => T::atom("char"),
        K::Illegal(what) => T::Tuple(vec![T::atom("illegal"), T::atom(what)]),
        K::Base(b) => T::Tuple(vec![T::atom("base"), T::Int(*b as i64)]),
    }
}

/// erl_parse's descriptor: `["syntax error before: ", Token]` or the message.
fn parse_error(e: &ferl_syntax::ParseError) -> T {
    let d = match e.message.strip_prefix("syntax error before: ") {
        Some(rest) => T::list(vec![T::string("syntax error before: "), T::string(rest)]),
        None => T::string(&e.message),
    };
    T::Tuple(vec![loc(e.pos), T::atom("erl_parse"), d])
}

impl ferl_vm::hooks::Syntax for SyntaxHook {
    #[allow(clippy::result_large_err)]
    fn scan(&self, text: &str, start: (u32, u32)) -> Result<(Vec<T>, T), (T, T)> {
        // A start location without a column means locations without columns.
        let lines_only = start.1 == 0;
        let fix = |p: Pos| if lines_only { Pos::new(p.line, 0) } else { p };
        match ferl_syntax::scan(text, Pos::new(start.0, start.1.max(1))) {
            Ok((mut toks, end)) => {
                for t in toks.iter_mut() {
                    t.pos = fix(t.pos);
                }
                Ok((
                    toks.iter()
                        .map(ferl_syntax::abstract_format::token)
                        .collect(),
                    loc(fix(end)),
                ))
            }
            Err(e) => Err((
                T::Tuple(vec![
                    loc(fix(e.pos)),
                    T::atom("erl_scan"),
                    scan_descriptor(&e),
                ]),
                loc(fix(e.end)),
            )),
        }
    }

    fn parse_exprs(&self, tokens: &[T]) -> Result<T, T> {
        let toks = tokens_of(tokens)?;
        match ferl_syntax::parse_exprs_tokens(&toks) {
            Ok(es) => Ok(T::list(
                es.iter().map(ferl_syntax::abstract_format::expr).collect(),
            )),
            Err(e) => Err(parse_error(&e)),
        }
    }

    fn parse_term(&self, tokens: &[T]) -> Result<T, T> {
        let toks = tokens_of(tokens)?;
        ferl_syntax::parse_term_tokens(&toks).map_err(|e| parse_error(&e))
    }
}

/// The shell's terminal, seen from the VM (`ferl_tty` natives).
struct TtyHook(std::sync::Arc<ferl_shell::Terminal>);

impl ferl_vm::hooks::Tty for TtyHook {
    fn is_tty(&self) -> bool {
        self.0.is_tty()
    }

    fn request(&self, prompt: &str, expression: bool) {
        let kind = if expression {
            ferl_shell::ReadKind::Expression
        } else {
            ferl_shell::ReadKind::Line
        };
        self.0.request(prompt, kind);
    }

    fn put_chars(&self, text: &str) {
        self.0.put_chars(text);
    }

    fn set_variables(&self, names: Vec<String>) {
        self.0.set_variables(names);
    }

    fn size(&self) -> Option<(u16, u16)> {
        self.0.size()
    }
}

/// The VM, seen from the terminal: completion and the BREAK menu.
struct ShellHost;

impl ferl_shell::Host for ShellHost {
    fn modules(&self) -> Vec<String> {
        ferl_vm::code::all_loaded()
            .into_iter()
            .map(|(m, _)| m.name().to_string())
            .collect()
    }

    fn functions(&self, module: &str) -> Vec<(String, u32)> {
        let Some(m) = ferl_vm::atom::Atom::existing(module) else {
            return Vec::new();
        };
        ferl_vm::export::callable_in(m)
            .into_iter()
            .map(|e| (e.function.name().to_string(), e.arity))
            .collect()
    }

    fn version(&self) -> String {
        "13.1.5".to_string()
    }
}

/// The shell is wanted unless erl's flags say otherwise.
fn shell_wanted(args: &[String]) -> bool {
    !args
        .iter()
        .take_while(|a| *a != "-extra")
        .any(|a| a == "-noshell" || a == "-noinput" || a == "-detached")
}

fn start_terminal() -> Option<std::sync::Arc<ferl_shell::Terminal>> {
    use ferl_shell::Event;
    use ferl_vm::bif::tty::{deliver, TtyEvent};
    let terminal = ferl_shell::Terminal::start(
        ferl_shell::Config::from_env(),
        std::sync::Arc::new(ShellHost),
        Box::new(|event| {
            deliver(match event {
                Event::Line(text) => TtyEvent::Line(text),
                Event::Eof => TtyEvent::Eof,
                Event::JobControl => TtyEvent::JobControl,
                Event::Cancelled => TtyEvent::Cancelled,
            })
        }),
    )
    .ok()?;
    let terminal = std::sync::Arc::new(terminal);
    ferl_vm::hooks::set_tty(Box::new(TtyHook(terminal.clone())));
    Some(terminal)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dist = ferl_cli::parse_dist_args(&args);
    if dist.epmd_daemon {
        // The port mapper a node starts when none answers; it outlives that node.
        let port = ferl_dist::epmd::port_from_env();
        if let Err(e) = ferl_dist::epmd_server::run(port) {
            eprintln!("epmd: {e}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
    ferl_vm::dist::set_default_cookie(dist.cookie.clone());
    if let Some(o) = dist.start_options() {
        if let Err(ferl_vm::dist::StartError(text)) = ferl_vm::dist::start(&o) {
            eprint!("{text}");
            std::process::exit(1);
        }
    }
    let mut cfg = ferl_cli::parse_ferl_args(&args);
    cfg.embedded = ferl_stdlib::modules()
        .iter()
        .map(|(name, beam)| (name.to_string(), *beam))
        .collect();
    ferl_vm::hooks::set_syntax(Box::new(SyntaxHook));
    ferl_vm::hooks::set_compiler(Box::new(ferl_cli::compiler_hook::CompilerHook));
    let terminal = if shell_wanted(&args) {
        start_terminal()
    } else {
        None
    };
    let code = ferl_vm::boot(cfg);
    if let Some(t) = terminal {
        t.shutdown();
    }
    std::process::exit(code);
}
