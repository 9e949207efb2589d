//! The owned term tree: how an Erlang term looks outside any process heap.
//!
//! It is the common currency between crates that are not the VM: the codec decodes into it
//! and encodes from it, the parser renders the abstract format with it, and the VM converts
//! it to and from heap terms.

use num_bigint::BigInt;

/// An atom by name. Atom names are Unicode text of at most 255 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(pub String);

impl Atom {
    pub fn new(name: impl Into<String>) -> Atom {
        Atom(name.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Erlang term outside a process heap.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    Atom(Atom),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// Any other integer.
    BigInt(BigInt),
    Float(f64),
    /// A binary: a whole number of bytes.
    Binary(Vec<u8>),
    /// A bitstring whose last byte holds `bits` significant bits (1..=7), high bits first.
    BitBinary {
        bytes: Vec<u8>,
        bits: u8,
    },
    Tuple(Vec<Term>),
    /// `[]`.
    Nil,
    /// A list: its elements and its tail (`Term::Nil` for a proper list).
    List(Vec<Term>, Box<Term>),
    /// A map, keys in any order; keys are unique.
    Map(Vec<(Term, Term)>),
    Pid(Pid),
    Port(Port),
    Ref(Reference),
    /// `fun M:F/A`.
    ExportFun {
        module: Atom,
        function: Atom,
        arity: u8,
    },
    /// A fun with code (NEW_FUN_EXT), kept as the wire gives it.
    Fun(Box<LocalFun>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pid {
    pub node: Atom,
    pub id: u32,
    pub serial: u32,
    pub creation: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Port {
    pub node: Atom,
    pub id: u64,
    pub creation: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    pub node: Atom,
    pub creation: u32,
    /// Up to 5 words, least significant first, as on the wire.
    pub ids: Vec<u32>,
}

/// The fields of NEW_FUN_EXT.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalFun {
    pub arity: u8,
    pub uniq: [u8; 16],
    pub index: u32,
    pub module: Atom,
    pub old_index: i64,
    pub old_uniq: i64,
    pub pid: Pid,
    pub free_vars: Vec<Term>,
}

impl Term {
    pub fn atom(name: &str) -> Term {
        Term::Atom(Atom::new(name))
    }
    pub fn tuple(elements: Vec<Term>) -> Term {
        Term::Tuple(elements)
    }
    /// A proper list of `elements`.
    pub fn list(elements: Vec<Term>) -> Term {
        if elements.is_empty() {
            Term::Nil
        } else {
            Term::List(elements, Box::new(Term::Nil))
        }
    }
    /// A string as Erlang sees it: a list of code points.
    pub fn string(text: &str) -> Term {
        Term::list(text.chars().map(|c| Term::Int(c as i64)).collect())
    }
}

impl Term {
    /// An integer term in canonical form: `Int` when it fits in 64 bits, else `BigInt`.
    pub fn from_bigint(value: BigInt) -> Term {
        match i64::try_from(&value) {
            Ok(i) => Term::Int(i),
            Err(_) => Term::BigInt(value),
        }
    }
}

impl Term {
    /// Calls `f` on every atom in the term, those inside pids, ports, references and funs
    /// included (a distribution header caches all of them). Keeps its own stack.
    pub fn for_each_atom<'a>(&'a self, mut f: impl FnMut(&'a Atom)) {
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            match t {
                Term::Atom(a) => f(a),
                Term::Pid(p) => f(&p.node),
                Term::Port(p) => f(&p.node),
                Term::Ref(r) => f(&r.node),
                Term::ExportFun {
                    module, function, ..
                } => {
                    f(module);
                    f(function);
                }
                Term::Fun(fun) => {
                    f(&fun.module);
                    f(&fun.pid.node);
                    stack.extend(fun.free_vars.iter());
                }
                Term::Tuple(items) => stack.extend(items.iter()),
                Term::List(items, tail) => {
                    stack.extend(items.iter());
                    stack.push(tail);
                }
                Term::Map(pairs) => {
                    for (k, v) in pairs {
                        stack.push(k);
                        stack.push(v);
                    }
                }
                Term::Int(_)
                | Term::BigInt(_)
                | Term::Float(_)
                | Term::Binary(_)
                | Term::BitBinary { .. }
                | Term::Nil => {}
            }
        }
    }
}
