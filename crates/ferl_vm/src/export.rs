//! The export table: one entry per {Module, Function, Arity} ever referenced, created on
//! first use and never freed, so loaded code can hold `&'static Export` pointers.
//!
//! An entry's code address is what a load swaps: a fully-qualified call reads it at the
//! moment of the call. A null address means "no code": the call goes to
//! `error_handler:undefined_function/3`. Native functions (BIFs) are entries with a `bif`
//! function; loading a module never replaces them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{OnceLock, RwLock};

use crate::atom::Atom;
use crate::bif::BifFn;
use crate::instr::Instr;

pub struct Export {
    pub module: Atom,
    pub function: Atom,
    pub arity: u32,
    code: AtomicPtr<Instr>,
    bif: OnceLock<BifFn>,
}

impl std::fmt::Debug for Export {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}/{}",
            self.module.name(),
            self.function.name(),
            self.arity
        )
    }
}

impl Export {
    /// The current code's entry point (after the func_info), if loaded.
    #[inline]
    pub fn code(&self) -> *const Instr {
        self.code.load(Ordering::Acquire)
    }

    pub fn set_code(&self, p: *const Instr) {
        self.code.store(p as *mut Instr, Ordering::Release);
    }

    #[inline]
    pub fn bif(&self) -> Option<BifFn> {
        self.bif.get().copied()
    }

    /// Whether calling this entry reaches something (code or a native function).
    pub fn is_callable(&self) -> bool {
        !self.code().is_null() || self.bif().is_some()
    }
}

type Key = (Atom, Atom, u32);

fn table() -> &'static RwLock<HashMap<Key, &'static Export>> {
    static T: OnceLock<RwLock<HashMap<Key, &'static Export>>> = OnceLock::new();
    T.get_or_init(|| RwLock::new(HashMap::new()))
}

/// The entry for M:F/A, created if needed.
pub fn get_or_create(module: Atom, function: Atom, arity: u32) -> &'static Export {
    let key = (module, function, arity);
    if let Some(e) = table().read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return e;
    }
    let mut w = table().write().unwrap_or_else(|e| e.into_inner());
    w.entry(key).or_insert_with(|| {
        Box::leak(Box::new(Export {
            module,
            function,
            arity,
            code: AtomicPtr::new(std::ptr::null_mut()),
            bif: OnceLock::new(),
        }))
    })
}

/// The entry for M:F/A if it exists.
pub fn lookup(module: Atom, function: Atom, arity: u32) -> Option<&'static Export> {
    table()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&(module, function, arity))
        .copied()
}

/// Registers a native function.
pub fn register_bif(module: &str, function: &str, arity: u32, f: BifFn) {
    let e = get_or_create(Atom::new(module), Atom::new(function), arity);
    let _ = e.bif.set(f);
}

/// Every entry of `module` that is callable.
pub fn callable_in(module: Atom) -> Vec<&'static Export> {
    table()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .values()
        .filter(|e| e.module == module && e.is_callable())
        .copied()
        .collect()
}
