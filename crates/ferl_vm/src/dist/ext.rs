//! Identifiers of other nodes as heap terms: external pids, ports and references, the
//! numbers erl prints for other nodes (`<N.M.0>`), and interned external pids.
//!
//! An external pid lives in a process heap like any boxed term, but links, monitors and
//! group leaders are kept outside heaps (in the `Process` struct, in signal queues), where
//! the collector cannot see them. For those, `intern_pid` gives a copy allocated once in a
//! never-freed area: the collector leaves pointers outside the heap alone, and equal pids
//! intern to the same word, so the plain word comparisons the VM uses on link lists work.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::atom::Atom;
use crate::heap::Heap;
use crate::term::{header, Kind, Term};

/// The words of an external pid: node, id, serial, creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExtPid {
    pub node: Atom,
    pub id: u32,
    pub serial: u32,
    pub creation: u32,
}

pub fn ext_pid_of(t: Term) -> Option<ExtPid> {
    if t.boxed_kind() != Some(Kind::ExtPid) {
        return None;
    }
    let w = t.boxed_words();
    Some(ExtPid {
        node: Term(w[0]).as_atom()?,
        id: w[1] as u32,
        serial: (w[1] >> 32) as u32,
        creation: w[2] as u32,
    })
}

/// An external port's node, id and creation.
pub fn ext_port_of(t: Term) -> Option<(Atom, u64, u32)> {
    if t.boxed_kind() != Some(Kind::ExtPort) {
        return None;
    }
    let w = t.boxed_words();
    Some((Term(w[0]).as_atom()?, w[1], w[2] as u32))
}

/// An external reference's node, creation and id words (least significant first).
pub fn ext_ref_of(t: Term) -> Option<(Atom, u32, Vec<u32>)> {
    if t.boxed_kind() != Some(Kind::ExtRef) {
        return None;
    }
    let w = t.boxed_words();
    let node = Term(w[0]).as_atom()?;
    let creation = w[1] as u32;
    let n = ((w[1] >> 32) as usize).min(5);
    let all = [
        w[2] as u32,
        (w[2] >> 32) as u32,
        w[3] as u32,
        (w[3] >> 32) as u32,
        w[4] as u32,
    ];
    Some((node, creation, all[..n].to_vec()))
}

pub fn ext_port(h: &mut Heap, node: Atom, id: u64, creation: u32) -> Term {
    let p = h.alloc(4);
    // SAFETY: four words were just allocated.
    unsafe {
        *p = header(Kind::ExtPort, 3);
        *p.add(1) = Term::atom(node).0;
        *p.add(2) = id;
        *p.add(3) = creation as u64;
    }
    Term::from_boxed_ptr(p)
}

/// An external reference with up to 5 id words (more are dropped).
pub fn ext_ref(h: &mut Heap, node: Atom, creation: u32, ids: &[u32]) -> Term {
    let n = ids.len().min(5);
    let mut all = [0u32; 5];
    all[..n].copy_from_slice(&ids[..n]);
    let p = h.alloc(6);
    // SAFETY: six words were just allocated.
    unsafe {
        *p = header(Kind::ExtRef, 5);
        *p.add(1) = Term::atom(node).0;
        *p.add(2) = ((n as u64) << 32) | creation as u64;
        *p.add(3) = all[0] as u64 | ((all[1] as u64) << 32);
        *p.add(4) = all[2] as u64 | ((all[3] as u64) << 32);
        *p.add(5) = all[4] as u64;
    }
    Term::from_boxed_ptr(p)
}

/// The node of any pid, port or reference.
pub fn node_of(t: Term) -> Option<Atom> {
    if t.is_local_pid() || t.is_local_port() || t.boxed_kind() == Some(Kind::Ref) {
        return Some(crate::node::this_node());
    }
    match t.boxed_kind() {
        Some(Kind::ExtPid | Kind::ExtPort | Kind::ExtRef) => Term(t.boxed_word(0)).as_atom(),
        _ => None,
    }
}

struct Interned {
    pids: HashMap<ExtPid, Term>,
}

// SAFETY: the terms point into leaked, immutable memory.
unsafe impl Send for Interned {}

fn interned() -> &'static Mutex<Interned> {
    static I: OnceLock<Mutex<Interned>> = OnceLock::new();
    I.get_or_init(|| {
        Mutex::new(Interned {
            pids: HashMap::new(),
        })
    })
}

/// The one never-freed copy of an external pid (see the module comment).
pub fn intern(pid: ExtPid) -> Term {
    let mut i = interned().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&t) = i.pids.get(&pid) {
        return t;
    }
    let words: &'static mut [u64; 4] = Box::leak(Box::new([
        header(Kind::ExtPid, 3),
        Term::atom(pid.node).0,
        ((pid.serial as u64) << 32) | pid.id as u64,
        pid.creation as u64,
    ]));
    let t = Term::from_boxed_ptr(words.as_ptr());
    i.pids.insert(pid, t);
    t
}

/// A pid term that can be kept outside a heap: local pids as they are, external pids
/// interned. Anything else is returned unchanged.
pub fn stable_pid(t: Term) -> Term {
    match ext_pid_of(t) {
        Some(p) => intern(p),
        None => t,
    }
}

/// The number erl shows in place of 0 for another node's identifiers (`<N.M.0>`): one
/// per node name, in the order they were first seen, for the life of this node.
pub fn node_number(node: Atom) -> u32 {
    static NUMBERS: OnceLock<Mutex<HashMap<Atom, u32>>> = OnceLock::new();
    let mut m = NUMBERS
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let next = m.len() as u32 + 1;
    *m.entry(node).or_insert(next)
}

/// Writes an external pid, port or reference as erl prints it.
pub fn write_ext(out: &mut String, t: Term) -> bool {
    use std::fmt::Write;
    if let Some(p) = ext_pid_of(t) {
        let _ = write!(out, "<{}.{}.{}>", node_number(p.node), p.id, p.serial);
        return true;
    }
    if let Some((node, id, _)) = ext_port_of(t) {
        let _ = write!(out, "#Port<{}.{}>", node_number(node), id);
        return true;
    }
    if let Some((node, _, ids)) = ext_ref_of(t) {
        let _ = write!(out, "#Ref<{}", node_number(node));
        for id in ids.iter().rev() {
            let _ = write!(out, ".{id}");
        }
        out.push('>');
        return true;
    }
    false
}

/// The comparison key of an external reference (node, then ids from the most significant).
pub fn ref_key(t: Term) -> Option<(String, Vec<u32>)> {
    if t.boxed_kind() == Some(Kind::Ref) {
        let w = t.boxed_words();
        let ids = vec![w[0] as u32, (w[1] >> 32) as u32, w[1] as u32];
        return Some((
            crate::node::this_node().name().to_string(),
            ids.into_iter().rev().collect(),
        ));
    }
    let (node, _, ids) = ext_ref_of(t)?;
    Some((node.name().to_string(), ids.into_iter().rev().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_pids_are_one_word_and_read_back() {
        let p = ExtPid {
            node: Atom::new("a@b"),
            id: 107,
            serial: 0,
            creation: 3,
        };
        let t = intern(p);
        assert_eq!(intern(p), t);
        assert_eq!(ext_pid_of(t), Some(p));
        assert!(t.is_pid());
        let mut h = Heap::new();
        let r = ext_ref(&mut h, Atom::new("a@b"), 7, &[1, 2, 3]);
        assert_eq!(ext_ref_of(r), Some((Atom::new("a@b"), 7, vec![1, 2, 3])));
        let mut s = String::new();
        assert!(write_ext(&mut s, t));
        assert!(s.starts_with('<') && s.ends_with(".107.0>"), "{s}");
        let port = ext_port(&mut h, Atom::new("a@b"), 9, 1);
        assert_eq!(ext_port_of(port), Some((Atom::new("a@b"), 9, 1)));
        assert_eq!(node_of(port), Some(Atom::new("a@b")));
    }
}
