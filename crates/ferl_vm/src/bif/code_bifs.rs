//! The code server's primitives as BIFs: loading, deleting and purging modules, old-code
//! checks, `function_exported/3` and `module_info/0,1`.

use super::*;
use crate::code::{self, LoadFailure};
use crate::process::RunState;
use crate::term::Term;

fn load_module(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let bytes = crate::binary::bytes_of(a[1])
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?
        .into_owned();
    let file = code::loaded_file(m).unwrap_or_default();
    match code::load_binary(Some(m), &bytes, &file) {
        Ok(_) => Ok(p.heap.tuple2(Term::atom(am::MODULE), Term::atom(m))),
        Err(LoadFailure::NotPurged) => Ok(error_tuple(p, Term::atom(am::NOT_PURGED))),
        Err(LoadFailure::BadFile(_)) => Ok(error_tuple(p, Term::atom(am::BADFILE))),
    }
}

/// `ferl:load_binary(Module, File, Binary)`: like load_module/2, recording the file name.
fn load_binary3(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let file = super::text::string_arg(a[1]).unwrap_or_default();
    let bytes = crate::binary::bytes_of(a[2])
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?
        .into_owned();
    match code::load_binary(Some(m), &bytes, &file) {
        Ok(_) => Ok(p.heap.tuple2(Term::atom(am::MODULE), Term::atom(m))),
        Err(LoadFailure::NotPurged) => Ok(error_tuple(p, Term::atom(am::NOT_PURGED))),
        Err(LoadFailure::BadFile(_)) => Ok(error_tuple(p, Term::atom(am::BADFILE))),
    }
}

fn delete_module(_: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    match code::delete(m) {
        Ok(true) => Ok(Term::TRUE),
        Ok(false) => Ok(Term::atom(am::UNDEFINED)),
        Err(()) => badarg(),
    }
}

/// `erlang:purge_module/1`: processes still running the old code are killed first (as
/// erl does since OTP 19), then the old code is forgotten.
fn purge_module(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let Some(old) = code::versions(m).old else {
        return badarg();
    };
    for id in crate::vm::all_pids() {
        if id == p.id {
            continue;
        }
        let Some(shared) = crate::vm::lookup(id) else {
            continue;
        };
        let uses = {
            let inbox = shared.inbox.lock().unwrap_or_else(|e| e.into_inner());
            match &inbox.state {
                RunState::Waiting(other) => uses_module(other, old),
                _ => false,
            }
        };
        if uses {
            crate::vm::send_signal(
                id,
                crate::process::Signal::Exit {
                    from: p.pid(),
                    reason: crate::copy::Owned::immediate(Term::atom(am::KILL)),
                    kind: crate::process::ExitKind::Explicit,
                },
            );
        }
    }
    let me_too = uses_module(p, old);
    code::purge(m);
    if me_too {
        p.pending_exit = Some(Term::atom(am::KILLED));
        return Err(Exc::Trap(Trap::Exit));
    }
    Ok(Term::TRUE)
}

fn check_old_code(_: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    Ok(Term::bool(code::versions(m).old.is_some()))
}

fn module_loaded(_: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    Ok(Term::bool(code::is_loaded(m)))
}

fn pre_loaded(p: &mut Process, _: &[Term]) -> BifResult {
    let ms: Vec<Term> = code::preloaded().into_iter().map(Term::atom).collect();
    Ok(p.heap.list(&ms))
}

fn loaded(p: &mut Process, _: &[Term]) -> BifResult {
    let ms: Vec<Term> = code::all_loaded()
        .into_iter()
        .map(|(m, _)| Term::atom(m))
        .collect();
    Ok(p.heap.list(&ms))
}

/// Whether a process (its next instruction or a return address) is in `m`'s old code.
fn uses_module(p: &Process, old: &crate::module::Module) -> bool {
    if !p.ip.is_null() && old.contains(p.ip) {
        return true;
    }
    p.stack.iter().any(|w| {
        w.is_header() && !w.is_non_value() && old.contains(crate::instr::CodePtr::from_word(w.0))
    })
}

fn check_process_code(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[1])?;
    if !a[0].is_local_pid() {
        return badarg();
    }
    let Some(old) = code::versions(m).old else {
        return Ok(Term::FALSE);
    };
    if a[0] == p.pid() {
        return Ok(Term::bool(uses_module(p, old)));
    }
    let Some(shared) = crate::vm::lookup(a[0].pid_id()) else {
        return Ok(Term::FALSE);
    };
    let inbox = shared.inbox.lock().unwrap_or_else(|e| e.into_inner());
    match &inbox.state {
        RunState::Waiting(other) => Ok(Term::bool(uses_module(other, old))),
        RunState::Exited => Ok(Term::FALSE),
        // Running or queued: ask again once it has stopped.
        RunState::Active => Err(Exc::Trap(Trap::Retry)),
    }
}

fn function_exported(_: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let f = atom_arg(a[1])?;
    let ar = a[2].as_small().ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    Ok(Term::bool(match crate::export::lookup(m, f, ar as u32) {
        Some(e) => {
            !e.code().is_null()
                || (e.bif().is_some() && code::is_loaded(m))
                || e.bif().is_some() && m == am::ERLANG
        }
        None => false,
    }))
}

fn module_info_item(
    p: &mut Process,
    md: &'static crate::module::Module,
    item: Atom,
) -> Option<Term> {
    Some(match item.name() {
        "module" => Term::atom(md.name),
        "exports" => {
            let items: Vec<Term> = md
                .exports
                .iter()
                .map(|&(f, a)| p.heap.tuple2(Term::atom(f), Term::small(a as i64)))
                .collect();
            p.heap.list(&items)
        }
        "functions" => {
            let items: Vec<Term> = md
                .functions
                .iter()
                .map(|f| {
                    p.heap
                        .tuple2(Term::atom(f.name), Term::small(f.arity as i64))
                })
                .collect();
            p.heap.list(&items)
        }
        "attributes" => crate::copy::copy_term(md.attributes, &mut p.heap),
        "compile" => crate::copy::copy_term(md.compile_info, &mut p.heap),
        "md5" => p.heap.binary(&md.md5),
        "native" => Term::FALSE,
        "nifs" => Term::NIL,
        _ => return None,
    })
}

fn get_module_info1(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let md = code::versions(m)
        .current
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    let mut out = Vec::new();
    for k in ["module", "exports", "attributes", "compile", "md5"] {
        let at = Atom::new(k);
        if let Some(v) = module_info_item(p, md, at) {
            out.push(p.heap.tuple2(Term::atom(at), v));
        }
    }
    Ok(p.heap.list(&out))
}

fn get_module_info2(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    let item = atom_arg(a[1])?;
    let md = code::versions(m)
        .current
        .ok_or(Exc::Error(Term::atom(am::BADARG)))?;
    module_info_item(p, md, item).ok_or(Exc::Error(Term::atom(am::BADARG)))
}

/// `ferl:get_code_path()` / `ferl:set_code_path(Dirs)`: the native code path, for the
/// stdlib's code server to read and update.
fn get_code_path(p: &mut Process, _: &[Term]) -> BifResult {
    let dirs: Vec<Term> = code::get_code_path()
        .iter()
        .map(|d| p.heap.string(&d.to_string_lossy()))
        .collect();
    Ok(p.heap.list(&dirs))
}

fn set_code_path(_: &mut Process, a: &[Term]) -> BifResult {
    let mut dirs = Vec::new();
    for d in list_arg(a[0])? {
        dirs.push(std::path::PathBuf::from(super::text::string_arg(d)?));
    }
    code::set_code_path(dirs);
    Ok(Term::TRUE)
}

fn loaded_file(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    Ok(match code::loaded_file(m) {
        Some(f) if code::preloaded().contains(&m) => {
            let _ = f;
            Term::atom(am::PRE_LOADED)
        }
        Some(f) => p.heap.string(&f),
        None => Term::FALSE,
    })
}

/// `ferl:beam_of(Module)`: the .beam image the current version was loaded from.
fn beam_of(p: &mut Process, a: &[Term]) -> BifResult {
    let m = atom_arg(a[0])?;
    match code::versions(m).current {
        Some(md) => Ok(p.heap.binary(&md.beam)),
        None => Ok(Term::atom(am::ERROR)),
    }
}

pub fn register() {
    let r = super::register;
    r("erlang", "load_module", 2, load_module);
    r("erlang", "delete_module", 1, delete_module);
    r("erlang", "purge_module", 1, purge_module);
    r("erlang", "check_old_code", 1, check_old_code);
    r("erlang", "module_loaded", 1, module_loaded);
    r("erlang", "pre_loaded", 0, pre_loaded);
    r("erlang", "loaded", 0, loaded);
    r("erlang", "check_process_code", 2, check_process_code);
    r("erlang", "check_process_code", 3, check_process_code);
    r("erlang", "function_exported", 3, function_exported);
    r("erlang", "get_module_info", 1, get_module_info1);
    r("erlang", "get_module_info", 2, get_module_info2);
    r("ferl", "load_binary", 3, load_binary3);
    r("ferl", "get_code_path", 0, get_code_path);
    r("ferl", "set_code_path", 1, set_code_path);
    r("ferl", "loaded_file", 1, loaded_file);
    r("ferl", "beam_of", 1, beam_of);
}
