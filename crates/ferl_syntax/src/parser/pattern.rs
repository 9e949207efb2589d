//! Expressions in pattern position to patterns.
//!
//! erl_parse parses most patterns (case and receive clauses, generators, the left side of
//! `=`) as expressions and erl_lint rejects what cannot be a pattern with `illegal
//! pattern` at the offending sub-expression. The conversion here does the same, deferring
//! the error until the form has parsed, so a syntax error later in it wins as in erlc.

use super::{ParseError, Parser};
use crate::ast::*;

impl Parser<'_> {
    pub(crate) fn as_pattern(&mut self, e: Expr) -> Pattern {
        match convert(e) {
            Ok(p) => p,
            Err(pos) => {
                self.deferred.push(ParseError {
                    pos,
                    message: "illegal pattern".to_string(),
                    at_end: false,
                });
                Pattern::Var(pos, "_".to_string())
            }
        }
    }
}

fn boxed(e: Expr) -> Result<Box<Pattern>, Pos> {
    convert(e).map(Box::new)
}

/// Converts, or gives the position of the first sub-expression that is not a pattern.
fn convert(e: Expr) -> Result<Pattern, Pos> {
    Ok(match e {
        Expr::Var(p, n) => Pattern::Var(p, n),
        Expr::Atom(p, n) => Pattern::Atom(p, n),
        Expr::Integer(p, i) => Pattern::Integer(p, i),
        Expr::Float(p, f) => Pattern::Float(p, f),
        Expr::Char(p, c) => Pattern::Char(p, c),
        Expr::String(p, s) => Pattern::String(p, s),
        Expr::Nil(p) => Pattern::Nil(p),
        Expr::Cons(p, h, t) => Pattern::Cons(p, boxed(*h)?, boxed(*t)?),
        Expr::Tuple(p, es) => {
            Pattern::Tuple(p, es.into_iter().map(convert).collect::<Result<_, _>>()?)
        }
        Expr::Bin(p, elems) => Pattern::Bin(
            p,
            elems
                .into_iter()
                .map(|b| {
                    Ok(BinElement {
                        pos: b.pos,
                        value: convert(b.value)?,
                        size: b.size,
                        types: b.types,
                    })
                })
                .collect::<Result<_, Pos>>()?,
        ),
        Expr::Map(p, fields) => Pattern::Map(
            p,
            fields
                .into_iter()
                .map(|f| {
                    Ok(MapPatternField {
                        pos: f.pos,
                        exact: f.exact,
                        key: f.key,
                        value: convert(f.value)?,
                    })
                })
                .collect::<Result<_, Pos>>()?,
        ),
        Expr::Record(p, name, fields) => Pattern::Record(
            p,
            name,
            fields
                .into_iter()
                .map(|f| {
                    Ok(RecordField {
                        pos: f.pos,
                        name: f.name,
                        value: convert(f.value)?,
                    })
                })
                .collect::<Result<_, Pos>>()?,
        ),
        Expr::RecordIndex(p, name, fp, field) => Pattern::RecordIndex(p, name, fp, field),
        Expr::Match(p, l, r) => Pattern::Match(p, l, boxed(*r)?),
        Expr::BinOp(p, op, l, r) => match op {
            BinOp::Send | BinOp::AndAlso | BinOp::OrElse => return Err(p),
            _ => Pattern::BinOp(p, op, boxed(*l)?, boxed(*r)?),
        },
        Expr::UnOp(p, op, e) => Pattern::UnOp(p, op, boxed(*e)?),
        other => return Err(other.pos()),
    })
}
