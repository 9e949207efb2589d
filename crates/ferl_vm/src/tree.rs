//! Heap terms to and from `ferl_etf::Term`, the owned term tree the other crates speak
//! (the parser's abstract format, distribution, the codec).

use ferl_etf::Term as T;
use num_bigint::BigInt;

use crate::arith::big_of;
use crate::atom::Atom;
use crate::binary::bits_of;
use crate::heap::Heap;
use crate::term::{Kind, Term};

/// A heap term as a tree (copies everything).
pub fn to_tree(t: Term) -> T {
    if let Some(v) = t.as_small() {
        return T::Int(v);
    }
    if let Some(a) = t.as_atom() {
        return T::Atom(ferl_etf::Atom::new(a.name()));
    }
    if t.is_nil() {
        return T::Nil;
    }
    if t.is_local_pid() {
        let id = t.pid_id();
        return T::Pid(ferl_etf::Pid {
            node: ferl_etf::Atom::new(crate::node::this_node().name()),
            id: (id & ((1 << 28) - 1)) as u32,
            serial: (id >> 28) as u32,
            creation: crate::node::creation(),
        });
    }
    if t.is_local_port() {
        return T::Port(ferl_etf::Port {
            node: ferl_etf::Atom::new(crate::node::this_node().name()),
            id: t.port_id(),
            creation: crate::node::creation(),
        });
    }
    if t.is_cons() {
        let mut items = Vec::new();
        let mut cur = t;
        while cur.is_cons() {
            items.push(to_tree(cur.head()));
            cur = cur.tail();
        }
        return T::List(items, Box::new(to_tree(cur)));
    }
    match t.boxed_kind() {
        Some(Kind::Tuple) => T::Tuple(t.tuple_elems().iter().map(|&e| to_tree(e)).collect()),
        Some(Kind::Float) => T::Float(t.float_value()),
        Some(Kind::PosBig | Kind::NegBig) => {
            let b = big_of(t);
            match i64::try_from(&b) {
                Ok(v) => T::Int(v),
                Err(_) => T::BigInt(b),
            }
        }
        Some(Kind::Map) => T::Map(
            crate::map::pairs(t)
                .map(|(k, v)| (to_tree(k), to_tree(v)))
                .collect(),
        ),
        Some(Kind::HeapBin | Kind::ProcBin | Kind::SubBin) => {
            let b = bits_of(t).expect("bitstring");
            let bytes = b.to_vec();
            if b.len_bits % 8 == 0 {
                T::Binary(bytes)
            } else {
                T::BitBinary {
                    bytes,
                    bits: (b.len_bits % 8) as u8,
                }
            }
        }
        Some(Kind::Export) => {
            let e = crate::fun::export_of(t);
            T::ExportFun {
                module: ferl_etf::Atom::new(e.module.name()),
                function: ferl_etf::Atom::new(e.function.name()),
                arity: e.arity as u8,
            }
        }
        Some(Kind::Ref) => {
            let w = t.boxed_words();
            T::Ref(ferl_etf::Reference {
                node: ferl_etf::Atom::new(crate::node::this_node().name()),
                creation: crate::node::creation(),
                ids: vec![w[0] as u32, (w[1] >> 32) as u32, w[1] as u32],
            })
        }
        _ => {
            // Local funs and internal objects go through the external format.
            let bytes = crate::etf::encode(t);
            ferl_etf::decode(&bytes).unwrap_or(T::Nil)
        }
    }
}

/// A tree as a heap term.
pub fn from_tree(t: &T, h: &mut Heap) -> Term {
    match t {
        T::Atom(a) => Term::atom(Atom::new(a.as_str())),
        T::Int(v) => h.int(*v),
        T::BigInt(b) => h.bigint(b),
        T::Float(f) => h.float(*f),
        T::Binary(b) => h.binary(b),
        T::BitBinary { bytes, bits } => {
            let n = bytes.len().saturating_sub(1) * 8 + *bits as usize;
            h.bitstring(bytes, n)
        }
        T::Tuple(es) => {
            let v: Vec<Term> = es.iter().map(|e| from_tree(e, h)).collect();
            h.tuple(&v)
        }
        T::Nil => Term::NIL,
        T::List(es, tail) => {
            let tl = from_tree(tail, h);
            let v: Vec<Term> = es.iter().map(|e| from_tree(e, h)).collect();
            h.list_with_tail(&v, tl)
        }
        T::Map(pairs) => {
            let v: Vec<(Term, Term)> = pairs
                .iter()
                .map(|(k, v)| (from_tree(k, h), from_tree(v, h)))
                .collect();
            crate::map::from_pairs(h, v)
        }
        T::ExportFun {
            module,
            function,
            arity,
        } => {
            let e = crate::export::get_or_create(
                Atom::new(module.as_str()),
                Atom::new(function.as_str()),
                *arity as u32,
            );
            h.export_fun(e)
        }
        other => {
            // Pids, ports, references and funs: through the external format, which knows
            // how to tell local ones from remote ones.
            let bytes = ferl_etf::encode(other, &ferl_etf::EncodeOptions::default());
            crate::etf::decode(&bytes, h).unwrap_or(Term::NIL)
        }
    }
}

/// A big integer helper for callers building trees.
pub fn int_tree(v: &BigInt) -> T {
    match i64::try_from(v) {
        Ok(i) => T::Int(i),
        Err(_) => T::BigInt(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_tree() {
        let mut h = Heap::new();
        let s = h.string("ab");
        let b = h.binary(b"xyz");
        let f = h.float(2.5);
        let big = h.bigint(&(BigInt::from(1) << 80usize));
        let m = h.map_from_sorted(&[(Term::small(1), s)]);
        let t = h.tuple(&[s, b, f, big, m, Term::atom(Atom::new("k")), Term::NIL]);
        let tree = to_tree(t);
        let back = from_tree(&tree, &mut h);
        assert!(crate::order::eq_exact(t, back));
    }
}
