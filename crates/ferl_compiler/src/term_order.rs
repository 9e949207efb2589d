//! Erlang's standard order of terms, for constant folding and for sorting literal map
//! keys and select tables: number < atom < reference < fun < port < pid < tuple < map <
//! nil < list < bitstring.

use std::cmp::Ordering;

use ferl_etf::Term;
use num_bigint::BigInt;

fn rank(t: &Term) -> u8 {
    match t {
        Term::Int(_) | Term::BigInt(_) | Term::Float(_) => 0,
        Term::Atom(_) => 1,
        Term::Ref(_) => 2,
        Term::Fun(_) | Term::ExportFun { .. } => 3,
        Term::Port(_) => 4,
        Term::Pid(_) => 5,
        Term::Tuple(_) => 6,
        Term::Map(_) => 7,
        Term::Nil => 8,
        Term::List(..) => 9,
        Term::Binary(_) | Term::BitBinary { .. } => 10,
    }
}

fn num_cmp(a: &Term, b: &Term) -> Ordering {
    let big = |t: &Term| match t {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::BigInt(b) => Some(b.clone()),
        _ => None,
    };
    match (a, b) {
        (Term::Float(x), Term::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Term::Float(x), other) => {
            let y = big(other).map(|b| b.to_string().parse::<f64>().unwrap_or(0.0));
            x.partial_cmp(&y.unwrap_or(0.0)).unwrap_or(Ordering::Equal)
        }
        (other, Term::Float(_)) => num_cmp(b, other).reverse(),
        _ => big(a).cmp(&big(b)),
    }
}

/// Compares two terms in the standard order (numbers compared by value).
pub fn compare(a: &Term, b: &Term) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Term::Atom(x), Term::Atom(y)) => x.as_str().cmp(y.as_str()),
        (Term::Tuple(x), Term::Tuple(y)) => x.len().cmp(&y.len()).then_with(|| seq(x, y)),
        (Term::List(xs, xt), Term::List(ys, yt)) => {
            for (p, q) in xs.iter().zip(ys.iter()) {
                let c = compare(p, q);
                if c != Ordering::Equal {
                    return c;
                }
            }
            match xs.len().cmp(&ys.len()) {
                Ordering::Equal => compare(xt, yt),
                Ordering::Less => {
                    let rest = Term::List(ys[xs.len()..].to_vec(), yt.clone());
                    compare(xt, &rest)
                }
                Ordering::Greater => {
                    let rest = Term::List(xs[ys.len()..].to_vec(), xt.clone());
                    compare(&rest, yt)
                }
            }
        }
        (Term::Binary(x), Term::Binary(y)) => x.cmp(y),
        (Term::Map(x), Term::Map(y)) => x.len().cmp(&y.len()),
        _ if ra == 0 => num_cmp(a, b),
        _ => Ordering::Equal,
    }
}

fn seq(x: &[Term], y: &[Term]) -> Ordering {
    for (p, q) in x.iter().zip(y.iter()) {
        let c = compare(p, q);
        if c != Ordering::Equal {
            return c;
        }
    }
    Ordering::Equal
}
