//! Records are tuples tagged with their name; this turns record syntax into tuple
//! operations, with `{badrecord, Value}` when a value is not the expected record.

use ferl_etf::Term;
use ferl_syntax::ast;

use super::{atom, erlang_call, fold, Bind, Lowerer};
use crate::core::{self, Clause, Expr, Fail, Pat};

impl<'a> Lowerer<'a> {
    /// The tuple index (1-based, the tag is 1) of a field.
    pub(super) fn field_index(&self, name: &str, field: &str) -> usize {
        self.m
            .records
            .get(name)
            .and_then(|d| d.iter().position(|f| f.name == field))
            .map_or(0, |i| i + 2)
    }

    fn record_size(&self, name: &str) -> usize {
        self.m.records.get(name).map_or(0, |d| d.len()) + 1
    }

    pub(super) fn record_new(
        &mut self,
        name: &str,
        fields: &[ast::RecordField<ast::Expr>],
    ) -> Expr {
        let decl = self.m.records.get(name).cloned().unwrap_or_default();
        let wild = fields.iter().find_map(|f| match f.name {
            ast::RecordFieldName::Var(_, _) => Some(&f.value),
            _ => None,
        });
        let wild = wild.map(|w| self.simple_expr(w));
        // Values in the order written, then defaults.
        let mut given: Vec<(String, Expr)> = Vec::new();
        for f in fields {
            if let ast::RecordFieldName::Field(_, n) = &f.name {
                let v = self.simple_expr(&f.value);
                given.push((n.clone(), v));
            }
        }
        let mut elems = vec![Expr::Lit(atom(name))];
        for d in &decl {
            let v = if let Some((_, v)) = given.iter().find(|(n, _)| *n == d.name) {
                v.clone()
            } else if let Some(w) = &wild {
                w.clone()
            } else if let Some(def) = &d.default {
                let saved = std::mem::take(&mut self.scope);
                let v = self.simple_expr(def);
                self.scope = saved;
                v
            } else {
                Expr::Lit(atom("undefined"))
            };
            elems.push(v);
        }
        fold(Expr::Tuple(elems))
    }

    fn record_check(
        &mut self,
        base: Expr,
        name: &str,
        field_vars: &[Option<u32>],
        body: Expr,
        line: u32,
    ) -> Expr {
        let mut pats = vec![Pat::Lit(atom(name))];
        for fv in field_vars {
            pats.push(match fv {
                Some(v) => Pat::Var(*v),
                None => Pat::Wild,
            });
        }
        Expr::Case(Box::new(core::Case {
            args: vec![base],
            clauses: vec![Clause {
                pats: vec![Pat::Tuple(pats)],
                guard: vec![],
                body,
                line,
            }],
            fail: Fail::Badrecord,
            line,
        }))
    }

    pub(super) fn record_access(
        &mut self,
        base: &ast::Expr,
        name: &str,
        field: &str,
        line: u32,
    ) -> Expr {
        let b = self.atomic_expr(base);
        let n = self.record_size(name) - 1;
        let idx = self.field_index(name, field);
        let v = self.fresh();
        let vars: Vec<Option<u32>> = (0..n)
            .map(|i| if i + 2 == idx { Some(v) } else { None })
            .collect();
        self.record_check(b, name, &vars, Expr::Var(v), line)
    }

    pub(super) fn record_update(
        &mut self,
        base: &ast::Expr,
        name: &str,
        fields: &[ast::RecordField<ast::Expr>],
        line: u32,
    ) -> Expr {
        let b = self.atomic_expr(base);
        let decl = self.m.records.get(name).cloned().unwrap_or_default();
        let mut given: Vec<(String, Expr)> = Vec::new();
        for f in fields {
            if let ast::RecordFieldName::Field(_, n) = &f.name {
                let v = self.simple_expr(&f.value);
                given.push((n.clone(), v));
            }
        }
        let mut vars = Vec::new();
        let mut elems = vec![Expr::Lit(atom(name))];
        for d in &decl {
            if let Some((_, v)) = given.iter().find(|(n, _)| *n == d.name) {
                vars.push(None);
                elems.push(v.clone());
            } else {
                let x = self.fresh();
                vars.push(Some(x));
                elems.push(Expr::Var(x));
            }
        }
        self.record_check(b, name, &vars, Expr::Tuple(elems), line)
    }

    /// `record_info/2` and `is_record/2`, resolved at compile time.
    pub(super) fn record_builtin(
        &mut self,
        f: &str,
        args: &[ast::Expr],
        line: u32,
    ) -> Option<Expr> {
        match (f, args) {
            ("record_info", [ast::Expr::Atom(_, what), ast::Expr::Atom(_, r)]) => {
                let decl = self.m.records.get(r)?;
                Some(Expr::Lit(match what.as_str() {
                    "size" => Term::Int(decl.len() as i64 + 1),
                    _ => Term::list(decl.iter().map(|d| atom(&d.name)).collect()),
                }))
            }
            ("is_record", [x, ast::Expr::Atom(_, r)]) if self.m.records.contains_key(r) => {
                let x = self.simple_expr(x);
                let size = self.record_size(r);
                Some(erlang_call(
                    "is_record",
                    vec![x, Expr::Lit(atom(r)), Expr::Lit(Term::Int(size as i64))],
                    line,
                ))
            }
            _ => None,
        }
    }

    #[allow(dead_code)]
    fn bind_let(&mut self, v: u32, e: Expr) {
        self.binds.push(Bind::Let(vec![v], e));
    }
}
