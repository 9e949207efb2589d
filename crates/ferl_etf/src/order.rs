//! Erlang's term order on the owned tree: `<`, `==`, `=:=` and the map key order.
//!
//! The order is number < atom < reference < fun < port < pid < tuple < map < nil < list <
//! bitstring. Numbers compare by value (`1 == 1.0`, compared exactly, never through a lossy
//! conversion); in the *exact* order used by `=:=` and by map keys every integer sorts before
//! every float, which is how OTP 25 orders `maps:keys(#{1.5 => a, 2 => b})` (`[2, 1.5]`).
//! The walk keeps its own stack, so deeply nested terms cannot overflow the thread's stack.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use crate::term::{Pid, Port, Reference, Term};

/// The order of `<` and `==`: `compare(1, 1.0)` is `Equal`.
pub fn compare(a: &Term, b: &Term) -> Ordering {
    cmp_terms(a, b, false)
}

/// The order of map keys: a total order whose `Equal` is exactly `=:=`.
pub fn compare_exact(a: &Term, b: &Term) -> Ordering {
    cmp_terms(a, b, true)
}

/// `A == B`.
pub fn eq(a: &Term, b: &Term) -> bool {
    compare(a, b) == Ordering::Equal
}

/// `A =:= B`. Unlike the derived `PartialEq`, map key order does not matter.
pub fn eq_exact(a: &Term, b: &Term) -> bool {
    compare_exact(a, b) == Ordering::Equal
}

fn rank(t: &Term) -> u8 {
    match t {
        Term::Int(_) | Term::BigInt(_) | Term::Float(_) => 0,
        Term::Atom(_) => 1,
        Term::Ref(_) => 2,
        Term::ExportFun { .. } | Term::Fun(_) => 3,
        Term::Port(_) => 4,
        Term::Pid(_) => 5,
        Term::Tuple(_) => 6,
        Term::Map(_) => 7,
        Term::Nil => 8,
        Term::List(..) => 9,
        Term::Binary(_) | Term::BitBinary { .. } => 10,
    }
}

enum Job<'a> {
    Pair(&'a Term, &'a Term, bool),
    Lists(ListView<'a>, ListView<'a>, bool),
}

/// The rest of a list: some elements and a tail, skipping empty segments.
#[derive(Clone, Copy)]
struct ListView<'a> {
    elems: &'a [Term],
    tail: &'a Term,
}

impl<'a> ListView<'a> {
    fn normalize(mut self) -> ListView<'a> {
        while self.elems.is_empty() {
            match self.tail {
                Term::List(e, t) => {
                    self.elems = e;
                    self.tail = t;
                }
                _ => break,
            }
        }
        self
    }
}

fn cmp_terms(a: &Term, b: &Term, exact: bool) -> Ordering {
    // Leaves compare without touching the heap: the job stack allocates on first push.
    let mut jobs = Vec::new();
    let first = step_pair(a, b, exact, &mut jobs);
    if first != Ordering::Equal {
        return first;
    }
    while let Some(job) = jobs.pop() {
        let ord = match job {
            Job::Pair(a, b, exact) => step_pair(a, b, exact, &mut jobs),
            Job::Lists(x, y, exact) => {
                let (x, y) = (x.normalize(), y.normalize());
                match (x.elems.split_first(), y.elems.split_first()) {
                    (None, None) => {
                        jobs.push(Job::Pair(x.tail, y.tail, exact));
                        Ordering::Equal
                    }
                    // A list's remainder that is not a list is its improper tail.
                    (None, Some(_)) => rank(x.tail).cmp(&9),
                    (Some(_), None) => 9.cmp(&rank(y.tail)),
                    (Some((hx, rx)), Some((hy, ry))) => {
                        let rest_x = ListView {
                            elems: rx,
                            tail: x.tail,
                        };
                        let rest_y = ListView {
                            elems: ry,
                            tail: y.tail,
                        };
                        jobs.push(Job::Lists(rest_x, rest_y, exact));
                        jobs.push(Job::Pair(hx, hy, exact));
                        Ordering::Equal
                    }
                }
            }
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Compares what can be compared at once and queues the children.
fn step_pair<'a>(a: &'a Term, b: &'a Term, exact: bool, jobs: &mut Vec<Job<'a>>) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Term::Atom(x), Term::Atom(y)) => x.as_str().cmp(y.as_str()),
        (Term::Ref(x), Term::Ref(y)) => cmp_refs(x, y),
        (Term::Port(x), Term::Port(y)) => cmp_ports(x, y),
        (Term::Pid(x), Term::Pid(y)) => cmp_pids(x, y),
        (Term::Tuple(x), Term::Tuple(y)) => {
            let ord = x.len().cmp(&y.len());
            if ord == Ordering::Equal {
                for (p, q) in x.iter().zip(y).rev() {
                    jobs.push(Job::Pair(p, q, exact));
                }
            }
            ord
        }
        (Term::Map(x), Term::Map(y)) => {
            let ord = x.len().cmp(&y.len());
            if ord == Ordering::Equal {
                let xs = sorted_pairs(x);
                let ys = sorted_pairs(y);
                // Keys first (exactly, in map key order), then values in key order.
                for (p, q) in xs.iter().zip(&ys).rev() {
                    jobs.push(Job::Pair(&p.1, &q.1, exact));
                }
                for (p, q) in xs.iter().zip(&ys).rev() {
                    jobs.push(Job::Pair(&p.0, &q.0, true));
                }
            }
            ord
        }
        (Term::Nil, Term::Nil) => Ordering::Equal,
        (Term::List(ex, tx), Term::List(ey, ty)) => {
            jobs.push(Job::Lists(
                ListView {
                    elems: ex,
                    tail: tx,
                },
                ListView {
                    elems: ey,
                    tail: ty,
                },
                exact,
            ));
            Ordering::Equal
        }
        (Term::ExportFun { .. } | Term::Fun(_), _) => cmp_funs(a, b, exact, jobs),
        (Term::Binary(_) | Term::BitBinary { .. }, _) => cmp_bits(bits_of(a), bits_of(b)),
        _ => cmp_numbers(a, b, exact),
    }
}

/// Map pairs sorted by key in map key order.
pub(crate) fn sorted_pairs(pairs: &[(Term, Term)]) -> Vec<&(Term, Term)> {
    let mut v: Vec<&(Term, Term)> = pairs.iter().collect();
    v.sort_by(|p, q| compare_exact(&p.0, &q.0));
    v
}

fn cmp_nodes(a: &crate::Atom, ca: u32, b: &crate::Atom, cb: u32) -> Ordering {
    a.as_str().cmp(b.as_str()).then(ca.cmp(&cb))
}

fn cmp_pids(a: &Pid, b: &Pid) -> Ordering {
    cmp_nodes(&a.node, a.creation, &b.node, b.creation)
        .then(a.serial.cmp(&b.serial))
        .then(a.id.cmp(&b.id))
}

fn cmp_ports(a: &Port, b: &Port) -> Ordering {
    cmp_nodes(&a.node, a.creation, &b.node, b.creation).then(a.id.cmp(&b.id))
}

/// Reference words compare as one number, least significant word first, missing words zero
/// (measured against OTP 25: a 2-word ref equals its 3-word form with a zero high word).
fn cmp_refs(a: &Reference, b: &Reference) -> Ordering {
    let ord = cmp_nodes(&a.node, a.creation, &b.node, b.creation);
    if ord != Ordering::Equal {
        return ord;
    }
    let n = a.ids.len().max(b.ids.len());
    for i in (0..n).rev() {
        let x = a.ids.get(i).copied().unwrap_or(0);
        let y = b.ids.get(i).copied().unwrap_or(0);
        if x != y {
            return x.cmp(&y);
        }
    }
    Ordering::Equal
}

/// Local funs sort before export funs (measured against OTP 25).
fn cmp_funs<'a>(a: &'a Term, b: &'a Term, exact: bool, jobs: &mut Vec<Job<'a>>) -> Ordering {
    match (a, b) {
        (
            Term::ExportFun {
                module: ma,
                function: fa,
                arity: aa,
            },
            Term::ExportFun {
                module: mb,
                function: fb,
                arity: ab,
            },
        ) => ma
            .as_str()
            .cmp(mb.as_str())
            .then(fa.as_str().cmp(fb.as_str()))
            .then(aa.cmp(ab)),
        (Term::Fun(x), Term::Fun(y)) => {
            let ord = x
                .module
                .as_str()
                .cmp(y.module.as_str())
                .then(x.index.cmp(&y.index))
                .then(x.uniq.cmp(&y.uniq))
                .then(x.free_vars.len().cmp(&y.free_vars.len()));
            if ord == Ordering::Equal {
                for (p, q) in x.free_vars.iter().zip(&y.free_vars).rev() {
                    jobs.push(Job::Pair(p, q, exact));
                }
            }
            ord
        }
        (Term::Fun(_), _) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

fn bits_of(t: &Term) -> (&[u8], usize) {
    match t {
        Term::Binary(b) => (b, b.len() * 8),
        Term::BitBinary { bytes, bits } => {
            let whole = bytes.len().saturating_sub(1) * 8;
            (bytes, whole + (*bits as usize).min(8))
        }
        _ => (&[], 0),
    }
}

/// Bitstrings compare bit by bit; a proper prefix sorts first.
fn cmp_bits((a, na): (&[u8], usize), (b, nb): (&[u8], usize)) -> Ordering {
    let common = na.min(nb);
    let full = common / 8;
    let ord = a[..full].cmp(&b[..full]);
    if ord != Ordering::Equal {
        return ord;
    }
    let rest = common % 8;
    if rest > 0 {
        let mask = 0xFFu8 << (8 - rest);
        let ord = (a[full] & mask).cmp(&(b[full] & mask));
        if ord != Ordering::Equal {
            return ord;
        }
    }
    na.cmp(&nb)
}

fn cmp_numbers(a: &Term, b: &Term, exact: bool) -> Ordering {
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => x.cmp(y),
        (Term::Float(x), Term::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Term::Float(_), _) if exact => Ordering::Greater,
        (_, Term::Float(_)) if exact => Ordering::Less,
        (Term::Float(x), _) => cmp_float_int(*x, &to_big(b)),
        (_, Term::Float(y)) => cmp_float_int(*y, &to_big(a)).reverse(),
        _ => to_big(a).cmp(&to_big(b)),
    }
}

fn to_big(t: &Term) -> BigInt {
    match t {
        Term::Int(i) => BigInt::from(*i),
        Term::BigInt(b) => b.clone(),
        _ => BigInt::from(0),
    }
}

/// Exact comparison of a finite float with an integer.
fn cmp_float_int(f: f64, i: &BigInt) -> Ordering {
    let floor = f.floor();
    let Some(whole) = BigInt::from_f64(floor) else {
        // Not finite: cannot come out of the decoder; order it by sign.
        return if f > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    };
    match whole.cmp(i) {
        Ordering::Equal if f != floor => Ordering::Greater,
        ord => ord,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Atom;

    fn pid(node: &str, creation: u32, id: u32, serial: u32) -> Term {
        Term::Pid(Pid {
            node: Atom::new(node),
            id,
            serial,
            creation,
        })
    }

    fn reference(ids: &[u32]) -> Term {
        Term::Ref(Reference {
            node: Atom::new("a"),
            creation: 0,
            ids: ids.to_vec(),
        })
    }

    fn lt(a: Term, b: Term) -> bool {
        compare(&a, &b) == Ordering::Less
    }

    // Every expectation below was printed by OTP 25.
    #[test]
    fn numbers_compare_exactly() {
        let two53 = Term::Int(1 << 53);
        assert!(lt(
            Term::Float(9007199254740992.0),
            Term::Int((1 << 53) + 1)
        ));
        assert!(eq(&two53, &Term::Float(9007199254740992.0)));
        assert!(!eq_exact(&two53, &Term::Float(9007199254740992.0)));
        let big = Term::BigInt(BigInt::from(1) << 1100);
        assert!(lt(Term::Float(1.0e300), big));
        assert!(eq_exact(&Term::Float(0.0), &Term::Float(-0.0)));
    }

    #[test]
    fn map_key_order_puts_integers_first() {
        let mut keys = [
            Term::Float(1.5),
            Term::Int(2),
            Term::Int(1),
            Term::Float(1.0),
        ];
        keys.sort_by(compare_exact);
        assert_eq!(
            keys,
            [
                Term::Int(1),
                Term::Int(2),
                Term::Float(1.0),
                Term::Float(1.5)
            ]
        );
        let m = |k: Term| Term::Map(vec![(k, Term::atom("a"))]);
        assert!(!eq(&m(Term::Int(1)), &m(Term::Float(1.0))));
        assert!(lt(m(Term::Int(1)), m(Term::Float(1.0))));
        assert!(!lt(m(Term::Float(1.0)), m(Term::Int(2))));
    }

    #[test]
    fn identifiers() {
        assert!(!lt(pid("a", 0, 1, 2), pid("a", 0, 2, 1)));
        assert!(!lt(pid("a", 3, 1, 0), pid("a", 2, 2, 0)));
        assert!(!lt(pid("b", 1, 1, 0), pid("a", 2, 2, 0)));
        assert!(lt(reference(&[1, 0, 0]), reference(&[0, 1, 0])));
        assert!(!lt(reference(&[5]), reference(&[1, 0, 0])));
        assert!(!lt(reference(&[0, 0, 1]), reference(&[1, 0])));
        assert!(eq(&reference(&[1, 0]), &reference(&[1, 0, 0])));
        assert!(!lt(reference(&[1, 2, 3, 4, 5]), reference(&[9, 9, 9])));
    }

    #[test]
    fn bitstrings_and_lists() {
        let bits = |bytes: &[u8], bits: u8| Term::BitBinary {
            bytes: bytes.to_vec(),
            bits,
        };
        assert!(!lt(bits(&[0x20], 3), Term::Binary(vec![1])));
        assert!(!lt(bits(&[0x80], 1), bits(&[0x40], 2)));
        assert!(!lt(Term::Binary(vec![128]), bits(&[0x80], 1)));
        let improper = |t: Term| Term::List(vec![Term::Int(1)], Box::new(t));
        assert!(lt(
            improper(Term::Int(2)),
            Term::list(vec![Term::Int(1), Term::Int(2)])
        ));
        assert!(!lt(improper(Term::atom("a")), improper(Term::Int(2))));
        assert!(eq(
            &Term::Tuple(vec![Term::Float(1.0)]),
            &Term::Tuple(vec![Term::Int(1)])
        ));
        assert!(!eq_exact(
            &Term::list(vec![Term::Float(1.0)]),
            &Term::list(vec![Term::Int(1)])
        ));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let nest = || {
            let mut t = Term::Nil;
            for _ in 0..200_000 {
                t = Term::Tuple(vec![t]);
            }
            t
        };
        let (a, b) = (nest(), nest());
        assert!(eq_exact(&a, &b));
        // The derived Drop recurses; unwind the tree by hand.
        for t in [a, b] {
            let mut t = t;
            while let Term::Tuple(mut v) = t {
                t = v.pop().unwrap_or(Term::Nil);
            }
        }
    }
}
