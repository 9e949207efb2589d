//! A readable listing of a file's code, one instruction a line, for debugging the compiler
//! and the loader (`{label,3}.`-like lines, close to what `erlc -S` prints).

use std::fmt::Write;

use crate::compact::Operand;
use crate::file::BeamFile;

/// Lists every instruction of `file`.
pub fn disassemble(file: &BeamFile) -> String {
    let mut out = String::new();
    for instr in &file.code {
        let args: Vec<String> = instr.args.iter().map(|a| operand(file, a)).collect();
        let _ = writeln!(out, "{{{}, [{}]}}", instr.name(), args.join(", "));
    }
    out
}

fn operand(file: &BeamFile, op: &Operand) -> String {
    match op {
        Operand::Unsigned(n) => n.to_string(),
        Operand::Integer(n) => format!("{{integer,{n}}}"),
        Operand::BigInteger(n) => format!("{{integer,{n}}}"),
        Operand::Nil => "nil".to_string(),
        Operand::Atom(i) => format!("{{atom,{}}}", file.atom(*i).unwrap_or("?")),
        Operand::X(i) => format!("{{x,{i}}}"),
        Operand::Y(i) => format!("{{y,{i}}}"),
        Operand::Label(i) => format!("{{f,{i}}}"),
        Operand::Char(c) => format!("{{char,{c}}}"),
        Operand::Literal(i) => format!("{{literal,#{i}}}"),
        Operand::List(items) => {
            let items: Vec<String> = items.iter().map(|a| operand(file, a)).collect();
            format!("{{list,[{}]}}", items.join(","))
        }
        Operand::FloatReg(i) => format!("{{fr,{i}}}"),
        Operand::AllocList(items) => format!("{{alloc,{items:?}}}"),
        Operand::TypedReg { reg, type_index } => {
            format!("{{tr,{},#{type_index}}}", operand(file, reg))
        }
        Operand::Float(f) => format!("{{float,{f}}}"),
    }
}
