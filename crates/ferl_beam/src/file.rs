//! A whole .beam file as data: the chunks a loader needs, decoded, and the rest kept as
//! bytes. The same structure is read by the VM's loader and written by the compiler, so a
//! file read and written again comes out equivalent.

use crate::compact::Operand;

/// One generic instruction: an opcode from [`crate::opcodes`] and its operands.
#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    pub opcode: u8,
    pub args: Vec<Operand>,
}

impl Instruction {
    pub fn new(opcode: u8, args: Vec<Operand>) -> Instruction {
        Instruction { opcode, args }
    }

    /// The opcode's name, as `erlc -S` prints it.
    pub fn name(&self) -> &'static str {
        crate::opcodes::op_info(self.opcode).map_or("?", |info| info.name)
    }
}

/// An entry of the import table (ImpT): atom indexes are 1-based into [`BeamFile::atoms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Import {
    pub module: u32,
    pub function: u32,
    pub arity: u32,
}

/// An entry of the export table (ExpT) or the local function table (LocT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunctionEntry {
    pub function: u32,
    pub arity: u32,
    pub label: u32,
}

/// An entry of the fun table (FunT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LambdaEntry {
    pub function: u32,
    /// The arity of the code, which counts the free variables too.
    pub arity: u32,
    pub label: u32,
    pub index: u32,
    pub num_free: u32,
    pub old_uniq: u32,
}

/// One item of the Line chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineItem {
    /// A line number, in the current file.
    Line(u32),
    /// From here on, lines are in file `file_names[n - 1]` (0: the module's own source).
    File(u32),
}

/// The Line chunk: the table that `line` instructions index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineTable {
    pub version: u32,
    pub flags: u32,
    /// How many `line` instructions the code holds.
    pub instruction_count: u32,
    pub items: Vec<LineItem>,
    pub file_names: Vec<String>,
}

/// The header fields of the Code chunk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeHeader {
    pub instruction_set: u32,
    pub max_opcode: u32,
    pub label_count: u32,
    pub function_count: u32,
}

/// A decoded .beam file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BeamFile {
    /// The atom table; `atoms[0]` is the module name. Operands refer to it 1-based.
    pub atoms: Vec<String>,
    pub code_header: CodeHeader,
    /// The code, ending with `int_code_end`.
    pub code: Vec<Instruction>,
    pub imports: Vec<Import>,
    pub exports: Vec<FunctionEntry>,
    pub locals: Vec<FunctionEntry>,
    pub lambdas: Vec<LambdaEntry>,
    /// Each literal as an External Term Format binary (starting with 131).
    pub literals: Vec<Vec<u8>>,
    /// The string table (StrT) used by `bs_put_string` and `bs_match_string`.
    pub strings: Vec<u8>,
    /// The attributes (Attr) as an External Term Format binary, if present.
    pub attributes: Option<Vec<u8>>,
    /// The compile information (CInf) as an External Term Format binary, if present.
    pub compile_info: Option<Vec<u8>>,
    pub lines: Option<LineTable>,
    /// Chunks this crate does not interpret (Dbgi, Meta, Type, Docs...), kept verbatim.
    pub other_chunks: Vec<([u8; 4], Vec<u8>)>,
}

impl BeamFile {
    /// The module's name (the first atom).
    pub fn module_name(&self) -> Option<&str> {
        self.atoms.first().map(String::as_str)
    }

    /// The atom an operand's 1-based index names.
    pub fn atom(&self, index: u32) -> Option<&str> {
        let i = (index as usize).checked_sub(1)?;
        self.atoms.get(i).map(String::as_str)
    }

    /// A chunk kept verbatim, by its four-character id.
    pub fn other_chunk(&self, id: &[u8; 4]) -> Option<&[u8]> {
        self.other_chunks
            .iter()
            .find(|(cid, _)| cid == id)
            .map(|(_, data)| data.as_slice())
    }
}
