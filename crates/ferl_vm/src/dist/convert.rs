//! Heap terms to and from `ferl_etf`'s owned term tree, the currency of `ferl_dist`.
//!
//! Local pids, ports and references become identifiers of this node (name and creation);
//! identifiers naming this node come back as local ones. Funs with code go through the
//! VM's own encoder and decoder (they name a fun entry of loaded code); a fun whose code is
//! not loaded here cannot be rebuilt and arrives as the atom `undefined`.

use ferl_etf::{Atom as EAtom, Pid, Port, Reference, Term as ETerm};

use crate::atom::Atom;
use crate::binary::bits_of;
use crate::heap::Heap;
use crate::node;
use crate::term::{Kind, Term};

use super::ext;

pub fn eatom(a: Atom) -> EAtom {
    EAtom(a.name().to_string())
}

pub fn vatom(a: &EAtom) -> Atom {
    Atom::intern(a.as_str()).unwrap_or(crate::atom::predefined::UNDEFINED)
}

/// A local pid as the wire names it.
pub fn local_pid(id: u64) -> Pid {
    Pid {
        node: eatom(node::this_node()),
        id: (id & ((1 << 28) - 1)) as u32,
        serial: (id >> 28) as u32,
        creation: node::creation(),
    }
}

/// Any pid term as the wire names it.
pub fn pid_of(t: Term) -> Option<Pid> {
    if t.is_local_pid() {
        return Some(local_pid(t.pid_id()));
    }
    let p = ext::ext_pid_of(t)?;
    Some(Pid {
        node: eatom(p.node),
        id: p.id,
        serial: p.serial,
        creation: p.creation,
    })
}

pub fn is_this_node(a: &EAtom) -> bool {
    a.as_str() == node::this_node().name()
}

/// A pid from the wire as a term that may be kept outside a heap (local or interned).
pub fn stable_pid(p: &Pid) -> Term {
    if is_this_node(&p.node) {
        Term::pid(((p.serial as u64) << 28) | p.id as u64)
    } else {
        ext::intern(ext::ExtPid {
            node: vatom(&p.node),
            id: p.id,
            serial: p.serial,
            creation: p.creation,
        })
    }
}

/// A local reference's id words as the wire gives them.
pub fn local_ref(ids: (u64, u64)) -> Reference {
    Reference {
        node: eatom(node::this_node()),
        creation: node::creation(),
        ids: vec![ids.0 as u32, (ids.1 >> 32) as u32, ids.1 as u32],
    }
}

/// The id words of a reference to this node, if it is one.
pub fn local_ref_ids(r: &Reference) -> Option<(u64, u64)> {
    if !is_this_node(&r.node) || r.ids.len() < 3 {
        return None;
    }
    Some((r.ids[0] as u64, ((r.ids[1] as u64) << 32) | r.ids[2] as u64))
}

pub fn reference_to_heap(r: &Reference, h: &mut Heap) -> Term {
    match local_ref_ids(r) {
        Some((hi, lo)) => h.reference(hi, lo),
        None => ext::ext_ref(h, vatom(&r.node), r.creation, &r.ids),
    }
}

/// A heap term as an owned tree.
pub fn to_tree(t: Term) -> ETerm {
    if let Some(v) = t.as_small() {
        return ETerm::Int(v);
    }
    if let Some(a) = t.as_atom() {
        return ETerm::Atom(eatom(a));
    }
    if t.is_nil() {
        return ETerm::Nil;
    }
    if t.is_local_pid() {
        return ETerm::Pid(local_pid(t.pid_id()));
    }
    if t.is_local_port() {
        return ETerm::Port(Port {
            node: eatom(node::this_node()),
            id: t.port_id(),
            creation: node::creation(),
        });
    }
    if t.is_cons() {
        let mut items = Vec::new();
        let mut it = t.iter_list();
        for e in it.by_ref() {
            items.push(to_tree(e));
        }
        let tail = it.rest();
        return ETerm::List(items, Box::new(to_tree(tail)));
    }
    match t.boxed_kind() {
        Some(Kind::Tuple) => ETerm::Tuple(t.tuple_elems().iter().map(|&e| to_tree(e)).collect()),
        Some(Kind::Float) => ETerm::Float(t.float_value()),
        Some(Kind::PosBig | Kind::NegBig) => ETerm::from_bigint(crate::arith::big_of(t)),
        Some(Kind::Map) => {
            let w = t.boxed_words();
            ETerm::Map(
                w.chunks(2)
                    .map(|c| (to_tree(Term(c[0])), to_tree(Term(c[1]))))
                    .collect(),
            )
        }
        Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin) => {
            let b = bits_of(t).expect("bitstring");
            let bytes = b.to_vec();
            if b.len_bits % 8 == 0 {
                ETerm::Binary(bytes)
            } else {
                ETerm::BitBinary {
                    bytes,
                    bits: (b.len_bits % 8) as u8,
                }
            }
        }
        Some(Kind::Ref) => {
            let w = t.boxed_words();
            ETerm::Ref(local_ref((w[0], w[1])))
        }
        Some(Kind::ExtPid) => pid_of(t).map(ETerm::Pid).unwrap_or(ETerm::Nil),
        Some(Kind::ExtPort) => match ext::ext_port_of(t) {
            Some((n, id, creation)) => ETerm::Port(Port {
                node: eatom(n),
                id,
                creation,
            }),
            None => ETerm::Nil,
        },
        Some(Kind::ExtRef) => match ext::ext_ref_of(t) {
            Some((n, creation, ids)) => ETerm::Ref(Reference {
                node: eatom(n),
                creation,
                ids,
            }),
            None => ETerm::Nil,
        },
        Some(Kind::Export) => {
            let e = crate::fun::export_of(t);
            ETerm::ExportFun {
                module: eatom(e.module),
                function: eatom(e.function),
                arity: e.arity as u8,
            }
        }
        Some(Kind::Fun) => {
            let bytes = crate::etf::encode(t);
            ferl_etf::decode(&bytes).unwrap_or(ETerm::Nil)
        }
        _ => ETerm::Nil,
    }
}

/// An owned tree into `h`.
pub fn to_heap(t: &ETerm, h: &mut Heap) -> Term {
    match t {
        ETerm::Atom(a) => Term::atom(vatom(a)),
        ETerm::Int(i) => h.int(*i),
        ETerm::BigInt(b) => h.bigint(b),
        ETerm::Float(f) => h.float(*f),
        ETerm::Binary(b) => h.binary(b),
        ETerm::BitBinary { bytes, bits } => {
            let len = if bytes.is_empty() {
                0
            } else {
                (bytes.len() - 1) * 8 + (*bits as usize).clamp(1, 8)
            };
            h.bitstring(bytes, len)
        }
        ETerm::Tuple(items) => {
            let v: Vec<Term> = items.iter().map(|e| to_heap(e, h)).collect();
            h.tuple(&v)
        }
        ETerm::Nil => Term::NIL,
        ETerm::List(items, tail) => {
            let tl = to_heap(tail, h);
            let v: Vec<Term> = items.iter().map(|e| to_heap(e, h)).collect();
            h.list_with_tail(&v, tl)
        }
        ETerm::Map(pairs) => {
            let v: Vec<(Term, Term)> = pairs
                .iter()
                .map(|(k, v)| (to_heap(k, h), to_heap(v, h)))
                .collect();
            crate::map::from_pairs(h, v)
        }
        ETerm::Pid(p) => {
            if is_this_node(&p.node) {
                Term::pid(((p.serial as u64) << 28) | p.id as u64)
            } else {
                h.external_pid(vatom(&p.node), p.id, p.serial, p.creation)
            }
        }
        ETerm::Port(p) => {
            if is_this_node(&p.node) {
                Term::port(p.id)
            } else {
                ext::ext_port(h, vatom(&p.node), p.id, p.creation)
            }
        }
        ETerm::Ref(r) => reference_to_heap(r, h),
        ETerm::ExportFun {
            module,
            function,
            arity,
        } => {
            let e = crate::export::get_or_create(vatom(module), vatom(function), *arity as u32);
            h.export_fun(e)
        }
        ETerm::Fun(_) => {
            let bytes = ferl_etf::to_binary(t);
            match crate::etf::decode_prefix(&bytes, h).map(|(t, _)| t) {
                Some(v) => v,
                None => Term::atom(crate::atom::predefined::UNDEFINED),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    #[test]
    fn round_trips_through_the_tree() {
        let mut h = Heap::new();
        let s = h.string("héllo");
        let b = h.binary(&[1u8; 100]);
        let big = h.bigint(&(BigInt::from(1) << 100));
        let f = h.float(2.5);
        let inner = h.tuple(&[Term::atom(Atom::new("x")), Term::small(-7), big, f]);
        let l = h.list_with_tail(&[inner, b], Term::small(3));
        let r = h.reference(5, 6);
        let ext = ext::intern(ext::ExtPid {
            node: Atom::new("other@host"),
            id: 9,
            serial: 1,
            creation: 2,
        });
        let t = h.tuple(&[s, l, Term::pid(42), r, ext, Term::NIL]);
        let tree = to_tree(t);
        let mut h2 = Heap::new();
        let back = to_heap(&tree, &mut h2);
        assert!(crate::order::eq_exact(t, back), "{t:?} vs {back:?}");
    }
}
