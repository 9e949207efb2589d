//! The generic instruction set: every opcode a .beam file may hold, with its arity and the
//! OTP release that introduced it.
//!
//! The numbers and arities are part of the file format; they are listed here from the
//! documented instruction set (The BEAM Book, the ERTS sources' description of the format)
//! and checked by the tests against files written by real erlc. Opcodes marked obsolete are
//! still decodable (the arity is known) but no OTP 24+ compiler emits them, and OTP's own
//! loader rejects them.

/// What the format says about one opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpInfo {
    pub opcode: u8,
    pub name: &'static str,
    pub arity: u8,
    /// The OTP release whose compiler first emitted it (0: before R15, always there).
    pub since: u8,
    /// Obsolete: no longer emitted, and refused by OTP's own loader.
    pub obsolete: bool,
}

macro_rules! opcodes {
    ($( $num:literal $konst:ident $name:literal / $arity:literal since $since:literal $(obsolete $obs:tt)? ;)*) => {
        /// Opcode numbers as named constants.
        pub mod op {
            $( pub const $konst: u8 = $num; )*
        }
        const TABLE: &[OpInfo] = &[
            $( OpInfo { opcode: $num, name: $name, arity: $arity, since: $since,
                        obsolete: opcodes!(@obs $($obs)?) }, )*
        ];
    };
    (@obs) => { false };
    (@obs $x:tt) => { true };
}

opcodes! {
    1 LABEL "label"/1 since 0;
    2 FUNC_INFO "func_info"/3 since 0;
    3 INT_CODE_END "int_code_end"/0 since 0;
    4 CALL "call"/2 since 0;
    5 CALL_LAST "call_last"/3 since 0;
    6 CALL_ONLY "call_only"/2 since 0;
    7 CALL_EXT "call_ext"/2 since 0;
    8 CALL_EXT_LAST "call_ext_last"/3 since 0;
    9 BIF0 "bif0"/2 since 0;
    10 BIF1 "bif1"/4 since 0;
    11 BIF2 "bif2"/5 since 0;
    12 ALLOCATE "allocate"/2 since 0;
    13 ALLOCATE_HEAP "allocate_heap"/3 since 0;
    14 ALLOCATE_ZERO "allocate_zero"/2 since 0;
    15 ALLOCATE_HEAP_ZERO "allocate_heap_zero"/3 since 0;
    16 TEST_HEAP "test_heap"/2 since 0;
    17 INIT "init"/1 since 0;
    18 DEALLOCATE "deallocate"/1 since 0;
    19 RETURN "return"/0 since 0;
    20 SEND "send"/0 since 0;
    21 REMOVE_MESSAGE "remove_message"/0 since 0;
    22 TIMEOUT "timeout"/0 since 0;
    23 LOOP_REC "loop_rec"/2 since 0;
    24 LOOP_REC_END "loop_rec_end"/1 since 0;
    25 WAIT "wait"/1 since 0;
    26 WAIT_TIMEOUT "wait_timeout"/2 since 0;
    27 M_PLUS "m_plus"/4 since 0 obsolete x;
    28 M_MINUS "m_minus"/4 since 0 obsolete x;
    29 M_TIMES "m_times"/4 since 0 obsolete x;
    30 M_DIV "m_div"/4 since 0 obsolete x;
    31 INT_DIV "int_div"/4 since 0 obsolete x;
    32 INT_REM "int_rem"/4 since 0 obsolete x;
    33 INT_BAND "int_band"/4 since 0 obsolete x;
    34 INT_BOR "int_bor"/4 since 0 obsolete x;
    35 INT_BXOR "int_bxor"/4 since 0 obsolete x;
    36 INT_BSL "int_bsl"/4 since 0 obsolete x;
    37 INT_BSR "int_bsr"/4 since 0 obsolete x;
    38 INT_BNOT "int_bnot"/3 since 0 obsolete x;
    39 IS_LT "is_lt"/3 since 0;
    40 IS_GE "is_ge"/3 since 0;
    41 IS_EQ "is_eq"/3 since 0;
    42 IS_NE "is_ne"/3 since 0;
    43 IS_EQ_EXACT "is_eq_exact"/3 since 0;
    44 IS_NE_EXACT "is_ne_exact"/3 since 0;
    45 IS_INTEGER "is_integer"/2 since 0;
    46 IS_FLOAT "is_float"/2 since 0;
    47 IS_NUMBER "is_number"/2 since 0;
    48 IS_ATOM "is_atom"/2 since 0;
    49 IS_PID "is_pid"/2 since 0;
    50 IS_REFERENCE "is_reference"/2 since 0;
    51 IS_PORT "is_port"/2 since 0;
    52 IS_NIL "is_nil"/2 since 0;
    53 IS_BINARY "is_binary"/2 since 0;
    54 IS_CONSTANT "is_constant"/2 since 0 obsolete x;
    55 IS_LIST "is_list"/2 since 0;
    56 IS_NONEMPTY_LIST "is_nonempty_list"/2 since 0;
    57 IS_TUPLE "is_tuple"/2 since 0;
    58 TEST_ARITY "test_arity"/3 since 0;
    59 SELECT_VAL "select_val"/3 since 0;
    60 SELECT_TUPLE_ARITY "select_tuple_arity"/3 since 0;
    61 JUMP "jump"/1 since 0;
    62 CATCH "catch"/2 since 0;
    63 CATCH_END "catch_end"/1 since 0;
    64 MOVE "move"/2 since 0;
    65 GET_LIST "get_list"/3 since 0;
    66 GET_TUPLE_ELEMENT "get_tuple_element"/3 since 0;
    67 SET_TUPLE_ELEMENT "set_tuple_element"/3 since 0;
    68 PUT_STRING "put_string"/3 since 0 obsolete x;
    69 PUT_LIST "put_list"/3 since 0;
    70 PUT_TUPLE "put_tuple"/2 since 0 obsolete x;
    71 PUT "put"/1 since 0 obsolete x;
    72 BADMATCH "badmatch"/1 since 0;
    73 IF_END "if_end"/0 since 0;
    74 CASE_END "case_end"/1 since 0;
    75 CALL_FUN "call_fun"/1 since 0;
    76 MAKE_FUN "make_fun"/3 since 0 obsolete x;
    77 IS_FUNCTION "is_function"/2 since 0;
    78 CALL_EXT_ONLY "call_ext_only"/2 since 0;
    79 BS_START_MATCH "bs_start_match"/2 since 0 obsolete x;
    80 BS_GET_INTEGER "bs_get_integer"/5 since 0 obsolete x;
    81 BS_GET_FLOAT "bs_get_float"/5 since 0 obsolete x;
    82 BS_GET_BINARY "bs_get_binary"/5 since 0 obsolete x;
    83 BS_SKIP_BITS "bs_skip_bits"/4 since 0 obsolete x;
    84 BS_TEST_TAIL "bs_test_tail"/2 since 0 obsolete x;
    85 BS_SAVE "bs_save"/1 since 0 obsolete x;
    86 BS_RESTORE "bs_restore"/1 since 0 obsolete x;
    87 BS_INIT "bs_init"/2 since 0 obsolete x;
    88 BS_FINAL "bs_final"/2 since 0 obsolete x;
    89 BS_PUT_INTEGER "bs_put_integer"/5 since 0;
    90 BS_PUT_BINARY "bs_put_binary"/5 since 0;
    91 BS_PUT_FLOAT "bs_put_float"/5 since 0;
    92 BS_PUT_STRING "bs_put_string"/2 since 0;
    93 BS_NEED_BUF "bs_need_buf"/1 since 0 obsolete x;
    94 FCLEARERROR "fclearerror"/0 since 0;
    95 FCHECKERROR "fcheckerror"/1 since 0;
    96 FMOVE "fmove"/2 since 0;
    97 FCONV "fconv"/2 since 0;
    98 FADD "fadd"/4 since 0;
    99 FSUB "fsub"/4 since 0;
    100 FMUL "fmul"/4 since 0;
    101 FDIV "fdiv"/4 since 0;
    102 FNEGATE "fnegate"/3 since 0;
    103 MAKE_FUN2 "make_fun2"/1 since 0;
    104 TRY "try"/2 since 0;
    105 TRY_END "try_end"/1 since 0;
    106 TRY_CASE "try_case"/1 since 0;
    107 TRY_CASE_END "try_case_end"/1 since 0;
    108 RAISE "raise"/2 since 0;
    109 BS_INIT2 "bs_init2"/6 since 0;
    110 BS_BITS_TO_BYTES "bs_bits_to_bytes"/3 since 0 obsolete x;
    111 BS_ADD "bs_add"/5 since 0;
    112 APPLY "apply"/1 since 0;
    113 APPLY_LAST "apply_last"/2 since 0;
    114 IS_BOOLEAN "is_boolean"/2 since 0;
    115 IS_FUNCTION2 "is_function2"/3 since 0;
    116 BS_START_MATCH2 "bs_start_match2"/5 since 0;
    117 BS_GET_INTEGER2 "bs_get_integer2"/7 since 0;
    118 BS_GET_FLOAT2 "bs_get_float2"/7 since 0;
    119 BS_GET_BINARY2 "bs_get_binary2"/7 since 0;
    120 BS_SKIP_BITS2 "bs_skip_bits2"/5 since 0;
    121 BS_TEST_TAIL2 "bs_test_tail2"/3 since 0;
    122 BS_SAVE2 "bs_save2"/2 since 0;
    123 BS_RESTORE2 "bs_restore2"/2 since 0;
    124 GC_BIF1 "gc_bif1"/5 since 0;
    125 GC_BIF2 "gc_bif2"/6 since 0;
    126 BS_FINAL2 "bs_final2"/2 since 0 obsolete x;
    127 BS_BITS_TO_BYTES2 "bs_bits_to_bytes2"/2 since 0 obsolete x;
    128 PUT_LITERAL "put_literal"/2 since 0 obsolete x;
    129 IS_BITSTR "is_bitstr"/2 since 0;
    130 BS_CONTEXT_TO_BINARY "bs_context_to_binary"/1 since 0;
    131 BS_TEST_UNIT "bs_test_unit"/3 since 0;
    132 BS_MATCH_STRING "bs_match_string"/4 since 0;
    133 BS_INIT_WRITABLE "bs_init_writable"/0 since 0;
    134 BS_APPEND "bs_append"/8 since 0;
    135 BS_PRIVATE_APPEND "bs_private_append"/6 since 0;
    136 TRIM "trim"/2 since 0;
    137 BS_INIT_BITS "bs_init_bits"/6 since 0;
    138 BS_GET_UTF8 "bs_get_utf8"/5 since 0;
    139 BS_SKIP_UTF8 "bs_skip_utf8"/4 since 0;
    140 BS_GET_UTF16 "bs_get_utf16"/5 since 0;
    141 BS_SKIP_UTF16 "bs_skip_utf16"/4 since 0;
    142 BS_GET_UTF32 "bs_get_utf32"/5 since 0;
    143 BS_SKIP_UTF32 "bs_skip_utf32"/4 since 0;
    144 BS_UTF8_SIZE "bs_utf8_size"/3 since 0;
    145 BS_PUT_UTF8 "bs_put_utf8"/3 since 0;
    146 BS_UTF16_SIZE "bs_utf16_size"/3 since 0;
    147 BS_PUT_UTF16 "bs_put_utf16"/3 since 0;
    148 BS_PUT_UTF32 "bs_put_utf32"/3 since 0;
    149 ON_LOAD "on_load"/0 since 0;
    150 RECV_MARK "recv_mark"/1 since 0;
    151 RECV_SET "recv_set"/1 since 0;
    152 GC_BIF3 "gc_bif3"/7 since 0;
    153 LINE "line"/1 since 15;
    154 PUT_MAP_ASSOC "put_map_assoc"/5 since 17;
    155 PUT_MAP_EXACT "put_map_exact"/5 since 17;
    156 IS_MAP "is_map"/2 since 17;
    157 HAS_MAP_FIELDS "has_map_fields"/3 since 17;
    158 GET_MAP_ELEMENTS "get_map_elements"/3 since 17;
    159 IS_TAGGED_TUPLE "is_tagged_tuple"/4 since 18;
    160 BUILD_STACKTRACE "build_stacktrace"/0 since 21;
    161 RAW_RAISE "raw_raise"/0 since 21;
    162 GET_HD "get_hd"/2 since 21;
    163 GET_TL "get_tl"/2 since 21;
    164 PUT_TUPLE2 "put_tuple2"/2 since 22;
    165 BS_GET_TAIL "bs_get_tail"/3 since 22;
    166 BS_START_MATCH3 "bs_start_match3"/4 since 22;
    167 BS_GET_POSITION "bs_get_position"/3 since 22;
    168 BS_SET_POSITION "bs_set_position"/2 since 22;
    169 SWAP "swap"/2 since 23;
    170 BS_START_MATCH4 "bs_start_match4"/4 since 23;
    171 MAKE_FUN3 "make_fun3"/3 since 24;
    172 INIT_YREGS "init_yregs"/1 since 24;
    173 RECV_MARKER_BIND "recv_marker_bind"/2 since 24;
    174 RECV_MARKER_CLEAR "recv_marker_clear"/1 since 24;
    175 RECV_MARKER_RESERVE "recv_marker_reserve"/1 since 24;
    176 RECV_MARKER_USE "recv_marker_use"/1 since 24;
    177 BS_CREATE_BIN "bs_create_bin"/6 since 25;
    178 CALL_FUN2 "call_fun2"/3 since 25;
    179 NIF_START "nif_start"/0 since 25;
    180 BADRECORD "badrecord"/1 since 25;
    181 UPDATE_RECORD "update_record"/5 since 26;
    182 BS_MATCH "bs_match"/3 since 26;
    183 EXECUTABLE_LINE "executable_line"/2 since 27;
    184 DEBUG_LINE "debug_line"/4 since 28;
}

/// The highest opcode this table knows.
pub const MAX_OPCODE: u8 = 184;

/// What the format says about `opcode`, or `None` for a number no release has used.
pub fn op_info(opcode: u8) -> Option<&'static OpInfo> {
    let index = (opcode as usize).checked_sub(1)?;
    TABLE.get(index)
}

/// Looks an opcode up by its name (as `erlc -S` prints it).
pub fn op_by_name(name: &str) -> Option<&'static OpInfo> {
    TABLE.iter().find(|info| info.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_dense_and_in_order() {
        for (i, info) in TABLE.iter().enumerate() {
            assert_eq!(info.opcode as usize, i + 1, "{}", info.name);
        }
        assert_eq!(TABLE.len(), MAX_OPCODE as usize);
        assert_eq!(op_info(0), None);
        assert_eq!(op_info(MAX_OPCODE + 1), None);
    }

    #[test]
    fn lookups_agree() {
        assert_eq!(op_info(op::CALL_EXT).unwrap().name, "call_ext");
        assert_eq!(op_by_name("bs_create_bin").unwrap().arity, 6);
        assert_eq!(op_by_name("line").unwrap().since, 15);
    }
}
