//! Which `erlang` functions the BEAM runs as instructions (`bif`, `gc_bif`, type tests)
//! rather than calls, and which ones are allowed in guards. The lists follow what erlc
//! emits for OTP 25.

/// `gc_bif`: may allocate, so it takes a live register count.
pub fn is_gc_bif(name: &str, arity: usize) -> bool {
    matches!(
        (name, arity),
        ("abs", 1)
            | ("float", 1)
            | ("round", 1)
            | ("trunc", 1)
            | ("length", 1)
            | ("size", 1)
            | ("bit_size", 1)
            | ("byte_size", 1)
            | ("map_size", 1)
            | ("ceil", 1)
            | ("floor", 1)
            | ("-", 1)
            | ("+", 1)
            | ("bnot", 1)
            | ("+", 2)
            | ("-", 2)
            | ("*", 2)
            | ("/", 2)
            | ("div", 2)
            | ("rem", 2)
            | ("band", 2)
            | ("bor", 2)
            | ("bxor", 2)
            | ("bsl", 2)
            | ("bsr", 2)
            | ("binary_part", 2)
            | ("binary_part", 3)
    )
}

/// Plain `bif`: no allocation.
pub fn is_plain_bif(name: &str, arity: usize) -> bool {
    matches!(
        (name, arity),
        ("tuple_size", 1)
            | ("element", 2)
            | ("hd", 1)
            | ("tl", 1)
            | ("node", 1)
            | ("node", 0)
            | ("self", 0)
            | ("map_get", 2)
            | ("is_map_key", 2)
            | ("not", 1)
            | ("and", 2)
            | ("or", 2)
            | ("xor", 2)
            | ("==", 2)
            | ("/=", 2)
            | ("=<", 2)
            | ("<", 2)
            | (">=", 2)
            | (">", 2)
            | ("=:=", 2)
            | ("=/=", 2)
            | ("is_function", 2)
    ) || type_test(name, arity).is_some()
}

/// A BIF run as an instruction.
pub fn is_inline_bif(name: &str, arity: usize) -> bool {
    is_gc_bif(name, arity) || is_plain_bif(name, arity)
}

/// The type-test instruction for `erlang:Name/1` (and `is_function/2`).
pub fn type_test(name: &str, arity: usize) -> Option<u8> {
    use ferl_beam::opcodes::op;
    Some(match (name, arity) {
        ("is_integer", 1) => op::IS_INTEGER,
        ("is_float", 1) => op::IS_FLOAT,
        ("is_number", 1) => op::IS_NUMBER,
        ("is_atom", 1) => op::IS_ATOM,
        ("is_pid", 1) => op::IS_PID,
        ("is_reference", 1) => op::IS_REFERENCE,
        ("is_port", 1) => op::IS_PORT,
        ("is_binary", 1) => op::IS_BINARY,
        ("is_bitstring", 1) => op::IS_BITSTR,
        ("is_list", 1) => op::IS_LIST,
        ("is_tuple", 1) => op::IS_TUPLE,
        ("is_function", 1) => op::IS_FUNCTION,
        ("is_boolean", 1) => op::IS_BOOLEAN,
        ("is_map", 1) => op::IS_MAP,
        ("is_function", 2) => op::IS_FUNCTION2,
        _ => return None,
    })
}

/// Functions allowed in guards (besides operators): type tests and the guard BIFs.
pub fn is_guard_bif(name: &str, arity: usize) -> bool {
    is_inline_bif(name, arity) || matches!((name, arity), ("is_record", 2) | ("is_record", 3))
}

/// The comparison test instruction for an operator, and whether its operands swap.
pub fn comparison(name: &str) -> Option<(u8, bool)> {
    use ferl_beam::opcodes::op;
    Some(match name {
        "<" => (op::IS_LT, false),
        ">" => (op::IS_LT, true),
        ">=" => (op::IS_GE, false),
        "=<" => (op::IS_GE, true),
        "==" => (op::IS_EQ, false),
        "/=" => (op::IS_NE, false),
        "=:=" => (op::IS_EQ_EXACT, false),
        "=/=" => (op::IS_NE_EXACT, false),
        _ => return None,
    })
}

/// The test with the opposite outcome, for a comparison.
pub fn negated_comparison(name: &str) -> Option<&'static str> {
    Some(match name {
        "<" => ">=",
        ">" => "=<",
        ">=" => "<",
        "=<" => ">",
        "==" => "/=",
        "/=" => "==",
        "=:=" => "=/=",
        "=/=" => "=:=",
        _ => return None,
    })
}

/// The BIFs callable without a module name (erl_internal's auto-imported list for OTP 25).
pub fn is_auto_imported(name: &str, arity: usize) -> bool {
    let arities: &[usize] = match name {
        "abs"
        | "atom_to_list"
        | "binary_to_float"
        | "bit_size"
        | "bitstring_to_list"
        | "byte_size"
        | "ceil"
        | "check_old_code"
        | "delete_module"
        | "disconnect_node"
        | "float"
        | "floor"
        | "hd"
        | "iolist_size"
        | "iolist_to_binary"
        | "is_atom"
        | "is_binary"
        | "is_bitstring"
        | "is_boolean"
        | "is_float"
        | "is_integer"
        | "is_list"
        | "is_map"
        | "is_number"
        | "is_pid"
        | "is_port"
        | "is_process_alive"
        | "is_reference"
        | "is_tuple"
        | "length"
        | "link"
        | "list_to_atom"
        | "list_to_binary"
        | "list_to_bitstring"
        | "list_to_existing_atom"
        | "list_to_float"
        | "list_to_pid"
        | "list_to_port"
        | "list_to_ref"
        | "list_to_tuple"
        | "map_size"
        | "module_loaded"
        | "pid_to_list"
        | "port_close"
        | "port_to_list"
        | "purge_module"
        | "ref_to_list"
        | "round"
        | "size"
        | "throw"
        | "tl"
        | "trunc"
        | "tuple_size"
        | "tuple_to_list"
        | "unlink"
        | "unregister"
        | "whereis"
        | "spawn_request_abandon"
        | "unalias"
        | "term_to_iovec_1" => &[1],
        "apply" => &[2, 3],
        "atom_to_binary"
        | "binary_to_atom"
        | "binary_to_existing_atom"
        | "binary_to_integer"
        | "float_to_binary"
        | "float_to_list"
        | "integer_to_binary"
        | "integer_to_list"
        | "list_to_integer"
        | "term_to_binary"
        | "term_to_iovec"
        | "binary_to_term"
        | "demonitor" => &[1, 2],
        "binary_part" => &[2, 3],
        "binary_to_list" => &[1, 3],
        "check_process_code" => &[2, 3],
        "date" | "is_alive" | "make_ref" | "now" | "pre_loaded" | "processes" | "registered"
        | "self" | "time" => &[0],
        "element" | "is_map_key" | "map_get" | "max" | "min" | "open_port" | "put" | "register"
        | "setelement_2" | "split_binary" => &[2],
        "setelement" | "port_control" => &[3],
        "erase" | "get" | "get_keys" | "node" | "nodes" | "alias" => &[0, 1],
        "error" => &[1, 2, 3],
        "exit" => &[1, 2],
        "garbage_collect" => &[0, 1, 2],
        "group_leader" => &[0, 2],
        "halt" => &[0, 1, 2],
        "is_function" => &[1, 2],
        "is_record" => &[2, 3],
        "load_module" | "port_connect" => &[2],
        "monitor" | "monitor_node" | "port_command" | "process_flag" => &[2, 3],
        "process_info" => &[1, 2],
        "spawn" | "spawn_link" | "spawn_monitor" => &[1, 2, 3, 4],
        "spawn_opt" => &[2, 3, 4, 5],
        "spawn_request" => &[1, 2, 3, 4, 5],
        "statistics" => &[1],
        _ => &[],
    };
    arities.contains(&arity)
}

/// Auto-imported BIFs that existed before R14: a local function of the same name and
/// arity makes a call ambiguous (an error) unless `no_auto_import` says otherwise. Newer
/// auto-imported BIFs are silently overridden by local functions.
pub fn is_old_bif(name: &str, arity: usize) -> bool {
    let newer = matches!(
        (name, arity),
        ("binary_to_integer", _)
            | ("integer_to_binary", _)
            | ("binary_to_float", 1)
            | ("float_to_binary", _)
            | ("ceil", 1)
            | ("floor", 1)
            | ("map_size", 1)
            | ("is_map", 1)
            | ("map_get", 2)
            | ("is_map_key", 2)
            | ("atom_to_binary", 1)
            | ("binary_to_atom", 1)
            | ("binary_to_existing_atom", 1)
            | ("min", 2)
            | ("max", 2)
            | ("spawn_request", _)
            | ("spawn_request_abandon", 1)
            | ("alias", _)
            | ("unalias", 1)
            | ("term_to_iovec", _)
            | ("monitor", 3)
            | ("error", 3)
            | ("halt", 2)
            | ("get_keys", 0)
            | ("is_function", 2)
            | ("binary_part", _)
            | ("list_to_ref", 1)
            | ("list_to_port", 1)
            | ("port_to_list", 1)
            | ("ref_to_list", 1)
    );
    is_auto_imported(name, arity) && !newer
}
