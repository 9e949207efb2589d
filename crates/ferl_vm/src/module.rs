//! A loaded module version: its translated code, fun table, function and line tables,
//! literals and the data `module_info/0,1` reports.
//!
//! A `Module` is leaked when it is published, so code addresses, fun entries and literal
//! terms stay valid forever (the simplest safe rule: literal areas are never freed, even
//! after a purge; a purged version only stops being callable).

use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

use crate::atom::Atom;
use crate::heap::Heap;
use crate::instr::{CodePtr, Instr};
use crate::term::Term;

/// An entry of a module's fun table: what a local fun points at.
pub struct FunEntry {
    pub module_name: Atom,
    pub function: Atom,
    /// The arity a caller passes (the code's arity minus the free variables).
    pub arity: u32,
    pub num_free: u32,
    pub index: u32,
    pub old_uniq: u32,
    pub(crate) code: AtomicPtr<Instr>,
    pub(crate) module: AtomicPtr<Module>,
}

impl FunEntry {
    pub fn code(&self) -> CodePtr {
        CodePtr(self.code.load(Ordering::Acquire))
    }

    /// The module version the fun belongs to.
    pub fn module(&self) -> &'static Module {
        let p = self.module.load(Ordering::Acquire);
        // SAFETY: set to a leaked module before the entry is published; never freed.
        unsafe { &*p }
    }
}

impl std::fmt::Debug for FunEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fun {}:{}/{}",
            self.module_name.name(),
            self.function.name(),
            self.arity
        )
    }
}

/// A function of the module: where its code starts.
#[derive(Clone, Copy, Debug)]
pub struct FunctionInfo {
    pub name: Atom,
    pub arity: u32,
    /// Index of its `FuncInfo` instruction.
    pub start: u32,
    /// Index of its first real instruction.
    pub entry: u32,
}

pub struct Module {
    pub name: Atom,
    pub code: &'static [Instr],
    pub funs: &'static [FunEntry],
    /// Sorted by `start`.
    pub functions: Vec<FunctionInfo>,
    pub exports: Vec<(Atom, u32)>,
    /// (instruction index, line) sorted by index: the location of the code from there on.
    pub lines: Vec<(u32, u32, u32)>,
    /// File names of the line table (index 0: the module's own source file).
    pub files: Vec<String>,
    pub attributes: Term,
    pub compile_info: Term,
    pub md5: [u8; 16],
    pub on_load: Option<u32>,
    pub(crate) purged: AtomicBool,
    /// Keeps the literal area alive (never dropped: modules are leaked).
    pub(crate) _literals: Heap,
    /// The .beam image this version was loaded from.
    pub beam: Vec<u8>,
}

impl Module {
    pub fn base(&self) -> usize {
        self.code.as_ptr() as usize
    }

    pub fn contains(&self, p: CodePtr) -> bool {
        let a = p.0 as usize;
        a >= self.base() && a < self.base() + std::mem::size_of_val(self.code)
    }

    /// The instruction index of an address inside this module.
    pub fn index_of(&self, p: CodePtr) -> u32 {
        ((p.0 as usize - self.base()) / std::mem::size_of::<Instr>()) as u32
    }

    pub fn addr(&self, index: u32) -> CodePtr {
        CodePtr(&self.code[index as usize] as *const Instr)
    }

    /// The function whose code contains instruction `index`.
    pub fn function_at(&self, index: u32) -> Option<&FunctionInfo> {
        let i = self.functions.partition_point(|f| f.start <= index);
        if i == 0 {
            None
        } else {
            Some(&self.functions[i - 1])
        }
    }

    /// The (file, line) of instruction `index`, if the module has line information.
    pub fn location_at(&self, index: u32) -> Option<(&str, u32)> {
        let i = self.lines.partition_point(|l| l.0 <= index);
        if i == 0 {
            return None;
        }
        let (_, file, line) = self.lines[i - 1];
        if line == 0 {
            return None;
        }
        Some((
            self.files
                .get(file as usize)
                .map(String::as_str)
                .unwrap_or(""),
            line,
        ))
    }

    pub fn export_entry(&self, name: Atom, arity: u32) -> Option<CodePtr> {
        self.functions
            .iter()
            .find(|f| f.name == name && f.arity == arity)
            .map(|f| self.addr(f.entry))
    }

    pub fn is_purged(&self) -> bool {
        self.purged.load(Ordering::Acquire)
    }
}

// SAFETY: a published module is immutable except for atomics.
unsafe impl Sync for Module {}
// SAFETY: as above.
unsafe impl Send for Module {}
