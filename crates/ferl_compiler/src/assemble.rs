//! Assembly to a `ferl_beam::BeamFile`: numbers atoms, imports, literals, lines and
//! strings in first-use order and encodes each operand.

use std::collections::HashMap;

use ferl_beam::opcodes::op;
use ferl_beam::{
    BeamFile, FunctionEntry, Import, Instruction, LambdaEntry, LineItem, LineTable, Operand,
};
use ferl_etf::Term;

use crate::asm::{Arg, AsmModule};
use crate::literal;

#[derive(Default)]
struct Tables {
    atoms: Vec<String>,
    atom_index: HashMap<String, u32>,
    imports: Vec<Import>,
    import_index: HashMap<(u32, u32, u32), u32>,
    literals: Vec<Vec<u8>>,
    literal_index: HashMap<Vec<u8>, u32>,
    lines: Vec<LineItem>,
    line_index: HashMap<(u32, u32), u32>,
    line_count: u32,
    line_instrs: u32,
    /// The file of the function being assembled (0: the module's own source) and the
    /// file the line table's items are currently in.
    file: u32,
    items_file: u32,
    file_names: Vec<String>,
    strings: Vec<u8>,
    lambda_index: HashMap<(String, u32), u32>,
}

impl Tables {
    fn atom(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.atom_index.get(name) {
            return i;
        }
        self.atoms.push(name.to_string());
        let i = self.atoms.len() as u32;
        self.atom_index.insert(name.to_string(), i);
        i
    }

    fn import(&mut self, m: &str, f: &str, a: u32) -> u32 {
        let key = (self.atom(m), self.atom(f), a);
        if let Some(&i) = self.import_index.get(&key) {
            return i;
        }
        let i = self.imports.len() as u32;
        self.imports.push(Import {
            module: key.0,
            function: key.1,
            arity: a,
        });
        self.import_index.insert(key, i);
        i
    }

    fn literal(&mut self, t: &Term) -> u32 {
        let bytes = literal::encode(t);
        if let Some(&i) = self.literal_index.get(&bytes) {
            return i;
        }
        let i = self.literals.len() as u32;
        self.literals.push(bytes.clone());
        self.literal_index.insert(bytes, i);
        i
    }

    fn line(&mut self, line: u32) -> u32 {
        self.line_instrs += 1;
        if line == 0 {
            return 0;
        }
        let key = (self.file, line);
        if let Some(&i) = self.line_index.get(&key) {
            return i;
        }
        if self.file != self.items_file {
            self.lines.push(LineItem::File(self.file));
            self.items_file = self.file;
        }
        self.lines.push(LineItem::Line(line));
        self.line_count += 1;
        let i = self.line_count;
        self.line_index.insert(key, i);
        i
    }

    fn set_file(&mut self, file: &Option<String>) {
        self.file = match file {
            None => 0,
            Some(name) => match self.file_names.iter().position(|n| n == name) {
                Some(p) => p as u32 + 1,
                None => {
                    self.file_names.push(name.clone());
                    self.file_names.len() as u32
                }
            },
        };
    }

    fn operand(&mut self, arg: &Arg) -> Operand {
        match arg {
            Arg::U(n) => Operand::Unsigned(*n),
            Arg::X(n) => Operand::X(*n),
            Arg::Y(n) => Operand::Y(*n),
            Arg::Fr(n) => Operand::FloatReg(*n),
            Arg::Atom(a) => Operand::Atom(self.atom(a)),
            Arg::Int(i) => Operand::Integer(*i),
            Arg::Nil => Operand::Nil,
            Arg::Lit(t) => match t {
                Term::Atom(a) => Operand::Atom(self.atom(a.as_str())),
                Term::Int(i) => Operand::Integer(*i),
                Term::Nil => Operand::Nil,
                other => Operand::Literal(self.literal(other)),
            },
            Arg::Label(l) => Operand::Label(*l),
            Arg::Import(m, f, a) => Operand::Unsigned(self.import(m, f, *a) as u64),
            Arg::List(items) => Operand::List(items.iter().map(|a| self.operand(a)).collect()),
            Arg::Alloc(w, f, funs) => {
                let mut items = vec![(0, *w)];
                if *f > 0 {
                    items.push((1, *f));
                }
                if *funs > 0 {
                    items.push((2, *funs));
                }
                Operand::AllocList(items)
            }
            Arg::Str(bytes) => {
                let off = self.strings.len();
                self.strings.extend_from_slice(bytes);
                Operand::Unsigned(off as u64)
            }
            Arg::Line(n) => Operand::Unsigned(self.line(*n) as u64),
            Arg::FunIndex(name, arity) => Operand::Unsigned(
                self.lambda_index
                    .get(&(name.clone(), *arity))
                    .copied()
                    .unwrap_or(0) as u64,
            ),
        }
    }
}

/// Builds the .beam file of `m`.
pub fn assemble(m: &AsmModule) -> BeamFile {
    let mut t = Tables::default();
    t.atom(&m.name);
    for (i, (name, arity, _)) in m.lambdas.iter().enumerate() {
        t.lambda_index.insert((name.clone(), *arity), i as u32);
    }
    let mut code = Vec::new();
    let mut entries: HashMap<(String, u32), u32> = HashMap::new();
    for f in &m.functions {
        entries.insert((f.name.clone(), f.arity), f.entry);
        t.set_file(&f.file);
        for ins in &f.code {
            let args = ins.args.iter().map(|a| t.operand(a)).collect();
            code.push(Instruction::new(ins.op, args));
        }
    }
    code.push(Instruction::new(op::INT_CODE_END, vec![]));
    let mut exports = Vec::new();
    let mut locals = Vec::new();
    for f in &m.functions {
        let entry = FunctionEntry {
            function: t.atom(&f.name),
            arity: f.arity,
            label: f.entry,
        };
        if m.exports.iter().any(|(n, a)| *n == f.name && *a == f.arity) {
            exports.push(entry);
        } else if !m
            .lambdas
            .iter()
            .any(|(n, a, _)| *n == f.name && *a == f.arity)
        {
            locals.push(entry);
        }
    }
    let mut lambdas = Vec::new();
    for (i, (name, arity, free)) in m.lambdas.iter().enumerate() {
        let label = entries.get(&(name.clone(), *arity)).copied().unwrap_or(0);
        lambdas.push(LambdaEntry {
            function: t.atom(name),
            arity: *arity,
            label,
            index: i as u32,
            num_free: *free,
            old_uniq: old_uniq(&m.name, name),
        });
    }
    let lines = LineTable {
        version: 0,
        flags: 0,
        instruction_count: t.line_instrs,
        items: t.lines.clone(),
        file_names: t.file_names.clone(),
    };
    let function_count = m.functions.len() as u32;
    BeamFile {
        atoms: t.atoms.clone(),
        code_header: ferl_beam::CodeHeader {
            instruction_set: 0,
            max_opcode: 0,
            label_count: m.label_count,
            function_count,
        },
        code,
        imports: t.imports.clone(),
        exports,
        locals,
        lambdas,
        literals: t.literals.clone(),
        strings: t.strings.clone(),
        attributes: Some(literal::encode(&m.attributes)),
        compile_info: Some(literal::encode(&m.compile_info)),
        lines: Some(lines),
        other_chunks: vec![],
    }
}

/// A stable stand-in for the hash erlc stores per fun (any value identifies the fun as
/// long as it is the same for the same code).
fn old_uniq(module: &str, fun: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for b in module.bytes().chain([b':']).chain(fun.bytes()) {
        h ^= b as u32;
        h = h.wrapping_mul(16777619);
    }
    h & 0x07ff_ffff
}
