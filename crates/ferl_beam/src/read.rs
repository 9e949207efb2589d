//! Reading a .beam file: the IFF container, then each chunk the loader needs.
//!
//! Every length read from the file is checked against the bytes that remain before it is
//! used, so a corrupt or hostile file yields a [`BeamError`], never a panic or a huge
//! allocation.

use std::io::Read;

use crate::compact::{Operand, Reader};
use crate::error::BeamError;
use crate::file::*;
use crate::opcodes::{op, op_info};

/// A cursor over big-endian fields.
struct Fields<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Fields<'a> {
    fn new(bytes: &'a [u8], what: &'static str) -> Fields<'a> {
        Fields {
            bytes,
            pos: 0,
            what,
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], BeamError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| BeamError::truncated(self.what))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, BeamError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u16(&mut self) -> Result<u16, BeamError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u8(&mut self) -> Result<u8, BeamError> {
        Ok(self.take(1)?[0])
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    /// A count of items that take at least `min_size` bytes each: refused when the
    /// remaining bytes could not hold that many.
    fn count(&mut self, min_size: usize) -> Result<usize, BeamError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size) > self.remaining() {
            return Err(BeamError::truncated(self.what));
        }
        Ok(n)
    }
}

/// A chunk of the container: its four-character id and its data.
pub type Chunk<'a> = ([u8; 4], &'a [u8]);

/// Splits the IFF container into its chunks, in file order.
pub fn chunks(bytes: &[u8]) -> Result<Vec<Chunk<'_>>, BeamError> {
    let mut f = Fields::new(bytes, "file header");
    if f.take(4)? != b"FOR1" {
        return Err(BeamError::malformed("not an IFF file (no FOR1 header)"));
    }
    let size = f.u32()? as usize;
    if size > f.remaining() {
        return Err(BeamError::truncated(
            "file (the header's size exceeds the file)",
        ));
    }
    if f.take(4)? != b"BEAM" {
        return Err(BeamError::malformed("not a BEAM file (no BEAM form type)"));
    }
    let mut f = Fields::new(&bytes[12..8 + size], "chunk");
    let mut out = Vec::new();
    while f.remaining() >= 8 {
        let id = f.take(4)?;
        let len = f.u32()? as usize;
        let data = f.take(len)?;
        // Chunks are padded to a multiple of four bytes.
        let pad = (4 - len % 4) % 4;
        f.take(pad.min(f.remaining()))?;
        out.push(([id[0], id[1], id[2], id[3]], data));
    }
    Ok(out)
}

/// Reads a whole .beam file.
pub fn read(bytes: &[u8]) -> Result<BeamFile, BeamError> {
    let chunks = chunks(bytes)?;
    let find = |id: &[u8; 4]| chunks.iter().find(|(cid, _)| cid == id).map(|(_, d)| *d);
    let atoms = match (find(b"AtU8"), find(b"Atom")) {
        (Some(data), _) => read_atoms(data, true)?,
        (None, Some(data)) => read_atoms(data, false)?,
        (None, None) => return Err(BeamError::MissingChunk("AtU8")),
    };
    if atoms.is_empty() {
        return Err(BeamError::malformed("empty atom table (no module name)"));
    }
    let mut file = BeamFile {
        atoms,
        ..BeamFile::default()
    };
    let code = find(b"Code").ok_or(BeamError::MissingChunk("Code"))?;
    let (header, code) = read_code(code)?;
    file.code_header = header;
    file.code = code;
    file.imports = read_imports(find(b"ImpT").ok_or(BeamError::MissingChunk("ImpT"))?)?;
    file.exports = read_functions(find(b"ExpT").ok_or(BeamError::MissingChunk("ExpT"))?)?;
    if let Some(data) = find(b"LocT") {
        file.locals = read_functions(data)?;
    }
    if let Some(data) = find(b"FunT") {
        file.lambdas = read_lambdas(data)?;
    }
    if let Some(data) = find(b"LitT") {
        file.literals = read_literals(data)?;
    }
    file.strings = find(b"StrT").map(<[u8]>::to_vec).unwrap_or_default();
    file.attributes = find(b"Attr").map(<[u8]>::to_vec);
    file.compile_info = find(b"CInf").map(<[u8]>::to_vec);
    if let Some(data) = find(b"Line") {
        file.lines = Some(read_lines(data)?);
    }
    const KNOWN: [&[u8; 4]; 12] = [
        b"AtU8", b"Atom", b"Code", b"ImpT", b"ExpT", b"LocT", b"FunT", b"LitT", b"StrT", b"Attr",
        b"CInf", b"Line",
    ];
    file.other_chunks = chunks
        .iter()
        .filter(|(id, _)| !KNOWN.contains(&id))
        .map(|(id, data)| (*id, data.to_vec()))
        .collect();
    Ok(file)
}

fn read_atoms(data: &[u8], utf8: bool) -> Result<Vec<String>, BeamError> {
    let mut f = Fields::new(data, "atom table");
    // A negative count (OTP 28) means lengths are compact-encoded.
    let raw = f.u32()? as i32;
    let compact_lengths = raw < 0;
    let n = raw.unsigned_abs() as usize;
    if n > f.remaining() {
        return Err(BeamError::truncated("atom table"));
    }
    let mut atoms = Vec::with_capacity(n);
    for _ in 0..n {
        let len = if compact_lengths {
            let mut r = Reader::new(f.rest());
            let len = r.unsigned()? as usize;
            f.take(r.position())?;
            len
        } else {
            f.u8()? as usize
        };
        let bytes = f.take(len)?;
        let name = if utf8 {
            String::from_utf8(bytes.to_vec())
                .map_err(|_| BeamError::malformed("atom is not valid UTF-8"))?
        } else {
            bytes.iter().map(|&b| b as char).collect()
        };
        atoms.push(name);
    }
    Ok(atoms)
}

fn read_code(data: &[u8]) -> Result<(CodeHeader, Vec<Instruction>), BeamError> {
    let mut f = Fields::new(data, "code header");
    let header_size = f.u32()? as usize;
    if header_size < 16 || header_size > f.remaining() {
        return Err(BeamError::malformed("code header size"));
    }
    let header = CodeHeader {
        instruction_set: f.u32()?,
        max_opcode: f.u32()?,
        label_count: f.u32()?,
        function_count: f.u32()?,
    };
    if header.instruction_set != 0 {
        return Err(BeamError::malformed(format!(
            "instruction set {} (only 0 exists)",
            header.instruction_set
        )));
    }
    let code = &data[4 + header_size..];
    let mut r = Reader::new(code);
    let mut out = Vec::new();
    loop {
        if r.at_end() {
            return Err(BeamError::truncated("code (no int_code_end)"));
        }
        let opcode = r.byte()?;
        let info = op_info(opcode).ok_or(BeamError::UnknownOpcode {
            opcode,
            max_in_file: header.max_opcode,
        })?;
        let mut args = Vec::with_capacity(info.arity as usize);
        for _ in 0..info.arity {
            args.push(r.operand()?);
        }
        out.push(Instruction { opcode, args });
        if opcode == op::INT_CODE_END {
            break;
        }
    }
    Ok((header, out))
}

fn read_imports(data: &[u8]) -> Result<Vec<Import>, BeamError> {
    let mut f = Fields::new(data, "import table");
    let n = f.count(12)?;
    (0..n)
        .map(|_| {
            Ok(Import {
                module: f.u32()?,
                function: f.u32()?,
                arity: f.u32()?,
            })
        })
        .collect()
}

fn read_functions(data: &[u8]) -> Result<Vec<FunctionEntry>, BeamError> {
    let mut f = Fields::new(data, "function table");
    let n = f.count(12)?;
    (0..n)
        .map(|_| {
            Ok(FunctionEntry {
                function: f.u32()?,
                arity: f.u32()?,
                label: f.u32()?,
            })
        })
        .collect()
}

fn read_lambdas(data: &[u8]) -> Result<Vec<LambdaEntry>, BeamError> {
    let mut f = Fields::new(data, "fun table");
    let n = f.count(24)?;
    (0..n)
        .map(|_| {
            Ok(LambdaEntry {
                function: f.u32()?,
                arity: f.u32()?,
                label: f.u32()?,
                index: f.u32()?,
                num_free: f.u32()?,
                old_uniq: f.u32()?,
            })
        })
        .collect()
}

/// Upper bound on a decompressed literal table, against zip bombs.
const MAX_LITERAL_TABLE: usize = 1 << 30;

fn read_literals(data: &[u8]) -> Result<Vec<Vec<u8>>, BeamError> {
    let mut f = Fields::new(data, "literal table");
    let uncompressed_size = f.u32()? as usize;
    let table: Vec<u8> = if uncompressed_size == 0 {
        f.rest().to_vec()
    } else {
        if uncompressed_size > MAX_LITERAL_TABLE {
            return Err(BeamError::malformed("literal table too large"));
        }
        let mut out = Vec::with_capacity(uncompressed_size.min(f.remaining() * 64));
        flate2::read::ZlibDecoder::new(f.rest())
            .take(uncompressed_size as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| BeamError::malformed(format!("literal table: {e}")))?;
        if out.len() != uncompressed_size {
            return Err(BeamError::malformed("literal table size mismatch"));
        }
        out
    };
    let mut f = Fields::new(&table, "literal table");
    let n = f.count(4)?;
    (0..n)
        .map(|_| {
            let len = f.u32()? as usize;
            Ok(f.take(len)?.to_vec())
        })
        .collect()
}

fn read_lines(data: &[u8]) -> Result<LineTable, BeamError> {
    let mut f = Fields::new(data, "line table");
    let version = f.u32()?;
    let flags = f.u32()?;
    let instruction_count = f.u32()?;
    let num_lines = f.u32()? as usize;
    let num_files = f.u32()? as usize;
    if num_lines > f.remaining() || num_files > f.remaining() {
        return Err(BeamError::truncated("line table"));
    }
    let mut r = Reader::new(f.rest());
    let mut items = Vec::with_capacity(num_lines);
    let mut lines_seen = 0;
    while lines_seen < num_lines {
        match r.operand()? {
            Operand::Integer(n) => {
                let n = u32::try_from(n).map_err(|_| BeamError::malformed("line number"))?;
                items.push(LineItem::Line(n));
                lines_seen += 1;
            }
            Operand::Nil => items.push(LineItem::File(0)),
            Operand::Atom(n) => items.push(LineItem::File(n)),
            other => {
                return Err(BeamError::malformed(format!("line table item {other:?}")));
            }
        }
    }
    f.take(r.position())?;
    let mut file_names = Vec::with_capacity(num_files);
    for _ in 0..num_files {
        let len = f.u16()? as usize;
        let name = String::from_utf8(f.take(len)?.to_vec())
            .map_err(|_| BeamError::malformed("file name is not valid UTF-8"))?;
        file_names.push(name);
    }
    Ok(LineTable {
        version,
        flags,
        instruction_count,
        items,
        file_names,
    })
}
