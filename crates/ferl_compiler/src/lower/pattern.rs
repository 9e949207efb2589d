//! Patterns, guards and binaries.

use std::collections::HashSet;

use ferl_etf::Term;
use ferl_syntax::ast;

use super::{atom, const_binop, const_unop, erlang_call, int_term, string_term, Lowerer};
use crate::core::{BinSeg, BinType, Endian, Expr, Pat};

/// A segment's type specifiers, resolved.
pub struct SegSpec {
    pub ty: BinType,
    pub signed: bool,
    pub endian: Endian,
    pub unit: u32,
}

pub fn seg_spec(types: &Option<Vec<ast::BinTypeSpec>>) -> SegSpec {
    let mut s = SegSpec {
        ty: BinType::Integer,
        signed: false,
        endian: Endian::Big,
        unit: 0,
    };
    let mut unit = None;
    let mut bits = false;
    if let Some(ts) = types {
        for t in ts {
            match t.name.as_str() {
                "integer" => s.ty = BinType::Integer,
                "float" => s.ty = BinType::Float,
                "binary" | "bytes" => s.ty = BinType::Binary,
                "bitstring" | "bits" => {
                    s.ty = BinType::Binary;
                    bits = true;
                }
                "utf8" => s.ty = BinType::Utf8,
                "utf16" => s.ty = BinType::Utf16,
                "utf32" => s.ty = BinType::Utf32,
                "signed" => s.signed = true,
                "unsigned" => s.signed = false,
                "big" => s.endian = Endian::Big,
                "little" => s.endian = Endian::Little,
                "native" => s.endian = Endian::Native,
                "unit" => {
                    if let Some(ast::Int::Small(n)) = &t.value {
                        unit = Some(*n as u32);
                    }
                }
                _ => {}
            }
        }
    }
    s.unit = unit.unwrap_or(match s.ty {
        BinType::Binary if !bits => 8,
        _ => 1,
    });
    s
}

impl<'a> Lowerer<'a> {
    /// Patterns of one clause head. Variables already bound (unless `shadow`) or repeated
    /// become fresh variables compared in the returned tests.
    pub(super) fn patterns(&mut self, ps: &[ast::Pattern], shadow: bool) -> (Vec<Pat>, Vec<Expr>) {
        let mut seen = HashSet::new();
        let mut tests = Vec::new();
        let pats = ps
            .iter()
            .map(|p| self.pattern(p, shadow, &mut seen, &mut tests))
            .collect();
        (pats, tests)
    }

    fn pattern(
        &mut self,
        p: &ast::Pattern,
        shadow: bool,
        seen: &mut HashSet<String>,
        tests: &mut Vec<Expr>,
    ) -> Pat {
        use ast::Pattern as P;
        match p {
            P::Var(_, n) if n == "_" => Pat::Wild,
            P::Var(_, n) => {
                let fresh = self.fresh();
                let bound = self.scope.get(n).copied();
                match bound {
                    Some(old) if seen.contains(n) || !shadow => {
                        tests.push(erlang_call(
                            "=:=",
                            vec![Expr::Var(fresh), Expr::Var(old)],
                            0,
                        ));
                    }
                    _ => {
                        seen.insert(n.clone());
                        self.scope.insert(n.clone(), fresh);
                    }
                }
                Pat::Var(fresh)
            }
            P::Atom(_, a) => Pat::Lit(atom(a)),
            P::Integer(_, i) => Pat::Lit(int_term(i)),
            P::Float(_, f) => Pat::Lit(Term::Float(*f)),
            P::Char(_, c) => Pat::Lit(Term::Int(*c as i64)),
            P::String(_, s) => Pat::Lit(string_term(s)),
            P::Nil(_) => Pat::Lit(Term::Nil),
            P::Cons(_, h, t) => {
                let h = self.pattern(h, shadow, seen, tests);
                let t = self.pattern(t, shadow, seen, tests);
                Pat::Cons(Box::new(h), Box::new(t))
            }
            P::Tuple(_, ps) => Pat::Tuple(
                ps.iter()
                    .map(|p| self.pattern(p, shadow, seen, tests))
                    .collect(),
            ),
            P::Map(_, fields) => {
                let mut pairs = Vec::new();
                for f in fields {
                    let mut pre = Vec::new();
                    let k = self.gexpr(&f.key, &mut pre);
                    let v = self.pattern(&f.value, shadow, seen, tests);
                    pairs.push((k, v));
                }
                Pat::Map(pairs)
            }
            P::Bin(_, segs) => {
                let mut out = Vec::new();
                for s in segs {
                    let spec = seg_spec(&s.types);
                    let size = s.size.as_ref().map(|e| {
                        let mut pre = Vec::new();
                        self.gexpr(e, &mut pre)
                    });
                    let size = size.map(|e| match e {
                        Expr::Lit(Term::Atom(a)) if a.as_str() == "all" => Expr::Lit(atom("all")),
                        other => other,
                    });
                    if let P::String(_, text) = &s.value {
                        for ch in text.chars() {
                            out.push(BinSeg {
                                value: Pat::Lit(Term::Int(ch as i64)),
                                size: size.clone(),
                                unit: spec.unit,
                                ty: spec.ty,
                                signed: spec.signed,
                                endian: spec.endian,
                            });
                        }
                        continue;
                    }
                    let v = self.pattern(&s.value, shadow, seen, tests);
                    out.push(BinSeg {
                        value: v,
                        size,
                        unit: spec.unit,
                        ty: spec.ty,
                        signed: spec.signed,
                        endian: spec.endian,
                    });
                }
                Pat::Bin(out)
            }
            P::Record(_, name, fields) => {
                let decl = self.m.records.get(name).cloned().unwrap_or_default();
                let mut elems = vec![Pat::Lit(atom(name))];
                let wild = fields.iter().find_map(|f| match f.name {
                    ast::RecordFieldName::Var(_, _) => Some(&f.value),
                    _ => None,
                });
                for d in &decl {
                    let given = fields.iter().find(
                        |f| matches!(&f.name, ast::RecordFieldName::Field(_, n) if *n == d.name),
                    );
                    elems.push(match (given, wild) {
                        (Some(f), _) => self.pattern(&f.value, shadow, seen, tests),
                        (None, Some(w)) => self.pattern(w, shadow, seen, tests),
                        (None, None) => Pat::Wild,
                    });
                }
                Pat::Tuple(elems)
            }
            P::RecordIndex(_, name, _, field) => {
                Pat::Lit(Term::Int(self.field_index(name, field) as i64))
            }
            P::Match(_, a, b) => {
                let pa = self.pattern(a, shadow, seen, tests);
                let pb = self.pattern(b, shadow, seen, tests);
                match (pa, pb) {
                    (Pat::Var(v), other) | (other, Pat::Var(v)) => Pat::Alias(v, Box::new(other)),
                    (Pat::Wild, other) | (other, Pat::Wild) => other,
                    (a, _) => a,
                }
            }
            P::BinOp(_, ast::BinOp::Append, a, b) => {
                let prefix: Vec<i64> = match &**a {
                    P::String(_, s) => s.chars().map(|c| c as i64).collect(),
                    P::Nil(_) => vec![],
                    _ => vec![],
                };
                let mut acc = self.pattern(b, shadow, seen, tests);
                for c in prefix.into_iter().rev() {
                    acc = Pat::Cons(Box::new(Pat::Lit(Term::Int(c))), Box::new(acc));
                }
                acc
            }
            P::BinOp(_, op, a, b) => {
                let x = self.const_pattern(a);
                let y = self.const_pattern(b);
                match const_binop(op.as_str(), &x, &y) {
                    Some(t) => Pat::Lit(t),
                    None => Pat::Wild,
                }
            }
            P::UnOp(_, op, a) => {
                let x = self.const_pattern(a);
                match const_unop(op.as_str(), &x) {
                    Some(t) => Pat::Lit(t),
                    None => Pat::Wild,
                }
            }
        }
    }

    fn const_pattern(&mut self, p: &ast::Pattern) -> Expr {
        let mut seen = HashSet::new();
        let mut tests = Vec::new();
        match self.pattern(p, true, &mut seen, &mut tests) {
            Pat::Lit(t) => Expr::Lit(t),
            _ => Expr::Lit(atom("undefined")),
        }
    }

    /// A guard expression (pure); `pre` collects tests that must pass before it runs.
    pub(super) fn gexpr(&mut self, e: &ast::Expr, pre: &mut Vec<Expr>) -> Expr {
        use ast::Expr as E;
        let line = e.pos().line;
        match e {
            E::Var(..)
            | E::Atom(..)
            | E::Integer(..)
            | E::Float(..)
            | E::Char(..)
            | E::String(..) => self.expr(e),
            E::Nil(_) | E::RecordIndex(..) => self.expr(e),
            E::Cons(_, h, t) => {
                let h = self.gexpr(h, pre);
                let t = self.gexpr(t, pre);
                super::fold(Expr::Cons(Box::new(h), Box::new(t)))
            }
            E::Tuple(_, es) => {
                let es = es.iter().map(|x| self.gexpr(x, pre)).collect();
                super::fold(Expr::Tuple(es))
            }
            E::Record(_, name, fields) => {
                let decl = self.m.records.get(name).cloned().unwrap_or_default();
                let mut elems = vec![Expr::Lit(atom(name))];
                for d in &decl {
                    let given = fields.iter().find(
                        |f| matches!(&f.name, ast::RecordFieldName::Field(_, n) if *n == d.name),
                    );
                    elems.push(match (given, &d.default) {
                        (Some(f), _) => self.gexpr(&f.value, pre),
                        (None, Some(def)) => self.gexpr(def, pre),
                        (None, None) => Expr::Lit(atom("undefined")),
                    });
                }
                super::fold(Expr::Tuple(elems))
            }
            E::RecordAccess(_, base, name, _, field) => {
                let b = self.gexpr(base, pre);
                let size = self.m.records.get(name).map_or(0, |d| d.len()) + 1;
                pre.push(erlang_call(
                    "is_record",
                    vec![
                        b.clone(),
                        Expr::Lit(atom(name)),
                        Expr::Lit(Term::Int(size as i64)),
                    ],
                    line,
                ));
                let idx = self.field_index(name, field);
                erlang_call("element", vec![Expr::Lit(Term::Int(idx as i64)), b], line)
            }
            E::Call(_, f, args) => {
                let name = match &**f {
                    E::Atom(_, n) => n.clone(),
                    E::Remote(_, _, fname) => match &**fname {
                        E::Atom(_, n) => n.clone(),
                        _ => String::new(),
                    },
                    _ => String::new(),
                };
                if name == "is_record" && args.len() == 2 {
                    if let E::Atom(_, r) = &args[1] {
                        let x = self.gexpr(&args[0], pre);
                        let size = self.m.records.get(r).map_or(0, |d| d.len()) + 1;
                        return erlang_call(
                            "is_record",
                            vec![x, Expr::Lit(atom(r)), Expr::Lit(Term::Int(size as i64))],
                            line,
                        );
                    }
                }
                let args = args.iter().map(|a| self.gexpr(a, pre)).collect();
                erlang_call(&name, args, line)
            }
            E::BinOp(_, op, a, b) => {
                let x = self.gexpr(a, pre);
                let y = self.gexpr(b, pre);
                if let Some(t) = const_binop(op.as_str(), &x, &y) {
                    return Expr::Lit(t);
                }
                erlang_call(op.as_str(), vec![x, y], line)
            }
            E::UnOp(_, op, a) => {
                let x = self.gexpr(a, pre);
                if let Some(t) = const_unop(op.as_str(), &x) {
                    return Expr::Lit(t);
                }
                erlang_call(op.as_str(), vec![x], line)
            }
            E::Bin(..) | E::Map(..) | E::MapUpdate(..) => {
                // Constructors are allowed in guards; lower them as expressions.
                let saved = std::mem::take(&mut self.binds);
                let v = self.expr(e);
                let binds = std::mem::replace(&mut self.binds, saved);
                if binds.is_empty() {
                    v
                } else {
                    super::wrap(binds, v)
                }
            }
            E::Block(_, es) if es.len() == 1 => self.gexpr(&es[0], pre),
            _ => Expr::Lit(atom("false")),
        }
    }

    /// A binary construction.
    pub(super) fn binary(&mut self, elems: &[ast::BinElement<ast::Expr>], line: u32) -> Expr {
        let mut segs = Vec::new();
        for el in elems {
            let spec = seg_spec(&el.types);
            let size = el.size.as_ref().map(|s| {
                let v = self.expr(s);
                self.simple(v)
            });
            if let ast::Expr::String(_, text) = &el.value {
                for ch in text.chars() {
                    segs.push(BinSeg {
                        value: Expr::Lit(Term::Int(ch as i64)),
                        size: size.clone(),
                        unit: spec.unit,
                        ty: spec.ty,
                        signed: spec.signed,
                        endian: spec.endian,
                    });
                }
                continue;
            }
            let v = self.expr(&el.value);
            let v = match v {
                Expr::Var(_) | Expr::Lit(_) => v,
                other => {
                    let t = self.fresh();
                    self.binds.push(super::Bind::Let(vec![t], other));
                    Expr::Var(t)
                }
            };
            segs.push(BinSeg {
                value: v,
                size,
                unit: spec.unit,
                ty: spec.ty,
                signed: spec.signed,
                endian: spec.endian,
            });
        }
        match const_binary(&segs) {
            Some(bytes) => Expr::Lit(Term::Binary(bytes)),
            None => Expr::Bin(segs, line),
        }
    }
}

/// A binary of constant byte-sized segments, built at compile time.
fn const_binary(segs: &[BinSeg<Expr>]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for s in segs {
        match (&s.value, s.ty) {
            (Expr::Lit(Term::Int(v)), BinType::Integer) => {
                let bits = match &s.size {
                    None => 8,
                    Some(Expr::Lit(Term::Int(n))) if *n >= 0 => n.saturating_mul(s.unit as i64),
                    _ => return None,
                };
                if bits % 8 != 0 || bits > 64 || s.endian == Endian::Native {
                    return None;
                }
                let n = (bits / 8) as usize;
                let mut bytes: Vec<u8> = (0..n).map(|i| (*v >> (8 * i)) as u8).collect();
                if s.endian == Endian::Big {
                    bytes.reverse();
                }
                out.extend(bytes);
            }
            (Expr::Lit(Term::Binary(b)), BinType::Binary) if s.size.is_none() => {
                out.extend_from_slice(b)
            }
            _ => return None,
        }
    }
    Some(out)
}
