//! The loader: checks a decoded .beam file and translates its generic instructions into
//! Ferl's instruction set (`instr`), resolving registers, literals, labels, imports, BIFs
//! and funs once, so the interpreter never decodes anything.
//!
//! Any problem (an unknown or obsolete opcode, a bad operand, a label that does not exist,
//! a BIF Ferl does not have) is a `LoadError` — `{error, badfile}` for the caller, with a
//! message naming what was wrong. The loader never panics on a malformed file.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicPtr};

use ferl_beam::opcodes::op;
use ferl_beam::{BeamFile, Instruction, LineItem, Operand};

use crate::atom::{predefined as am, Atom};
use crate::export::{self, Export};
use crate::heap::Heap;
use crate::instr::*;
use crate::module::{FunEntry, FunctionInfo, Module};
use crate::term::Term;

#[derive(Debug, Clone)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

type R<T> = Result<T, LoadError>;

fn bad<T>(msg: impl Into<String>) -> R<T> {
    Err(LoadError(msg.into()))
}

struct Ctx {
    atoms: Vec<Atom>,
    literals: Vec<Term>,
    lit_heap: Heap,
    imports: Vec<&'static Export>,
    funs: &'static [FunEntry],
    strings: &'static [u8],
    out: Vec<Instr>,
    /// label number → instruction index
    labels: HashMap<u32, u32>,
    functions: Vec<FunctionInfo>,
    lines: Vec<(u32, u32, u32)>,
    locations: Vec<(u32, u32)>,
    cur_func: Option<(Atom, u32, u32)>,
    last_label: Option<u32>,
}

/// Loads a .beam image into a module (not yet published).
pub fn load(bytes: &[u8]) -> R<Module> {
    let file = ferl_beam::read(bytes).map_err(|e| LoadError(e.to_string()))?;
    translate(&file, bytes)
}

fn translate(file: &BeamFile, bytes: &[u8]) -> R<Module> {
    let mut atoms = Vec::with_capacity(file.atoms.len());
    for a in &file.atoms {
        atoms.push(Atom::intern(a).map_err(|_| LoadError("atom table full".into()))?);
    }
    let name = *atoms
        .first()
        .ok_or_else(|| LoadError("no module name".into()))?;
    let mut lit_heap = Heap::new();
    let mut literals = Vec::with_capacity(file.literals.len());
    for (i, l) in file.literals.iter().enumerate() {
        match crate::etf::decode(l, &mut lit_heap) {
            Some(t) => literals.push(t),
            None => return bad(format!("literal {i} is not a valid external term")),
        }
    }
    let atom_at = |i: u32| -> R<Atom> {
        atoms
            .get((i as usize).wrapping_sub(1))
            .copied()
            .ok_or_else(|| LoadError(format!("atom index {i} out of range")))
    };
    let mut imports = Vec::with_capacity(file.imports.len());
    for imp in &file.imports {
        imports.push(export::get_or_create(
            atom_at(imp.module)?,
            atom_at(imp.function)?,
            imp.arity,
        ));
    }
    let mut funs = Vec::with_capacity(file.lambdas.len());
    for l in &file.lambdas {
        if l.num_free > l.arity {
            return bad("fun entry with more free variables than arguments");
        }
        funs.push(FunEntry {
            module_name: name,
            function: atom_at(l.function)?,
            arity: l.arity - l.num_free,
            num_free: l.num_free,
            index: l.index,
            old_uniq: l.old_uniq,
            code: AtomicPtr::new(l.label as usize as *mut Instr),
            module: AtomicPtr::new(std::ptr::null_mut()),
        });
    }
    let funs: &'static [FunEntry] = Box::leak(funs.into_boxed_slice());
    let strings: &'static [u8] = Box::leak(file.strings.clone().into_boxed_slice());
    let mut locations = Vec::new();
    if let Some(lt) = &file.lines {
        let mut cur_file = 0u32;
        for item in &lt.items {
            match item {
                LineItem::File(f) => cur_file = *f,
                LineItem::Line(l) => locations.push((cur_file, *l)),
            }
        }
    }
    let mut cx = Ctx {
        atoms: atoms.clone(),
        literals,
        lit_heap,
        imports,
        funs,
        strings,
        out: Vec::with_capacity(file.code.len()),
        labels: HashMap::new(),
        functions: Vec::new(),
        lines: Vec::new(),
        locations,
        cur_func: None,
        last_label: None,
    };
    let code = &file.code;
    let mut i = 0;
    while i < code.len() {
        i += cx.instr(code, i)?;
    }
    cx.out.push(Instr::CodeEnd);

    // Resolve labels to addresses.
    let mut code_box = std::mem::take(&mut cx.out).into_boxed_slice();
    let base = code_box.as_ptr() as usize;
    let size = std::mem::size_of::<Instr>();
    let labels = &cx.labels;
    let mut missing = None;
    let mut resolve = |p: &mut CodePtr| {
        let l = p.0 as usize as u32;
        if l == 0 {
            *p = CodePtr::NULL;
            return;
        }
        match labels.get(&l) {
            Some(&idx) => *p = CodePtr((base + idx as usize * size) as *const Instr),
            None => {
                missing = Some(l);
                *p = CodePtr::NULL;
            }
        }
    };
    for ins in code_box.iter_mut() {
        for_each_target(ins, &mut resolve);
    }
    for f in funs.iter() {
        let mut p = CodePtr(f.code.load(std::sync::atomic::Ordering::Relaxed));
        resolve(&mut p);
        f.code
            .store(p.0 as *mut Instr, std::sync::atomic::Ordering::Relaxed);
    }
    if let Some(l) = missing {
        return bad(format!("reference to undefined label {l}"));
    }
    let code: &'static [Instr] = Box::leak(code_box);

    let mut exports = Vec::new();
    for e in &file.exports {
        exports.push((atom_at(e.function)?, e.arity));
    }
    let attributes = match &file.attributes {
        Some(b) => crate::etf::decode(b, &mut cx.lit_heap)
            .ok_or_else(|| LoadError("bad attributes chunk".into()))?,
        None => Term::NIL,
    };
    let compile_info = match &file.compile_info {
        Some(b) => crate::etf::decode(b, &mut cx.lit_heap)
            .ok_or_else(|| LoadError("bad compile info chunk".into()))?,
        None => Term::NIL,
    };
    let mut files = vec![source_name(compile_info, name)];
    if let Some(lt) = &file.lines {
        files.extend(lt.file_names.iter().cloned());
    }
    let md5 = crate::md5::digest(bytes);
    Ok(Module {
        name,
        code,
        funs,
        functions: std::mem::take(&mut cx.functions),
        exports,
        lines: std::mem::take(&mut cx.lines),
        files,
        attributes,
        compile_info,
        md5,
        on_load: None,
        purged: AtomicBool::new(false),
        _literals: cx.lit_heap,
        beam: bytes.to_vec(),
    })
}

/// The source file name for stack traces: the `source` of the compile info.
fn source_name(cinf: Term, module: Atom) -> String {
    for item in cinf.iter_list() {
        if let Some([k, v]) = item.as_tuple().and_then(|t| <&[Term; 2]>::try_from(t).ok()) {
            if k.as_atom().map(|a| a.name()) == Some("source") {
                if let Some(chars) = v.list_to_vec() {
                    let path: String = chars
                        .iter()
                        .filter_map(|c| c.as_small().and_then(|c| char::from_u32(c as u32)))
                        .collect();
                    // Stack traces name the module's own file by its base name.
                    return path.rsplit('/').next().unwrap_or(&path).to_string();
                }
            }
        }
    }
    format!("{}.erl", module.name())
}

fn for_each_target(ins: &mut Instr, f: &mut impl FnMut(&mut CodePtr)) {
    use Instr::*;
    match ins {
        Call { target, .. }
        | CallLast { target, .. }
        | CallOnly { target, .. }
        | CallMove2 { target, .. } => f(target),
        IsLt { fail, .. } | IsGe { fail, .. } | IsEqExact { fail, .. } | IsNeExact { fail, .. } => {
            f(fail)
        }
        Bif { fail, .. } | GcBif { fail, .. } => f(fail),
        AddSmall { fail, .. } | SubSmall { fail, .. } => f(fail),
        LoopRec { fail } => f(fail),
        LoopRecEnd { target } | Wait { target } | WaitTimeout { target, .. } | Jump { target } => {
            f(target)
        }
        Compare { fail, .. }
        | IsTest { fail, .. }
        | TestArity { fail, .. }
        | IsTuple2 { fail, .. }
        | IsTaggedTuple { fail, .. }
        | IsFunction2 { fail, .. }
        | IsMap { fail, .. }
        | HasMapFields { fail, .. }
        | GetMapElements { fail, .. }
        | PutMap { fail, .. } => f(fail),
        SelectVal { fail, table, .. } => {
            f(fail);
            for (_, t) in table.iter_mut() {
                f(t);
            }
        }
        SelectValSmall { fail, targets, .. } => {
            f(fail);
            for t in targets.iter_mut() {
                f(t);
            }
        }
        SelectTupleArity { fail, table, .. } => {
            f(fail);
            for (_, t) in table.iter_mut() {
                f(t);
            }
        }
        Catch { handler, .. } => f(handler),
        BsCreateBin { fail, .. }
        | BsStartMatch { fail, .. }
        | BsGetInteger { fail, .. }
        | BsGetFloat { fail, .. }
        | BsGetBinary { fail, .. }
        | BsSkipBits { fail, .. }
        | BsTestTail { fail, .. }
        | BsTestUnit { fail, .. }
        | BsMatchString { fail, .. }
        | BsGetUtf { fail, .. }
        | BsMatch { fail, .. }
        | BsInit { fail, .. }
        | BsPut { fail, .. }
        | BsAdd { fail, .. }
        | BsAppend { fail, .. }
        | BsUtfSize { fail, .. } => f(fail),
        _ => {}
    }
}

/// A label operand as a placeholder address (resolved after translation).
fn lbl(op: &Operand) -> R<CodePtr> {
    match op {
        Operand::Label(l) => Ok(CodePtr(*l as usize as *const Instr)),
        Operand::Atom(_) => Ok(CodePtr::NULL),
        other => bad(format!("expected a label, found {other:?}")),
    }
}

fn unsigned(op: &Operand) -> R<u64> {
    match op {
        Operand::Unsigned(n) => Ok(*n),
        Operand::Integer(n) if *n >= 0 => Ok(*n as u64),
        other => bad(format!("expected a number, found {other:?}")),
    }
}

fn u32_of(op: &Operand) -> R<u32> {
    let n = unsigned(op)?;
    u32::try_from(n).map_err(|_| LoadError(format!("number {n} too large")))
}

fn dst(op: &Operand) -> R<Dst> {
    match op {
        Operand::X(n) => Ok(Dst::X(check_x(*n)?)),
        Operand::Y(n) => Ok(Dst::Y(*n)),
        Operand::TypedReg { reg, .. } => dst(reg),
        other => bad(format!("expected a register, found {other:?}")),
    }
}

pub const MAX_X: u32 = 1023;

fn check_x(n: u32) -> R<u32> {
    if n > MAX_X {
        bad(format!("x register {n} out of range"))
    } else {
        Ok(n)
    }
}

fn list(op: &Operand) -> R<&[Operand]> {
    match op {
        Operand::List(items) => Ok(items),
        other => bad(format!("expected a list, found {other:?}")),
    }
}

fn flags_of(op: &Operand, cx: &mut Ctx) -> R<u32> {
    match op {
        Operand::Unsigned(n) => Ok(*n as u32),
        Operand::Nil => Ok(0),
        Operand::Literal(_) => {
            let t = match cx.src(op)?.kind() {
                SrcKind::Lit(t) => t,
                _ => return Ok(0),
            };
            let mut fl = 0;
            for a in t.iter_list() {
                match a.as_atom().map(|a| a.name()) {
                    Some("little") => fl |= BSF_LITTLE,
                    Some("signed") => fl |= BSF_SIGNED,
                    Some("native") => fl |= BSF_NATIVE,
                    _ => {}
                }
            }
            Ok(fl)
        }
        other => bad(format!("bad bit syntax flags {other:?}")),
    }
}

impl Ctx {
    fn atom(&self, i: u32) -> R<Atom> {
        self.atoms
            .get((i as usize).wrapping_sub(1))
            .copied()
            .ok_or_else(|| LoadError(format!("atom index {i} out of range")))
    }

    fn src(&mut self, op: &Operand) -> R<Src> {
        Ok(match op {
            Operand::X(n) => Src::X(check_x(*n)?),
            Operand::Y(n) => Src::Y(*n),
            Operand::TypedReg { reg, .. } => return self.src(reg),
            Operand::Integer(i) => Src::Lit(self.lit_heap.int(*i)),
            Operand::BigInteger(b) => Src::Lit(self.lit_heap.bigint(b)),
            Operand::Unsigned(n) => Src::Lit(self.lit_heap.int_u64(*n)),
            Operand::Nil => Src::Lit(Term::NIL),
            Operand::Atom(i) => Src::Lit(Term::atom(self.atom(*i)?)),
            Operand::Char(c) => Src::Lit(Term::small(*c as i64)),
            Operand::Literal(i) => Src::Lit(
                *self
                    .literals
                    .get(*i as usize)
                    .ok_or_else(|| LoadError(format!("literal {i} out of range")))?,
            ),
            Operand::Float(f) => Src::Lit(self.lit_heap.float(*f)),
            other => return bad(format!("bad source operand {other:?}")),
        })
    }

    fn lit(&mut self, op: &Operand) -> R<Term> {
        match self.src(op)?.kind() {
            SrcKind::Lit(t) => Ok(t),
            _ => bad("expected a literal"),
        }
    }

    fn import(&self, op: &Operand) -> R<&'static Export> {
        let i = unsigned(op)? as usize;
        self.imports
            .get(i)
            .copied()
            .ok_or_else(|| LoadError(format!("import {i} out of range")))
    }

    fn bif(&self, op: &Operand) -> R<BifRef> {
        let e = self.import(op)?;
        match e.bif() {
            Some(_) => Ok(BifRef { export: e }),
            None => bad(format!(
                "call to {}:{}/{} as a BIF, which Ferl does not provide",
                e.module.name(),
                e.function.name(),
                e.arity
            )),
        }
    }

    fn emit(&mut self, i: Instr) {
        self.out.push(i);
    }

    fn here(&self) -> u32 {
        self.out.len() as u32
    }

    /// Translates the instruction at `code[i]`; returns how many generic instructions
    /// it consumed.
    fn instr(&mut self, code: &[Instruction], i: usize) -> R<usize> {
        let ins = &code[i];
        let a = &ins.args;
        let info = ferl_beam::opcodes::op_info(ins.opcode);
        let want = info.map(|x| x.arity as usize);
        if want != Some(a.len()) {
            return bad(format!("opcode {} with {} operands", ins.opcode, a.len()));
        }
        if let Some(info) = info {
            if info.obsolete {
                return bad(format!(
                    "obsolete opcode {} ({}), from a release before OTP 24",
                    info.opcode, info.name
                ));
            }
        }
        use Instr as I;
        match ins.opcode {
            op::LABEL => {
                let l = u32_of(&a[0])?;
                self.labels.insert(l, self.here());
                self.last_label = Some(l);
            }
            op::FUNC_INFO => {
                let m = self.lit(&a[0])?;
                let f = self.lit(&a[1])?;
                let ar = u32_of(&a[2])?;
                let fa = f
                    .as_atom()
                    .ok_or_else(|| LoadError("func_info name".into()))?;
                let start = self.here();
                self.cur_func = Some((fa, ar, start));
                self.functions.push(FunctionInfo {
                    name: fa,
                    arity: ar,
                    start,
                    entry: start + 1,
                });
                self.emit(I::FuncInfo {
                    module: m,
                    function: f,
                    arity: ar,
                });
            }
            op::INT_CODE_END => {}
            op::LINE => {
                let n = u32_of(&a[0])?;
                let (file, line) = if n == 0 {
                    (0, 0)
                } else {
                    self.locations
                        .get(n as usize - 1)
                        .copied()
                        .unwrap_or((0, 0))
                };
                let here = self.here();
                if let Some(last) = self.lines.last_mut() {
                    if last.0 == here {
                        *last = (here, file, line);
                        return Ok(1);
                    }
                }
                self.lines.push((here, file, line));
            }
            op::CALL => self.emit(I::Call {
                arity: u32_of(&a[0])?,
                target: lbl(&a[1])?,
            }),
            op::CALL_LAST => self.emit(I::CallLast {
                arity: u32_of(&a[0])?,
                target: lbl(&a[1])?,
                dealloc: u32_of(&a[2])?,
            }),
            op::CALL_ONLY => self.emit(I::CallOnly {
                arity: u32_of(&a[0])?,
                target: lbl(&a[1])?,
            }),
            op::CALL_EXT | op::CALL_EXT_LAST | op::CALL_EXT_ONLY => {
                let arity = u32_of(&a[0])?;
                let e = self.import(&a[1])?;
                let dealloc = if ins.opcode == op::CALL_EXT_LAST {
                    u32_of(&a[2])?
                } else {
                    0
                };
                let tail = ins.opcode != op::CALL_EXT;
                let special = crate::bif::is_control_bif(e);
                match e.bif() {
                    Some(_) if !special => self.emit(I::CallBif {
                        bif: BifRef { export: e },
                        arity,
                        tail,
                        dealloc,
                    }),
                    _ => self.emit(match ins.opcode {
                        op::CALL_EXT => I::CallExt { arity, export: e },
                        op::CALL_EXT_LAST => I::CallExtLast {
                            arity,
                            export: e,
                            dealloc,
                        },
                        _ => I::CallExtOnly { arity, export: e },
                    }),
                }
            }
            op::BIF0 => {
                let bif = self.bif(&a[0])?;
                let d = dst(&a[1])?;
                self.emit(I::Bif {
                    bif,
                    fail: CodePtr::NULL,
                    args: Box::new([]),
                    dst: d,
                });
            }
            op::BIF1 | op::BIF2 => {
                let fail = lbl(&a[0])?;
                let bif = self.bif(&a[1])?;
                let n = a.len() - 3;
                let mut args = Vec::with_capacity(n);
                for o in &a[2..2 + n] {
                    args.push(self.src(o)?);
                }
                let d = dst(&a[a.len() - 1])?;
                self.emit(I::Bif {
                    bif,
                    fail,
                    args: args.into_boxed_slice(),
                    dst: d,
                });
            }
            op::GC_BIF1 | op::GC_BIF2 | op::GC_BIF3 => {
                let fail = lbl(&a[0])?;
                let live = u32_of(&a[1])?;
                let bif = self.bif(&a[2])?;
                let n = a.len() - 4;
                let mut args = Vec::with_capacity(n);
                for o in &a[3..3 + n] {
                    args.push(self.src(o)?);
                }
                let d = dst(&a[a.len() - 1])?;
                let fname = bif.export.function.name();
                if n == 2 && bif.export.module == am::ERLANG && (fname == "+" || fname == "-") {
                    let (x, y) = (args[0], args[1]);
                    self.emit(if fname == "+" {
                        I::AddSmall {
                            fail,
                            live,
                            a: x,
                            b: y,
                            dst: d,
                            bif,
                        }
                    } else {
                        I::SubSmall {
                            fail,
                            live,
                            a: x,
                            b: y,
                            dst: d,
                            bif,
                        }
                    });
                } else {
                    self.emit(I::GcBif {
                        bif,
                        fail,
                        live,
                        args: args.into_boxed_slice(),
                        dst: d,
                    });
                }
            }
            op::ALLOCATE | op::ALLOCATE_ZERO => self.emit(I::Allocate {
                stack: u32_of(&a[0])?,
                heap: 0,
                live: u32_of(&a[1])?,
            }),
            op::ALLOCATE_HEAP | op::ALLOCATE_HEAP_ZERO => self.emit(I::Allocate {
                stack: u32_of(&a[0])?,
                heap: heap_need(&a[1])?,
                live: u32_of(&a[2])?,
            }),
            op::TEST_HEAP => self.emit(I::TestHeap {
                need: heap_need(&a[0])?,
                live: u32_of(&a[1])?,
            }),
            op::INIT => {
                let d = dst(&a[0])?;
                match d.kind() {
                    DstKind::Y(y) => self.emit(I::InitY {
                        regs: Box::new([y]),
                    }),
                    DstKind::X(_) => self.emit(I::Move {
                        src: Src::Lit(Term::NIL),
                        dst: d,
                    }),
                }
            }
            op::INIT_YREGS => {
                let mut regs = Vec::new();
                for o in list(&a[0])? {
                    match dst(o)?.kind() {
                        DstKind::Y(y) => regs.push(y),
                        DstKind::X(_) => return bad("init_yregs with an x register"),
                    }
                }
                self.emit(I::InitY {
                    regs: regs.into_boxed_slice(),
                });
            }
            op::DEALLOCATE => {
                let n = u32_of(&a[0])?;
                if code.get(i + 1).map(|c| c.opcode) == Some(op::RETURN) {
                    self.emit(I::DeallocReturn { n });
                    return Ok(2);
                }
                self.emit(I::Deallocate { n });
            }
            op::RETURN => self.emit(I::Return),
            op::SEND => self.emit(I::Send),
            op::REMOVE_MESSAGE => self.emit(I::RemoveMessage),
            op::TIMEOUT => self.emit(I::Timeout),
            op::LOOP_REC => self.emit(I::LoopRec { fail: lbl(&a[0])? }),
            op::LOOP_REC_END => self.emit(I::LoopRecEnd {
                target: lbl(&a[0])?,
            }),
            op::WAIT => self.emit(I::Wait {
                target: lbl(&a[0])?,
            }),
            op::WAIT_TIMEOUT => {
                let target = lbl(&a[0])?;
                let time = self.src(&a[1])?;
                self.emit(I::WaitTimeout { target, time });
            }
            op::RECV_MARKER_RESERVE => self.emit(I::RecvMarkerReserve { dst: dst(&a[0])? }),
            op::RECV_MARKER_BIND
            | op::RECV_MARKER_CLEAR
            | op::RECV_MARKER_USE
            | op::RECV_MARK
            | op::RECV_SET => {}
            op::IS_LT | op::IS_GE | op::IS_EQ | op::IS_NE | op::IS_EQ_EXACT | op::IS_NE_EXACT => {
                let cmp = match ins.opcode {
                    op::IS_LT => Cmp::Lt,
                    op::IS_GE => Cmp::Ge,
                    op::IS_EQ => Cmp::Eq,
                    op::IS_NE => Cmp::Ne,
                    op::IS_EQ_EXACT => Cmp::EqExact,
                    _ => Cmp::NeExact,
                };
                let fail = lbl(&a[0])?;
                let x = self.src(&a[1])?;
                let y = self.src(&a[2])?;
                self.emit(match cmp {
                    Cmp::Lt => I::IsLt { fail, a: x, b: y },
                    Cmp::Ge => I::IsGe { fail, a: x, b: y },
                    Cmp::EqExact => I::IsEqExact { fail, a: x, b: y },
                    Cmp::NeExact => I::IsNeExact { fail, a: x, b: y },
                    _ => I::Compare {
                        op: cmp,
                        fail,
                        a: x,
                        b: y,
                    },
                });
            }
            op::IS_INTEGER
            | op::IS_FLOAT
            | op::IS_NUMBER
            | op::IS_ATOM
            | op::IS_PID
            | op::IS_REFERENCE
            | op::IS_PORT
            | op::IS_NIL
            | op::IS_BINARY
            | op::IS_LIST
            | op::IS_NONEMPTY_LIST
            | op::IS_TUPLE
            | op::IS_FUNCTION
            | op::IS_BOOLEAN
            | op::IS_MAP
            | op::IS_BITSTR => {
                let test = match ins.opcode {
                    op::IS_INTEGER => TypeTest::Integer,
                    op::IS_FLOAT => TypeTest::Float,
                    op::IS_NUMBER => TypeTest::Number,
                    op::IS_ATOM => TypeTest::Atom,
                    op::IS_PID => TypeTest::Pid,
                    op::IS_REFERENCE => TypeTest::Reference,
                    op::IS_PORT => TypeTest::Port,
                    op::IS_NIL => TypeTest::Nil,
                    op::IS_BINARY => TypeTest::Binary,
                    op::IS_LIST => TypeTest::List,
                    op::IS_NONEMPTY_LIST => TypeTest::NonemptyList,
                    op::IS_TUPLE => TypeTest::Tuple,
                    op::IS_FUNCTION => TypeTest::Function,
                    op::IS_BOOLEAN => TypeTest::Boolean,
                    op::IS_MAP => TypeTest::Map,
                    _ => TypeTest::Bitstr,
                };
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                // Fuse is_tuple + test_arity on the same register.
                if test == TypeTest::Tuple {
                    if let Some(next) = code.get(i + 1) {
                        if next.opcode == op::TEST_ARITY
                            && next.args.len() == 3
                            && next.args[0] == a[0]
                            && next.args[1] == a[1]
                        {
                            let arity = u32_of(&next.args[2])?;
                            self.emit(I::IsTuple2 { fail, src, arity });
                            return Ok(2);
                        }
                    }
                }
                self.emit(I::IsTest { test, fail, src });
            }
            op::TEST_ARITY => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let arity = u32_of(&a[2])?;
                self.emit(I::TestArity { fail, src, arity });
            }
            op::IS_TAGGED_TUPLE => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let arity = u32_of(&a[2])?;
                let tag = self.lit(&a[3])?;
                self.emit(I::IsTaggedTuple {
                    fail,
                    src,
                    arity,
                    tag,
                });
            }
            op::IS_FUNCTION2 => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let arity = self.src(&a[2])?;
                self.emit(I::IsFunction2 { fail, src, arity });
            }
            op::SELECT_VAL => {
                let src = self.src(&a[0])?;
                let fail = lbl(&a[1])?;
                let items = list(&a[2])?;
                if items.len() % 2 != 0 {
                    return bad("select_val with an odd list");
                }
                let mut table = Vec::with_capacity(items.len() / 2);
                for pair in items.chunks(2) {
                    table.push((self.lit(&pair[0])?, lbl(&pair[1])?));
                }
                // A dense table of small integers becomes a jump table.
                let ints: Option<Vec<i64>> = table.iter().map(|(t, _)| t.as_small()).collect();
                if let Some(ints) = ints {
                    let min = ints.iter().copied().min().unwrap_or(0);
                    let max = ints.iter().copied().max().unwrap_or(0);
                    let span = (max - min + 1) as usize;
                    if !ints.is_empty() && span <= 2 * ints.len() + 8 {
                        let mut targets = vec![fail; span];
                        for (v, (_, t)) in ints.iter().zip(table.iter()) {
                            targets[(v - min) as usize] = *t;
                        }
                        self.emit(I::SelectValSmall {
                            src,
                            fail,
                            min,
                            targets: targets.into_boxed_slice(),
                        });
                        return Ok(1);
                    }
                }
                table.sort_by(|x, y| crate::order::compare_exact(x.0, y.0));
                self.emit(I::SelectVal {
                    src,
                    fail,
                    table: table.into_boxed_slice(),
                });
            }
            op::SELECT_TUPLE_ARITY => {
                let src = self.src(&a[0])?;
                let fail = lbl(&a[1])?;
                let items = list(&a[2])?;
                let mut table = Vec::new();
                for pair in items.chunks(2) {
                    if pair.len() != 2 {
                        return bad("select_tuple_arity with an odd list");
                    }
                    table.push((u32_of(&pair[0])?, lbl(&pair[1])?));
                }
                self.emit(I::SelectTupleArity {
                    src,
                    fail,
                    table: table.into_boxed_slice(),
                });
            }
            op::JUMP => self.emit(I::Jump {
                target: lbl(&a[0])?,
            }),
            op::CATCH | op::TRY => {
                let y = ydst(&a[0])?;
                let handler = lbl(&a[1])?;
                self.emit(I::Catch { y, handler });
            }
            op::CATCH_END => self.emit(I::CatchEnd { y: ydst(&a[0])? }),
            op::TRY_END => self.emit(I::TryEnd { y: ydst(&a[0])? }),
            op::TRY_CASE => self.emit(I::TryCase { y: ydst(&a[0])? }),
            op::TRY_CASE_END => {
                let src = self.src(&a[0])?;
                self.emit(I::TryCaseEnd { src });
            }
            op::MOVE => {
                let src = self.src(&a[0])?;
                let d = dst(&a[1])?;
                if let Some(next) = code.get(i + 1) {
                    if next.opcode == op::MOVE && next.args.len() == 2 {
                        let src2 = self.src(&next.args[0])?;
                        let d2 = dst(&next.args[1])?;
                        // Only when the second move does not read what the first wrote.
                        let reads_first = matches!((src2.kind(), d.kind()),
                            (SrcKind::X(a), DstKind::X(b)) | (SrcKind::Y(a), DstKind::Y(b)) if a == b);
                        if !reads_first {
                            if let Some(call) = code.get(i + 2) {
                                if call.opcode == op::CALL && call.args.len() == 2 {
                                    self.emit(I::CallMove2 {
                                        src1: src,
                                        dst1: d,
                                        src2,
                                        dst2: d2,
                                        arity: u32_of(&call.args[0])?,
                                        target: lbl(&call.args[1])?,
                                    });
                                    return Ok(3);
                                }
                            }
                            self.emit(I::Move2 {
                                src1: src,
                                dst1: d,
                                src2,
                                dst2: d2,
                            });
                            return Ok(2);
                        }
                    }
                }
                self.emit(I::Move { src, dst: d });
            }
            op::SWAP => self.emit(I::Swap {
                a: dst(&a[0])?,
                b: dst(&a[1])?,
            }),
            op::GET_LIST => {
                let src = self.src(&a[0])?;
                self.emit(I::GetList {
                    src,
                    hd: dst(&a[1])?,
                    tl: dst(&a[2])?,
                });
            }
            op::GET_HD => {
                let src = self.src(&a[0])?;
                self.emit(I::GetHd {
                    src,
                    dst: dst(&a[1])?,
                });
            }
            op::GET_TL => {
                let src = self.src(&a[0])?;
                self.emit(I::GetTl {
                    src,
                    dst: dst(&a[1])?,
                });
            }
            op::GET_TUPLE_ELEMENT => {
                let src = self.src(&a[0])?;
                self.emit(I::GetTupleElement {
                    src,
                    index: u32_of(&a[1])?,
                    dst: dst(&a[2])?,
                });
            }
            op::SET_TUPLE_ELEMENT => {
                let value = self.src(&a[0])?;
                let tuple = self.src(&a[1])?;
                self.emit(I::SetTupleElement {
                    value,
                    tuple,
                    index: u32_of(&a[2])?,
                });
            }
            op::PUT_LIST => {
                let hd = self.src(&a[0])?;
                let tl = self.src(&a[1])?;
                self.emit(I::PutList {
                    hd,
                    tl,
                    dst: dst(&a[2])?,
                });
            }
            op::PUT_TUPLE2 => {
                let d = dst(&a[0])?;
                let mut elems = Vec::new();
                for o in list(&a[1])? {
                    elems.push(self.src(o)?);
                }
                self.emit(I::PutTuple {
                    dst: d,
                    elems: elems.into_boxed_slice(),
                });
            }
            op::BADMATCH => {
                let src = self.src(&a[0])?;
                self.emit(I::Badmatch { src });
            }
            op::IF_END => self.emit(I::IfEnd),
            op::CASE_END => {
                let src = self.src(&a[0])?;
                self.emit(I::CaseEnd { src });
            }
            op::BADRECORD => {
                let src = self.src(&a[0])?;
                self.emit(I::Badrecord { src });
            }
            op::CALL_FUN => self.emit(I::CallFun {
                arity: u32_of(&a[0])?,
            }),
            op::CALL_FUN2 => {
                let arity = u32_of(&a[1])?;
                let fun = self.src(&a[2])?;
                self.emit(I::CallFun2 { arity, fun });
            }
            op::MAKE_FUN2 => {
                let idx = u32_of(&a[0])? as usize;
                let entry = self
                    .funs
                    .get(idx)
                    .ok_or_else(|| LoadError("fun index".into()))?;
                let env: Vec<Src> = (0..entry.num_free).map(Src::X).collect();
                self.emit(I::MakeFun {
                    entry,
                    dst: Dst::X(0),
                    env: env.into_boxed_slice(),
                });
            }
            op::MAKE_FUN3 => {
                let idx = u32_of(&a[0])? as usize;
                let entry = self
                    .funs
                    .get(idx)
                    .ok_or_else(|| LoadError("fun index".into()))?;
                let d = dst(&a[1])?;
                let mut env = Vec::new();
                for o in list(&a[2])? {
                    env.push(self.src(o)?);
                }
                if env.len() != entry.num_free as usize {
                    return bad("make_fun3 environment size differs from the fun table");
                }
                self.emit(I::MakeFun {
                    entry,
                    dst: d,
                    env: env.into_boxed_slice(),
                });
            }
            op::APPLY => self.emit(I::Apply {
                arity: u32_of(&a[0])?,
            }),
            op::APPLY_LAST => self.emit(I::ApplyLast {
                arity: u32_of(&a[0])?,
                dealloc: u32_of(&a[1])?,
            }),
            op::RAISE => {
                let trace = self.src(&a[0])?;
                let value = self.src(&a[1])?;
                self.emit(I::Raise { trace, value });
            }
            op::BUILD_STACKTRACE => self.emit(I::BuildStacktrace),
            op::RAW_RAISE => self.emit(I::RawRaise),
            op::TRIM => self.emit(I::Trim { n: u32_of(&a[0])? }),
            op::HAS_MAP_FIELDS => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let mut keys = Vec::new();
                for o in list(&a[2])? {
                    keys.push(self.src(o)?);
                }
                self.emit(I::HasMapFields {
                    fail,
                    src,
                    keys: keys.into_boxed_slice(),
                });
            }
            op::GET_MAP_ELEMENTS => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let items = list(&a[2])?;
                let mut pairs = Vec::new();
                for p in items.chunks(2) {
                    if p.len() != 2 {
                        return bad("get_map_elements with an odd list");
                    }
                    pairs.push((self.src(&p[0])?, dst(&p[1])?));
                }
                self.emit(I::GetMapElements {
                    fail,
                    src,
                    pairs: pairs.into_boxed_slice(),
                });
            }
            op::PUT_MAP_ASSOC | op::PUT_MAP_EXACT => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let d = dst(&a[2])?;
                let live = u32_of(&a[3])?;
                let items = list(&a[4])?;
                let mut pairs = Vec::new();
                for p in items.chunks(2) {
                    if p.len() != 2 {
                        return bad("put_map with an odd list");
                    }
                    pairs.push((self.src(&p[0])?, self.src(&p[1])?));
                }
                self.emit(I::PutMap {
                    exact: ins.opcode == op::PUT_MAP_EXACT,
                    fail,
                    src,
                    dst: d,
                    live,
                    pairs: pairs.into_boxed_slice(),
                });
            }
            op::UPDATE_RECORD => {
                let size = u32_of(&a[1])?;
                let src = self.src(&a[2])?;
                let d = dst(&a[3])?;
                let items = list(&a[4])?;
                let mut updates = Vec::new();
                for p in items.chunks(2) {
                    if p.len() != 2 {
                        return bad("update_record with an odd list");
                    }
                    updates.push((u32_of(&p[0])?, self.src(&p[1])?));
                }
                self.emit(I::UpdateRecord {
                    src,
                    dst: d,
                    size,
                    updates: updates.into_boxed_slice(),
                });
            }
            op::FCLEARERROR | op::FCHECKERROR => {}
            op::FMOVE => {
                let s = match &a[0] {
                    Operand::FloatReg(n) => FSrc::F(*n),
                    o => FSrc::Src(self.src(o)?),
                };
                let d = match &a[1] {
                    Operand::FloatReg(n) => FDst::F(*n),
                    o => FDst::Dst(dst(o)?),
                };
                self.emit(I::Fmove { src: s, dst: d });
            }
            op::FCONV => {
                let src = self.src(&a[0])?;
                let d = freg(&a[1])?;
                self.emit(I::Fconv { src, dst: d });
            }
            op::FADD | op::FSUB | op::FMUL | op::FDIV => {
                let fop = match ins.opcode {
                    op::FADD => FOp::Add,
                    op::FSUB => FOp::Sub,
                    op::FMUL => FOp::Mul,
                    _ => FOp::Div,
                };
                self.emit(I::Farith {
                    op: fop,
                    a: freg(&a[1])?,
                    b: freg(&a[2])?,
                    dst: freg(&a[3])?,
                });
            }
            op::FNEGATE => self.emit(I::Fnegate {
                a: freg(&a[1])?,
                dst: freg(&a[2])?,
            }),
            op::ON_LOAD => {
                // The function this marks runs after loading; Ferl records it.
                self.emit(I::Nop);
            }
            op::NIF_START => {}
            op::BS_CREATE_BIN => self.bs_create_bin(a)?,
            op::BS_START_MATCH3 => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let live = u32_of(&a[2])?;
                let d = dst(&a[3])?;
                self.emit(I::BsStartMatch {
                    fail,
                    live,
                    src,
                    dst: d,
                });
            }
            op::BS_START_MATCH4 => {
                let fail = lbl(&a[0])?;
                let live = u32_of(&a[1])?;
                let src = self.src(&a[2])?;
                let d = dst(&a[3])?;
                self.emit(I::BsStartMatch {
                    fail,
                    live,
                    src,
                    dst: d,
                });
            }
            op::BS_GET_INTEGER2 | op::BS_GET_FLOAT2 | op::BS_GET_BINARY2 => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let size = self.src(&a[3])?;
                let unit = u32_of(&a[4])?;
                let flags = flags_of(&a[5], self)?;
                let d = dst(&a[6])?;
                self.emit(match ins.opcode {
                    op::BS_GET_INTEGER2 => I::BsGetInteger {
                        fail,
                        ctx,
                        size,
                        unit,
                        flags,
                        dst: d,
                    },
                    op::BS_GET_FLOAT2 => I::BsGetFloat {
                        fail,
                        ctx,
                        size,
                        unit,
                        flags,
                        dst: d,
                    },
                    _ => I::BsGetBinary {
                        fail,
                        ctx,
                        size,
                        unit,
                        flags,
                        dst: d,
                    },
                });
            }
            op::BS_SKIP_BITS2 => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let size = self.src(&a[2])?;
                let unit = u32_of(&a[3])?;
                self.emit(I::BsSkipBits {
                    fail,
                    ctx,
                    size,
                    unit,
                });
            }
            op::BS_TEST_TAIL2 => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let bits = unsigned(&a[2])?;
                self.emit(I::BsTestTail { fail, ctx, bits });
            }
            op::BS_TEST_UNIT => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let unit = u32_of(&a[2])?;
                self.emit(I::BsTestUnit { fail, ctx, unit });
            }
            op::BS_MATCH_STRING => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let bits = unsigned(&a[2])?;
                let offset = u32_of(&a[3])?;
                if (offset as u64) * 8 + bits > self.strings.len() as u64 * 8 {
                    return bad("bs_match_string outside the string table");
                }
                let start = offset as usize;
                let bytes = &self.strings[start..start + (bits as usize).div_ceil(8)];
                self.emit(I::BsMatchString {
                    fail,
                    ctx,
                    bits,
                    bytes,
                });
            }
            op::BS_GET_TAIL => {
                let ctx = self.src(&a[0])?;
                self.emit(I::BsGetTail {
                    ctx,
                    dst: dst(&a[1])?,
                });
            }
            op::BS_GET_POSITION => {
                let ctx = self.src(&a[0])?;
                self.emit(I::BsGetPosition {
                    ctx,
                    dst: dst(&a[1])?,
                });
            }
            op::BS_SET_POSITION => {
                let ctx = self.src(&a[0])?;
                let pos = self.src(&a[1])?;
                self.emit(I::BsSetPosition { ctx, pos });
            }
            op::BS_GET_UTF8 | op::BS_GET_UTF16 | op::BS_GET_UTF32 => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let flags = flags_of(&a[3], self)?;
                let kind = match ins.opcode {
                    op::BS_GET_UTF8 => 8,
                    op::BS_GET_UTF16 => 16,
                    _ => 32,
                };
                self.emit(I::BsGetUtf {
                    fail,
                    ctx,
                    kind,
                    flags,
                    dst: Some(dst(&a[4])?),
                });
            }
            op::BS_SKIP_UTF8 | op::BS_SKIP_UTF16 | op::BS_SKIP_UTF32 => {
                let fail = lbl(&a[0])?;
                let ctx = self.src(&a[1])?;
                let flags = flags_of(&a[3], self)?;
                let kind = match ins.opcode {
                    op::BS_SKIP_UTF8 => 8,
                    op::BS_SKIP_UTF16 => 16,
                    _ => 32,
                };
                self.emit(I::BsGetUtf {
                    fail,
                    ctx,
                    kind,
                    flags,
                    dst: None,
                });
            }
            op::BS_CONTEXT_TO_BINARY => {}
            op::BS_MATCH => self.bs_match(a)?,
            op::BS_INIT2 | op::BS_INIT_BITS => {
                let fail = lbl(&a[0])?;
                let size = self.src(&a[1])?;
                let d = dst(&a[5])?;
                self.emit(I::BsInit {
                    fail,
                    size,
                    bits: ins.opcode == op::BS_INIT_BITS,
                    dst: d,
                });
            }
            op::BS_PUT_INTEGER | op::BS_PUT_BINARY | op::BS_PUT_FLOAT => {
                let fail = lbl(&a[0])?;
                let size = self.src(&a[1])?;
                let unit = u32_of(&a[2])?;
                let flags = flags_of(&a[3], self)?;
                let src = self.src(&a[4])?;
                let kind = match ins.opcode {
                    op::BS_PUT_INTEGER => BinSegKind::Integer,
                    op::BS_PUT_BINARY => BinSegKind::Binary,
                    _ => BinSegKind::Float,
                };
                self.emit(I::BsPut {
                    fail,
                    kind,
                    size,
                    unit,
                    flags,
                    src,
                });
            }
            op::BS_PUT_UTF8 | op::BS_PUT_UTF16 | op::BS_PUT_UTF32 => {
                let fail = lbl(&a[0])?;
                let flags = flags_of(&a[1], self)?;
                let src = self.src(&a[2])?;
                let kind = match ins.opcode {
                    op::BS_PUT_UTF8 => BinSegKind::Utf8,
                    op::BS_PUT_UTF16 => BinSegKind::Utf16,
                    _ => BinSegKind::Utf32,
                };
                self.emit(I::BsPut {
                    fail,
                    kind,
                    size: Src::Lit(Term::NIL),
                    unit: 1,
                    flags,
                    src,
                });
            }
            op::BS_PUT_STRING => {
                let len = u32_of(&a[0])?;
                let offset = u32_of(&a[1])?;
                if offset as usize + len as usize > self.strings.len() {
                    return bad("bs_put_string outside the string table");
                }
                let bytes = &self.strings[offset as usize..offset as usize + len as usize];
                self.emit(I::BsPutString { bytes });
            }
            op::BS_ADD => {
                let fail = lbl(&a[0])?;
                let x = self.src(&a[1])?;
                let y = self.src(&a[2])?;
                let unit = u32_of(&a[3])?;
                let d = dst(&a[4])?;
                self.emit(I::BsAdd {
                    fail,
                    a: x,
                    b: y,
                    unit,
                    dst: d,
                });
            }
            op::BS_APPEND => {
                let fail = lbl(&a[0])?;
                let size = self.src(&a[1])?;
                let unit = u32_of(&a[4])?;
                let bin = self.src(&a[5])?;
                let d = dst(&a[7])?;
                self.emit(I::BsAppend {
                    fail,
                    size,
                    unit,
                    bin,
                    dst: d,
                });
            }
            op::BS_PRIVATE_APPEND => {
                let fail = lbl(&a[0])?;
                let size = self.src(&a[1])?;
                let unit = u32_of(&a[2])?;
                let bin = self.src(&a[3])?;
                let d = dst(&a[5])?;
                self.emit(I::BsAppend {
                    fail,
                    size,
                    unit,
                    bin,
                    dst: d,
                });
            }
            op::BS_UTF8_SIZE | op::BS_UTF16_SIZE => {
                let fail = lbl(&a[0])?;
                let src = self.src(&a[1])?;
                let d = dst(&a[2])?;
                let kind = if ins.opcode == op::BS_UTF8_SIZE {
                    8
                } else {
                    16
                };
                self.emit(I::BsUtfSize {
                    fail,
                    kind,
                    src,
                    dst: d,
                });
            }
            op::BS_INIT_WRITABLE => {
                // x0 = a new empty binary with room to grow.
                self.emit(I::BsInit {
                    fail: CodePtr::NULL,
                    size: Src::Lit(Term::small(0)),
                    bits: false,
                    dst: Dst::X(0),
                });
            }
            other => {
                let name = ferl_beam::opcodes::op_info(other).map_or("?", |i| i.name);
                let since = ferl_beam::opcodes::op_info(other).map_or(0, |i| i.since);
                return bad(format!(
                    "unsupported opcode {other} ({name}, introduced in OTP {since})"
                ));
            }
        }
        Ok(1)
    }

    fn bs_create_bin(&mut self, a: &[Operand]) -> R<()> {
        let fail = lbl(&a[0])?;
        let live = u32_of(&a[2])?;
        let d = dst(&a[4])?;
        let items = list(&a[5])?;
        if items.len() % 6 != 0 {
            return bad("bs_create_bin with a malformed segment list");
        }
        let mut segs = Vec::new();
        for s in items.chunks(6) {
            let kind = match &s[0] {
                Operand::Atom(i) => match self.atom(*i)?.name() {
                    "integer" => BinSegKind::Integer,
                    "float" => BinSegKind::Float,
                    "binary" => BinSegKind::Binary,
                    "utf8" => BinSegKind::Utf8,
                    "utf16" => BinSegKind::Utf16,
                    "utf32" => BinSegKind::Utf32,
                    "string" => BinSegKind::String,
                    "append" => BinSegKind::Append,
                    "private_append" => BinSegKind::PrivateAppend,
                    other => return bad(format!("bs_create_bin segment type {other}")),
                },
                other => return bad(format!("bs_create_bin segment type {other:?}")),
            };
            let unit = u32_of(&s[2])?;
            let flags = flags_of(&s[3], self)?;
            let src = self.src(&s[4])?;
            let size = self.src(&s[5])?;
            let mut string: &'static [u8] = &[];
            if kind == BinSegKind::String {
                let off = match src.kind() {
                    SrcKind::Lit(t) => t.as_small().unwrap_or(-1),
                    _ => -1,
                };
                let len = match size.kind() {
                    SrcKind::Lit(t) => t.as_small().unwrap_or(-1),
                    _ => -1,
                };
                if off < 0 || len < 0 || (off + len) as usize > self.strings.len() {
                    return bad("bs_create_bin string outside the string table");
                }
                string = &self.strings[off as usize..(off + len) as usize];
            }
            segs.push(BinSeg {
                kind,
                unit,
                flags,
                src,
                size,
                string,
            });
        }
        self.emit(Instr::BsCreateBin {
            fail,
            live,
            dst: d,
            segs: segs.into_boxed_slice(),
        });
        Ok(())
    }

    fn bs_match(&mut self, a: &[Operand]) -> R<()> {
        let fail = lbl(&a[0])?;
        let ctx = self.src(&a[1])?;
        let items = list(&a[2])?;
        let mut cmds = Vec::new();
        let mut i = 0;
        let arg = |k: usize| -> R<&Operand> {
            items
                .get(k)
                .ok_or_else(|| LoadError("bs_match command cut short".into()))
        };
        while i < items.len() {
            let name = match &items[i] {
                Operand::Atom(n) => self.atom(*n)?.name(),
                other => return bad(format!("bs_match command {other:?}")),
            };
            match name {
                "ensure_at_least" => {
                    cmds.push(BsMatchCmd::EnsureAtLeast {
                        bits: unsigned(arg(i + 1)?)?,
                        unit: u32_of(arg(i + 2)?)?,
                    });
                    i += 3;
                }
                "ensure_exactly" => {
                    cmds.push(BsMatchCmd::EnsureExactly {
                        bits: unsigned(arg(i + 1)?)?,
                    });
                    i += 2;
                }
                "integer" | "binary" => {
                    let live = u32_of(arg(i + 1)?)?;
                    let flags = flags_of(arg(i + 2)?, self)?;
                    let size = unsigned(arg(i + 3)?)?;
                    let unit = u32_of(arg(i + 4)?)?;
                    let d = dst(arg(i + 5)?)?;
                    cmds.push(if name == "integer" {
                        BsMatchCmd::Integer {
                            live,
                            flags,
                            size,
                            unit,
                            dst: d,
                        }
                    } else {
                        BsMatchCmd::Binary {
                            live,
                            flags,
                            size,
                            unit,
                            dst: d,
                        }
                    });
                    i += 6;
                }
                "skip" => {
                    cmds.push(BsMatchCmd::Skip {
                        bits: unsigned(arg(i + 1)?)?,
                    });
                    i += 2;
                }
                "get_tail" => {
                    let live = u32_of(arg(i + 1)?)?;
                    let unit = u32_of(arg(i + 2)?)?;
                    let d = dst(arg(i + 3)?)?;
                    cmds.push(BsMatchCmd::GetTail { live, unit, dst: d });
                    i += 4;
                }
                "=:=" => {
                    let bits = unsigned(arg(i + 2)?)?;
                    let value = match arg(i + 3)? {
                        Operand::Integer(v) => *v as u64,
                        Operand::Unsigned(v) => *v,
                        other => return bad(format!("bs_match value {other:?}")),
                    };
                    cmds.push(BsMatchCmd::Equal { bits, value });
                    i += 4;
                }
                other => return bad(format!("bs_match command {other}")),
            }
        }
        self.emit(Instr::BsMatch {
            fail,
            ctx,
            cmds: cmds.into_boxed_slice(),
        });
        Ok(())
    }
}

fn ydst(op: &Operand) -> R<u32> {
    match dst(op)?.kind() {
        DstKind::Y(y) => Ok(y),
        DstKind::X(_) => bad("expected a y register"),
    }
}

fn freg(op: &Operand) -> R<u32> {
    match op {
        Operand::FloatReg(n) if *n < 256 => Ok(*n),
        other => bad(format!("expected a float register, found {other:?}")),
    }
}

fn heap_need(op: &Operand) -> R<u32> {
    match op {
        Operand::AllocList(items) => Ok(items
            .iter()
            .map(|(k, n)| if *k == 1 { n * 3 } else { *n * 2 })
            .sum()),
        other => u32_of(other),
    }
}
