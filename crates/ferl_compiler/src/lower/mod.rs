//! Lowering: the syntax tree of a (lint-clean) module to the core IR.
//!
//! Expressions are flattened as they are lowered: every operand of a call or a
//! constructor becomes a variable or a constant, evaluated left to right, so code
//! generation never has to keep a half-built argument list across a call. Variables are
//! renamed to numbers; a variable bound in every branch of a case/if/receive is exported
//! through the case's extra values. Funs and comprehensions become functions of their
//! own that receive their free variables as extra arguments.

mod comprehension;
mod pattern;
mod records;

use std::collections::{BTreeSet, HashMap, HashSet};

use ferl_etf::Term;
use ferl_syntax::ast;

use crate::bifs;
use crate::core::{self, Callee, Clause, Expr, Fail, Pat, Var};

/// Arity marker of a call to a lifted function whose free variables are not known yet.
const PENDING: u32 = u32::MAX;

/// What lowering needs from the whole module.
pub struct ModInfo {
    pub name: String,
    pub records: HashMap<String, Vec<ast::RecordFieldDecl>>,
    pub imports: HashMap<(String, u32), String>,
    pub locals: HashSet<(String, u32)>,
    pub no_auto_import: HashSet<(String, u32)>,
    pub no_auto_import_all: bool,
}

/// A binding waiting for the rest of its sequence.
enum Bind {
    Let(Vec<Var>, Expr),
    Match(Pat, Expr, Vec<Expr>, u32),
    Seq(Expr),
}

pub struct Lowerer<'a> {
    pub m: &'a ModInfo,
    scope: HashMap<String, Var>,
    next_var: Var,
    binds: Vec<Bind>,
    pub lifted: Vec<core::Function>,
    /// (name, total arity, free count) of each lifted fun, in creation order.
    pub lambdas: Vec<(String, u32, u32)>,
    fname: String,
    farity: u32,
    fun_count: u32,
    line: u32,
}

pub fn atom(s: &str) -> Term {
    Term::atom(s)
}

fn lit_atom(s: &str) -> Expr {
    Expr::Lit(atom(s))
}

pub fn erlang_call(f: &str, args: Vec<Expr>, line: u32) -> Expr {
    Expr::Call(
        Callee::Remote(Box::new(lit_atom("erlang")), Box::new(lit_atom(f))),
        args,
        line,
    )
}

/// Folds the bindings, innermost last, around `body`.
fn wrap(binds: Vec<Bind>, mut body: Expr) -> Expr {
    for b in binds.into_iter().rev() {
        body = match b {
            Bind::Let(vs, e) => Expr::Let(vs, Box::new(e), Box::new(body)),
            Bind::Seq(e) => Expr::Seq(Box::new(e), Box::new(body)),
            Bind::Match(p, e, guard, line) => Expr::Case(Box::new(core::Case {
                args: vec![e],
                clauses: vec![Clause {
                    pats: vec![p],
                    guard: if guard.is_empty() {
                        vec![]
                    } else {
                        vec![guard]
                    },
                    body,
                    line,
                }],
                fail: Fail::Badmatch,
                line,
            })),
        };
    }
    body
}

pub fn is_simple(e: &Expr) -> bool {
    match e {
        Expr::Var(_) | Expr::Lit(_) => true,
        Expr::Cons(a, b) => is_simple(a) && is_simple(b),
        Expr::Tuple(es) => es.iter().all(is_simple),
        _ => false,
    }
}

/// A constructor of constants as one literal.
fn fold(e: Expr) -> Expr {
    match e {
        Expr::Cons(h, t) => match (*h, *t) {
            (Expr::Lit(h), Expr::Lit(Term::Nil)) => {
                Expr::Lit(Term::List(vec![h], Box::new(Term::Nil)))
            }
            (Expr::Lit(h), Expr::Lit(Term::List(mut items, tail))) => {
                items.insert(0, h);
                Expr::Lit(Term::List(items, tail))
            }
            (Expr::Lit(h), Expr::Lit(t)) => Expr::Lit(Term::List(vec![h], Box::new(t))),
            (h, t) => Expr::Cons(Box::new(h), Box::new(t)),
        },
        Expr::Tuple(es) => {
            if es.iter().all(|e| matches!(e, Expr::Lit(_))) {
                Expr::Lit(Term::Tuple(
                    es.into_iter()
                        .map(|e| match e {
                            Expr::Lit(t) => t,
                            _ => Term::Nil,
                        })
                        .collect(),
                ))
            } else {
                Expr::Tuple(es)
            }
        }
        other => other,
    }
}

/// `[H1, H2, ... | Tail]` from simple parts: the constant prefix-free suffix becomes one
/// literal, the rest conses around it.
pub fn build_list(heads: Vec<Expr>, tail: Expr) -> Expr {
    let mut acc = tail;
    let mut lit_items: Vec<Term> = Vec::new();
    let mut lit_tail: Option<Term> = match &acc {
        Expr::Lit(t) => Some(t.clone()),
        _ => None,
    };
    let mut rest = heads;
    while let Some(h) = rest.pop() {
        match (&h, &lit_tail) {
            (Expr::Lit(t), Some(_)) => lit_items.push(t.clone()),
            _ => {
                if let Some(t) = lit_tail.take() {
                    acc = Expr::Lit(finish_list(std::mem::take(&mut lit_items), t));
                }
                acc = Expr::Cons(Box::new(h), Box::new(acc));
            }
        }
    }
    if let Some(t) = lit_tail {
        acc = Expr::Lit(finish_list(lit_items, t));
    }
    acc
}

/// A literal list from its elements in reverse order and its literal tail.
fn finish_list(mut rev_items: Vec<Term>, tail: Term) -> Term {
    if rev_items.is_empty() {
        return tail;
    }
    rev_items.reverse();
    match tail {
        Term::Nil => Term::List(rev_items, Box::new(Term::Nil)),
        Term::List(more, t) => {
            rev_items.extend(more);
            Term::List(rev_items, t)
        }
        other => Term::List(rev_items, Box::new(other)),
    }
}

pub fn string_term(s: &str) -> Term {
    Term::string(s)
}

impl<'a> Lowerer<'a> {
    pub fn new(m: &'a ModInfo) -> Lowerer<'a> {
        Lowerer {
            m,
            scope: HashMap::new(),
            next_var: 0,
            binds: Vec::new(),
            lifted: Vec::new(),
            lambdas: Vec::new(),
            fname: String::new(),
            farity: 0,
            fun_count: 0,
            line: 0,
        }
    }

    pub fn fresh(&mut self) -> Var {
        let v = self.next_var;
        self.next_var += 1;
        v
    }

    /// Lowers a source function (and the functions lifted out of it).
    pub fn function(&mut self, f: &ast::Function) -> Vec<core::Function> {
        self.scope.clear();
        self.next_var = 0;
        self.fname = f.name.clone();
        self.farity = f.arity;
        self.fun_count = 0;
        self.line = f.pos.line;
        let first_lifted = self.lifted.len();
        let params: Vec<Var> = (0..f.arity).map(|_| self.fresh()).collect();
        let clauses = f.clauses.iter().map(|c| self.clause(c, true)).collect();
        let body = Expr::Case(Box::new(core::Case {
            args: params.iter().map(|&v| Expr::Var(v)).collect(),
            clauses,
            fail: Fail::FunctionClause,
            line: f.pos.line,
        }));
        let mut out = vec![core::Function {
            name: f.name.clone(),
            arity: f.arity,
            params,
            body,
            line: f.pos.line,
            var_count: 0,
            fun_free: None,
            file: None,
        }];
        out.extend(self.lifted.drain(first_lifted..));
        for g in out.iter_mut() {
            g.var_count = self.next_var;
        }
        out
    }

    /// A clause: patterns (fresh variables only if `shadow`), guard, body.
    fn clause(&mut self, c: &ast::Clause, shadow: bool) -> Clause {
        let saved = self.scope.clone();
        let line = c.pos.line;
        let (pats, tests) = self.patterns(&c.patterns, shadow);
        let guard = self.guard(&c.guards, tests);
        let body = self.body(&c.body);
        self.scope = saved;
        Clause {
            pats,
            guard,
            body,
            line,
        }
    }

    /// A guard sequence with `tests` (from repeated pattern variables) in every
    /// alternative.
    fn guard(&mut self, g: &ast::Guards, tests: Vec<Expr>) -> Vec<Vec<Expr>> {
        if g.is_empty() {
            if tests.is_empty() {
                return vec![];
            }
            return vec![tests];
        }
        g.iter()
            .map(|alt| {
                let mut conj = tests.clone();
                for e in alt {
                    let mut pre = Vec::new();
                    let ge = self.gexpr(e, &mut pre);
                    conj.extend(pre);
                    conj.push(ge);
                }
                conj
            })
            .collect()
    }

    /// A body: the expressions in sequence; the value is the last one's.
    pub fn body(&mut self, es: &[ast::Expr]) -> Expr {
        let saved = std::mem::take(&mut self.binds);
        let mut last = Expr::Lit(atom("ok"));
        for (i, e) in es.iter().enumerate() {
            let v = self.expr(e);
            if i + 1 < es.len() {
                if !is_simple(&v) {
                    self.binds.push(Bind::Seq(v));
                }
            } else {
                last = v;
            }
        }
        let binds = std::mem::replace(&mut self.binds, saved);
        wrap(binds, last)
    }

    /// A body whose value is returned together with the exported variables.
    fn body_exporting(&mut self, es: &[ast::Expr], exports: &[String]) -> Expr {
        if exports.is_empty() {
            return self.body(es);
        }
        let saved = std::mem::take(&mut self.binds);
        let mut last = Expr::Lit(atom("ok"));
        for (i, e) in es.iter().enumerate() {
            let v = self.expr(e);
            if i + 1 < es.len() {
                if !is_simple(&v) {
                    self.binds.push(Bind::Seq(v));
                }
            } else {
                last = v;
            }
        }
        let last = self.simple(last);
        let mut vals = vec![last];
        for n in exports {
            vals.push(match self.scope.get(n) {
                Some(v) => Expr::Var(*v),
                None => Expr::Lit(atom("undefined")),
            });
        }
        let binds = std::mem::replace(&mut self.binds, saved);
        wrap(binds, Expr::Values(vals))
    }

    /// `e` as a variable or constant (binding it first if needed).
    pub fn simple(&mut self, e: Expr) -> Expr {
        if is_simple(&e) {
            return e;
        }
        let v = self.fresh();
        self.binds.push(Bind::Let(vec![v], e));
        Expr::Var(v)
    }

    fn simple_expr(&mut self, e: &ast::Expr) -> Expr {
        let v = self.expr(e);
        self.simple(v)
    }

    fn atomic_expr(&mut self, e: &ast::Expr) -> Expr {
        let v = self.expr(e);
        match v {
            Expr::Var(_) | Expr::Lit(_) => v,
            other => {
                let t = self.fresh();
                self.binds.push(Bind::Let(vec![t], other));
                Expr::Var(t)
            }
        }
    }

    /// Lowers an expression; what it binds is in scope afterwards.
    pub fn expr(&mut self, e: &ast::Expr) -> Expr {
        let line = e.pos().line;
        self.line = line;
        match e {
            ast::Expr::Var(_, n) => match self.scope.get(n) {
                Some(v) => Expr::Var(*v),
                None => lit_atom("undefined"),
            },
            ast::Expr::Atom(_, a) => lit_atom(a),
            ast::Expr::Integer(_, i) => Expr::Lit(int_term(i)),
            ast::Expr::Float(_, f) => Expr::Lit(Term::Float(*f)),
            ast::Expr::Char(_, c) => Expr::Lit(Term::Int(*c as i64)),
            ast::Expr::String(_, s) => Expr::Lit(string_term(s)),
            ast::Expr::Nil(_) => Expr::Lit(Term::Nil),
            ast::Expr::Cons(..) => {
                // Iteratively: list literals can be very long.
                let mut heads = Vec::new();
                let mut cur = e;
                while let ast::Expr::Cons(_, h, t) = cur {
                    heads.push(&**h);
                    cur = t;
                }
                let hs: Vec<Expr> = heads.into_iter().map(|h| self.simple_expr(h)).collect();
                let tail = self.simple_expr(cur);
                build_list(hs, tail)
            }
            ast::Expr::Tuple(_, es) => {
                let es = es.iter().map(|e| self.simple_expr(e)).collect();
                fold(Expr::Tuple(es))
            }
            ast::Expr::Bin(_, elems) => self.binary(elems, line),
            ast::Expr::Map(_, fields) => {
                let pairs = self.map_fields(fields);
                if pairs
                    .iter()
                    .all(|(ex, k, v)| !ex && matches!(k, Expr::Lit(_)) && matches!(v, Expr::Lit(_)))
                {
                    let mut out: Vec<(Term, Term)> = Vec::new();
                    for (_, k, v) in pairs {
                        if let (Expr::Lit(k), Expr::Lit(v)) = (k, v) {
                            out.retain(|(ok, _)| *ok != k);
                            out.push((k, v));
                        }
                    }
                    return Expr::Lit(Term::Map(out));
                }
                Expr::Map(None, pairs, line)
            }
            ast::Expr::MapUpdate(_, base, fields) => {
                let b = self.atomic_expr(base);
                let pairs = self.map_fields(fields);
                Expr::Map(Some(Box::new(b)), pairs, line)
            }
            ast::Expr::Record(_, name, fields) => self.record_new(name, fields),
            ast::Expr::RecordUpdate(_, base, name, fields) => {
                self.record_update(base, name, fields, line)
            }
            ast::Expr::RecordIndex(_, name, _, field) => {
                Expr::Lit(Term::Int(self.field_index(name, field) as i64))
            }
            ast::Expr::RecordAccess(_, base, name, _, field) => {
                self.record_access(base, name, field, line)
            }
            ast::Expr::Call(_, f, args) => self.call(f, args, line),
            ast::Expr::Remote(_, _, _) => lit_atom("undefined"),
            ast::Expr::FunRef(_, name, arity) => self.fun_ref(name, *arity, line),
            ast::Expr::RemoteFunRef(_, m, f, a) => {
                let m = self.simple_expr(m);
                let f = self.simple_expr(f);
                let a = self.simple_expr(a);
                if let (
                    Expr::Lit(Term::Atom(m)),
                    Expr::Lit(Term::Atom(f)),
                    Expr::Lit(Term::Int(a)),
                ) = (&m, &f, &a)
                {
                    return Expr::Lit(Term::ExportFun {
                        module: m.clone(),
                        function: f.clone(),
                        arity: *a as u8,
                    });
                }
                erlang_call("make_fun", vec![m, f, a], line)
            }
            ast::Expr::Fun(_, clauses) => self.fun(None, clauses, line),
            ast::Expr::NamedFun(_, name, clauses) => self.fun(Some(name), clauses, line),
            ast::Expr::Match(_, p, rhs) => {
                let v = self.expr(rhs);
                self.match_bind(p, v, line)
            }
            ast::Expr::MaybeMatch(_, p, rhs) => {
                let v = self.expr(rhs);
                self.match_bind(p, v, line)
            }
            ast::Expr::BinOp(_, op, a, b) => self.binop(*op, a, b, line),
            ast::Expr::UnOp(_, op, a) => {
                let a = self.simple_expr(a);
                let name = op.as_str();
                if let Some(t) = const_unop(name, &a) {
                    return Expr::Lit(t);
                }
                erlang_call(name, vec![a], line)
            }
            ast::Expr::Catch(_, b) => {
                let saved = self.scope.clone();
                let body = self.body(std::slice::from_ref(&**b));
                self.scope = saved;
                Expr::Catch(Box::new(body), line)
            }
            ast::Expr::Block(_, es) => {
                for (i, x) in es.iter().enumerate() {
                    let v = self.expr(x);
                    if i + 1 == es.len() {
                        return v;
                    }
                    if !is_simple(&v) {
                        self.binds.push(Bind::Seq(v));
                    }
                }
                lit_atom("ok")
            }
            ast::Expr::If(_, clauses) => {
                let exports = self.exports_of(clauses.iter().map(|c| (&[][..], &c.body[..])));
                let cls = clauses
                    .iter()
                    .map(|c| self.clause_exporting(c, &exports))
                    .collect();
                self.branching(
                    Expr::Case(Box::new(core::Case {
                        args: vec![],
                        clauses: cls,
                        fail: Fail::IfClause,
                        line,
                    })),
                    &exports,
                )
            }
            ast::Expr::Case(_, arg, clauses) if spreadable(arg, clauses) => {
                // `case {A, B} of {P, Q} -> ...`: match the parts, never build the tuple.
                let parts: Vec<Expr> = match &**arg {
                    ast::Expr::Tuple(_, es) => es.iter().map(|x| self.simple_expr(x)).collect(),
                    _ => vec![],
                };
                let exports =
                    self.exports_of(clauses.iter().map(|c| (&c.patterns[..], &c.body[..])));
                let n = parts.len();
                let cls = clauses
                    .iter()
                    .map(|c| {
                        let mut c2 = c.clone();
                        c2.patterns = match &c.patterns[0] {
                            ast::Pattern::Tuple(_, ps) => ps.clone(),
                            other => vec![other.clone(); n],
                        };
                        self.clause_exporting(&c2, &exports)
                    })
                    .collect();
                self.branching(
                    Expr::Case(Box::new(core::Case {
                        args: parts,
                        clauses: cls,
                        fail: Fail::CaseClause,
                        line,
                    })),
                    &exports,
                )
            }
            ast::Expr::Case(_, arg, clauses) => {
                let a = self.simple_expr(arg);
                let exports =
                    self.exports_of(clauses.iter().map(|c| (&c.patterns[..], &c.body[..])));
                let cls = clauses
                    .iter()
                    .map(|c| self.clause_exporting(c, &exports))
                    .collect();
                self.branching(
                    Expr::Case(Box::new(core::Case {
                        args: vec![a],
                        clauses: cls,
                        fail: Fail::CaseClause,
                        line,
                    })),
                    &exports,
                )
            }
            ast::Expr::Receive(_, clauses, after) => {
                let mut arms: Vec<(&[ast::Pattern], &[ast::Expr])> = clauses
                    .iter()
                    .map(|c| (&c.patterns[..], &c.body[..]))
                    .collect();
                if let Some(a) = after {
                    arms.push((&[], &a.body[..]));
                }
                let exports = self.exports_of(arms.into_iter());
                let cls = clauses
                    .iter()
                    .map(|c| self.clause_exporting(c, &exports))
                    .collect();
                let after = after.as_ref().map(|a| {
                    let t = self.atomic_expr(&a.timeout);
                    let saved = self.scope.clone();
                    let b = self.body_exporting(&a.body, &exports);
                    self.scope = saved;
                    (t, b)
                });
                self.branching(
                    Expr::Receive(Box::new(core::Receive {
                        clauses: cls,
                        after,
                        line,
                    })),
                    &exports,
                )
            }
            ast::Expr::Try(_, t) => self.try_expr(t, line),
            ast::Expr::Maybe(_, body, else_) => {
                let saved = self.scope.clone();
                let saved_binds = std::mem::take(&mut self.binds);
                let else_clauses = else_.as_ref().map(|(_, cs)| cs.as_slice());
                let b = self.maybe_seq(body, else_clauses, line);
                self.binds = saved_binds;
                self.scope = saved;
                b
            }
            ast::Expr::ListComp(_, e, quals) => self.comprehension(e, quals, false, line),
            ast::Expr::BinComp(_, e, quals) => self.comprehension(e, quals, true, line),
        }
    }

    /// Binds the result of a branching construct and its exported variables.
    fn branching(&mut self, e: Expr, exports: &[String]) -> Expr {
        if exports.is_empty() {
            return e;
        }
        let r = self.fresh();
        let mut vs = vec![r];
        for n in exports {
            let v = self.fresh();
            vs.push(v);
            self.scope.insert(n.clone(), v);
        }
        self.binds.push(Bind::Let(vs, e));
        Expr::Var(r)
    }

    fn clause_exporting(&mut self, c: &ast::Clause, exports: &[String]) -> Clause {
        let saved = self.scope.clone();
        let line = c.pos.line;
        let (pats, tests) = self.patterns(&c.patterns, false);
        let guard = self.guard(&c.guards, tests);
        let body = self.body_exporting(&c.body, exports);
        self.scope = saved;
        Clause {
            pats,
            guard,
            body,
            line,
        }
    }

    /// Variables newly bound in every arm (patterns and bodies), in name order.
    fn exports_of<'e>(
        &self,
        arms: impl Iterator<Item = (&'e [ast::Pattern], &'e [ast::Expr])>,
    ) -> Vec<String> {
        let mut common: Option<BTreeSet<String>> = None;
        for (pats, body) in arms {
            let mut s = BTreeSet::new();
            for p in pats {
                crate::vars::pattern_vars(p, &mut s);
            }
            for e in body {
                crate::vars::expr_binds(e, &mut s);
            }
            common = Some(match common {
                None => s,
                Some(c) => c.intersection(&s).cloned().collect(),
            });
        }
        common
            .unwrap_or_default()
            .into_iter()
            .filter(|n| !self.scope.contains_key(n) && n != "_")
            .collect()
    }

    /// `P = E` inside a sequence: the rest of the sequence runs with P's variables.
    fn match_bind(&mut self, p: &ast::Pattern, v: Expr, line: u32) -> Expr {
        if let ast::Pattern::Var(_, n) = p {
            if n == "_" {
                return v;
            }
            if !self.scope.contains_key(n) {
                let x = match v {
                    Expr::Var(x) => x,
                    other => {
                        let x = self.fresh();
                        self.binds.push(Bind::Let(vec![x], other));
                        x
                    }
                };
                self.scope.insert(n.clone(), x);
                return Expr::Var(x);
            }
        }
        let v = self.atomic_any(v);
        let (pats, tests) = self.patterns(std::slice::from_ref(p), false);
        let pat = pats.into_iter().next().unwrap_or(Pat::Wild);
        self.binds.push(Bind::Match(pat, v.clone(), tests, line));
        v
    }

    fn atomic_any(&mut self, v: Expr) -> Expr {
        match v {
            Expr::Var(_) | Expr::Lit(_) => v,
            other => {
                let t = self.fresh();
                self.binds.push(Bind::Let(vec![t], other));
                Expr::Var(t)
            }
        }
    }

    fn map_fields(&mut self, fields: &[ast::MapField]) -> Vec<(bool, Expr, Expr)> {
        fields
            .iter()
            .map(|f| {
                let k = self.simple_expr(&f.key);
                let v = self.simple_expr(&f.value);
                (f.exact, k, v)
            })
            .collect()
    }

    fn binop(&mut self, op: ast::BinOp, a: &ast::Expr, b: &ast::Expr, line: u32) -> Expr {
        use ast::BinOp::*;
        match op {
            AndAlso | OrElse => {
                let x = self.simple_expr(a);
                let saved_binds = std::mem::take(&mut self.binds);
                let saved_scope = self.scope.clone();
                let y = self.expr(b);
                let inner = std::mem::replace(&mut self.binds, saved_binds);
                self.scope = saved_scope;
                let y = wrap(inner, y);
                let (on_true, on_false) = if op == AndAlso {
                    (y, lit_atom("false"))
                } else {
                    (lit_atom("true"), y)
                };
                let other = self.fresh();
                Expr::Case(Box::new(core::Case {
                    args: vec![x],
                    clauses: vec![
                        Clause {
                            pats: vec![Pat::Lit(atom("true"))],
                            guard: vec![],
                            body: on_true,
                            line,
                        },
                        Clause {
                            pats: vec![Pat::Lit(atom("false"))],
                            guard: vec![],
                            body: on_false,
                            line,
                        },
                        Clause {
                            pats: vec![Pat::Var(other)],
                            guard: vec![],
                            body: Expr::Error(
                                Box::new(Expr::Tuple(vec![lit_atom("badarg"), Expr::Var(other)])),
                                line,
                            ),
                            line,
                        },
                    ],
                    fail: Fail::Never,
                    line,
                }))
            }
            Send => {
                let x = self.simple_expr(a);
                let y = self.simple_expr(b);
                erlang_call("send", vec![x, y], line)
            }
            _ => {
                let x = self.simple_expr(a);
                let y = self.simple_expr(b);
                let name = op.as_str();
                if let Some(t) = const_binop(name, &x, &y) {
                    return Expr::Lit(t);
                }
                erlang_call(name, vec![x, y], line)
            }
        }
    }

    fn call(&mut self, f: &ast::Expr, args: &[ast::Expr], line: u32) -> Expr {
        match f {
            ast::Expr::Remote(_, m, fname) => {
                let m = self.simple_expr(m);
                let fname = self.simple_expr(fname);
                let args: Vec<Expr> = args.iter().map(|a| self.simple_expr(a)).collect();
                Expr::Call(Callee::Remote(Box::new(m), Box::new(fname)), args, line)
            }
            ast::Expr::Atom(_, name) => {
                let n = args.len() as u32;
                // Compile-time record helpers.
                if let Some(e) = self.record_builtin(name, args, line) {
                    return e;
                }
                let args: Vec<Expr> = args.iter().map(|a| self.simple_expr(a)).collect();
                let key = (name.clone(), n);
                let auto = bifs::is_auto_imported(name, n as usize)
                    && !self.m.no_auto_import_all
                    && !self.m.no_auto_import.contains(&key);
                if self.m.locals.contains(&key) && (!auto || !bifs::is_old_bif(name, n as usize)) {
                    Expr::Call(Callee::Local(name.clone(), n), args, line)
                } else if let Some(module) = self.m.imports.get(&key) {
                    Expr::Call(
                        Callee::Remote(Box::new(lit_atom(module)), Box::new(lit_atom(name))),
                        args,
                        line,
                    )
                } else if auto || bifs::is_auto_imported(name, n as usize) {
                    erlang_call(name, args, line)
                } else {
                    Expr::Call(Callee::Local(name.clone(), n), args, line)
                }
            }
            other => {
                let fv = self.simple_expr(other);
                let args: Vec<Expr> = args.iter().map(|a| self.simple_expr(a)).collect();
                Expr::Call(Callee::Fun(Box::new(fv)), args, line)
            }
        }
    }

    fn fun_ref(&mut self, name: &str, arity: u32, line: u32) -> Expr {
        let key = (name.to_string(), arity);
        if !self.m.locals.contains(&key) {
            if let Some(module) = self.m.imports.get(&key) {
                return Expr::Lit(Term::ExportFun {
                    module: ferl_etf::Atom::new(module.clone()),
                    function: ferl_etf::Atom::new(name),
                    arity: arity as u8,
                });
            }
            if bifs::is_auto_imported(name, arity as usize) {
                return Expr::Lit(Term::ExportFun {
                    module: ferl_etf::Atom::new("erlang"),
                    function: ferl_etf::Atom::new(name),
                    arity: arity as u8,
                });
            }
        }
        // A local `fun f/N` is a fun with no free variables around a wrapper.
        let lname = format!("-{}/{}-fun-{}-", self.fname, self.farity, self.fun_count);
        self.fun_count += 1;
        let params: Vec<Var> = (0..arity).map(|_| self.fresh()).collect();
        let body = Expr::Call(
            Callee::Local(name.to_string(), arity),
            params.iter().map(|&v| Expr::Var(v)).collect(),
            line,
        );
        self.lifted.push(core::Function {
            name: lname.clone(),
            arity,
            params,
            body,
            line,
            var_count: 0,
            fun_free: Some(0),
            file: None,
        });
        self.lambdas.push((lname.clone(), arity, 0));
        Expr::MakeFun {
            name: lname,
            arity,
            free: vec![],
            line,
        }
    }

    /// Lifts a fun into a function of its own; the value is the closure.
    fn fun(&mut self, name: Option<&String>, clauses: &[ast::Clause], line: u32) -> Expr {
        let arity = clauses.first().map_or(0, |c| c.patterns.len()) as u32;
        let lname = format!("-{}/{}-fun-{}-", self.fname, self.farity, self.fun_count);
        self.fun_count += 1;
        let outer = self.scope.clone();
        let saved_binds = std::mem::take(&mut self.binds);
        // Inside, every visible variable is a fresh variable (maybe free).
        let mut inner_of: Vec<(String, Var, Var)> = Vec::new();
        let mut inner_scope = HashMap::new();
        let mut names: Vec<&String> = outer.keys().collect();
        names.sort();
        for n in names {
            let v = self.fresh();
            inner_scope.insert(n.clone(), v);
            inner_of.push((n.clone(), outer[n], v));
        }
        self.scope = inner_scope;
        let self_var = name.map(|n| {
            let v = self.fresh();
            self.scope.insert(n.clone(), v);
            v
        });
        let params: Vec<Var> = (0..arity).map(|_| self.fresh()).collect();
        let cls: Vec<Clause> = clauses.iter().map(|c| self.clause(c, true)).collect();
        let mut body = Expr::Case(Box::new(core::Case {
            args: params.iter().map(|&v| Expr::Var(v)).collect(),
            clauses: cls,
            fail: Fail::FunctionClause,
            line,
        }));
        let mut fv = crate::codegen::live::FreeVars::default();
        let used = fv.of(&body);
        let free: Vec<(Var, Var)> = inner_of
            .iter()
            .filter(|(_, _, iv)| used.contains(*iv))
            .map(|(_, ov, iv)| (*ov, *iv))
            .collect();
        let total = arity + free.len() as u32;
        if let Some(sv) = self_var {
            body = Expr::Let(
                vec![sv],
                Box::new(Expr::MakeFun {
                    name: lname.clone(),
                    arity: total,
                    free: free.iter().map(|(_, iv)| *iv).collect(),
                    line,
                }),
                Box::new(body),
            );
        }
        let mut all_params = params;
        all_params.extend(free.iter().map(|(_, iv)| *iv));
        self.lifted.push(core::Function {
            name: lname.clone(),
            arity: total,
            params: all_params,
            body,
            line,
            var_count: 0,
            fun_free: Some(free.len() as u32),
            file: None,
        });
        self.lambdas.push((lname.clone(), total, free.len() as u32));
        self.scope = outer;
        self.binds = saved_binds;
        Expr::MakeFun {
            name: lname,
            arity: total,
            free: free.iter().map(|(ov, _)| *ov).collect(),
            line,
        }
    }

    fn try_expr(&mut self, t: &ast::Try, line: u32) -> Expr {
        let saved = self.scope.clone();
        let inner = if t.catch_clauses.is_empty() {
            // Only `of` and/or `after`.
            let b = self.body(&t.body);
            if t.of_clauses.is_empty() {
                b
            } else {
                let v = self.fresh();
                let cls = t.of_clauses.iter().map(|c| self.clause(c, false)).collect();
                Expr::Let(
                    vec![v],
                    Box::new(b),
                    Box::new(Expr::Case(Box::new(core::Case {
                        args: vec![Expr::Var(v)],
                        clauses: cls,
                        fail: Fail::TryClause,
                        line,
                    }))),
                )
            }
        } else {
            let body = self.body(&t.body);
            self.scope = saved.clone();
            let var = self.fresh();
            let ok = if t.of_clauses.is_empty() {
                Expr::Var(var)
            } else {
                let cls = t.of_clauses.iter().map(|c| self.clause(c, false)).collect();
                Expr::Case(Box::new(core::Case {
                    args: vec![Expr::Var(var)],
                    clauses: cls,
                    fail: Fail::TryClause,
                    line,
                }))
            };
            let (class, reason, trace) = (self.fresh(), self.fresh(), self.fresh());
            let cls = t
                .catch_clauses
                .iter()
                .map(|c| self.catch_clause(c))
                .collect();
            let handler = Expr::Case(Box::new(core::Case {
                args: vec![Expr::Var(class), Expr::Var(reason), Expr::Var(trace)],
                clauses: cls,
                fail: Fail::Reraise(class, reason, trace),
                line,
            }));
            Expr::Try(Box::new(core::Try {
                body,
                var,
                ok,
                class,
                reason,
                trace,
                handler,
                line,
            }))
        };
        self.scope = saved.clone();
        if t.after.is_empty() {
            return inner;
        }
        let after = self.body(&t.after);
        self.scope = saved;
        let var = self.fresh();
        let (class, reason, trace) = (self.fresh(), self.fresh(), self.fresh());
        Expr::Try(Box::new(core::Try {
            body: inner,
            var,
            ok: Expr::Seq(Box::new(after.clone()), Box::new(Expr::Var(var))),
            class,
            reason,
            trace,
            handler: Expr::Seq(
                Box::new(after),
                Box::new(Expr::Reraise(class, reason, trace)),
            ),
            line,
        }))
    }

    /// The body of `maybe`: each `P ?= E` continues with the rest when E matches P and
    /// otherwise leaves with E's value, through the `else` clauses if there are some.
    fn maybe_seq(&mut self, es: &[ast::Expr], else_: Option<&[ast::Clause]>, line: u32) -> Expr {
        let mut last = lit_atom("ok");
        for (i, e) in es.iter().enumerate() {
            if let ast::Expr::MaybeMatch(_, p, rhs) = e {
                let v = self.expr(rhs);
                let v = self.atomic_any(v);
                let outer_scope = self.scope.clone();
                let outer_binds = std::mem::take(&mut self.binds);
                let (pats, tests) = self.patterns(std::slice::from_ref(&**p), false);
                let rest = if i + 1 < es.len() {
                    self.maybe_seq(&es[i + 1..], else_, line)
                } else {
                    v.clone()
                };
                self.scope = outer_scope;
                let w = self.fresh();
                let fallback = match else_ {
                    None => Expr::Var(w),
                    Some(cs) => {
                        let mut cls: Vec<Clause> =
                            cs.iter().map(|c| self.clause(c, false)).collect();
                        let o = self.fresh();
                        cls.push(Clause {
                            pats: vec![Pat::Var(o)],
                            guard: vec![],
                            body: Expr::Error(
                                Box::new(Expr::Tuple(vec![lit_atom("else_clause"), Expr::Var(o)])),
                                line,
                            ),
                            line,
                        });
                        Expr::Case(Box::new(core::Case {
                            args: vec![Expr::Var(w)],
                            clauses: cls,
                            fail: Fail::Never,
                            line,
                        }))
                    }
                };
                let case = Expr::Case(Box::new(core::Case {
                    args: vec![v],
                    clauses: vec![
                        Clause {
                            pats,
                            guard: if tests.is_empty() {
                                vec![]
                            } else {
                                vec![tests]
                            },
                            body: rest,
                            line,
                        },
                        Clause {
                            pats: vec![Pat::Var(w)],
                            guard: vec![],
                            body: fallback,
                            line,
                        },
                    ],
                    fail: Fail::Never,
                    line,
                }));
                self.binds = outer_binds;
                let binds = std::mem::take(&mut self.binds);
                return wrap(binds, case);
            }
            let v = self.expr(e);
            if i + 1 < es.len() {
                if !is_simple(&v) {
                    self.binds.push(Bind::Seq(v));
                }
            } else {
                last = v;
            }
        }
        let binds = std::mem::take(&mut self.binds);
        wrap(binds, last)
    }

    fn catch_clause(&mut self, c: &ast::CatchClause) -> Clause {
        let saved = self.scope.clone();
        let line = c.pos.line;
        let class_pat = c
            .class
            .clone()
            .unwrap_or(ast::Pattern::Atom(c.pos, "throw".into()));
        let stack_name = match &c.stack {
            Some(ast::Pattern::Var(_, n)) if n != "_" => Some(n.clone()),
            _ => None,
        };
        let (mut pats, tests) = self.patterns(&[class_pat, c.reason.clone()], false);
        let raw = self.fresh();
        pats.push(if stack_name.is_some() {
            Pat::Var(raw)
        } else {
            Pat::Wild
        });
        let guard = self.guard(&c.guards, tests);
        let body = if let Some(n) = stack_name {
            let st = self.fresh();
            self.scope.insert(n, st);
            let b = self.body(&c.body);
            Expr::Let(vec![st], Box::new(Expr::BuildStacktrace(raw)), Box::new(b))
        } else {
            self.body(&c.body)
        };
        self.scope = saved;
        Clause {
            pats,
            guard,
            body,
            line,
        }
    }
}

/// A case on a tuple expression whose clauses all take the tuple apart (or ignore it).
fn spreadable(arg: &ast::Expr, clauses: &[ast::Clause]) -> bool {
    let n = match arg {
        ast::Expr::Tuple(_, es) if !es.is_empty() => es.len(),
        _ => return false,
    };
    clauses.iter().all(|c| match c.patterns.as_slice() {
        [ast::Pattern::Tuple(_, ps)] => ps.len() == n,
        [ast::Pattern::Var(_, v)] => v == "_",
        _ => false,
    })
}

pub fn int_term(i: &ast::Int) -> Term {
    match i {
        ast::Int::Small(n) => Term::Int(*n),
        ast::Int::Big(b) => match i64::try_from(b) {
            Ok(n) => Term::Int(n),
            Err(_) => Term::BigInt(b.clone()),
        },
    }
}

fn num(e: &Expr) -> Option<&Term> {
    match e {
        Expr::Lit(t @ (Term::Int(_) | Term::Float(_))) => Some(t),
        _ => None,
    }
}

/// Folds `-1`, `bnot 0`, `+2` and friends on constants.
pub fn const_unop(op: &str, a: &Expr) -> Option<Term> {
    match (op, num(a)?) {
        ("-", Term::Int(i)) => i.checked_neg().map(Term::Int),
        ("-", Term::Float(f)) => Some(Term::Float(-f)),
        ("+", t) => Some(t.clone()),
        ("bnot", Term::Int(i)) => Some(Term::Int(!i)),
        _ => None,
    }
}

/// Folds integer arithmetic on small constants (what patterns and sizes need).
pub fn const_binop(op: &str, a: &Expr, b: &Expr) -> Option<Term> {
    let (Term::Int(x), Term::Int(y)) = (num(a)?, num(b)?) else {
        return None;
    };
    let (x, y) = (*x, *y);
    let r = match op {
        "+" => x.checked_add(y)?,
        "-" => x.checked_sub(y)?,
        "*" => x.checked_mul(y)?,
        "div" if y != 0 => x.checked_div(y)?,
        "rem" if y != 0 => x.checked_rem(y)?,
        "band" => x & y,
        "bor" => x | y,
        "bxor" => x ^ y,
        "bsl" if (0..32).contains(&y) && x.abs() < (1 << 30) => x << y,
        "bsr" if (0..64).contains(&y) => x >> y,
        _ => return None,
    };
    if r.abs() >= (1i64 << 59) {
        return None;
    }
    Some(Term::Int(r))
}

#[allow(dead_code)]
fn pending() -> u32 {
    PENDING
}
