//! The global atom table: one append-only table shared by every process and scheduler.
//!
//! Atoms are read (printed, compared by name) far more often than created, so reading a name
//! by id takes no lock: names live in fixed chunks that are published once and never moved
//! or freed. Creating an atom takes a mutex on the name → id map. Ids are dense `u32`s;
//! the first ones are fixed (see [`predefined`]) so the loader and the BIFs can use constants.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The largest number of atoms, as erl's default.
pub const ATOM_LIMIT: usize = 1_048_576;
/// The longest atom name in characters.
pub const MAX_ATOM_CHARS: usize = 255;

const CHUNK_BITS: usize = 12;
const CHUNK: usize = 1 << CHUNK_BITS;
const CHUNKS: usize = ATOM_LIMIT / CHUNK;

/// An atom id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(pub u32);

type Chunk = Box<[OnceLock<&'static str>]>;

struct Table {
    chunks: [OnceLock<Chunk>; CHUNKS],
    index: Mutex<Index>,
}

struct Index {
    by_name: HashMap<&'static str, u32>,
    count: u32,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let t = Table {
            chunks: [const { OnceLock::new() }; CHUNKS],
            index: Mutex::new(Index {
                by_name: HashMap::new(),
                count: 0,
            }),
        };
        {
            let mut idx = t.index.lock().unwrap_or_else(|e| e.into_inner());
            for name in predefined::NAMES {
                insert_locked(&t, &mut idx, name);
            }
        }
        t
    })
}

fn insert_locked(t: &Table, idx: &mut Index, name: &str) -> u32 {
    let id = idx.count;
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    let chunk = t.chunks[id as usize >> CHUNK_BITS]
        .get_or_init(|| (0..CHUNK).map(|_| OnceLock::new()).collect());
    let _ = chunk[id as usize & (CHUNK - 1)].set(leaked);
    idx.by_name.insert(leaked, id);
    idx.count += 1;
    id
}

/// Why an atom could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomError {
    /// The name has more than 255 characters (`system_limit`).
    TooLong,
    /// The table is full (`system_limit`).
    TableFull,
}

impl Atom {
    /// The atom named `name`, created if new.
    pub fn intern(name: &str) -> Result<Atom, AtomError> {
        if name.chars().count() > MAX_ATOM_CHARS {
            return Err(AtomError::TooLong);
        }
        let t = table();
        let mut idx = t.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = idx.by_name.get(name) {
            return Ok(Atom(id));
        }
        if idx.count as usize >= ATOM_LIMIT {
            return Err(AtomError::TableFull);
        }
        Ok(Atom(insert_locked(t, &mut idx, name)))
    }

    /// The atom named `name`; for names known to be valid (panics never: a too-long or
    /// table-full failure gives `'$invalid_atom'`'s neighbour `undefined`).
    pub fn new(name: &str) -> Atom {
        Atom::intern(name).unwrap_or(predefined::UNDEFINED)
    }

    /// The atom named `name` if it already exists (`list_to_existing_atom`).
    pub fn existing(name: &str) -> Option<Atom> {
        let t = table();
        let idx = t.index.lock().unwrap_or_else(|e| e.into_inner());
        idx.by_name.get(name).map(|&id| Atom(id))
    }

    /// The atom's name.
    pub fn name(self) -> &'static str {
        let t = table();
        t.chunks
            .get(self.0 as usize >> CHUNK_BITS)
            .and_then(|c| c.get())
            .and_then(|c| c[self.0 as usize & (CHUNK - 1)].get())
            .copied()
            .unwrap_or("")
    }

    pub fn index(self) -> u32 {
        self.0
    }
}

/// How many atoms exist.
pub fn atom_count() -> usize {
    let t = table();
    t.index.lock().unwrap_or_else(|e| e.into_inner()).count as usize
}

/// Atoms with fixed ids.
pub mod predefined {
    use super::Atom;
    macro_rules! atoms {
        ($($konst:ident = $name:literal,)*) => {
            pub const NAMES: &[&str] = &[$($name),*];
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #[repr(u32)]
            enum Ids { $($konst),* }
            $( pub const $konst: Atom = Atom(Ids::$konst as u32); )*
        };
    }
    atoms! {
        FALSE = "false",
        TRUE = "true",
        OK = "ok",
        ERROR = "error",
        UNDEFINED = "undefined",
        NIL_ATOM = "nil",
        EXIT_ATOM = "EXIT",
        DOWN = "DOWN",
        NORMAL = "normal",
        KILL = "kill",
        KILLED = "killed",
        NOPROC = "noproc",
        NOCONNECTION = "noconnection",
        PROCESS = "process",
        PORT = "port",
        BADARG = "badarg",
        BADARITH = "badarith",
        BADMATCH = "badmatch",
        BADFUN = "badfun",
        BADARITY = "badarity",
        BADKEY = "badkey",
        BADMAP = "badmap",
        BADRECORD = "badrecord",
        CASE_CLAUSE = "case_clause",
        IF_CLAUSE = "if_clause",
        TRY_CLAUSE = "try_clause",
        FUNCTION_CLAUSE = "function_clause",
        UNDEF = "undef",
        SYSTEM_LIMIT = "system_limit",
        THROW = "throw",
        EXIT = "exit",
        NOCATCH = "nocatch",
        ERLANG = "erlang",
        ERROR_HANDLER = "error_handler",
        UNDEFINED_FUNCTION = "undefined_function",
        UNDEFINED_LAMBDA = "undefined_lambda",
        INFINITY = "infinity",
        TIMEOUT = "timeout",
        TRAP_EXIT = "trap_exit",
        FILE = "file",
        LINE = "line",
        MODULE = "module",
        EXPORTS = "exports",
        ATTRIBUTES = "attributes",
        COMPILE = "compile",
        MD5 = "md5",
        FUNCTIONS = "functions",
        NONODE = "nonode@nohost",
        INIT = "init",
        BOOT = "boot",
        START = "start",
        APPLY = "apply",
        TIMEOUT_VALUE = "timeout_value",
        ALL = "all",
        SET = "set",
        ORDERED_SET = "ordered_set",
        BAG = "bag",
        DUPLICATE_BAG = "duplicate_bag",
        PUBLIC = "public",
        PROTECTED = "protected",
        PRIVATE = "private",
        NAMED_TABLE = "named_table",
        KEYPOS = "keypos",
        UNDERSCORE = "_",
        DOLLAR_UNDERSCORE = "$_",
        DOLLAR_DOLLAR = "$$",
        LATIN1 = "latin1",
        UNICODE = "unicode",
        UTF8 = "utf8",
        INCOMPLETE = "incomplete",
        MESSAGE_QUEUE_LEN = "message_queue_len",
        MESSAGES = "messages",
        LINKS = "links",
        MONITORS = "monitors",
        REGISTERED_NAME = "registered_name",
        STATUS = "status",
        DICTIONARY = "dictionary",
        GROUP_LEADER = "group_leader",
        HEAP_SIZE = "heap_size",
        CURRENT_FUNCTION = "current_function",
        INITIAL_CALL = "initial_call",
        REDUCTIONS = "reductions",
        TRAP_EXIT_FLAG = "trap_exit_flag",
        RUNNING = "running",
        RUNNABLE = "runnable",
        WAITING = "waiting",
        EXITING = "exiting",
        MONITOR = "monitor",
        LINK = "link",
        ERROR_INFO = "error_info",
        CAUSE = "cause",
        EMPTY = "",
        FUN = "fun",
        SPAWN = "spawn",
        FD = "fd",
        DATA = "data",
        EOF = "eof",
        EXIT_STATUS = "exit_status",
        CLOSED = "closed",
        COMMAND = "command",
        STREAM = "stream",
        BINARY = "binary",
        IN = "in",
        OUT = "out",
        USE_STDIO = "use_stdio",
        STDERR_TO_STDOUT = "stderr_to_stdout",
        HIDE = "hide",
        SHORT = "short",
        DECIMALS = "decimals",
        SCIENTIFIC = "scientific",
        COMPACT = "compact",
        MICROSECOND = "microsecond",
        MILLISECOND = "millisecond",
        NANOSECOND = "nanosecond",
        SECOND = "second",
        NATIVE = "native",
        PERF_COUNTER = "perf_counter",
        ABS = "abs",
        MIN_HEAP_SIZE = "min_heap_size",
        PRIORITY = "priority",
        LOW = "low",
        HIGH = "high",
        MAX = "max",
        NOTSUP = "notsup",
        ENOENT = "enoent",
        VALUE = "value",
        NONE = "none",
        ITERATOR = "iterator",
        LOCAL = "local",
        GLOBAL = "global",
        DEMONITOR = "demonitor",
        FLUSH = "flush",
        INFO = "info",
        ALIAS = "alias",
        REPLY_DEMONITOR = "reply_demonitor",
        ON_LOAD = "on_load",
        NOT_PURGED = "not_purged",
        BADFILE = "badfile",
        CODE = "code",
        MONOTONIC = "monotonic",
        POSITIVE = "positive",
        ENDIAN_BIG = "big",
        ENDIAN_LITTLE = "little",
        SIGNED = "signed",
        UNSIGNED = "unsigned",
        INTEGER = "integer",
        FLOAT = "float",
        BITSTRING = "bitstring",
        UTF16 = "utf16",
        UTF32 = "utf32",
        STRING = "string",
        APPEND = "append",
        PRIVATE_APPEND = "private_append",
        EXTERNAL = "external",
        NEW_INDEX = "new_index",
        NEW_UNIQ = "new_uniq",
        INDEX = "index",
        UNIQ = "uniq",
        NAME = "name",
        ARITY = "arity",
        ENV = "env",
        TYPE = "type",
        PID = "pid",
        ENSURE_EXACTLY = "ensure_exactly",
        ENSURE_AT_LEAST = "ensure_at_least",
        SKIP = "skip",
        GET_TAIL = "get_tail",
        EQUAL = "=:=",
        PRE_LOADED = "pre_loaded",
        USER = "user",
        STANDARD_ERROR = "standard_error",
        ATOM = "atom",
        REFERENCE = "reference",
        LIST = "list",
        TUPLE = "tuple",
        MAP = "map",
        NUMBER = "number",
        FUNCTION = "function",
        REF = "ref",
        STACK_SIZE = "stack_size",
        TOTAL_HEAP_SIZE = "total_heap_size",
        MEMORY = "memory",
        SUSPENDED = "suspended",
        GARBAGE_COLLECTING = "garbage_collecting",
        NODE = "node",
        SAFE = "safe",
        USED = "used",
        HIDDEN = "hidden",
        VISIBLE = "visible",
        CONNECTED = "connected",
        THIS = "this",
        KNOWN = "known",
        ERROR_LOGGER = "error_logger",
        LOGGER = "logger",
        EMULATOR = "emulator",
        NOTALIVE = "notalive",
        STACKTRACE = "stacktrace",
        ARGS = "args",
        NOMATCH = "nomatch",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_ids_are_fixed() {
        assert_eq!(Atom::new("true"), predefined::TRUE);
        assert_eq!(Atom::new("EXIT"), predefined::EXIT_ATOM);
        assert_eq!(predefined::ARGS.name(), "args");
        let mut names = predefined::NAMES.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(
            names.len(),
            predefined::NAMES.len(),
            "duplicate predefined atom"
        );
    }

    #[test]
    fn interning_is_idempotent_and_limited() {
        let a = Atom::new("some_new_atom_for_test");
        assert_eq!(a, Atom::new("some_new_atom_for_test"));
        assert_eq!(a.name(), "some_new_atom_for_test");
        assert_eq!(Atom::intern(&"x".repeat(256)), Err(AtomError::TooLong));
        assert!(Atom::intern(&"é".repeat(255)).is_ok());
        assert_eq!(Atom::existing("never_seen_atom_zzz"), None);
    }
}
