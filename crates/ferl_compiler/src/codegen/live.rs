//! Variable sets, free variables and the frame analysis: which variables must live in
//! the stack frame (y registers) because they are still needed after something that
//! destroys the x registers (a call, a receive, the landing of an exception).

use std::collections::HashMap;

use crate::core::*;

/// A set of variables of one function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VarSet(Vec<u64>);

impl VarSet {
    pub fn new() -> VarSet {
        VarSet(Vec::new())
    }
    pub fn insert(&mut self, v: Var) {
        let (w, b) = ((v / 64) as usize, v % 64);
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << b;
    }
    pub fn remove(&mut self, v: Var) {
        let (w, b) = ((v / 64) as usize, v % 64);
        if w < self.0.len() {
            self.0[w] &= !(1 << b);
        }
    }
    pub fn contains(&self, v: Var) -> bool {
        let (w, b) = ((v / 64) as usize, v % 64);
        w < self.0.len() && self.0[w] & (1 << b) != 0
    }
    pub fn union(&mut self, o: &VarSet) {
        if self.0.len() < o.0.len() {
            self.0.resize(o.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= b;
        }
    }
    pub fn with(mut self, o: &VarSet) -> VarSet {
        self.union(o);
        self
    }
    pub fn iter(&self) -> impl Iterator<Item = Var> + '_ {
        self.0.iter().enumerate().flat_map(|(w, bits)| {
            (0..64u32).filter_map(move |b| {
                if bits & (1u64 << b) != 0 {
                    Some(w as u32 * 64 + b)
                } else {
                    None
                }
            })
        })
    }
}

/// Memoised free variables of expressions (keyed by node address; the tree is not
/// modified while code is generated).
#[derive(Default)]
pub struct FreeVars {
    memo: HashMap<usize, VarSet>,
}

impl FreeVars {
    pub fn of(&mut self, e: &Expr) -> VarSet {
        let key = e as *const Expr as usize;
        if let Some(s) = self.memo.get(&key) {
            return s.clone();
        }
        let mut s = VarSet::new();
        self.collect(e, &mut s);
        self.memo.insert(key, s.clone());
        s
    }

    fn collect(&mut self, e: &Expr, s: &mut VarSet) {
        match e {
            Expr::Var(v) => s.insert(*v),
            Expr::Lit(_) => {}
            Expr::Cons(a, b) => {
                self.collect(a, s);
                self.collect(b, s);
            }
            Expr::Tuple(es) | Expr::Values(es) => {
                for x in es {
                    self.collect(x, s);
                }
            }
            Expr::Bin(segs, _) => {
                for seg in segs {
                    self.collect(&seg.value, s);
                    if let Some(sz) = &seg.size {
                        self.collect(sz, s);
                    }
                }
            }
            Expr::Map(base, pairs, _) => {
                if let Some(b) = base {
                    self.collect(b, s);
                }
                for (_, k, v) in pairs {
                    self.collect(k, s);
                    self.collect(v, s);
                }
            }
            Expr::Let(vs, a, b) => {
                self.collect(a, s);
                let mut inner = self.of(b);
                for v in vs {
                    inner.remove(*v);
                }
                s.union(&inner);
            }
            Expr::Seq(a, b) => {
                self.collect(a, s);
                let inner = self.of(b);
                s.union(&inner);
            }
            Expr::Case(c) => {
                for a in &c.args {
                    self.collect(a, s);
                }
                for cl in &c.clauses {
                    self.clause(cl, s);
                }
                if let Fail::Reraise(a, b, c) = c.fail {
                    s.insert(a);
                    s.insert(b);
                    s.insert(c);
                }
            }
            Expr::Call(callee, args, _) => {
                match callee {
                    Callee::Local(..) => {}
                    Callee::Remote(m, f) => {
                        self.collect(m, s);
                        self.collect(f, s);
                    }
                    Callee::Fun(f) => self.collect(f, s),
                }
                for a in args {
                    self.collect(a, s);
                }
            }
            Expr::Receive(r) => {
                for cl in &r.clauses {
                    self.clause(cl, s);
                }
                if let Some((t, b)) = &r.after {
                    self.collect(t, s);
                    self.collect(b, s);
                }
            }
            Expr::Try(t) => {
                self.collect(&t.body, s);
                let mut ok = self.of(&t.ok);
                ok.remove(t.var);
                s.union(&ok);
                let mut h = self.of(&t.handler);
                h.remove(t.class);
                h.remove(t.reason);
                h.remove(t.trace);
                s.union(&h);
            }
            Expr::Catch(b, _) => self.collect(b, s),
            Expr::MakeFun { free, .. } => {
                for v in free {
                    s.insert(*v);
                }
            }
            Expr::Error(r, _) => self.collect(r, s),
            Expr::Reraise(a, b, c) => {
                s.insert(*a);
                s.insert(*b);
                s.insert(*c);
            }
            Expr::BuildStacktrace(v) => s.insert(*v),
        }
    }

    fn clause(&mut self, cl: &Clause, s: &mut VarSet) {
        let mut inner = self.of(&cl.body);
        for alt in &cl.guard {
            for g in alt {
                self.collect(g, &mut inner);
            }
        }
        let mut bound = VarSet::new();
        for p in &cl.pats {
            pat_vars(p, &mut bound);
            self.pat_uses(p, &mut inner);
        }
        for v in bound.iter() {
            inner.remove(v);
        }
        // Pattern uses (map keys, binary sizes) may name variables bound earlier in the
        // same pattern; those were removed with `bound` only if they are bound here.
        s.union(&inner);
    }

    /// Variables a pattern reads: map keys and binary segment sizes.
    fn pat_uses(&mut self, p: &Pat, s: &mut VarSet) {
        match p {
            Pat::Cons(a, b) => {
                self.pat_uses(a, s);
                self.pat_uses(b, s);
            }
            Pat::Tuple(ps) => ps.iter().for_each(|p| self.pat_uses(p, s)),
            Pat::Map(pairs) => {
                for (k, v) in pairs {
                    self.collect(k, s);
                    self.pat_uses(v, s);
                }
            }
            Pat::Bin(segs) => {
                for seg in segs {
                    if let Some(sz) = &seg.size {
                        self.collect(sz, s);
                    }
                }
            }
            Pat::Alias(_, p) => self.pat_uses(p, s),
            _ => {}
        }
    }
}

pub fn pat_vars(p: &Pat, s: &mut VarSet) {
    match p {
        Pat::Var(v) => s.insert(*v),
        Pat::Cons(a, b) => {
            pat_vars(a, s);
            pat_vars(b, s);
        }
        Pat::Tuple(ps) => ps.iter().for_each(|p| pat_vars(p, s)),
        Pat::Map(pairs) => pairs.iter().for_each(|(_, p)| pat_vars(p, s)),
        Pat::Bin(segs) => segs.iter().for_each(|seg| pat_vars(&seg.value, s)),
        Pat::Alias(v, p) => {
            s.insert(*v);
            pat_vars(p, s);
        }
        Pat::Wild | Pat::Lit(_) => {}
    }
}

/// The result of the frame analysis of one function.
pub struct Frame {
    /// Variables that must be kept in a y register.
    pub yvars: VarSet,
    /// How many try/catch tags the function needs.
    pub tags: u32,
}

/// Walks `e` (evaluated with `live_after` needed afterwards; `tail` if its value is
/// returned) and records in `f` every variable live across a point that destroys the
/// x registers.
pub fn analyse(fv: &mut FreeVars, e: &Expr, live_after: &VarSet, tail: bool, f: &mut Frame) {
    match e {
        Expr::Var(_) | Expr::Lit(_) | Expr::Cons(..) | Expr::Tuple(_) | Expr::Values(_) => {}
        Expr::Bin(..) | Expr::Map(..) | Expr::MakeFun { .. } => {}
        Expr::Error(..) | Expr::Reraise(..) => {}
        Expr::BuildStacktrace(_) => f.yvars.union(live_after),
        Expr::Let(vs, a, b) => {
            analyse(fv, b, live_after, tail, f);
            let mut la = fv.of(b).with(live_after);
            for v in vs {
                la.remove(*v);
            }
            analyse(fv, a, &la, false, f);
        }
        Expr::Seq(a, b) => {
            analyse(fv, b, live_after, tail, f);
            let la = fv.of(b).with(live_after);
            analyse(fv, a, &la, false, f);
        }
        Expr::Case(c) => {
            for cl in &c.clauses {
                analyse(fv, &cl.body, live_after, tail, f);
            }
        }
        Expr::Call(callee, args, _) => {
            if is_inline_call(callee, args.len()) {
                return;
            }
            if !tail || matches!(callee, Callee::Fun(_)) {
                f.yvars.union(live_after);
            }
        }
        Expr::Receive(r) => {
            // Everything needed once the receive starts waiting must survive it.
            let mut before = fv.of(e);
            before.union(live_after);
            f.yvars.union(&before);
            for cl in &r.clauses {
                analyse(fv, &cl.body, live_after, tail, f);
            }
            if let Some((_, b)) = &r.after {
                analyse(fv, b, live_after, tail, f);
            }
        }
        Expr::Try(t) => {
            f.tags += 1;
            analyse(fv, &t.ok, live_after, tail, f);
            analyse(fv, &t.handler, live_after, tail, f);
            // Landing in the handler destroys the x registers.
            let mut h = fv.of(&t.handler);
            h.remove(t.class);
            h.remove(t.reason);
            h.remove(t.trace);
            h.union(live_after);
            f.yvars.union(&h);
            let mut ok = fv.of(&t.ok);
            ok.remove(t.var);
            let la = ok.with(&h);
            f.yvars.union(&la);
            analyse(fv, &t.body, &la, false, f);
        }
        Expr::Catch(b, _) => {
            f.tags += 1;
            f.yvars.union(live_after);
            analyse(fv, b, live_after, false, f);
        }
    }
}

/// Whether evaluating `e` needs a stack frame (it calls something and then continues, or
/// holds a try/catch or receive state).
pub fn needs_frame(e: &Expr, tail: bool) -> bool {
    match e {
        Expr::Var(_) | Expr::Lit(_) | Expr::Cons(..) | Expr::Tuple(_) | Expr::Values(_) => false,
        Expr::Bin(..) | Expr::Map(..) | Expr::MakeFun { .. } => false,
        Expr::Error(..) | Expr::Reraise(..) => false,
        Expr::BuildStacktrace(_) => !tail,
        Expr::Let(_, a, b) | Expr::Seq(a, b) => needs_frame(a, false) || needs_frame(b, tail),
        Expr::Case(c) => c.clauses.iter().any(|cl| needs_frame(&cl.body, tail)),
        Expr::Call(callee, args, _) => {
            if is_inline_call(callee, args.len()) {
                false
            } else {
                !tail || matches!(callee, Callee::Fun(_)) || is_apply(callee)
            }
        }
        Expr::Receive(_) | Expr::Try(_) | Expr::Catch(..) => true,
    }
}

/// A call through `apply` (the module or the function is not a literal atom).
pub fn is_apply(callee: &Callee) -> bool {
    match callee {
        Callee::Remote(m, f) => {
            !(matches!(**m, Expr::Lit(ferl_etf::Term::Atom(_)))
                && matches!(**f, Expr::Lit(ferl_etf::Term::Atom(_))))
        }
        _ => false,
    }
}

/// `erlang:F(...)` run as an instruction rather than a call.
pub fn is_inline_call(callee: &Callee, arity: usize) -> bool {
    match callee {
        Callee::Remote(m, f) => match (&**m, &**f) {
            (Expr::Lit(ferl_etf::Term::Atom(m)), Expr::Lit(ferl_etf::Term::Atom(f))) => {
                m.as_str() == "erlang" && crate::bifs::is_inline_bif(f.as_str(), arity)
            }
            _ => false,
        },
        _ => false,
    }
}
