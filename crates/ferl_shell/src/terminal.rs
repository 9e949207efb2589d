//! The terminal driver: one thread owns the line editor (or, when stdin is not a terminal,
//! reads plain lines) and answers read requests with [`Event`]s; any thread may print
//! through [`Terminal::put_chars`] at any time. While a read is pending, printed text goes
//! above the prompt, which is drawn again below it, as erl does for output from other
//! processes.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, EditMode, Editor, Event as KeyPress,
    EventContext, EventHandler, ExternalPrinter, KeyEvent, RepeatCount,
};

use crate::break_menu::{self, Outcome};
use crate::config::{Config, Mode};
use crate::editor_helper::ErlangHelper;
use crate::host::Host;

/// What the terminal reports to its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The answer to a read: the text typed, ending in `\n`. From the line editor it holds
    /// a whole expression, possibly over several lines; plain input gives one line.
    Line(String),
    /// End of input: Ctrl-D on an empty line, or stdin closed.
    Eof,
    /// Ctrl-G: the user wants erl's job control (`User switch command`). At the prompt the
    /// pending read is over; while no read is pending (the shell evaluates) it comes
    /// through SIGQUIT. The owner runs the ` --> ` dialogue with more reads.
    JobControl,
    /// The answer to a read that was not done: Ctrl-G came while the shell evaluated, and
    /// the owner asked for an expression before it saw the [`Event::JobControl`]. The
    /// owner asks again once job control is over.
    Cancelled,
}

/// Where events go. The VM's implementation sends a message to the process that owns
/// the terminal; it is called on the terminal thread and must not block.
pub type EventSink = Box<dyn Fn(Event) + Send + Sync>;

/// What a read asks for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ReadKind {
    /// Erlang expressions: Enter ends the input only once it holds a terminating `.`
    /// (or nothing but white space), so an expression can be edited over several lines.
    Expression,
    /// One line, whatever it holds (`io:get_line/1`, the job-control prompt).
    Line,
}

enum Command {
    Read { prompt: String, kind: ReadKind },
    Break,
    JobControl,
    Shutdown,
}

enum Output {
    /// rustyline's printer: above the prompt during a read, straight out otherwise.
    Editor {
        printer: Box<dyn ExternalPrinter + Send>,
    },
    Plain,
}

struct Shared {
    output: Mutex<Output>,
    /// Text printed while the BREAK menu is up, shown once it is left (erl stops every
    /// process during the menu; ours keep running, so their output waits).
    held: Mutex<Option<String>>,
    variables: Arc<Mutex<Vec<String>>>,
    /// Columns in the high half, rows in the low half; 0 when unknown.
    size: AtomicU32,
    /// True while the line editor has the terminal in raw mode.
    editing: AtomicBool,
    shut: AtomicBool,
    original_mode: Mutex<Option<nix::sys::termios::Termios>>,
}

/// A running terminal driver. See the crate documentation for the protocol.
pub struct Terminal {
    shared: Arc<Shared>,
    commands: Sender<Command>,
    tty: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Terminal {
    /// Starts the driver thread. `host` answers completion and BREAK-menu questions;
    /// `events` receives the answers to [`Terminal::request`].
    pub fn start(config: Config, host: Arc<dyn Host>, events: EventSink) -> io::Result<Terminal> {
        let tty =
            config.mode == Mode::Auto && io::stdin().is_terminal() && io::stdout().is_terminal();
        let variables = Arc::new(Mutex::new(Vec::new()));
        let (commands, receiver) = mpsc::channel();
        let mut shared = Shared {
            output: Mutex::new(Output::Plain),
            held: Mutex::new(None),
            variables: Arc::clone(&variables),
            size: AtomicU32::new(0),
            editing: AtomicBool::new(false),
            shut: AtomicBool::new(false),
            original_mode: Mutex::new(None),
        };
        if tty {
            let original = nix::sys::termios::tcgetattr(io::stdin()).ok();
            if let Some(mode) = &original {
                set_mode(&busy_mode(mode));
                restore_on_panic(mode.clone());
            }
            shared.original_mode = Mutex::new(original);
            let expression = Arc::new(AtomicBool::new(true));
            let mut editor = new_editor(&config, host.clone(), variables, Arc::clone(&expression))?;
            let printer = editor.create_external_printer().map_err(to_io)?;
            shared.output = Mutex::new(Output::Editor {
                printer: Box::new(printer),
            });
            if let Some((cols, rows)) = editor.dimensions() {
                shared.size.store(pack(cols, rows), Ordering::Relaxed);
            }
            let shared = Arc::new(shared);
            spawn_signal_thread(commands.clone(), Arc::clone(&shared), Arc::clone(&host));
            let thread_shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("ferl-tty".into())
                .spawn(move || {
                    EditorLoop {
                        editor,
                        expression,
                        history_file: config.history_file,
                        host,
                        events,
                        shared: thread_shared,
                        job_control_armed: false,
                    }
                    .run(receiver)
                })?;
            Ok(Terminal {
                shared,
                commands,
                tty,
            })
        } else {
            let shared = Arc::new(shared);
            let thread_shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("ferl-tty".into())
                .spawn(move || plain_loop(receiver, events, thread_shared))?;
            Ok(Terminal {
                shared,
                commands,
                tty,
            })
        }
    }

    /// True when the line editor drives a real terminal; false for plain lines.
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    /// Asks for input shown after `prompt`; the answer comes later as one [`Event`].
    /// A request made while another is pending is answered after it.
    pub fn request(&self, prompt: &str, kind: ReadKind) {
        trace(&format!("request {prompt:?} {kind:?}"));
        let _ = self.commands.send(Command::Read {
            prompt: prompt.to_string(),
            kind,
        });
    }

    /// Prints `text` now: above the prompt while a read is pending, as it comes otherwise.
    pub fn put_chars(&self, text: &str) {
        if text.is_empty() || self.shared.shut.load(Ordering::SeqCst) {
            return;
        }
        trace(&format!("put_chars {text:?}"));
        if let Some(held) = lock(&self.shared.held).as_mut() {
            held.push_str(text);
            return;
        }
        write_out(&self.shared, text.to_string());
    }

    /// The names of the shell's bound variables, offered by Tab completion.
    pub fn set_variables(&self, names: Vec<String>) {
        *lock(&self.shared.variables) = names;
    }

    /// (columns, rows) of the terminal as of the last prompt; `None` when not a terminal.
    pub fn size(&self) -> Option<(u16, u16)> {
        let packed = self.shared.size.load(Ordering::Relaxed);
        (packed != 0).then_some(((packed >> 16) as u16, packed as u16))
    }

    /// Shows the BREAK menu, as Ctrl-C does while the shell is evaluating.
    pub fn show_break_menu(&self) {
        let _ = self.commands.send(Command::Break);
    }

    /// Gives the terminal back as it was found (cooked mode, even in the middle of a read)
    /// and stops answering. Called by the runtime before it exits; safe to call twice.
    pub fn shutdown(&self) {
        if self.shared.shut.swap(true, Ordering::SeqCst) {
            return;
        }
        let _ = self.commands.send(Command::Shutdown);
        if let Some(mode) = &*lock(&self.shared.original_mode) {
            let _ =
                nix::sys::termios::tcsetattr(io::stdin(), nix::sys::termios::SetArg::TCSANOW, mode);
        }
        if self.shared.editing.load(Ordering::SeqCst) {
            let _ = io::stdout().write_all(b"\n");
        }
        let _ = io::stdout().flush();
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn pack(cols: u16, rows: u16) -> u32 {
    (u32::from(cols) << 16) | u32::from(rows)
}

fn to_io(e: ReadlineError) -> io::Error {
    match e {
        ReadlineError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

fn write_out(shared: &Shared, text: String) {
    match &mut *lock(&shared.output) {
        Output::Editor { printer } => {
            let _ = printer.print(text);
        }
        Output::Plain => {
            let mut out = io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }
}

/// Remembers which key ended a read with `Cmd::Interrupt`, and the line it left behind.
#[derive(Default)]
struct KeyMemo {
    job_control: AtomicBool,
    line: Mutex<Option<(String, usize)>>,
}

struct InterruptKey {
    memo: Arc<KeyMemo>,
    job_control: bool,
}

impl ConditionalEventHandler for InterruptKey {
    fn handle(
        &self,
        _evt: &KeyPress,
        _n: RepeatCount,
        _positive: bool,
        ctx: &EventContext,
    ) -> Option<Cmd> {
        self.memo
            .job_control
            .store(self.job_control, Ordering::SeqCst);
        *lock(&self.memo.line) = Some((ctx.line().to_string(), ctx.pos()));
        Some(Cmd::Interrupt)
    }
}

type ErlEditor = Editor<ErlangHelper, FileHistory>;

fn new_editor(
    config: &Config,
    host: Arc<dyn Host>,
    variables: Arc<Mutex<Vec<String>>>,
    expression: Arc<AtomicBool>,
) -> io::Result<ErlEditor> {
    let rl_config = rustyline::Config::builder()
        .edit_mode(EditMode::Emacs)
        .completion_type(CompletionType::List)
        .max_history_size(config.history_size)
        .map_err(to_io)?
        .history_ignore_dups(true)
        .map_err(to_io)?
        .auto_add_history(false)
        .build();
    let mut editor: ErlEditor = Editor::with_config(rl_config).map_err(to_io)?;
    editor.set_helper(Some(ErlangHelper::new(host, variables, expression)));
    if let Some(path) = &config.history_file {
        // A missing or unreadable file starts an empty history, as erl does.
        let _ = editor.load_history(path);
    }
    Ok(editor)
}

struct EditorLoop {
    editor: ErlEditor,
    /// Shared with the editor's validator: whether the pending read wants an expression.
    expression: Arc<AtomicBool>,
    history_file: Option<std::path::PathBuf>,
    host: Arc<dyn Host>,
    events: EventSink,
    shared: Arc<Shared>,
    /// Ctrl-G came through SIGQUIT and the owner has not started job control yet.
    job_control_armed: bool,
}

impl EditorLoop {
    fn run(mut self, commands: Receiver<Command>) {
        let memo = Arc::new(KeyMemo::default());
        for (key, job_control) in [(KeyEvent::ctrl('C'), false), (KeyEvent::ctrl('G'), true)] {
            self.editor.bind_sequence(
                key,
                EventHandler::Conditional(Box::new(InterruptKey {
                    memo: Arc::clone(&memo),
                    job_control,
                })),
            );
        }
        while let Ok(command) = commands.recv() {
            match command {
                Command::Read {
                    kind: ReadKind::Expression,
                    ..
                } if self.job_control_armed => {
                    (self.events)(Event::Cancelled);
                }
                Command::Read { prompt, kind } => {
                    self.job_control_armed = false;
                    self.expression
                        .store(kind == ReadKind::Expression, Ordering::SeqCst);
                    self.read(&prompt, &memo);
                }
                Command::Break => {
                    self.break_menu(true);
                }
                Command::JobControl => {
                    // Until the owner's job-control dialogue asks for a line, reads it
                    // asked for before it saw this event are void.
                    self.job_control_armed = true;
                    (self.events)(Event::JobControl);
                }
                Command::Shutdown => break,
            }
            if self.shared.shut.load(Ordering::SeqCst) {
                break;
            }
        }
    }

    fn read(&mut self, prompt: &str, memo: &KeyMemo) {
        let mut initial: (String, usize) = (String::new(), 0);
        loop {
            if let Some((cols, rows)) = self.editor.dimensions() {
                self.shared.size.store(pack(cols, rows), Ordering::Relaxed);
            }
            let (left, right) = initial.0.split_at(initial.1.min(initial.0.len()));
            trace(&format!("readline {prompt:?}"));
            self.shared.editing.store(true, Ordering::SeqCst);
            let result = self.editor.readline_with_initial(prompt, (left, right));
            self.shared.editing.store(false, Ordering::SeqCst);
            trace(&format!("readline {prompt:?} -> {result:?}"));
            if self.shared.shut.load(Ordering::SeqCst) {
                return;
            }
            match result {
                Ok(line) => {
                    if self.expression.load(Ordering::SeqCst) {
                        self.remember(&line);
                    }
                    (self.events)(Event::Line(line + "\n"));
                    return;
                }
                Err(ReadlineError::Interrupted) if memo.job_control.load(Ordering::SeqCst) => {
                    (self.events)(Event::JobControl);
                    return;
                }
                Err(ReadlineError::Interrupted) => {
                    if !self.break_menu(false) {
                        return;
                    }
                    initial = lock(&memo.line).take().unwrap_or_default();
                }
                Err(ReadlineError::Signal(_)) => continue,
                Err(_) => {
                    (self.events)(Event::Eof);
                    return;
                }
            }
        }
    }

    fn remember(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        if let Ok(true) = self.editor.add_history_entry(line) {
            if let Some(path) = &self.history_file {
                // Appending after every entry keeps concurrent shells from overwriting each
                // other's history and loses nothing when the runtime is killed.
                let _ = self.editor.append_history(path);
            }
        }
    }

    /// Runs the BREAK menu; false when the runtime is being aborted.
    fn break_menu(&mut self, leading_newline: bool) -> bool {
        *lock(&self.shared.held) = Some(String::new());
        // The answer is typed in cooked mode with echo, as in the original mode.
        let original = lock(&self.shared.original_mode).clone();
        if let Some(mode) = &original {
            set_mode(mode);
        }
        // After Ctrl-C at the prompt the line editor has already ended its line, and erl's
        // menu starts right below the prompt.
        let outcome = break_menu::run_on_stdio(self.host.as_ref(), leading_newline);
        if let Some(mode) = &original {
            set_mode(&busy_mode(mode));
        }
        let held = lock(&self.shared.held).take().unwrap_or_default();
        match outcome {
            Outcome::Continue => {
                let _ = io::stdout().flush();
                if !held.is_empty() {
                    write_out(&self.shared, held);
                }
                true
            }
            Outcome::Abort { dump } => {
                self.shared.shut.store(true, Ordering::SeqCst);
                if let Some(mode) = &original {
                    set_mode(mode);
                }
                let _ = io::stdout().flush();
                self.host.abort(dump);
                false
            }
        }
    }
}

/// The terminal's mode while no read is pending (the shell evaluates): the line editor
/// reads nothing, yet erl answers Ctrl-C with the BREAK menu and Ctrl-G with job control
/// (to interrupt a runaway evaluation). Ctrl-C raises SIGINT there; Ctrl-G is made to
/// raise SIGQUIT (its usual key, Ctrl-\\, then does nothing) until the terminal is given
/// back. Keys typed ahead are not echoed: the line editor shows them after the next
/// prompt, once. The line editor saves and restores this mode around each read.
fn busy_mode(original: &nix::sys::termios::Termios) -> nix::sys::termios::Termios {
    use nix::sys::termios::{LocalFlags, SpecialCharacterIndices};
    let mut busy = original.clone();
    busy.control_chars[SpecialCharacterIndices::VQUIT as usize] = 0x07;
    busy.local_flags
        .remove(LocalFlags::ECHO | LocalFlags::ECHOCTL);
    busy
}

/// A panic anywhere must not leave the user's terminal without echo (or with Ctrl-G as its
/// quit key): give the mode back first, then let the previous hook report the panic.
fn restore_on_panic(original: nix::sys::termios::Termios) {
    let original = Mutex::new(original);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        set_mode(&lock(&original));
        previous(info);
    }));
}

fn set_mode(mode: &nix::sys::termios::Termios) {
    let _ = nix::sys::termios::tcsetattr(io::stdin(), nix::sys::termios::SetArg::TCSANOW, mode);
}

fn spawn_signal_thread(commands: Sender<Command>, shared: Arc<Shared>, host: Arc<dyn Host>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGQUIT, SIGTERM, SIGHUP])
    else {
        return;
    };
    let _ = thread::Builder::new()
        .name("ferl-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if signal == SIGTERM || signal == SIGHUP {
                    // The terminal first: a killed runtime must not leave it without echo.
                    shared.shut.store(true, Ordering::SeqCst);
                    if let Some(mode) = &*lock(&shared.original_mode) {
                        set_mode(mode);
                    }
                    host.terminate(signal);
                    continue;
                }
                if signal == SIGINT && lock(&shared.held).is_some() {
                    // Ctrl-C again in the BREAK menu: erl leaves at once.
                    shared.shut.store(true, Ordering::SeqCst);
                    if let Some(mode) = &*lock(&shared.original_mode) {
                        let _ = nix::sys::termios::tcsetattr(
                            io::stdin(),
                            nix::sys::termios::SetArg::TCSANOW,
                            mode,
                        );
                    }
                    host.abort(false);
                    continue;
                }
                let command = if signal == SIGQUIT {
                    Command::JobControl
                } else {
                    Command::Break
                };
                if commands.send(command).is_err() {
                    break;
                }
            }
        });
}

/// With FERL_TTY_TRACE=file, what the terminal thread does goes there, with the time:
/// for finding out, in a test that failed, who waited for whom.
fn trace(what: &str) {
    static FILE: std::sync::OnceLock<Option<Mutex<std::fs::File>>> = std::sync::OnceLock::new();
    let file = FILE.get_or_init(|| {
        let path = std::env::var_os("FERL_TTY_TRACE")?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(Mutex::new)
    });
    if let Some(file) = file {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let _ = writeln!(lock(file), "{now} {what}");
    }
}

/// A line of plain input: UTF-8 when it is, else Latin-1 (one character per byte, as erl
/// reads a non-terminal), never an error.
fn decode_line(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|e| e.into_bytes().into_iter().map(char::from).collect())
}

/// No terminal: print the prompt, read one line, echo nothing.
fn plain_loop(commands: Receiver<Command>, events: EventSink, shared: Arc<Shared>) {
    let stdin = io::stdin();
    while let Ok(command) = commands.recv() {
        match command {
            Command::Read { prompt, .. } => {
                write_out(&shared, prompt);
                let mut bytes = Vec::new();
                let event = match stdin.lock().read_until(b'\n', &mut bytes) {
                    Ok(0) | Err(_) => Event::Eof,
                    Ok(_) => {
                        let mut line = decode_line(bytes);
                        if !line.ends_with('\n') {
                            line.push('\n');
                        }
                        Event::Line(line)
                    }
                };
                if shared.shut.load(Ordering::SeqCst) {
                    return;
                }
                events(event);
            }
            Command::Break | Command::JobControl => {}
            Command::Shutdown => return,
        }
    }
}
