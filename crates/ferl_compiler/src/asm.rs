//! BEAM assembly: generic instructions whose operands still name things symbolically
//! (atoms by name, literals as terms, external functions by MFA, line numbers by value).
//!
//! Code generation produces this; `assemble` turns it into the tables and numbered
//! operands of a `ferl_beam::BeamFile`. Keeping names here lets one pass build every
//! table (atoms, imports, literals, lines, strings) in first-use order.

use ferl_beam::opcodes::op;
use ferl_etf::Term;

/// An operand before its tables are built.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A plain number (arity, live count, size in words...).
    U(u64),
    X(u32),
    Y(u32),
    /// A float register.
    Fr(u32),
    Atom(String),
    Int(i64),
    Nil,
    /// Any constant term: atoms, small integers and `[]` become immediates.
    Lit(Term),
    Label(u32),
    /// An external function, numbered in the import table.
    Import(String, String, u32),
    List(Vec<Arg>),
    /// A heap allocation: words, floats, funs.
    Alloc(u32, u32, u32),
    /// Bytes placed in the string table; the operand is their offset.
    Str(Vec<u8>),
    /// A source line (0: no location), numbered in the line table.
    Line(u32),
    /// A lifted fun by its function name and arity: its FunT index.
    FunIndex(String, u32),
}

impl Arg {
    pub fn atom(name: &str) -> Arg {
        Arg::Atom(name.to_string())
    }
    pub fn is_reg(&self) -> bool {
        matches!(self, Arg::X(_) | Arg::Y(_))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Instr {
    pub op: u8,
    pub args: Vec<Arg>,
}

impl Instr {
    pub fn new(op: u8, args: Vec<Arg>) -> Instr {
        Instr { op, args }
    }
}

/// A function's code: its name, arity and entry label, then the instructions
/// (starting with the func_info label).
#[derive(Clone, Debug)]
pub struct AsmFunction {
    pub name: String,
    pub arity: u32,
    pub entry: u32,
    pub code: Vec<Instr>,
    /// The source file its lines refer to, when not the module's own (an included file).
    pub file: Option<String>,
}

/// A whole module in assembly form.
#[derive(Clone, Debug)]
pub struct AsmModule {
    pub name: String,
    pub exports: Vec<(String, u32)>,
    pub functions: Vec<AsmFunction>,
    /// Lifted funs: (function name, total arity, free variable count), in FunT order.
    pub lambdas: Vec<(String, u32, u32)>,
    pub attributes: Term,
    pub compile_info: Term,
    pub label_count: u32,
    pub on_load: bool,
}

/// Short constructors for the instructions code generation emits.
pub mod i {
    use super::*;

    pub fn label(l: u32) -> Instr {
        Instr::new(op::LABEL, vec![Arg::U(l as u64)])
    }
    pub fn mov(src: Arg, dst: Arg) -> Instr {
        Instr::new(op::MOVE, vec![src, dst])
    }
    pub fn jump(l: u32) -> Instr {
        Instr::new(op::JUMP, vec![Arg::Label(l)])
    }
    pub fn ret() -> Instr {
        Instr::new(op::RETURN, vec![])
    }
    pub fn line(n: u32) -> Instr {
        Instr::new(op::LINE, vec![Arg::Line(n)])
    }
    pub fn test(opcode: u8, fail: u32, args: Vec<Arg>) -> Instr {
        let mut a = vec![Arg::Label(fail)];
        a.extend(args);
        Instr::new(opcode, a)
    }
    pub fn test_heap(words: u32, live: u32) -> Instr {
        Instr::new(
            op::TEST_HEAP,
            vec![Arg::U(words as u64), Arg::U(live as u64)],
        )
    }
    pub fn u(n: u32) -> Arg {
        Arg::U(n as u64)
    }
}
