//! Which variable names a pattern or an expression binds, by Erlang's scoping rules:
//! a case/if/receive binds what every one of its clauses binds; funs, comprehensions,
//! `catch` and `try` bind nothing outside themselves.

use std::collections::BTreeSet;

use ferl_syntax::ast::{self, Expr, Pattern};

pub fn pattern_vars(p: &Pattern, out: &mut BTreeSet<String>) {
    match p {
        Pattern::Var(_, n) if n != "_" => {
            out.insert(n.clone());
        }
        Pattern::Cons(_, a, b) | Pattern::Match(_, a, b) | Pattern::BinOp(_, _, a, b) => {
            pattern_vars(a, out);
            pattern_vars(b, out);
        }
        Pattern::Tuple(_, ps) => ps.iter().for_each(|p| pattern_vars(p, out)),
        Pattern::Bin(_, segs) => segs.iter().for_each(|s| pattern_vars(&s.value, out)),
        Pattern::Map(_, fields) => fields.iter().for_each(|f| pattern_vars(&f.value, out)),
        Pattern::Record(_, _, fields) => fields.iter().for_each(|f| pattern_vars(&f.value, out)),
        Pattern::UnOp(_, _, a) => pattern_vars(a, out),
        _ => {}
    }
}

fn clauses_common<'a>(arms: impl Iterator<Item = (&'a [Pattern], &'a [Expr])>) -> BTreeSet<String> {
    let mut common: Option<BTreeSet<String>> = None;
    for (pats, body) in arms {
        let mut s = BTreeSet::new();
        for p in pats {
            pattern_vars(p, &mut s);
        }
        for e in body {
            expr_binds(e, &mut s);
        }
        common = Some(match common {
            None => s,
            Some(c) => c.intersection(&s).cloned().collect(),
        });
    }
    common.unwrap_or_default()
}

pub fn expr_binds(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::Match(_, p, rhs) | Expr::MaybeMatch(_, p, rhs) => {
            pattern_vars(p, out);
            expr_binds(rhs, out);
        }
        Expr::Cons(_, a, b) => {
            expr_binds(a, out);
            expr_binds(b, out);
        }
        Expr::BinOp(_, op, a, b) => {
            expr_binds(a, out);
            if !matches!(op, ast::BinOp::AndAlso | ast::BinOp::OrElse) {
                expr_binds(b, out);
            }
        }
        Expr::UnOp(_, _, a) => expr_binds(a, out),
        Expr::Tuple(_, es) | Expr::Block(_, es) => es.iter().for_each(|e| expr_binds(e, out)),
        Expr::Call(_, f, args) => {
            expr_binds(f, out);
            args.iter().for_each(|e| expr_binds(e, out));
        }
        Expr::Remote(_, m, f) => {
            expr_binds(m, out);
            expr_binds(f, out);
        }
        Expr::Bin(_, segs) => segs.iter().for_each(|s| expr_binds(&s.value, out)),
        Expr::Map(_, fields) => fields.iter().for_each(|f| {
            expr_binds(&f.key, out);
            expr_binds(&f.value, out);
        }),
        Expr::MapUpdate(_, b, fields) => {
            expr_binds(b, out);
            fields.iter().for_each(|f| {
                expr_binds(&f.key, out);
                expr_binds(&f.value, out);
            })
        }
        Expr::Record(_, _, fields) => fields.iter().for_each(|f| expr_binds(&f.value, out)),
        Expr::RecordUpdate(_, b, _, fields) => {
            expr_binds(b, out);
            fields.iter().for_each(|f| expr_binds(&f.value, out));
        }
        Expr::RecordAccess(_, b, _, _, _) => expr_binds(b, out),
        Expr::Case(_, arg, clauses) => {
            expr_binds(arg, out);
            out.extend(clauses_common(
                clauses.iter().map(|c| (&c.patterns[..], &c.body[..])),
            ));
        }
        Expr::If(_, clauses) => {
            out.extend(clauses_common(
                clauses.iter().map(|c| (&[][..], &c.body[..])),
            ));
        }
        Expr::Receive(_, clauses, after) => {
            let mut arms: Vec<(&[Pattern], &[Expr])> = clauses
                .iter()
                .map(|c| (&c.patterns[..], &c.body[..]))
                .collect();
            if let Some(a) = after {
                arms.push((&[], &a.body[..]));
            }
            out.extend(clauses_common(arms.into_iter()));
        }
        _ => {}
    }
}

/// Every variable name an expression mentions (for simple expressions: sizes, keys).
pub fn expr_vars(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::Var(_, n) => {
            out.insert(n.clone());
        }
        Expr::BinOp(_, _, a, b) | Expr::Cons(_, a, b) => {
            expr_vars(a, out);
            expr_vars(b, out);
        }
        Expr::UnOp(_, _, a) => expr_vars(a, out),
        Expr::Tuple(_, es) | Expr::Block(_, es) => es.iter().for_each(|x| expr_vars(x, out)),
        Expr::Call(_, f, args) => {
            expr_vars(f, out);
            args.iter().for_each(|x| expr_vars(x, out));
        }
        _ => {}
    }
}
