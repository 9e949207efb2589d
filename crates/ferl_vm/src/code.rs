//! The code server's primitives: which version of each module is current and which is old,
//! publishing a loaded module (swapping its export entries), purging, deleting, and finding
//! the module a code address belongs to.
//!
//! Rules (erl's, see shared/notes/code-loading.md): at most two versions; loading over a
//! module that still has old code is refused (`not_purged`); purging marks the old version
//! purged (its funs then raise `badfun`) and forgets it. Modules are never freed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{OnceLock, RwLock};

use crate::atom::Atom;
use crate::instr::CodePtr;
use crate::loader::LoadError;
use crate::module::{FunEntry, Module};

#[derive(Default, Clone, Copy)]
pub struct Versions {
    pub current: Option<&'static Module>,
    pub old: Option<&'static Module>,
}

#[derive(Default)]
struct State {
    modules: HashMap<Atom, Versions>,
    /// Code areas by start address: (start, end, module).
    areas: Vec<(usize, usize, &'static Module)>,
    /// Modules loaded at boot (`erlang:pre_loaded/0`).
    preloaded: Vec<Atom>,
    /// Where each current module was loaded from.
    files: HashMap<Atom, String>,
}

fn state() -> &'static RwLock<State> {
    static S: OnceLock<RwLock<State>> = OnceLock::new();
    S.get_or_init(|| RwLock::new(State::default()))
}

fn code_path() -> &'static RwLock<Vec<PathBuf>> {
    static P: OnceLock<RwLock<Vec<PathBuf>>> = OnceLock::new();
    P.get_or_init(|| RwLock::new(vec![PathBuf::from(".")]))
}

pub fn set_code_path(p: Vec<PathBuf>) {
    *code_path().write().unwrap_or_else(|e| e.into_inner()) = p;
}

pub fn get_code_path() -> Vec<PathBuf> {
    code_path()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// The module whose code contains `p`.
pub fn module_of(p: CodePtr) -> Option<&'static Module> {
    let a = p.0 as usize;
    let s = state().read().unwrap_or_else(|e| e.into_inner());
    let i = s.areas.partition_point(|&(start, _, _)| start <= a);
    if i == 0 {
        return None;
    }
    let (_, end, m) = s.areas[i - 1];
    if a < end {
        Some(m)
    } else {
        None
    }
}

pub fn versions(m: Atom) -> Versions {
    let s = state().read().unwrap_or_else(|e| e.into_inner());
    s.modules.get(&m).copied().unwrap_or_default()
}

pub fn is_loaded(m: Atom) -> bool {
    versions(m).current.is_some()
}

pub fn loaded_file(m: Atom) -> Option<String> {
    let s = state().read().unwrap_or_else(|e| e.into_inner());
    s.files.get(&m).cloned()
}

pub fn all_loaded() -> Vec<(Atom, Versions)> {
    let s = state().read().unwrap_or_else(|e| e.into_inner());
    s.modules.iter().map(|(k, v)| (*k, *v)).collect()
}

pub fn preloaded() -> Vec<Atom> {
    state()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .preloaded
        .clone()
}

pub fn mark_preloaded(m: Atom) {
    state()
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .preloaded
        .push(m);
}

/// A fun entry of the current (or old) version of `module` by index (for decoding funs).
pub fn find_fun_entry(module: Atom, index: u32, _uniq: &[u8]) -> Option<&'static FunEntry> {
    let v = versions(module);
    for m in [v.current, v.old].into_iter().flatten() {
        if let Some(e) = m.funs.iter().find(|f| f.index == index) {
            return Some(e);
        }
    }
    None
}

#[derive(Debug)]
pub enum LoadFailure {
    NotPurged,
    BadFile(String),
}

/// Loads `bytes` as module `expected` (if given) and makes it current.
pub fn load_binary(
    expected: Option<Atom>,
    bytes: &[u8],
    file: &str,
) -> Result<&'static Module, LoadFailure> {
    let module = crate::loader::load(bytes).map_err(|LoadError(msg)| {
        log_bad_file(expected, file, &msg);
        LoadFailure::BadFile(msg)
    })?;
    if let Some(e) = expected {
        if e != module.name {
            let msg = format!("module name in object code is {}", module.name.name());
            log_bad_file(expected, file, &msg);
            return Err(LoadFailure::BadFile(msg));
        }
    }
    publish(module, file)
}

fn log_bad_file(m: Option<Atom>, file: &str, msg: &str) {
    let name = m
        .map(|a| a.name().to_string())
        .unwrap_or_else(|| file.to_string());
    eprintln!("=ERROR REPORT==== Loading of {name} failed: badfile ({msg}; Ferl supports files from OTP 24 to 26)");
}

fn publish(module: Module, file: &str) -> Result<&'static Module, LoadFailure> {
    let mut s = state().write().unwrap_or_else(|e| e.into_inner());
    let name = module.name;
    let prev = s.modules.get(&name).copied().unwrap_or_default();
    if prev.old.is_some() && prev.current.is_some() {
        return Err(LoadFailure::NotPurged);
    }
    let m: &'static mut Module = Box::leak(Box::new(module));
    let mptr: *mut Module = m;
    for f in m.funs {
        f.module.store(mptr, Ordering::Release);
    }
    let m: &'static Module = m;
    let start = m.base();
    let end = start + std::mem::size_of_val(m.code);
    let pos = s.areas.partition_point(|&(st, _, _)| st < start);
    s.areas.insert(pos, (start, end, m));
    // Swap the export entries: the new exports point at the new code, functions that the
    // old version exported and this one does not lose their code.
    if let Some(old) = prev.current {
        for (f, a) in &old.exports {
            if !m.exports.contains(&(*f, *a)) {
                crate::export::get_or_create(name, *f, *a).set_code(std::ptr::null());
            }
        }
    }
    for (f, a) in &m.exports {
        if let Some(entry) = m.export_entry(*f, *a) {
            crate::export::get_or_create(name, *f, *a).set_code(entry.0);
        }
    }
    s.modules.insert(
        name,
        Versions {
            current: Some(m),
            old: prev.current.or(prev.old),
        },
    );
    s.files.insert(name, file.to_string());
    Ok(m)
}

/// `erlang:delete_module/1`: current code becomes old; `Err(())` if old code exists.
#[allow(clippy::result_unit_err)]
pub fn delete(m: Atom) -> Result<bool, ()> {
    let mut s = state().write().unwrap_or_else(|e| e.into_inner());
    let v = s.modules.get(&m).copied().unwrap_or_default();
    let Some(cur) = v.current else {
        return Ok(false);
    };
    if v.old.is_some() {
        return Err(());
    }
    for (f, a) in &cur.exports {
        crate::export::get_or_create(m, *f, *a).set_code(std::ptr::null());
    }
    s.modules.insert(
        m,
        Versions {
            current: None,
            old: Some(cur),
        },
    );
    s.files.remove(&m);
    Ok(true)
}

/// `erlang:purge_module/1`: forgets the old version; false if there is none.
pub fn purge(m: Atom) -> bool {
    let mut s = state().write().unwrap_or_else(|e| e.into_inner());
    let Some(v) = s.modules.get_mut(&m) else {
        return false;
    };
    let Some(old) = v.old.take() else {
        return false;
    };
    old.purged.store(true, Ordering::Release);
    if v.current.is_none() {
        s.modules.remove(&m);
    }
    true
}

/// Finds `m.beam` on the code path.
pub fn find_on_path(m: Atom) -> Option<PathBuf> {
    let file = format!("{}.beam", m.name());
    for dir in get_code_path() {
        let p = dir.join(&file);
        if p.is_file() {
            return Some(p);
        }
    }
    None
}

/// Loads `m` from the code path (the native fallback when no error handler is loaded).
pub fn load_from_path(m: Atom) -> Result<&'static Module, LoadFailure> {
    let path = find_on_path(m).ok_or(LoadFailure::BadFile("nofile".into()))?;
    let bytes = std::fs::read(&path).map_err(|e| LoadFailure::BadFile(e.to_string()))?;
    let abs = std::fs::canonicalize(&path).unwrap_or(path);
    load_binary(Some(m), &bytes, &abs.to_string_lossy())
}
