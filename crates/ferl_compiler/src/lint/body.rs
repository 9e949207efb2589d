//! Per-function checks: variables (unbound, unsafe, unused, shadowed), calls to undefined
//! functions, guards, records, and clauses that cannot match.

use std::collections::{BTreeMap, HashSet};

use ferl_syntax::ast::{self, BinOp, Expr, Pattern, Pos};

use super::{ModCtx, Sink};
use crate::bifs;

#[derive(Clone, Debug)]
enum VarState {
    Bound(Vec<usize>),
    /// Bound in some branches only: (bindings, construct, its position).
    Unsafe(Vec<usize>, &'static str, Pos),
}

type Env = BTreeMap<String, VarState>;

struct Binding {
    name: String,
    pos: Pos,
    used: bool,
}

pub struct FunLint<'a> {
    ctx: &'a ModCtx,
    sink: &'a mut Sink,
    bindings: Vec<Binding>,
    calls: HashSet<(String, u32)>,
    records_used: HashSet<String>,
    late: Vec<(Pos, String)>,
}

fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::Atom(..)
        | Expr::Integer(..)
        | Expr::Float(..)
        | Expr::Char(..)
        | Expr::String(..)
        | Expr::Nil(_) => true,
        Expr::Cons(_, a, b) => is_literal(a) && is_literal(b),
        Expr::Tuple(_, es) => es.iter().all(is_literal),
        _ => false,
    }
}

fn always_matches(c: &ast::Clause, env: &Env) -> bool {
    if !c.guards.is_empty() {
        return false;
    }
    let mut seen = HashSet::new();
    c.patterns.iter().all(|p| match p {
        Pattern::Var(_, n) => n == "_" || (!env.contains_key(n) && seen.insert(n.clone())),
        _ => false,
    })
}

fn lit_pattern(p: &Pattern) -> Option<String> {
    match p {
        Pattern::Atom(_, a) => Some(format!("a:{a}")),
        Pattern::Integer(_, i) => Some(format!("i:{i:?}")),
        Pattern::Nil(_) => Some("nil".into()),
        Pattern::String(_, s) if s.is_empty() => Some("nil".into()),
        Pattern::String(_, s) => Some(format!("s:{s}")),
        _ => None,
    }
}

fn lit_expr(e: &Expr) -> Option<String> {
    match e {
        Expr::Atom(_, a) => Some(format!("a:{a}")),
        Expr::Integer(_, i) => Some(format!("i:{i:?}")),
        Expr::Nil(_) => Some("nil".into()),
        Expr::String(_, s) if s.is_empty() => Some("nil".into()),
        Expr::String(_, s) => Some(format!("s:{s}")),
        _ => None,
    }
}

fn is_number_lit(e: &Expr) -> Option<bool> {
    match e {
        Expr::Integer(..) | Expr::Float(..) | Expr::Char(..) => Some(true),
        Expr::Atom(..) | Expr::String(..) | Expr::Nil(_) | Expr::Tuple(..) | Expr::Cons(..) => {
            Some(false)
        }
        _ => None,
    }
}

impl<'a> FunLint<'a> {
    pub fn new(ctx: &'a ModCtx, sink: &'a mut Sink, _f: &ast::Function) -> FunLint<'a> {
        FunLint {
            ctx,
            sink,
            bindings: Vec::new(),
            calls: HashSet::new(),
            records_used: HashSet::new(),
            late: Vec::new(),
        }
    }

    pub fn function(&mut self, f: &ast::Function) {
        let mut always: Option<u32> = None;
        for c in &f.clauses {
            if let Some(line) = always {
                self.late.push((
                    c.pos,
                    format!(
                        "this clause for {}/{} cannot match because a previous clause at line {} always matches",
                        f.name, f.arity, line
                    ),
                ));
            }
            if always.is_none() && always_matches(c, &Env::new()) {
                always = Some(c.pos.line);
            }
            let mut env = Env::new();
            self.clause(c, &mut env, None);
        }
    }

    /// Called calls and used records; reports unused variables.
    pub fn finish(self) -> (HashSet<(String, u32)>, HashSet<String>) {
        for b in &self.bindings {
            if !b.used && !b.name.starts_with('_') {
                self.sink
                    .warning(b.pos, format!("variable '{}' is unused", b.name));
            }
        }
        if self.sink.errors.is_empty() {
            for (p, m) in self.late {
                self.sink.warning(p, m);
            }
        }
        (self.calls, self.records_used)
    }

    fn bind(&mut self, name: &str, pos: Pos) -> usize {
        self.bindings.push(Binding {
            name: name.to_string(),
            pos,
            used: false,
        });
        self.bindings.len() - 1
    }

    fn use_var(&mut self, name: &str, pos: Pos, env: &Env) {
        match env.get(name) {
            Some(VarState::Bound(ids)) => {
                for &i in ids {
                    self.bindings[i].used = true;
                }
            }
            Some(VarState::Unsafe(ids, what, at)) => {
                for &i in ids {
                    self.bindings[i].used = true;
                }
                self.sink.error(
                    pos,
                    format!(
                        "variable '{}' unsafe in '{}' (line {}, column {})",
                        name, what, at.line, at.col
                    ),
                );
            }
            None => {
                self.sink
                    .error(pos, format!("variable '{name}' is unbound"));
            }
        }
    }

    /// A clause: head patterns (shadowing in funs), guard, body.
    fn clause(&mut self, c: &ast::Clause, env: &mut Env, shadow: Option<&'static str>) {
        let mut new = BTreeMap::new();
        for p in &c.patterns {
            self.pattern(p, env, &mut new, shadow);
        }
        for (n, ids) in new {
            env.insert(n, VarState::Bound(ids));
        }
        self.guards(&c.guards, env);
        self.body(&c.body, env);
    }

    fn body(&mut self, es: &[Expr], env: &mut Env) {
        for (i, e) in es.iter().enumerate() {
            if i + 1 < es.len() {
                self.ignored_value(e);
            }
            self.expr(e, env);
        }
    }

    /// sys_core_fold's warnings for a value computed and dropped.
    fn ignored_value(&mut self, e: &Expr) {
        match e {
            Expr::Tuple(..) | Expr::Record(..) => {
                self.late
                    .push((e.pos(), "a term is constructed, but never used".into()));
            }
            Expr::Cons(..) | Expr::Map(..) | Expr::Bin(..) if !is_literal(e) => {
                self.late
                    .push((e.pos(), "a term is constructed, but never used".into()));
            }
            Expr::BinOp(p, op, _, _)
                if !matches!(op, BinOp::Send | BinOp::AndAlso | BinOp::OrElse) =>
            {
                self.late.push((
                    *p,
                    format!(
                        "the result of evaluating operator '{}'/2 is ignored (suppress the warning by assigning the expression to the _ variable)",
                        op.as_str()
                    ),
                ));
            }
            _ => {}
        }
    }

    fn pattern(
        &mut self,
        p: &Pattern,
        env: &Env,
        new: &mut BTreeMap<String, Vec<usize>>,
        shadow: Option<&'static str>,
    ) {
        match p {
            Pattern::Var(_, n) if n == "_" => {}
            Pattern::Var(pos, n) => {
                if let Some(ids) = new.get(n) {
                    for &i in ids.clone().iter() {
                        self.bindings[i].used = true;
                    }
                    return;
                }
                match (env.get(n), shadow) {
                    (Some(_), Some(what)) => {
                        let word = if what == "fun" { "'fun'" } else { what };
                        self.sink
                            .warning(*pos, format!("variable '{n}' shadowed in {word}"));
                        let id = self.bind(n, *pos);
                        new.insert(n.clone(), vec![id]);
                    }
                    (Some(VarState::Unsafe(..)), None) => {
                        // Reported once; from here on the variable counts as bound.
                        self.use_var(n, *pos, env);
                        let id = self.bind(n, *pos);
                        self.bindings[id].used = true;
                        new.insert(n.clone(), vec![id]);
                    }
                    (Some(_), None) => self.use_var(n, *pos, env),
                    (None, _) => {
                        let id = self.bind(n, *pos);
                        new.insert(n.clone(), vec![id]);
                    }
                }
            }
            Pattern::Cons(_, a, b) => {
                self.pattern(a, env, new, shadow);
                self.pattern(b, env, new, shadow);
            }
            Pattern::Match(_, a, b) => {
                self.pattern(a, env, new, shadow);
                self.pattern(b, env, new, shadow);
            }
            Pattern::Tuple(_, ps) => {
                for x in ps {
                    self.pattern(x, env, new, shadow);
                }
            }
            Pattern::Bin(_, segs) => {
                // A size may use variables bound before the pattern or by earlier
                // segments of the same binary, not by other parts of the pattern.
                let mut local: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                for s in segs {
                    if let Some(sz) = &s.size {
                        let mut e2 = env.clone();
                        for (n, ids) in local.iter() {
                            e2.insert(n.clone(), VarState::Bound(ids.clone()));
                        }
                        self.gexpr(sz, &e2);
                        // A variable of the same pattern used as a size is reported
                        // unbound, but not also unused.
                        let mut names = std::collections::BTreeSet::new();
                        crate::vars::expr_vars(sz, &mut names);
                        for n in names {
                            if let Some(ids) = new.get(&n) {
                                for &i in ids {
                                    self.bindings[i].used = true;
                                }
                            }
                        }
                    }
                    let before: HashSet<String> = new.keys().cloned().collect();
                    self.pattern(&s.value, env, new, shadow);
                    for (n, ids) in new.iter() {
                        if !before.contains(n) {
                            local.insert(n.clone(), ids.clone());
                        }
                    }
                }
            }
            Pattern::Map(_, fields) => {
                for f in fields {
                    self.gexpr(&f.key, env);
                    self.pattern(&f.value, env, new, shadow);
                }
            }
            Pattern::Record(pos, name, fields) => {
                if self.record(name, *pos) {
                    for f in fields {
                        self.field(name, &f.name);
                    }
                }
                for f in fields {
                    self.pattern(&f.value, env, new, shadow);
                }
            }
            Pattern::RecordIndex(pos, name, fpos, field) => {
                let known = self.record(name, *pos);
                if known {
                    self.field(name, &ast::RecordFieldName::Field(*fpos, field.clone()));
                }
            }
            Pattern::BinOp(_, _, a, b) => {
                self.pattern(a, env, new, shadow);
                self.pattern(b, env, new, shadow);
            }
            Pattern::UnOp(_, _, a) => self.pattern(a, env, new, shadow),
            _ => {}
        }
    }

    /// Whether record `name` exists (reporting it if not).
    fn record(&mut self, name: &str, pos: Pos) -> bool {
        let defined_before = self.ctx.record_pos.get(name).is_some_and(|p| *p < pos);
        if self.ctx.records.contains_key(name) && defined_before {
            self.records_used.insert(name.to_string());
            true
        } else {
            self.sink.error(pos, format!("record {name} undefined"));
            false
        }
    }

    fn field(&mut self, rec: &str, f: &ast::RecordFieldName) {
        if let ast::RecordFieldName::Field(pos, n) = f {
            let known = self
                .ctx
                .records
                .get(rec)
                .is_some_and(|fs| fs.iter().any(|d| d.name == *n));
            if !known {
                self.sink
                    .error(*pos, format!("field {n} undefined in record {rec}"));
            }
        }
    }

    fn record_fields<V>(&mut self, name: &str, fields: &[ast::RecordField<V>]) {
        let mut seen = HashSet::new();
        for f in fields {
            self.field(name, &f.name);
            if let ast::RecordFieldName::Field(pos, n) = &f.name {
                if !seen.insert(n.clone()) {
                    self.sink
                        .error(*pos, format!("field {n} already defined in record {name}"));
                }
            }
        }
    }

    fn guards(&mut self, gs: &ast::Guards, env: &Env) {
        for alt in gs {
            for g in alt {
                self.gexpr(g, env);
            }
        }
    }

    /// A guard expression: only guard BIFs, operators and constructors.
    fn gexpr(&mut self, e: &Expr, env: &Env) {
        match e {
            Expr::Var(p, n) => self.use_var(n, *p, env),
            Expr::Atom(..)
            | Expr::Integer(..)
            | Expr::Float(..)
            | Expr::Char(..)
            | Expr::String(..)
            | Expr::Nil(_) => {}
            Expr::Cons(_, a, b) => {
                self.gexpr(a, env);
                self.gexpr(b, env);
            }
            Expr::Tuple(_, es) => es.iter().for_each(|x| self.gexpr(x, env)),
            Expr::Bin(_, segs) => {
                for s in segs {
                    self.gexpr(&s.value, env);
                    if let Some(sz) = &s.size {
                        self.gexpr(sz, env);
                    }
                }
            }
            Expr::Map(_, fields) => fields.iter().for_each(|f| {
                self.gexpr(&f.key, env);
                self.gexpr(&f.value, env);
            }),
            Expr::MapUpdate(_, b, fields) => {
                self.gexpr(b, env);
                fields.iter().for_each(|f| {
                    self.gexpr(&f.key, env);
                    self.gexpr(&f.value, env);
                })
            }
            Expr::Record(p, name, fields) => {
                if self.record(name, *p) {
                    self.record_fields(name, fields);
                }
                fields.iter().for_each(|f| self.gexpr(&f.value, env));
            }
            Expr::RecordAccess(p, b, name, fp, field) => {
                self.gexpr(b, env);
                if self.record(name, *p) {
                    self.field(name, &ast::RecordFieldName::Field(*fp, field.clone()));
                }
            }
            Expr::RecordIndex(p, name, fp, field) => {
                if self.record(name, *p) {
                    self.field(name, &ast::RecordFieldName::Field(*fp, field.clone()));
                }
            }
            Expr::Call(p, f, args) => {
                let n = args.len();
                let ok = match &**f {
                    Expr::Atom(_, name) => {
                        if bifs::is_guard_bif(name, n) && !self.overridden(name, n as u32) {
                            true
                        } else if self.ctx.functions.contains(&(name.clone(), n as u32))
                            || self.ctx.imports.contains_key(&(name.clone(), n as u32))
                        {
                            self.sink.error(
                                *p,
                                format!(
                                    "call to local/imported function {name}/{n} is illegal in guard"
                                ),
                            );
                            args.iter().for_each(|a| self.gexpr(a, env));
                            return;
                        } else {
                            self.sink.error(*p, "illegal guard expression".into());
                            args.iter().for_each(|a| self.gexpr(a, env));
                            return;
                        }
                    }
                    Expr::Remote(_, m, fname) => matches!(
                        (&**m, &**fname),
                        (Expr::Atom(_, m), Expr::Atom(_, fname))
                            if m == "erlang" && bifs::is_guard_bif(fname, n)
                    ),
                    _ => false,
                };
                if !ok {
                    self.sink.error(*p, "illegal guard expression".into());
                    return;
                }
                args.iter().for_each(|a| self.gexpr(a, env));
            }
            Expr::BinOp(p, op, a, b) => {
                if matches!(op, BinOp::Send | BinOp::Append | BinOp::Subtract) {
                    self.sink.error(*p, "illegal guard expression".into());
                }
                self.gexpr(a, env);
                self.gexpr(b, env);
            }
            Expr::UnOp(_, _, a) => self.gexpr(a, env),
            Expr::Block(_, es) if es.len() == 1 => self.gexpr(&es[0], env),
            other => self
                .sink
                .error(other.pos(), "illegal guard expression".into()),
        }
    }

    fn overridden(&self, name: &str, arity: u32) -> bool {
        let key = (name.to_string(), arity);
        (self.ctx.no_auto_import_all || self.ctx.no_auto_import.contains(&key))
            && self.ctx.functions.contains(&key)
    }

    /// Branches evaluated from `env`: variables bound in all of them are bound after,
    /// those bound in some are unsafe.
    fn merge(&mut self, env: &mut Env, branches: Vec<Env>, what: &'static str, pos: Pos) {
        let mut all: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
        let n = branches.len();
        for b in &branches {
            for (name, st) in b {
                if env.contains_key(name) {
                    continue;
                }
                let ids = match st {
                    VarState::Bound(ids) | VarState::Unsafe(ids, _, _) => ids.clone(),
                };
                let e = all.entry(name.clone()).or_insert((0, vec![]));
                e.0 += 1;
                e.1.extend(ids);
            }
        }
        for (name, (count, ids)) in all {
            let unsafe_inside = branches
                .iter()
                .any(|b| matches!(b.get(&name), Some(VarState::Unsafe(..))));
            if count == n && !unsafe_inside {
                env.insert(name, VarState::Bound(ids));
            } else {
                env.insert(name, VarState::Unsafe(ids, what, pos));
            }
        }
    }

    fn expr(&mut self, e: &Expr, env: &mut Env) {
        match e {
            Expr::Var(p, n) => self.use_var(n, *p, env),
            Expr::Atom(..)
            | Expr::Integer(..)
            | Expr::Float(..)
            | Expr::Char(..)
            | Expr::String(..)
            | Expr::Nil(_) => {}
            Expr::Cons(_, a, b) => {
                self.expr(a, env);
                self.expr(b, env);
            }
            Expr::Tuple(_, es) | Expr::Block(_, es) => es.iter().for_each(|x| self.expr(x, env)),
            Expr::Bin(_, segs) => {
                for s in segs {
                    self.expr(&s.value, env);
                    if let Some(sz) = &s.size {
                        self.expr(sz, env);
                    }
                }
            }
            Expr::Map(_, fields) => {
                for f in fields {
                    self.expr(&f.key, env);
                    self.expr(&f.value, env);
                }
            }
            Expr::MapUpdate(_, b, fields) => {
                self.expr(b, env);
                for f in fields {
                    self.expr(&f.key, env);
                    self.expr(&f.value, env);
                }
            }
            Expr::Record(p, name, fields) => {
                if self.record(name, *p) {
                    self.record_fields(name, fields);
                }
                for f in fields {
                    self.expr(&f.value, env);
                }
            }
            Expr::RecordUpdate(p, b, name, fields) => {
                self.expr(b, env);
                if self.record(name, *p) {
                    self.record_fields(name, fields);
                }
                for f in fields {
                    self.expr(&f.value, env);
                }
            }
            Expr::RecordIndex(p, name, fp, field) => {
                if self.record(name, *p) {
                    self.field(name, &ast::RecordFieldName::Field(*fp, field.clone()));
                }
            }
            Expr::RecordAccess(p, b, name, fp, field) => {
                self.expr(b, env);
                if self.record(name, *p) {
                    self.field(name, &ast::RecordFieldName::Field(*fp, field.clone()));
                }
            }
            Expr::Call(p, f, args) => {
                match &**f {
                    Expr::Atom(_, name) => self.local_call(name, args, *p, env),
                    Expr::Remote(_, m, fname) => {
                        self.expr(m, env);
                        self.expr(fname, env);
                    }
                    other => self.expr(other, env),
                }
                for a in args {
                    self.expr(a, env);
                }
            }
            Expr::Remote(_, m, f) => {
                self.expr(m, env);
                self.expr(f, env);
            }
            Expr::FunRef(p, name, arity) => {
                let key = (name.clone(), *arity);
                if self.ctx.functions.contains(&key) {
                    self.calls.insert(key);
                } else if !self.ctx.imports.contains_key(&key)
                    && !bifs::is_auto_imported(name, *arity as usize)
                {
                    self.sink
                        .error(*p, format!("function {name}/{arity} undefined"));
                }
            }
            Expr::RemoteFunRef(_, m, f, a) => {
                self.expr(m, env);
                self.expr(f, env);
                self.expr(a, env);
            }
            Expr::Fun(_, clauses) => {
                for c in clauses {
                    let mut e2 = env.clone();
                    self.clause(c, &mut e2, Some("fun"));
                }
            }
            Expr::NamedFun(p, name, clauses) => {
                for c in clauses {
                    let mut e2 = env.clone();
                    let id = self.bind(name, *p);
                    self.bindings[id].used = true;
                    e2.insert(name.clone(), VarState::Bound(vec![id]));
                    self.clause(c, &mut e2, Some("fun"));
                }
            }
            Expr::Match(mp, pat, rhs) | Expr::MaybeMatch(mp, pat, rhs) => {
                if let (Some(a), Some(b)) = (lit_pattern(pat), lit_expr(rhs)) {
                    if a != b {
                        self.late.push((*mp, "no clause will ever match".into()));
                    }
                }
                self.expr(rhs, env);
                let mut new = BTreeMap::new();
                self.pattern(pat, env, &mut new, None);
                for (n, ids) in new {
                    env.insert(n, VarState::Bound(ids));
                }
            }
            Expr::BinOp(bp, op, a, b) => {
                if let (Some(x), Some(y)) = (is_number_lit(a), is_number_lit(b)) {
                    let arith = matches!(
                        op,
                        BinOp::Add
                            | BinOp::Sub
                            | BinOp::Mul
                            | BinOp::FDiv
                            | BinOp::Div
                            | BinOp::Rem
                    );
                    let int_only = matches!(op, BinOp::Div | BinOp::Rem);
                    let zero = matches!(&**b, Expr::Integer(_, ast::Int::Small(0)));
                    let bad = !x
                        || !y
                        || (int_only || *op == BinOp::FDiv) && zero
                        || int_only
                            && (matches!(&**a, Expr::Float(..)) || matches!(&**b, Expr::Float(..)));
                    if arith && bad {
                        self.late.push((
                            *bp,
                            format!(
                                "evaluation of operator '{}'/2 will fail with a 'badarith' exception",
                                op.as_str()
                            ),
                        ));
                    }
                }
                self.expr(a, env);
                if matches!(op, BinOp::AndAlso | BinOp::OrElse) {
                    let mut e2 = env.clone();
                    self.expr(b, &mut e2);
                    self.merge(env, vec![e2, env.clone()], "andalso", e.pos());
                } else {
                    self.expr(b, env);
                }
            }
            Expr::UnOp(_, _, a) => self.expr(a, env),
            Expr::Catch(p, b) => {
                let mut e2 = env.clone();
                self.expr(b, &mut e2);
                self.merge(env, vec![e2, env.clone()], "catch", *p);
            }
            Expr::If(p, clauses) => {
                let branches = clauses
                    .iter()
                    .map(|c| {
                        let mut e2 = env.clone();
                        self.clause(c, &mut e2, None);
                        e2
                    })
                    .collect();
                self.merge(env, branches, "if", *p);
            }
            Expr::Case(p, arg, clauses) => {
                self.expr(arg, env);
                self.cannot_match(clauses, env);
                if let Some(v) = lit_expr(arg) {
                    let none = clauses.iter().all(|c| {
                        c.patterns.len() == 1 && lit_pattern(&c.patterns[0]).is_some_and(|p| p != v)
                    });
                    if none {
                        self.late.push((*p, "no clause will ever match".into()));
                    }
                }
                let branches = clauses
                    .iter()
                    .map(|c| {
                        let mut e2 = env.clone();
                        self.clause(c, &mut e2, None);
                        e2
                    })
                    .collect();
                self.merge(env, branches, "case", *p);
            }
            Expr::Receive(p, clauses, after) => {
                let mut branches: Vec<Env> = clauses
                    .iter()
                    .map(|c| {
                        let mut e2 = env.clone();
                        self.clause(c, &mut e2, None);
                        e2
                    })
                    .collect();
                if let Some(a) = after {
                    self.expr(&a.timeout, env);
                    let mut e2 = env.clone();
                    self.body(&a.body, &mut e2);
                    branches.push(e2);
                }
                self.merge(env, branches, "receive", *p);
            }
            Expr::Try(p, t) => {
                let mut eb = env.clone();
                self.body(&t.body, &mut eb);
                let mut branches = vec![];
                for c in &t.of_clauses {
                    let mut e2 = eb.clone();
                    self.clause(c, &mut e2, None);
                    branches.push(e2);
                }
                // The body's variables are unsafe in the handlers.
                let mut eh = env.clone();
                self.merge(&mut eh, vec![eb.clone(), env.clone()], "try", *p);
                for c in &t.catch_clauses {
                    let mut e2 = eh.clone();
                    let mut new = BTreeMap::new();
                    if let Some(cp) = &c.class {
                        self.pattern(cp, &e2, &mut new, None);
                    }
                    self.pattern(&c.reason, &e2, &mut new, None);
                    if let Some(sp) = &c.stack {
                        self.pattern(sp, &e2, &mut new, None);
                    }
                    for (n, ids) in new {
                        e2.insert(n, VarState::Bound(ids));
                    }
                    self.guards(&c.guards, &e2);
                    self.body(&c.body, &mut e2);
                    branches.push(e2);
                }
                let mut ea = eh.clone();
                self.body(&t.after, &mut ea);
                branches.push(eb);
                branches.push(ea);
                branches.push(env.clone());
                self.merge(env, branches, "try", *p);
            }
            Expr::Maybe(p, body, else_) => {
                let mut eb = env.clone();
                self.body(body, &mut eb);
                let mut branches = vec![eb, env.clone()];
                if let Some((_, cs)) = else_ {
                    for c in cs {
                        let mut e2 = env.clone();
                        self.clause(c, &mut e2, None);
                        branches.push(e2);
                    }
                }
                self.merge(env, branches, "maybe", *p);
            }
            Expr::ListComp(_, el, quals) | Expr::BinComp(_, el, quals) => {
                let mut e2 = env.clone();
                for q in quals {
                    match q {
                        ast::Qualifier::Generator(_, pat, src)
                        | ast::Qualifier::BitGenerator(_, pat, src) => {
                            let mut e3 = e2.clone();
                            self.expr(src, &mut e3);
                            let mut new = BTreeMap::new();
                            self.pattern(pat, &e2, &mut new, Some("generate"));
                            for (n, ids) in new {
                                e2.insert(n, VarState::Bound(ids));
                            }
                        }
                        ast::Qualifier::Filter(f) => self.expr(f, &mut e2),
                    }
                }
                self.expr(el, &mut e2);
            }
        }
    }

    fn cannot_match(&mut self, clauses: &[ast::Clause], env: &Env) {
        let mut always: Option<u32> = None;
        for c in clauses {
            if let Some(line) = always {
                self.late.push((
                    c.pos,
                    format!(
                        "this clause cannot match because a previous clause at line {line} always matches"
                    ),
                ));
            }
            if always.is_none() && always_matches(c, env) {
                always = Some(c.pos.line);
            }
        }
    }

    fn local_call(&mut self, name: &str, args: &[Expr], pos: Pos, _env: &Env) {
        let n = args.len() as u32;
        let key = (name.to_string(), n);
        let auto = bifs::is_auto_imported(name, n as usize);
        let suppressed = self.ctx.no_auto_import_all || self.ctx.no_auto_import.contains(&key);
        if (name == "module_info" && n <= 1) || (name == "record_info" && n == 2) {
            return;
        }
        if self.ctx.functions.contains(&key) {
            if auto && !suppressed && !bifs::is_old_bif(name, n as usize) {
                self.sink.warning(
                    pos,
                    format!(
                        "ambiguous call of overridden auto-imported BIF {name}/{n}\n - use erlang:{name}/{n} or \"-compile({{no_auto_import,[{name}/{n}]}}).\" to resolve name clash"
                    ),
                );
            } else if auto && !suppressed && bifs::is_old_bif(name, n as usize) {
                self.sink.error(
                    pos,
                    format!(
                        "ambiguous call of overridden pre R14 auto-imported BIF {name}/{n}\n - use erlang:{name}/{n} or \"-compile({{no_auto_import,[{name}/{n}]}}).\" to resolve name clash"
                    ),
                );
            }
            self.calls.insert(key);
        } else if self.ctx.imports.contains_key(&key) || auto {
        } else {
            self.sink
                .error(pos, format!("function {name}/{n} undefined"));
        }
    }
}
