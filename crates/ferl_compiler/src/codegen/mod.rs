//! Code generation: core IR to BEAM assembly.
//!
//! Register discipline (what keeps the real BEAM's garbage collector sound):
//! - a variable still needed after anything that destroys the x registers (a call, a
//!   receive, an exception landing) lives in its own y register (see `live::analyse`);
//! - every other value lives in an x register, chosen as the lowest one not holding a
//!   value still needed; an instruction that may collect garbage gets as its live count
//!   one more than the highest x register still needed, and any register below it that
//!   was never written since the last collection is first set to `[]`;
//! - after a jump target is reached from several places, only the registers holding
//!   needed values are trusted.

mod build;
mod floats;
mod guard;
pub mod live;
mod matching;

use std::collections::HashMap;

use ferl_beam::opcodes::op;
use ferl_etf::Term;

use crate::asm::{i, Arg, AsmFunction, Instr};
use crate::bifs;
use crate::core::*;
use live::{FreeVars, VarSet};

/// Stands for the frame size until it is known.
const FRAME: u64 = u64::MAX;

/// What is known of the module while one function is generated.
pub struct ModuleCtx {
    pub name: String,
    /// Entry labels of local functions.
    pub entries: HashMap<(String, u32), u32>,
    /// func_info labels of local functions.
    pub next_label: u32,
}

#[derive(Clone, Debug, Default)]
struct XReg {
    vars: Vec<Var>,
    temp: bool,
    valid: bool,
}

#[derive(Clone)]
struct State {
    env: Vec<Option<Arg>>,
    xs: Vec<XReg>,
    ys: Vec<Option<Var>>,
    frs: Vec<Option<Var>>,
    frame: Option<u32>,
    live: VarSet,
}

/// Where a construct's value goes.
#[derive(Clone)]
enum Cont {
    /// Returned from the function.
    Tail,
    /// Left in `regs` at label `join`, with `la` needed afterwards.
    Value {
        la: VarSet,
        join: u32,
        regs: Vec<u32>,
    },
}

pub struct Gen<'m> {
    m: &'m mut ModuleCtx,
    fv: FreeVars,
    code: Vec<Instr>,
    env: Vec<Option<Arg>>,
    xs: Vec<XReg>,
    live: VarSet,
    frame: Option<u32>,
    yvars: VarSet,
    /// What each y register holds (slots below `tags` are try/catch tags).
    ys: Vec<Option<Var>>,
    tags: u32,
    /// The frame size, known only once the function is generated: instructions carry
    /// `FRAME` until then.
    frame_size: u32,
    next_tag: u32,
    /// Float registers: which variable each holds; `fr_temp` are operands in use.
    frs: Vec<Option<Var>>,
    fr_temp: Vec<u32>,
    /// Variables certainly bound to floats.
    floats: VarSet,
    fi_label: u32,
    line: u32,
}

/// Generates one function. `fi_label` and `entry` were assigned by the caller.
pub fn function(m: &mut ModuleCtx, f: &Function, fi_label: u32, entry: u32) -> AsmFunction {
    let mut fv = FreeVars::default();
    let mut frame = live::Frame {
        yvars: VarSet::new(),
        tags: 0,
    };
    live::analyse(&mut fv, &f.body, &VarSet::new(), true, &mut frame);
    let mut g = Gen {
        m,
        fv,
        code: Vec::new(),
        env: vec![None; f.var_count as usize + 1],
        xs: Vec::new(),
        live: VarSet::new(),
        frame: None,
        yvars: frame.yvars,
        ys: vec![None; frame.tags as usize],
        tags: frame.tags,
        frame_size: frame.tags,
        next_tag: frame.tags,
        frs: Vec::new(),
        fr_temp: Vec::new(),
        floats: VarSet::new(),
        fi_label,
        line: f.line,
    };
    floats::infer(&f.body, &mut g.floats);
    g.emit(i::label(fi_label));
    g.emit(i::line(f.line));
    g.emit(Instr::new(
        op::FUNC_INFO,
        vec![
            Arg::atom(&g.m.name.clone()),
            Arg::atom(&f.name),
            i::u(f.arity),
        ],
    ));
    g.emit(i::label(entry));
    for (k, &p) in f.params.iter().enumerate() {
        g.xreg(k as u32).valid = true;
        g.env[p as usize] = Some(Arg::X(k as u32));
        g.xreg(k as u32).vars.push(p);
    }
    g.tail(&f.body);
    // Now the frame size is known.
    let size = g.frame_size;
    for ins in g.code.iter_mut() {
        for a in ins.args.iter_mut() {
            match a {
                Arg::U(n) if *n == FRAME => *a = Arg::U(size as u64),
                Arg::List(items) if items.first() == Some(&Arg::U(FRAME)) => {
                    *items = (0..size).map(Arg::Y).collect();
                }
                _ => {}
            }
        }
    }
    // A y register written by the moves right after the allocation needs no init.
    for k in 0..g.code.len() {
        if g.code[k].op != op::INIT_YREGS {
            continue;
        }
        let mut written = Vec::new();
        for ins in &g.code[k + 1..] {
            if ins.op != op::MOVE {
                break;
            }
            if let (Some(src), Some(Arg::Y(s))) = (ins.args.first(), ins.args.get(1)) {
                // Not from a y register that may itself be unwritten.
                if !matches!(src, Arg::Y(_)) {
                    written.push(*s);
                }
            }
        }
        if let Some(Arg::List(items)) = g.code[k].args.first_mut() {
            items.retain(|a| !matches!(a, Arg::Y(s) if written.contains(s)));
        }
    }
    g.code.retain(|ins| {
        !(ins.op == op::INIT_YREGS
            && matches!(ins.args.first(), Some(Arg::List(l)) if l.is_empty()))
    });
    AsmFunction {
        name: f.name.clone(),
        arity: f.arity,
        entry,
        code: g.code,
        file: None,
    }
}

impl<'m> Gen<'m> {
    fn emit(&mut self, ins: Instr) {
        self.code.push(ins);
    }

    fn new_label(&mut self) -> u32 {
        let l = self.m.next_label;
        self.m.next_label += 1;
        l
    }

    fn set_line(&mut self, line: u32) {
        if line != 0 {
            self.line = line;
        }
    }

    fn emit_line(&mut self) {
        let l = self.line;
        self.emit(i::line(l));
    }

    fn xreg(&mut self, r: u32) -> &mut XReg {
        let r = r as usize;
        if self.xs.len() <= r {
            self.xs.resize(r + 1, XReg::default());
        }
        &mut self.xs[r]
    }

    fn loc(&self, v: Var) -> Arg {
        self.env
            .get(v as usize)
            .cloned()
            .flatten()
            .unwrap_or(Arg::Nil)
    }

    fn busy(&self, r: usize) -> bool {
        let x = &self.xs[r];
        x.temp
            || x.vars
                .iter()
                .any(|&v| self.live.contains(v) && self.env[v as usize] == Some(Arg::X(r as u32)))
    }

    /// A free x register, reserved as a temporary.
    fn alloc_x(&mut self) -> u32 {
        let mut r = 0;
        while r < self.xs.len() && self.busy(r) {
            r += 1;
        }
        let x = self.xreg(r as u32);
        x.vars.clear();
        x.temp = true;
        r as u32
    }

    fn free_temp(&mut self, a: &Arg) {
        if let Arg::X(r) = a {
            if let Some(x) = self.xs.get_mut(*r as usize) {
                x.temp = false;
            }
        }
    }

    /// The live count for an instruction that may collect garbage now.
    fn live_count(&mut self) -> u32 {
        let mut n = 0;
        for r in 0..self.xs.len() {
            if self.busy(r) {
                n = r + 1;
            }
        }
        for r in 0..n {
            if !self.xs[r].valid {
                self.emit(i::mov(Arg::Nil, Arg::X(r as u32)));
                self.xs[r].valid = true;
            }
        }
        n as u32
    }

    /// After a collection with `live` registers kept.
    fn after_gc(&mut self, live: u32) {
        for r in live as usize..self.xs.len() {
            self.xs[r] = XReg::default();
        }
    }

    /// After a call: nothing survives in x registers.
    fn clobber_all(&mut self) {
        for x in &mut self.xs {
            *x = XReg::default();
        }
    }

    /// At a label reached from several places: trust only registers with needed values.
    fn join_validity(&mut self) {
        for r in 0..self.xs.len() {
            if !self.busy(r) {
                self.xs[r] = XReg::default();
            }
        }
    }

    fn snapshot(&self) -> State {
        State {
            env: self.env.clone(),
            xs: self.xs.clone(),
            ys: self.ys.clone(),
            frs: self.frs.clone(),
            frame: self.frame,
            live: self.live.clone(),
        }
    }

    fn restore(&mut self, s: &State) {
        self.env = s.env.clone();
        self.xs = s.xs.clone();
        self.ys = s.ys.clone();
        self.frs = s.frs.clone();
        self.frame = s.frame;
        self.live = s.live.clone();
    }

    /// Gives variable `v` the value at `a`, moving it to its y register if it needs one
    /// and the frame exists.
    fn bind(&mut self, v: Var, a: Arg) {
        match a {
            Arg::X(r) => {
                let x = self.xreg(r);
                x.temp = false;
                x.vars.push(v);
                self.env[v as usize] = Some(Arg::X(r));
                if self.frame.is_some() && self.yvars.contains(v) {
                    let slot = self.alloc_y(v);
                    self.emit(i::mov(Arg::X(r), Arg::Y(slot)));
                    self.env[v as usize] = Some(Arg::Y(slot));
                    self.xreg(r).vars.retain(|&w| w != v);
                }
            }
            other => self.env[v as usize] = Some(other),
        }
    }

    /// A y register for `v`: the lowest one not holding a value still needed.
    fn alloc_y(&mut self, v: Var) -> u32 {
        let mut s = self.tags as usize;
        while s < self.ys.len() {
            match self.ys[s] {
                Some(w)
                    if self.live.contains(w) && self.env[w as usize] == Some(Arg::Y(s as u32)) =>
                {
                    s += 1
                }
                _ => break,
            }
        }
        if s >= self.ys.len() {
            self.ys.resize(s + 1, None);
        }
        self.ys[s] = Some(v);
        self.frame_size = self.frame_size.max(s as u32 + 1);
        s as u32
    }

    fn ensure_frame(&mut self) {
        if self.frame.is_some() {
            return;
        }
        let live = self.live_count();
        self.emit(Instr::new(op::ALLOCATE, vec![Arg::U(FRAME), i::u(live)]));
        self.emit(Instr::new(
            op::INIT_YREGS,
            vec![Arg::List(vec![Arg::U(FRAME)])],
        ));
        self.after_gc(live);
        self.frame = Some(0);
        // Move the values that need a y register there.
        let live_vars: Vec<Var> = self.live.iter().collect();
        for v in live_vars {
            if self.yvars.contains(v) {
                if let Some(Arg::X(r)) = self.env.get(v as usize).cloned().flatten() {
                    let slot = self.alloc_y(v);
                    self.emit(i::mov(Arg::X(r), Arg::Y(slot)));
                    self.env[v as usize] = Some(Arg::Y(slot));
                    if let Some(x) = self.xs.get_mut(r as usize) {
                        x.vars.retain(|&w| w != v);
                    }
                }
            }
        }
    }

    fn set_live(&mut self, e: &Expr, la: &VarSet) {
        self.live = self.fv.of(e).with(la);
    }

    // ---- tail position -------------------------------------------------------------

    fn tail(&mut self, e: &Expr) {
        self.set_live(e, &VarSet::new());
        if !matches!(e, Expr::Let(..) | Expr::Seq(..)) {
            self.box_floats_for(e);
        }
        match e {
            Expr::Let(vs, a, b) => {
                if self.frame.is_none() && live::needs_frame(e, true) {
                    self.ensure_frame();
                }
                let mut la = self.fv.of(b);
                for v in vs {
                    la.remove(*v);
                }
                self.live = self.fv.of(a).with(&la);
                if let Some(r) = self.float_let(a, vs) {
                    self.live = self.fv.of(b);
                    if !matches!(r, Arg::Fr(_)) {
                        self.bind(vs[0], r);
                    }
                } else {
                    let rs = self.value_n(a, &la, vs.len());
                    self.live = self.fv.of(b);
                    for (v, r) in vs.iter().zip(rs) {
                        self.bind(*v, r);
                    }
                }
                self.tail(b);
            }
            Expr::Seq(a, b) => {
                if self.frame.is_none() && live::needs_frame(e, true) {
                    self.ensure_frame();
                }
                let la = self.fv.of(b);
                let r = self.value(a, &la);
                self.free_temp(&r);
                self.tail(b);
            }
            Expr::Case(c) => self.case(c, Cont::Tail),
            Expr::Call(callee, args, line) if !live::is_inline_call(callee, args.len()) => {
                self.set_line(*line);
                if self.frame.is_none() && live::needs_frame(e, true) {
                    self.ensure_frame();
                }
                self.call(callee, args, true);
            }
            Expr::Receive(r) => {
                self.ensure_frame();
                self.receive(r, Cont::Tail)
            }
            Expr::Try(t) => {
                self.ensure_frame();
                self.try_(t, Cont::Tail)
            }
            Expr::Error(r, line) => {
                self.set_line(*line);
                self.raise_error(r)
            }
            Expr::Reraise(c, r, t) => self.reraise(*c, *r, *t),
            _ => {
                if self.frame.is_none() && live::needs_frame(e, true) {
                    self.ensure_frame();
                }
                let r = self.value(e, &VarSet::new());
                self.ret(r);
            }
        }
    }

    fn ret(&mut self, r: Arg) {
        if r != Arg::X(0) {
            self.emit(i::mov(r, Arg::X(0)));
        }
        if self.frame.is_some() {
            self.emit(Instr::new(op::DEALLOCATE, vec![Arg::U(FRAME)]));
        }
        self.emit(i::ret());
    }

    // ---- value position ------------------------------------------------------------

    fn value(&mut self, e: &Expr, la: &VarSet) -> Arg {
        self.value_n(e, la, 1).pop().unwrap_or(Arg::Nil)
    }

    fn value_n(&mut self, e: &Expr, la: &VarSet, n: usize) -> Vec<Arg> {
        self.set_live(e, la);
        if !matches!(e, Expr::Let(..) | Expr::Seq(..)) {
            self.box_floats_for(e);
        }
        if self.frame.is_none() && live::needs_frame(e, false) {
            self.ensure_frame();
        }
        match e {
            Expr::Values(es) => {
                let mut out = Vec::new();
                for x in es {
                    let a = self.operand(x);
                    out.push(a);
                }
                out
            }
            Expr::Let(vs, a, b) => {
                let mut lb = self.fv.of(b).with(la);
                for v in vs {
                    lb.remove(*v);
                }
                self.live = self.fv.of(a).with(&lb);
                if let Some(r) = self.float_let(a, vs) {
                    self.live = self.fv.of(b).with(la);
                    if !matches!(r, Arg::Fr(_)) {
                        self.bind(vs[0], r);
                    }
                } else {
                    let rs = self.value_n(a, &lb, vs.len());
                    self.live = self.fv.of(b).with(la);
                    for (v, r) in vs.iter().zip(rs) {
                        self.bind(*v, r);
                    }
                }
                self.value_n(b, la, n)
            }
            Expr::Seq(a, b) => {
                let lb = self.fv.of(b).with(la);
                let r = self.value(a, &lb);
                self.free_temp(&r);
                self.value_n(b, la, n)
            }
            Expr::Case(c) => self.case_value(|g, k| g.case(c, k), la, n),
            Expr::Receive(r) => self.case_value(|g, k| g.receive(r, k), la, n),
            Expr::Try(t) => self.case_value(|g, k| g.try_(t, k), la, n),
            Expr::Catch(b, _) => vec![self.catch(b, la)],
            Expr::Call(callee, args, line) => {
                self.set_line(*line);
                if let Some((opc, fargs)) = floats::float_op(e, &self.floats) {
                    if let Some(r) = self.float_compute(opc, fargs) {
                        return vec![self.box_fr(r)];
                    }
                }
                if live::is_inline_call(callee, args.len()) {
                    let name = match callee {
                        Callee::Remote(_, f) => match &**f {
                            Expr::Lit(Term::Atom(a)) => a.as_str().to_string(),
                            _ => String::new(),
                        },
                        _ => String::new(),
                    };
                    vec![self.bif(&name, args, 0)]
                } else {
                    self.call(callee, args, false);
                    vec![Arg::X(0)]
                }
            }
            Expr::Error(r, line) => {
                self.set_line(*line);
                self.raise_error(r);
                vec![Arg::Nil; n]
            }
            Expr::Reraise(c, r, t) => {
                self.reraise(*c, *r, *t);
                vec![Arg::Nil; n]
            }
            Expr::BuildStacktrace(v) => {
                let src = self.loc(*v);
                self.emit(i::mov(src, Arg::X(0)));
                self.emit(Instr::new(op::BUILD_STACKTRACE, vec![]));
                self.clobber_all();
                let x = self.xreg(0);
                x.temp = true;
                x.valid = true;
                vec![Arg::X(0)]
            }
            _ => vec![self.operand(e)],
        }
    }

    /// A simple expression as an operand: variables and literals as they are,
    /// constructors built on the heap.
    fn operand(&mut self, e: &Expr) -> Arg {
        match e {
            Expr::Var(v) => self.loc(*v),
            Expr::Lit(t) => Arg::Lit(t.clone()),
            Expr::Cons(..) | Expr::Tuple(_) => self.build(e),
            Expr::Bin(segs, line) => {
                self.set_line(*line);
                self.build_bin(segs)
            }
            Expr::Map(base, pairs, line) => {
                self.set_line(*line);
                self.build_map(base.as_deref(), pairs)
            }
            Expr::MakeFun {
                name, arity, free, ..
            } => self.make_fun(name, *arity, free),
            other => {
                // Not simple: evaluate it (the normaliser should not leave these here).
                let la = self.live.clone();
                self.value(other, &la)
            }
        }
    }

    /// Runs a branching construct in value position: its branches meet at a join label
    /// with their values in fresh x registers.
    fn case_value(&mut self, f: impl FnOnce(&mut Self, Cont), la: &VarSet, n: usize) -> Vec<Arg> {
        let before = self.snapshot();
        let saved_live = self.live.clone();
        // The join registers must not hold anything needed afterwards.
        self.live = la.clone();
        // Chosen without disturbing what the registers hold now (only what is needed
        // after the construct must be avoided).
        let mut regs: Vec<u32> = Vec::new();
        let mut r = 0u32;
        while regs.len() < n {
            if (r as usize) >= self.xs.len() || !self.busy(r as usize) {
                regs.push(r);
            }
            r += 1;
        }
        self.live = saved_live;
        let join = self.new_label();
        f(
            self,
            Cont::Value {
                la: la.clone(),
                join,
                regs: regs.clone(),
            },
        );
        self.emit(i::label(join));
        self.restore(&before);
        self.live = la.clone();
        for r in &regs {
            let x = self.xreg(*r);
            x.temp = true;
            x.valid = true;
            x.vars.clear();
        }
        self.join_validity();
        regs.into_iter().map(Arg::X).collect()
    }

    /// Ends a branch: returns (tail) or moves the value to the join registers.
    fn finish(&mut self, e: &Expr, k: &Cont) {
        match k {
            Cont::Tail => self.tail(e),
            Cont::Value { la, join, regs } => {
                let rs = self.value_n(e, la, regs.len());
                let moves: Vec<(Arg, u32)> = rs.into_iter().zip(regs.iter().copied()).collect();
                self.parallel_move(moves);
                self.emit(i::jump(*join));
            }
        }
    }

    // ---- calls ---------------------------------------------------------------------

    /// Moves each source to its x register, all at once (sources may be among the
    /// destinations).
    fn parallel_move(&mut self, moves: Vec<(Arg, u32)>) {
        let mut pending: Vec<(Arg, u32)> = moves
            .into_iter()
            .filter(|(s, d)| *s != Arg::X(*d))
            .collect();
        let mut scratch = pending
            .iter()
            .flat_map(|(s, d)| {
                let sr = if let Arg::X(r) = s { *r } else { 0 };
                [sr, *d]
            })
            .max()
            .unwrap_or(0)
            .max(self.xs.len() as u32)
            + 1;
        while !pending.is_empty() {
            let pos = pending
                .iter()
                .position(|(_, d)| !pending.iter().any(|(s, _)| *s == Arg::X(*d)));
            match pos {
                Some(p) => {
                    let (s, d) = pending.remove(p);
                    self.emit(i::mov(s, Arg::X(d)));
                    self.xreg(d).valid = true;
                }
                None => {
                    // A cycle: park one source in a scratch register.
                    let (s, _) = pending[0].clone();
                    self.emit(i::mov(s.clone(), Arg::X(scratch)));
                    self.xreg(scratch).valid = true;
                    for m in pending.iter_mut() {
                        if m.0 == s {
                            m.0 = Arg::X(scratch);
                        }
                    }
                    scratch += 1;
                }
            }
        }
    }

    fn call_args(&mut self, args: &[Expr]) -> Vec<Arg> {
        let mut out = Vec::new();
        for a in args {
            let op = self.operand(a);
            if let Arg::X(r) = op {
                self.xreg(r).temp = true;
            }
            out.push(op);
        }
        out
    }

    fn call(&mut self, callee: &Callee, args: &[Expr], tail: bool) {
        let n = args.len() as u32;
        let mut srcs = self.call_args(args);
        let frame = self.frame;
        match callee {
            Callee::Local(name, arity) => {
                let label = self
                    .m
                    .entries
                    .get(&(name.clone(), *arity))
                    .copied()
                    .unwrap_or(self.fi_label);
                self.parallel_move(srcs.into_iter().zip(0..).collect());
                if tail {
                    match frame {
                        Some(_) => self.emit(Instr::new(
                            op::CALL_LAST,
                            vec![i::u(n), Arg::Label(label), Arg::U(FRAME)],
                        )),
                        None => {
                            self.emit(Instr::new(op::CALL_ONLY, vec![i::u(n), Arg::Label(label)]))
                        }
                    }
                } else {
                    self.emit_line();
                    self.emit(Instr::new(op::CALL, vec![i::u(n), Arg::Label(label)]));
                }
            }
            Callee::Remote(m, f) if !live::is_apply(callee) => {
                let (m, f) = match (&**m, &**f) {
                    (Expr::Lit(Term::Atom(m)), Expr::Lit(Term::Atom(f))) => {
                        (m.as_str().to_string(), f.as_str().to_string())
                    }
                    _ => unreachable!("is_apply checked"),
                };
                self.parallel_move(srcs.into_iter().zip(0..).collect());
                if m == "erlang" && f == "send" && n == 2 {
                    // `!`: the send instruction (destination x0, message x1, result x0).
                    self.emit_line();
                    self.emit(Instr::new(op::SEND, vec![]));
                    if tail {
                        self.clobber_all();
                        self.ret(Arg::X(0));
                    }
                    self.clobber_all();
                    let x = self.xreg(0);
                    x.valid = true;
                    x.temp = true;
                    return;
                }
                let imp = Arg::Import(m, f, n);
                self.emit_line();
                if tail {
                    match frame {
                        Some(_) => self.emit(Instr::new(
                            op::CALL_EXT_LAST,
                            vec![i::u(n), imp, Arg::U(FRAME)],
                        )),
                        None => self.emit(Instr::new(op::CALL_EXT_ONLY, vec![i::u(n), imp])),
                    }
                } else {
                    self.emit(Instr::new(op::CALL_EXT, vec![i::u(n), imp]));
                }
            }
            Callee::Remote(m, f) => {
                let ma = self.operand(m);
                let fa = self.operand(f);
                srcs.push(ma);
                srcs.push(fa);
                self.parallel_move(srcs.into_iter().zip(0..).collect());
                self.emit_line();
                if tail {
                    let fs = if frame.is_some() {
                        Arg::U(FRAME)
                    } else {
                        i::u(0)
                    };
                    self.emit(Instr::new(op::APPLY_LAST, vec![i::u(n), fs]));
                } else {
                    self.emit(Instr::new(op::APPLY, vec![i::u(n)]));
                }
            }
            Callee::Fun(f) => {
                let fa = self.operand(f);
                srcs.push(fa);
                self.parallel_move(srcs.into_iter().zip(0..).collect());
                self.emit_line();
                self.emit(Instr::new(op::CALL_FUN, vec![i::u(n)]));
                if tail {
                    self.ret(Arg::X(0));
                }
            }
        }
        self.clobber_all();
        let x = self.xreg(0);
        x.valid = true;
        x.temp = true;
    }

    /// `erlang:Name(Args)` as a `bif`/`gc_bif` instruction; `fail` 0 raises.
    fn bif(&mut self, name: &str, args: &[Expr], fail: u32) -> Arg {
        let srcs = self.call_args(args);
        self.bif_ops(name, srcs, fail)
    }

    fn bif_ops(&mut self, name: &str, srcs: Vec<Arg>, fail: u32) -> Arg {
        let n = srcs.len();
        let imp = Arg::Import("erlang".into(), name.into(), n as u32);
        if bifs::is_gc_bif(name, n) {
            let live = self.live_count();
            for s in &srcs {
                self.free_temp(s);
            }
            let dst = self.alloc_x();
            let opc = match n {
                1 => op::GC_BIF1,
                2 => op::GC_BIF2,
                _ => op::GC_BIF3,
            };
            if fail == 0 {
                self.emit_line();
            }
            let mut a = vec![Arg::Label(fail), i::u(live), imp];
            a.extend(srcs);
            a.push(Arg::X(dst));
            self.emit(Instr::new(opc, a));
            self.after_gc(live);
            let x = self.xreg(dst);
            x.valid = true;
            x.temp = true;
            Arg::X(dst)
        } else {
            for s in &srcs {
                self.free_temp(s);
            }
            let dst = self.alloc_x();
            let a = match n {
                0 => {
                    let mut a = vec![imp];
                    a.push(Arg::X(dst));
                    Instr::new(op::BIF0, a)
                }
                _ => {
                    if fail == 0 && !matches!(name, "self" | "node") {
                        self.emit_line();
                    }
                    let mut a = vec![Arg::Label(fail), imp];
                    a.extend(srcs);
                    a.push(Arg::X(dst));
                    Instr::new(if n == 1 { op::BIF1 } else { op::BIF2 }, a)
                }
            };
            self.emit(a);
            self.xreg(dst).valid = true;
            Arg::X(dst)
        }
    }

    fn raise_error(&mut self, reason: &Expr) {
        let r = self.operand(reason);
        self.emit(i::mov(r, Arg::X(0)));
        self.emit_line();
        let imp = Arg::Import("erlang".into(), "error".into(), 1);
        self.emit(Instr::new(op::CALL_EXT, vec![i::u(1), imp]));
        self.clobber_all();
    }

    /// Re-raises a caught exception: the raw stacktrace knows its class, and keeps the
    /// frames (a failing BIF's included) as they were.
    fn reraise(&mut self, _c: Var, r: Var, t: Var) {
        let (trace, reason) = (self.loc(t), self.loc(r));
        self.emit(Instr::new(op::RAISE, vec![trace, reason]));
        self.clobber_all();
    }

    // ---- receive, try, catch -------------------------------------------------------

    fn receive(&mut self, r: &Receive, k: Cont) {
        self.set_line(r.line);
        let timeout = r.after.as_ref().map(|(t, _)| self.operand(t));
        let lloop = self.new_label();
        let lnext = self.new_label();
        let lafter = self.new_label();
        let before = self.snapshot();
        self.emit(i::label(lloop));
        self.clobber_all();
        self.emit(Instr::new(
            op::LOOP_REC,
            vec![Arg::Label(lafter), Arg::X(0)],
        ));
        let x = self.xreg(0);
        x.valid = true;
        x.temp = true;
        self.match_clauses(
            vec![Arg::X(0)],
            &r.clauses,
            lnext,
            &k,
            Some(Instr::new(op::REMOVE_MESSAGE, vec![])),
        );
        self.restore(&before);
        self.emit(i::label(lnext));
        self.emit(Instr::new(op::LOOP_REC_END, vec![Arg::Label(lloop)]));
        self.emit(i::label(lafter));
        self.clobber_all();
        match (&r.after, timeout) {
            (Some((_, body)), Some(t)) if t != Arg::Lit(Term::atom("infinity")) => {
                self.emit(Instr::new(op::WAIT_TIMEOUT, vec![Arg::Label(lloop), t]));
                self.emit(Instr::new(op::TIMEOUT, vec![]));
                self.finish(body, &k);
            }
            _ => {
                self.emit(Instr::new(op::WAIT, vec![Arg::Label(lloop)]));
            }
        }
    }

    fn try_(&mut self, t: &Try, k: Cont) {
        self.set_line(t.line);
        // Nested handlers take lower slots: the emulator looks for a handler from y0 up.
        self.next_tag -= 1;
        let tag = self.next_tag;
        let lh = self.new_label();
        let before = self.snapshot();
        self.emit(Instr::new(op::TRY, vec![Arg::Y(tag), Arg::Label(lh)]));
        let mut ok = self.fv.of(&t.ok);
        ok.remove(t.var);
        let mut h = self.fv.of(&t.handler);
        h.remove(t.class);
        h.remove(t.reason);
        h.remove(t.trace);
        let la_body = match &k {
            Cont::Tail => ok.with(&h),
            Cont::Value { la, .. } => ok.with(&h).with(la),
        };
        let r = self.value(&t.body, &la_body);
        self.emit(Instr::new(op::TRY_END, vec![Arg::Y(tag)]));
        self.live = self.fv.of(&t.ok);
        if let Cont::Value { la, .. } = &k {
            self.live.union(la);
        }
        self.bind(t.var, r);
        self.finish(&t.ok, &k);
        self.restore(&before);
        self.emit(i::label(lh));
        self.clobber_all();
        self.emit(Instr::new(op::TRY_CASE, vec![Arg::Y(tag)]));
        self.live = self.fv.of(&t.handler);
        if let Cont::Value { la, .. } = &k {
            self.live.union(la);
        }
        for (n, v) in [t.class, t.reason, t.trace].into_iter().enumerate() {
            self.xreg(n as u32).valid = true;
            self.bind(v, Arg::X(n as u32));
        }
        self.finish(&t.handler, &k);
    }

    fn catch(&mut self, body: &Expr, la: &VarSet) -> Arg {
        // Nested handlers take lower slots: the emulator looks for a handler from y0 up.
        self.next_tag -= 1;
        let tag = self.next_tag;
        let lend = self.new_label();
        let before = self.snapshot();
        self.emit(Instr::new(op::CATCH, vec![Arg::Y(tag), Arg::Label(lend)]));
        let r = self.value(body, la);
        if r != Arg::X(0) {
            self.emit(i::mov(r, Arg::X(0)));
        }
        self.emit(i::label(lend));
        self.restore(&before);
        self.clobber_all();
        self.emit(Instr::new(op::CATCH_END, vec![Arg::Y(tag)]));
        let x = self.xreg(0);
        x.valid = true;
        x.temp = true;
        self.live = la.clone();
        Arg::X(0)
    }

    /// A case: evaluate the subjects, then match.
    fn case(&mut self, c: &Case, k: Cont) {
        self.set_line(c.line);
        let mut subs = Vec::new();
        for a in &c.args {
            let s = match self.operand(a) {
                Arg::Lit(t) => {
                    let r = self.alloc_x();
                    self.emit(i::mov(Arg::Lit(t), Arg::X(r)));
                    self.xreg(r).valid = true;
                    Arg::X(r)
                }
                other => {
                    if let Arg::X(r) = other {
                        self.xreg(r).temp = true;
                    }
                    other
                }
            };
            subs.push(s);
        }
        let lfail = self.new_label();
        let before = self.snapshot();
        self.match_clauses(subs.clone(), &c.clauses, lfail, &k, None);
        self.restore(&before);
        self.emit(i::label(lfail));
        self.fail_code(&c.fail, &subs);
    }

    fn fail_code(&mut self, fail: &Fail, subs: &[Arg]) {
        let s = subs.first().cloned().unwrap_or(Arg::Nil);
        match fail {
            Fail::FunctionClause => {
                let l = self.fi_label;
                self.emit(i::jump(l));
            }
            Fail::CaseClause | Fail::Never if subs.len() > 1 => {
                // The subject was a tuple taken apart: build it for the error.
                let live = self.live_count();
                self.emit(i::test_heap(subs.len() as u32 + 1, live));
                self.emit(Instr::new(
                    op::PUT_TUPLE2,
                    vec![Arg::X(0), Arg::List(subs.to_vec())],
                ));
                self.emit_line();
                self.emit(Instr::new(op::CASE_END, vec![Arg::X(0)]));
            }
            Fail::CaseClause | Fail::Never => {
                self.emit_line();
                self.emit(Instr::new(op::CASE_END, vec![s]));
            }
            Fail::Badmatch => {
                self.emit_line();
                self.emit(Instr::new(op::BADMATCH, vec![s]));
            }
            Fail::IfClause => {
                self.emit_line();
                self.emit(Instr::new(op::IF_END, vec![]));
            }
            Fail::TryClause => {
                self.emit_line();
                self.emit(Instr::new(op::TRY_CASE_END, vec![s]));
            }
            Fail::Badrecord => {
                self.emit_line();
                self.emit(Instr::new(op::BADRECORD, vec![s]));
            }
            Fail::Reraise(c, r, t) => self.reraise(*c, *r, *t),
        }
    }
}
