//! Writing a .beam file from a [`BeamFile`]: each chunk encoded, padded to four bytes, and
//! wrapped in the IFF container, in the order erlc writes them.

use std::io::Write;

use crate::compact::{encode, Operand};
use crate::file::*;

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_be_bytes());
}

fn chunk(out: &mut Vec<u8>, id: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(id);
    put_u32(out, data.len() as u32);
    out.extend_from_slice(data);
    out.resize(out.len() + (4 - data.len() % 4) % 4, 0);
}

/// Encodes `file` as the bytes of a .beam file.
///
/// The Code chunk's header is derived from the code when `file.code_header` leaves fields at
/// zero: the highest opcode used, the number of labels (one more than the highest) and the
/// number of `func_info` instructions.
pub fn write(file: &BeamFile) -> Vec<u8> {
    let mut body = Vec::new();
    chunk(&mut body, b"AtU8", &atoms(&file.atoms));
    chunk(&mut body, b"Code", &code(file));
    chunk(&mut body, b"StrT", &file.strings);
    chunk(&mut body, b"ImpT", &imports(&file.imports));
    chunk(&mut body, b"ExpT", &functions(&file.exports));
    if !file.lambdas.is_empty() {
        chunk(&mut body, b"FunT", &lambdas(&file.lambdas));
    }
    if !file.literals.is_empty() {
        chunk(&mut body, b"LitT", &literals(&file.literals));
    }
    chunk(&mut body, b"LocT", &functions(&file.locals));
    if let Some(attrs) = &file.attributes {
        chunk(&mut body, b"Attr", attrs);
    }
    if let Some(info) = &file.compile_info {
        chunk(&mut body, b"CInf", info);
    }
    if let Some(lines) = &file.lines {
        chunk(&mut body, b"Line", &line_table(lines));
    }
    for (id, data) in &file.other_chunks {
        chunk(&mut body, id, data);
    }
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(b"FOR1");
    put_u32(&mut out, body.len() as u32 + 4);
    out.extend_from_slice(b"BEAM");
    out.extend_from_slice(&body);
    out
}

fn atoms(atoms: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    let long = atoms.iter().any(|a| a.len() > 255);
    if long {
        // Lengths that do not fit a byte: negative count, compact-encoded lengths.
        put_u32(&mut out, (-(atoms.len() as i32)) as u32);
    } else {
        put_u32(&mut out, atoms.len() as u32);
    }
    for a in atoms {
        if long {
            encode(&Operand::Unsigned(a.len() as u64), &mut out);
        } else {
            out.push(a.len() as u8);
        }
        out.extend_from_slice(a.as_bytes());
    }
    out
}

fn code(file: &BeamFile) -> Vec<u8> {
    let mut header = file.code_header;
    if header.max_opcode == 0 {
        header.max_opcode = file.code.iter().map(|i| i.opcode as u32).max().unwrap_or(0);
    }
    if header.label_count == 0 {
        let highest = file
            .code
            .iter()
            .filter(|i| i.opcode == crate::opcodes::op::LABEL)
            .filter_map(|i| match i.args.first() {
                Some(Operand::Unsigned(n)) => Some(*n as u32),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        header.label_count = highest + 1;
    }
    if header.function_count == 0 {
        header.function_count = file
            .code
            .iter()
            .filter(|i| i.opcode == crate::opcodes::op::FUNC_INFO)
            .count() as u32;
    }
    let mut out = Vec::new();
    put_u32(&mut out, 16);
    put_u32(&mut out, header.instruction_set);
    put_u32(&mut out, header.max_opcode);
    put_u32(&mut out, header.label_count);
    put_u32(&mut out, header.function_count);
    for instr in &file.code {
        out.push(instr.opcode);
        for arg in &instr.args {
            encode(arg, &mut out);
        }
    }
    out
}

fn imports(imports: &[Import]) -> Vec<u8> {
    let mut out = Vec::new();
    put_u32(&mut out, imports.len() as u32);
    for i in imports {
        put_u32(&mut out, i.module);
        put_u32(&mut out, i.function);
        put_u32(&mut out, i.arity);
    }
    out
}

fn functions(entries: &[FunctionEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_u32(&mut out, entries.len() as u32);
    for e in entries {
        put_u32(&mut out, e.function);
        put_u32(&mut out, e.arity);
        put_u32(&mut out, e.label);
    }
    out
}

fn lambdas(entries: &[LambdaEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_u32(&mut out, entries.len() as u32);
    for e in entries {
        for n in [
            e.function, e.arity, e.label, e.index, e.num_free, e.old_uniq,
        ] {
            put_u32(&mut out, n);
        }
    }
    out
}

fn literals(literals: &[Vec<u8>]) -> Vec<u8> {
    let mut table = Vec::new();
    put_u32(&mut table, literals.len() as u32);
    for lit in literals {
        put_u32(&mut table, lit.len() as u32);
        table.extend_from_slice(lit);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&table).expect("writing to a Vec cannot fail");
    let compressed = z.finish().expect("writing to a Vec cannot fail");
    let mut out = Vec::with_capacity(compressed.len() + 4);
    put_u32(&mut out, table.len() as u32);
    out.extend_from_slice(&compressed);
    out
}

fn line_table(lines: &LineTable) -> Vec<u8> {
    let mut out = Vec::new();
    let num_lines = lines
        .items
        .iter()
        .filter(|i| matches!(i, LineItem::Line(_)))
        .count();
    put_u32(&mut out, lines.version);
    put_u32(&mut out, lines.flags);
    put_u32(&mut out, lines.instruction_count);
    put_u32(&mut out, num_lines as u32);
    put_u32(&mut out, lines.file_names.len() as u32);
    for item in &lines.items {
        match item {
            LineItem::Line(n) => encode(&Operand::Integer(*n as i64), &mut out),
            LineItem::File(0) => encode(&Operand::Nil, &mut out),
            LineItem::File(n) => encode(&Operand::Atom(*n), &mut out),
        }
    }
    for name in &lines.file_names {
        out.extend_from_slice(&(name.len() as u16).to_be_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    out
}
