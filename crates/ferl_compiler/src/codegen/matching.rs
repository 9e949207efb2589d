//! Pattern matching compiled into a decision tree.
//!
//! The clauses form a matrix (one row per clause, one column per subject). The first
//! column splits the rows into runs: variables (bind and go on), constructors (one type
//! test, then a `select_val`/`select_tuple_arity` or a chain of tests, each branch matching
//! only the rows of its constructor), and binaries or maps (one row at a time). A failing
//! run falls through to the next. Every clause body is emitted once.

use ferl_beam::opcodes::op;
use ferl_etf::Term;

use super::{Cont, Gen};
use crate::asm::{i, Arg, Instr};
use crate::core::*;

#[derive(Clone)]
struct Row<'c> {
    pats: Vec<Pat>,
    binds: Vec<(Var, Arg)>,
    clause: &'c Clause,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Var,
    Con,
    Bin,
    Map,
}

fn kind(p: &Pat) -> Kind {
    match p {
        Pat::Var(_) | Pat::Wild => Kind::Var,
        Pat::Bin(_) => Kind::Bin,
        Pat::Map(_) => Kind::Map,
        _ => Kind::Con,
    }
}

/// Literal lists and tuples as structure, so they mix with other patterns.
fn structural(p: Pat) -> Pat {
    match p {
        Pat::Lit(Term::Tuple(items)) => Pat::Tuple(items.into_iter().map(Pat::Lit).collect()),
        Pat::Lit(Term::List(items, tail)) => {
            let mut acc = Pat::Lit(*tail);
            for t in items.into_iter().rev() {
                acc = Pat::Cons(Box::new(Pat::Lit(t)), Box::new(acc));
            }
            acc
        }
        Pat::Lit(Term::Map(pairs)) if pairs.is_empty() => Pat::Map(vec![]),
        other => other,
    }
}

#[derive(Clone, PartialEq)]
enum Con {
    Atomic(Term),
    Nil,
    Cons,
    Tuple(usize),
}

fn con_of(p: &Pat) -> Con {
    match p {
        Pat::Lit(Term::Nil) => Con::Nil,
        Pat::Lit(t) => Con::Atomic(t.clone()),
        Pat::Cons(..) => Con::Cons,
        Pat::Tuple(ps) => Con::Tuple(ps.len()),
        _ => Con::Nil,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum ConKind {
    Atomic,
    Nil,
    Cons,
    Tuple,
}

fn con_kind(c: &Con) -> ConKind {
    match c {
        Con::Atomic(_) => ConKind::Atomic,
        Con::Nil => ConKind::Nil,
        Con::Cons => ConKind::Cons,
        Con::Tuple(_) => ConKind::Tuple,
    }
}

impl<'m> Gen<'m> {
    /// Matches `subs` against the clauses; a body is entered with `enter` emitted first.
    pub(super) fn match_clauses(
        &mut self,
        subs: Vec<Arg>,
        clauses: &[Clause],
        fail: u32,
        k: &Cont,
        enter: Option<Instr>,
    ) {
        let rows = clauses
            .iter()
            .map(|c| Row {
                pats: c.pats.clone(),
                binds: vec![],
                clause: c,
            })
            .collect();
        self.mc(subs, rows, fail, k, &enter);
    }

    fn mc(
        &mut self,
        subs: Vec<Arg>,
        mut rows: Vec<Row>,
        fail: u32,
        k: &Cont,
        enter: &Option<Instr>,
    ) {
        if rows.is_empty() {
            self.emit(i::jump(fail));
            return;
        }
        if subs.is_empty() || rows[0].pats.is_empty() {
            self.leaf(rows, fail, k, enter);
            return;
        }
        for r in rows.iter_mut() {
            let mut p = std::mem::replace(&mut r.pats[0], Pat::Wild);
            while let Pat::Alias(v, inner) = p {
                r.binds.push((v, subs[0].clone()));
                p = *inner;
            }
            r.pats[0] = structural(p);
        }
        // Split into runs.
        let mut groups: Vec<Vec<Row>> = Vec::new();
        let mut last: Option<Kind> = None;
        for r in rows {
            let kd = kind(&r.pats[0]);
            let single = matches!(kd, Kind::Bin | Kind::Map);
            if !single && last == Some(kd) {
                groups.last_mut().expect("a group").push(r);
            } else {
                groups.push(vec![r]);
            }
            last = if single { None } else { Some(kd) };
        }
        let snap = self.snapshot();
        let n = groups.len();
        for (gi, g) in groups.into_iter().enumerate() {
            let f = if gi + 1 == n { fail } else { self.new_label() };
            self.restore(&snap);
            match kind(&g[0].pats[0]) {
                Kind::Var => {
                    let rows = g
                        .into_iter()
                        .map(|mut r| {
                            if let Pat::Var(v) = r.pats[0] {
                                r.binds.push((v, subs[0].clone()));
                            }
                            r.pats.remove(0);
                            r
                        })
                        .collect();
                    self.mc(subs[1..].to_vec(), rows, f, k, enter);
                }
                Kind::Con => self.con_group(&subs, g, f, k, enter),
                Kind::Bin => {
                    let r = g.into_iter().next().expect("one row");
                    self.bin_row(&subs, r, f, k, enter);
                }
                Kind::Map => {
                    let r = g.into_iter().next().expect("one row");
                    self.map_row(&subs, r, f, k, enter);
                }
            }
            if gi + 1 < n {
                self.restore(&snap);
                self.emit(i::label(f));
                self.join_validity();
            }
        }
        self.restore(&snap);
    }

    fn con_group(
        &mut self,
        subs: &[Arg],
        rows: Vec<Row>,
        fail: u32,
        k: &Cont,
        enter: &Option<Instr>,
    ) {
        let s = subs[0].clone();
        let mut kinds: Vec<ConKind> = Vec::new();
        for r in &rows {
            let ck = con_kind(&con_of(&r.pats[0]));
            if !kinds.contains(&ck) {
                kinds.push(ck);
            }
        }
        let snap = self.snapshot();
        let nk = kinds.len();
        for (ki, ck) in kinds.into_iter().enumerate() {
            let next = if ki + 1 == nk { fail } else { self.new_label() };
            self.restore(&snap);
            let krows: Vec<Row> = rows
                .iter()
                .filter(|r| con_kind(&con_of(&r.pats[0])) == ck)
                .cloned()
                .collect();
            match ck {
                ConKind::Nil => {
                    self.emit(i::test(op::IS_NIL, next, vec![s.clone()]));
                    let rows = krows.into_iter().map(|mut r| {
                        r.pats.remove(0);
                        r
                    });
                    self.mc(subs[1..].to_vec(), rows.collect(), fail, k, enter);
                }
                ConKind::Atomic => self.atomic(subs, krows, next, fail, k, enter),
                ConKind::Cons => {
                    self.emit(i::test(op::IS_NONEMPTY_LIST, next, vec![s.clone()]));
                    let need_h = krows.iter().any(|r| needed(&r.pats[0], 0));
                    let need_t = krows.iter().any(|r| needed(&r.pats[0], 1));
                    let x = self.in_xreg(&s);
                    let h = if need_h { Some(self.alloc_x()) } else { None };
                    let t = if need_t { Some(self.alloc_x()) } else { None };
                    match (h, t) {
                        (Some(h), Some(t)) => {
                            self.emit(Instr::new(op::GET_LIST, vec![x, Arg::X(h), Arg::X(t)]))
                        }
                        (Some(h), None) => self.emit(Instr::new(op::GET_HD, vec![x, Arg::X(h)])),
                        (None, Some(t)) => self.emit(Instr::new(op::GET_TL, vec![x, Arg::X(t)])),
                        (None, None) => {}
                    }
                    for r in [h, t].into_iter().flatten() {
                        self.xreg(r).valid = true;
                    }
                    let mut nsubs = vec![
                        h.map(Arg::X).unwrap_or(Arg::Nil),
                        t.map(Arg::X).unwrap_or(Arg::Nil),
                    ];
                    nsubs.extend_from_slice(&subs[1..]);
                    let rows = krows
                        .into_iter()
                        .map(|mut r| {
                            let p = r.pats.remove(0);
                            let (hp, tp) = match p {
                                Pat::Cons(h, t) => (*h, *t),
                                _ => (Pat::Wild, Pat::Wild),
                            };
                            r.pats.insert(0, tp);
                            r.pats.insert(0, hp);
                            r
                        })
                        .collect();
                    self.mc(nsubs, rows, fail, k, enter);
                }
                ConKind::Tuple => self.tuples(subs, krows, next, fail, k, enter),
            }
            if ki + 1 < nk {
                self.restore(&snap);
                self.emit(i::label(next));
                self.join_validity();
            }
        }
        self.restore(&snap);
    }

    fn atomic(
        &mut self,
        subs: &[Arg],
        rows: Vec<Row>,
        next: u32,
        fail: u32,
        k: &Cont,
        enter: &Option<Instr>,
    ) {
        let s = subs[0].clone();
        let mut values: Vec<Term> = Vec::new();
        for r in &rows {
            if let Pat::Lit(t) = &r.pats[0] {
                if !values.contains(t) {
                    values.push(t.clone());
                }
            }
        }
        let all_atoms = values.iter().all(|t| matches!(t, Term::Atom(_)));
        let all_ints = values.iter().all(|t| matches!(t, Term::Int(_)));
        let snap = self.snapshot();
        let rows_of = |v: &Term| -> Vec<Row> {
            rows.iter()
                .filter(|r| matches!(&r.pats[0], Pat::Lit(t) if t == v))
                .cloned()
                .map(|mut r| {
                    r.pats.remove(0);
                    r
                })
                .collect()
        };
        if values.len() >= 2 && (all_atoms || all_ints) {
            let labels: Vec<u32> = values.iter().map(|_| self.new_label()).collect();
            let mut pairs: Vec<(Term, u32)> =
                values.iter().cloned().zip(labels.iter().copied()).collect();
            sort_select(&mut pairs);
            let mut list = Vec::new();
            for (t, l) in &pairs {
                list.push(Arg::Lit(t.clone()));
                list.push(Arg::Label(*l));
            }
            let test = if all_atoms {
                op::IS_ATOM
            } else {
                op::IS_INTEGER
            };
            self.emit(i::test(test, next, vec![s.clone()]));
            self.emit(Instr::new(
                op::SELECT_VAL,
                vec![s.clone(), Arg::Label(next), Arg::List(list)],
            ));
            for (v, l) in values.iter().zip(labels) {
                self.restore(&snap);
                self.emit(i::label(l));
                self.join_validity();
                self.mc(subs[1..].to_vec(), rows_of(v), fail, k, enter);
            }
        } else {
            let n = values.len();
            for (vi, v) in values.iter().enumerate() {
                self.restore(&snap);
                let nv = if vi + 1 == n { next } else { self.new_label() };
                self.emit(i::test(
                    op::IS_EQ_EXACT,
                    nv,
                    vec![s.clone(), Arg::Lit(v.clone())],
                ));
                self.mc(subs[1..].to_vec(), rows_of(v), fail, k, enter);
                if vi + 1 < n {
                    self.restore(&snap);
                    self.emit(i::label(nv));
                    self.join_validity();
                }
            }
        }
        self.restore(&snap);
    }

    fn tuples(
        &mut self,
        subs: &[Arg],
        rows: Vec<Row>,
        next: u32,
        fail: u32,
        k: &Cont,
        enter: &Option<Instr>,
    ) {
        let s = subs[0].clone();
        let mut arities: Vec<usize> = Vec::new();
        for r in &rows {
            if let Pat::Tuple(ps) = &r.pats[0] {
                if !arities.contains(&ps.len()) {
                    arities.push(ps.len());
                }
            }
        }
        let snap = self.snapshot();
        let mut targets: Vec<(usize, Option<u32>)> = Vec::new();
        if arities.len() == 1 {
            let n = arities[0];
            // A record-like tag: one test for the arity and the first element.
            let tag = rows.iter().map(|r| match &r.pats[0] {
                Pat::Tuple(ps) => match ps.first() {
                    Some(Pat::Lit(t @ Term::Atom(_))) => Some(t.clone()),
                    _ => None,
                },
                _ => None,
            });
            let tags: Vec<Option<Term>> = tag.collect();
            let same_tag = n > 0 && tags[0].is_some() && tags.iter().all(|t| *t == tags[0]);
            if same_tag {
                let x = self.in_xreg(&s);
                let t = tags[0].clone().expect("a tag");
                self.emit(i::test(
                    op::IS_TAGGED_TUPLE,
                    next,
                    vec![x, i::u(n as u32), Arg::Lit(t)],
                ));
            } else {
                self.emit(i::test(op::IS_TUPLE, next, vec![s.clone()]));
                self.emit(i::test(
                    op::TEST_ARITY,
                    next,
                    vec![s.clone(), i::u(n as u32)],
                ));
            }
            targets.push((n, None));
        } else {
            self.emit(i::test(op::IS_TUPLE, next, vec![s.clone()]));
            let mut list = Vec::new();
            let mut sorted = arities.clone();
            sorted.sort();
            let mut labels = Vec::new();
            for a in &sorted {
                let l = self.new_label();
                labels.push((*a, l));
                list.push(i::u(*a as u32));
                list.push(Arg::Label(l));
            }
            self.emit(Instr::new(
                op::SELECT_TUPLE_ARITY,
                vec![s.clone(), Arg::Label(next), Arg::List(list)],
            ));
            for (a, l) in labels {
                targets.push((a, Some(l)));
            }
        }
        for (n, label) in targets {
            self.restore(&snap);
            if let Some(l) = label {
                self.emit(i::label(l));
                self.join_validity();
            }
            let arows: Vec<Row> = rows
                .iter()
                .filter(|r| matches!(&r.pats[0], Pat::Tuple(ps) if ps.len() == n))
                .cloned()
                .collect();
            let x = self.in_xreg(&s);
            let mut nsubs = Vec::new();
            for idx in 0..n {
                if arows.iter().any(|r| needed(&r.pats[0], idx)) {
                    let d = self.alloc_x();
                    self.emit(Instr::new(
                        op::GET_TUPLE_ELEMENT,
                        vec![x.clone(), i::u(idx as u32), Arg::X(d)],
                    ));
                    self.xreg(d).valid = true;
                    nsubs.push(Arg::X(d));
                } else {
                    nsubs.push(Arg::Nil);
                }
            }
            nsubs.extend_from_slice(&subs[1..]);
            let arows = arows
                .into_iter()
                .map(|mut r| {
                    let p = r.pats.remove(0);
                    if let Pat::Tuple(ps) = p {
                        for (j, q) in ps.into_iter().enumerate() {
                            r.pats.insert(j, q);
                        }
                    }
                    r
                })
                .collect();
            self.mc(nsubs, arows, fail, k, enter);
        }
        self.restore(&snap);
    }

    fn map_row(&mut self, subs: &[Arg], mut r: Row, fail: u32, k: &Cont, enter: &Option<Instr>) {
        let s = subs[0].clone();
        let pairs = match r.pats.remove(0) {
            Pat::Map(p) => p,
            _ => vec![],
        };
        self.emit(i::test(op::IS_MAP, fail, vec![s.clone()]));
        let mut nsubs = Vec::new();
        let mut pats = Vec::new();
        if !pairs.is_empty() {
            let mut list = Vec::new();
            for (key, p) in pairs {
                let kop = self.operand(&key);
                let d = self.alloc_x();
                list.push(kop);
                list.push(Arg::X(d));
                nsubs.push(Arg::X(d));
                pats.push(p);
            }
            self.emit(Instr::new(
                op::GET_MAP_ELEMENTS,
                vec![Arg::Label(fail), s, Arg::List(list)],
            ));
            for d in &nsubs {
                if let Arg::X(d) = d {
                    self.xreg(*d).valid = true;
                }
            }
        }
        nsubs.extend_from_slice(&subs[1..]);
        pats.extend(r.pats);
        r.pats = pats;
        self.mc(nsubs, vec![r], fail, k, enter);
    }

    fn bin_row(&mut self, subs: &[Arg], mut r: Row, fail: u32, k: &Cont, enter: &Option<Instr>) {
        let segs = match r.pats.remove(0) {
            Pat::Bin(s) => s,
            _ => vec![],
        };
        let binds = self.bin_row_impl(subs, segs, fail);
        r.binds.extend(binds);
        self.mc(subs[1..].to_vec(), vec![r], fail, k, enter);
    }

    /// All columns consumed: try each row's guard in order and enter its body.
    fn leaf(&mut self, rows: Vec<Row>, fail: u32, k: &Cont, enter: &Option<Instr>) {
        let snap = self.snapshot();
        let n = rows.len();
        for (ri, r) in rows.into_iter().enumerate() {
            self.restore(&snap);
            let next = if ri + 1 == n { fail } else { self.new_label() };
            for (v, a) in &r.binds {
                self.env[*v as usize] = Some(a.clone());
                if let Arg::X(x) = a {
                    self.xreg(*x).vars.push(*v);
                }
            }
            let la = match k {
                Cont::Tail => super::live::VarSet::new(),
                Cont::Value { la, .. } => la.clone(),
            };
            let mut live = self.fv.of(&r.clause.body).with(&la);
            for alt in &r.clause.guard {
                for g in alt {
                    live.union(&self.fv.of(g));
                }
            }
            self.live = live;
            if !r.clause.guard.is_empty() {
                self.guard(&r.clause.guard, next);
            }
            // Point of no return: the match temporaries are released.
            for x in self.xs.iter_mut() {
                x.temp = false;
            }
            self.live = self.fv.of(&r.clause.body).with(&la);
            if let Some(ins) = enter {
                self.emit(ins.clone());
            }
            if self.frame.is_some() {
                for (v, a) in &r.binds {
                    if let Arg::X(_) = a {
                        if self.live.contains(*v) && self.yvars.contains(*v) {
                            let a = a.clone();
                            self.xreg(match a {
                                Arg::X(x) => x,
                                _ => 0,
                            })
                            .vars
                            .retain(|w| w != v);
                            self.bind(*v, a);
                        }
                    }
                }
            } else if matches!(k, Cont::Tail) && super::live::needs_frame(&r.clause.body, true) {
                self.ensure_frame();
            }
            self.finish(&r.clause.body, k);
            if ri + 1 < n {
                self.restore(&snap);
                self.emit(i::label(next));
                self.join_validity();
            }
        }
        self.restore(&snap);
    }
}

/// Whether column `idx` of a constructor pattern needs its value.
fn needed(p: &Pat, idx: usize) -> bool {
    let sub = match p {
        Pat::Cons(h, t) => {
            if idx == 0 {
                Some(&**h)
            } else {
                Some(&**t)
            }
        }
        Pat::Tuple(ps) => ps.get(idx),
        _ => None,
    };
    !matches!(sub, None | Some(Pat::Wild))
}

/// select_val tables in the order the loader expects (ascending values).
fn sort_select(pairs: &mut [(Term, u32)]) {
    pairs.sort_by(|a, b| match (&a.0, &b.0) {
        (Term::Int(x), Term::Int(y)) => x.cmp(y),
        (Term::Atom(x), Term::Atom(y)) => x.as_str().cmp(y.as_str()),
        _ => std::cmp::Ordering::Equal,
    });
}
