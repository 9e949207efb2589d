//! `-if(Expr)` and `-elif(Expr)`: `defined(NAME)` is replaced first, macros are expanded,
//! and the expression is evaluated as a constant guard expression. Only `true` selects
//! the branch; anything else (another value, an expression that fails) does not.

use super::Epp;
use crate::ast::{BinOp, Expr, Int, Pos, UnOp};
use crate::lexer::{Tok, Token};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

#[derive(Clone, Debug, PartialEq)]
enum V {
    Int(BigInt),
    Float(f64),
    Atom(String),
    Tuple(Vec<V>),
    List(Vec<V>),
}

impl Epp {
    pub(crate) fn is_defined(&self, name: &str) -> bool {
        match name {
            "MODULE" | "MODULE_STRING" => self.module.is_some() && self.macros.is_defined(name),
            _ => self.macros.is_defined(name),
        }
    }

    /// Evaluates the argument of `-if`/`-elif` (`( Expr )`), reporting errors.
    pub(crate) fn eval_if(&mut self, args: &[Token], npos: Pos) -> bool {
        let inner = match (args.first(), args.last()) {
            (Some(a), Some(b)) if args.len() >= 3 && a.is_sym("(") && b.is_sym(")") => {
                &args[1..args.len() - 1]
            }
            _ => {
                let p = args.first().map_or(npos, |t| t.pos);
                self.error(p, "badly formed 'if'");
                return false;
            }
        };
        // `defined(NAME)` before expansion, so the name is not expanded.
        let mut toks = Vec::with_capacity(inner.len());
        let mut i = 0;
        while i < inner.len() {
            if let (Tok::Atom(d), Some(o), Some(n), Some(c)) = (
                &inner[i].tok,
                inner.get(i + 1),
                inner.get(i + 2),
                inner.get(i + 3),
            ) {
                if d == "defined" && o.is_sym("(") && c.is_sym(")") {
                    if let Tok::Atom(m) | Tok::Var(m) = &n.tok {
                        let v = self.is_defined(m);
                        toks.push(Token {
                            tok: Tok::Atom(v.to_string()),
                            pos: inner[i].pos,
                        });
                        i += 4;
                        continue;
                    }
                }
            }
            toks.push(inner[i].clone());
            i += 1;
        }
        let toks = match self.expand(&toks) {
            Ok(t) => t,
            Err((p, m)) => {
                self.error(p, m);
                return false;
            }
        };
        let mut with_dot = toks;
        let end = with_dot.last().map_or(npos, |t| t.pos);
        with_dot.push(Token {
            tok: Tok::Dot,
            pos: end,
        });
        match crate::parse_exprs_tokens(&with_dot) {
            Ok(es) if es.len() == 1 => eval(&es[0]) == Some(V::Atom("true".into())),
            Ok(_) => {
                self.error(npos, "badly formed 'if'");
                false
            }
            Err(_) => {
                self.error(npos, "badly formed 'if'");
                false
            }
        }
    }
}

fn truth(v: &V) -> Option<bool> {
    match v {
        V::Atom(a) if a == "true" => Some(true),
        V::Atom(a) if a == "false" => Some(false),
        _ => None,
    }
}

fn boolean(b: bool) -> V {
    V::Atom(b.to_string())
}

fn num(v: &V) -> Option<f64> {
    match v {
        V::Int(i) => i.to_f64(),
        V::Float(f) => Some(*f),
        _ => None,
    }
}

/// Term order class: number < atom < tuple < list (enough for constant expressions).
fn class(v: &V) -> u8 {
    match v {
        V::Int(_) | V::Float(_) => 0,
        V::Atom(_) => 1,
        V::Tuple(_) => 2,
        V::List(_) => 3,
    }
}

fn compare(a: &V, b: &V) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (V::Int(x), V::Int(y)) => x.cmp(y),
        (V::Int(_) | V::Float(_), V::Int(_) | V::Float(_)) => num(a)
            .unwrap_or(0.0)
            .partial_cmp(&num(b).unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (V::Atom(x), V::Atom(y)) => x.cmp(y),
        (V::Tuple(x), V::Tuple(y)) => x.len().cmp(&y.len()).then_with(|| cmp_seq(x, y)),
        (V::List(x), V::List(y)) => cmp_seq(x, y),
        _ => class(a).cmp(&class(b)),
    }
}

fn cmp_seq(x: &[V], y: &[V]) -> std::cmp::Ordering {
    for (a, b) in x.iter().zip(y) {
        let o = compare(a, b);
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len())
}

fn exact_eq(a: &V, b: &V) -> bool {
    a == b
}

fn eval(e: &Expr) -> Option<V> {
    Some(match e {
        Expr::Integer(_, Int::Small(i)) => V::Int(BigInt::from(*i)),
        Expr::Integer(_, Int::Big(b)) => V::Int(b.clone()),
        Expr::Char(_, c) => V::Int(BigInt::from(*c as u32)),
        Expr::Float(_, f) => V::Float(*f),
        Expr::Atom(_, a) => V::Atom(a.clone()),
        Expr::String(_, s) => V::List(s.chars().map(|c| V::Int(BigInt::from(c as u32))).collect()),
        Expr::Nil(_) => V::List(Vec::new()),
        Expr::Cons(_, h, t) => match eval(t)? {
            V::List(mut l) => {
                l.insert(0, eval(h)?);
                V::List(l)
            }
            _ => return None,
        },
        Expr::Tuple(_, es) => V::Tuple(es.iter().map(eval).collect::<Option<_>>()?),
        Expr::UnOp(_, op, x) => {
            let v = eval(x)?;
            match (op, v) {
                (UnOp::Minus, V::Int(i)) => V::Int(-i),
                (UnOp::Minus, V::Float(f)) => V::Float(-f),
                (UnOp::Plus, v @ (V::Int(_) | V::Float(_))) => v,
                (UnOp::Bnot, V::Int(i)) => V::Int(-i - 1),
                (UnOp::Not, v) => boolean(!truth(&v)?),
                _ => return None,
            }
        }
        Expr::BinOp(_, op, l, r) => {
            let a = eval(l)?;
            if *op == BinOp::AndAlso {
                return if truth(&a)? {
                    eval(r)
                } else {
                    Some(boolean(false))
                };
            }
            if *op == BinOp::OrElse {
                return if truth(&a)? {
                    Some(boolean(true))
                } else {
                    eval(r)
                };
            }
            let b = eval(r)?;
            binop(*op, a, b)?
        }
        Expr::Call(_, f, args) => {
            let Expr::Atom(_, name) = &**f else {
                return None;
            };
            let vs: Vec<V> = args.iter().map(eval).collect::<Option<_>>()?;
            call(name, &vs)?
        }
        _ => return None,
    })
}

fn binop(op: BinOp, a: V, b: V) -> Option<V> {
    use std::cmp::Ordering::*;
    Some(match op {
        BinOp::Eq => boolean(compare(&a, &b) == Equal),
        BinOp::Ne => boolean(compare(&a, &b) != Equal),
        BinOp::Lt => boolean(compare(&a, &b) == Less),
        BinOp::Le => boolean(compare(&a, &b) != Greater),
        BinOp::Gt => boolean(compare(&a, &b) == Greater),
        BinOp::Ge => boolean(compare(&a, &b) != Less),
        BinOp::ExactEq => boolean(exact_eq(&a, &b)),
        BinOp::ExactNe => boolean(!exact_eq(&a, &b)),
        BinOp::And => boolean(truth(&a)? & truth(&b)?),
        BinOp::Or => boolean(truth(&a)? | truth(&b)?),
        BinOp::Xor => boolean(truth(&a)? ^ truth(&b)?),
        BinOp::Append => match (a, b) {
            (V::List(mut x), V::List(y)) => {
                x.extend(y);
                V::List(x)
            }
            _ => return None,
        },
        BinOp::Add | BinOp::Sub | BinOp::Mul => match (a, b) {
            (V::Int(x), V::Int(y)) => V::Int(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                _ => x * y,
            }),
            (x, y) => {
                let (x, y) = (num(&x)?, num(&y)?);
                let r = match op {
                    BinOp::Add => x + y,
                    BinOp::Sub => x - y,
                    _ => x * y,
                };
                if !r.is_finite() {
                    return None;
                }
                V::Float(r)
            }
        },
        BinOp::FDiv => {
            let (x, y) = (num(&a)?, num(&b)?);
            if y == 0.0 {
                return None;
            }
            V::Float(x / y)
        }
        BinOp::Div | BinOp::Rem => match (a, b) {
            (V::Int(x), V::Int(y)) if !y.is_zero() => {
                V::Int(if op == BinOp::Div { &x / &y } else { &x % &y })
            }
            _ => return None,
        },
        BinOp::Band | BinOp::Bor | BinOp::Bxor => match (a, b) {
            (V::Int(x), V::Int(y)) => V::Int(match op {
                BinOp::Band => x & y,
                BinOp::Bor => x | y,
                _ => x ^ y,
            }),
            _ => return None,
        },
        BinOp::Bsl | BinOp::Bsr => match (a, b) {
            (V::Int(x), V::Int(y)) => {
                let n = y.to_i64()?;
                let n = if op == BinOp::Bsr { -n } else { n };
                if n > 1 << 20 {
                    return None;
                }
                V::Int(if n >= 0 {
                    x << n as usize
                } else {
                    x >> (-n) as usize
                })
            }
            _ => return None,
        },
        BinOp::Subtract | BinOp::Send | BinOp::AndAlso | BinOp::OrElse => return None,
    })
}

fn call(name: &str, a: &[V]) -> Option<V> {
    Some(match (name, a) {
        ("is_atom", [x]) => boolean(matches!(x, V::Atom(_))),
        ("is_integer", [x]) => boolean(matches!(x, V::Int(_))),
        ("is_float", [x]) => boolean(matches!(x, V::Float(_))),
        ("is_number", [x]) => boolean(matches!(x, V::Int(_) | V::Float(_))),
        ("is_list", [x]) => boolean(matches!(x, V::List(_))),
        ("is_tuple", [x]) => boolean(matches!(x, V::Tuple(_))),
        ("is_boolean", [x]) => boolean(truth(x).is_some()),
        ("abs", [V::Int(i)]) => V::Int(if i < &BigInt::zero() { -i } else { i.clone() }),
        ("abs", [V::Float(f)]) => V::Float(f.abs()),
        ("length", [V::List(l)]) => V::Int(BigInt::from(l.len())),
        ("tuple_size", [V::Tuple(t)]) => V::Int(BigInt::from(t.len())),
        ("element", [V::Int(n), V::Tuple(t)]) => t.get(n.to_usize()?.checked_sub(1)?)?.clone(),
        ("hd", [V::List(l)]) => l.first()?.clone(),
        ("tl", [V::List(l)]) if !l.is_empty() => V::List(l[1..].to_vec()),
        ("max", [x, y]) => {
            if compare(x, y) == std::cmp::Ordering::Less {
                y.clone()
            } else {
                x.clone()
            }
        }
        ("min", [x, y]) => {
            if compare(x, y) == std::cmp::Ordering::Greater {
                y.clone()
            } else {
                x.clone()
            }
        }
        _ => return None,
    })
}
