//! Guards: tests that jump to a failure label instead of raising.

use ferl_beam::opcodes::op;
use ferl_etf::Term;

use super::Gen;
use crate::asm::{i, Arg};
use crate::bifs;
use crate::core::*;

/// `erlang:Name(Args)` seen through a core call.
pub(super) fn erlang_call(e: &Expr) -> Option<(&str, &[Expr])> {
    if let Expr::Call(Callee::Remote(m, f), args, _) = e {
        if let (Expr::Lit(Term::Atom(m)), Expr::Lit(Term::Atom(f))) = (&**m, &**f) {
            if m.as_str() == "erlang" {
                return Some((f.as_str(), args));
            }
        }
    }
    None
}

impl<'m> Gen<'m> {
    /// A guard sequence: on success falls through, otherwise jumps to `fail`.
    pub(super) fn guard(&mut self, alts: &[Vec<Expr>], fail: u32) {
        let n = alts.len();
        let ok = self.new_label();
        for (ai, alt) in alts.iter().enumerate() {
            let next = if ai + 1 == n { fail } else { self.new_label() };
            let snap = self.snapshot();
            for g in alt {
                self.gtest(g, next, next);
            }
            if ai + 1 < n {
                self.emit(i::jump(ok));
                self.restore(&snap);
                self.emit(i::label(next));
                self.join_validity();
            }
        }
        if n > 1 {
            self.emit(i::label(ok));
            self.join_validity();
        }
    }

    /// Jumps to `fail` unless `e` is `true`.
    /// `fail` is where a false test goes; `exc` where an exception goes (the whole guard
    /// alternative fails: `orelse` does not catch).
    pub(super) fn gtest(&mut self, e: &Expr, fail: u32, exc: u32) {
        match e {
            Expr::Lit(Term::Atom(a)) if a.as_str() == "true" => return,
            Expr::Lit(_) => {
                self.emit(i::jump(fail));
                return;
            }
            _ => {}
        }
        if let Some((name, args)) = erlang_call(e) {
            let n = args.len();
            match (name, n) {
                ("andalso", 2) => {
                    self.gtest(&args[0], fail, exc);
                    self.gtest(&args[1], fail, exc);
                    return;
                }
                ("orelse", 2) => {
                    let second = self.new_label();
                    let ok = self.new_label();
                    let snap = self.snapshot();
                    self.gtest(&args[0], second, exc);
                    self.emit(i::jump(ok));
                    self.restore(&snap);
                    self.emit(i::label(second));
                    self.join_validity();
                    self.gtest(&args[1], fail, exc);
                    self.emit(i::label(ok));
                    self.join_validity();
                    return;
                }
                ("not", 1) => {
                    if let Some((inner, iargs)) = erlang_call(&args[0]) {
                        if let Some(neg) = bifs::negated_comparison(inner) {
                            if iargs.len() == 2 {
                                self.compare(neg, &iargs[0], &iargs[1], fail, exc);
                                return;
                            }
                        }
                    }
                }
                ("is_record", 3) => {
                    if let (Expr::Lit(t @ Term::Atom(_)), Expr::Lit(Term::Int(size))) =
                        (&args[1], &args[2])
                    {
                        let v = self.gval_exc(&args[0], exc);
                        let x = self.in_xreg(&v);
                        self.emit(i::test(
                            op::IS_TAGGED_TUPLE,
                            fail,
                            vec![x, i::u(*size as u32), Arg::Lit(t.clone())],
                        ));
                        return;
                    }
                }
                _ => {}
            }
            if let Some(opc) = bifs::type_test(name, n) {
                let mut ops = Vec::new();
                for a in args {
                    let v = self.gval_exc(a, exc);
                    ops.push(v);
                }
                if opc == op::IS_FUNCTION2 {
                    // The arity must be an integer operand.
                    if !matches!(ops.get(1), Some(Arg::Lit(Term::Int(_)))) {
                        let v = self.gval_exc(e, exc);
                        self.emit(i::test(
                            op::IS_EQ_EXACT,
                            fail,
                            vec![v, Arg::Lit(Term::atom("true"))],
                        ));
                        return;
                    }
                }
                for o in &ops {
                    self.free_temp(o);
                }
                self.emit(i::test(opc, fail, ops));
                return;
            }
            if n == 2 && bifs::comparison(name).is_some() {
                self.compare(name, &args[0], &args[1], fail, exc);
                return;
            }
        }
        let v = self.gval_exc(e, exc);
        self.free_temp(&v);
        self.emit(i::test(
            op::IS_EQ_EXACT,
            fail,
            vec![v, Arg::Lit(Term::atom("true"))],
        ));
    }

    fn compare(&mut self, name: &str, a: &Expr, b: &Expr, fail: u32, exc: u32) {
        let (opc, swap) = bifs::comparison(name).expect("a comparison");
        let x = self.gval_exc(a, exc);
        if let Arg::X(r) = x {
            self.xreg(r).temp = true;
        }
        let y = self.gval_exc(b, exc);
        self.free_temp(&x);
        self.free_temp(&y);
        let ops = if swap { vec![y, x] } else { vec![x, y] };
        self.emit(i::test(opc, fail, ops));
    }

    /// The value of a guard expression; an exception jumps to `fail`.
    pub(super) fn gval(&mut self, e: &Expr, fail: u32) -> Arg {
        self.gval_exc(e, fail)
    }

    /// The value of a guard expression; an exception jumps to `exc`.
    pub(super) fn gval_exc(&mut self, e: &Expr, exc: u32) -> Arg {
        let fail = exc;
        match e {
            Expr::Var(_) | Expr::Lit(_) | Expr::Cons(..) | Expr::Tuple(_) => self.operand(e),
            Expr::Map(..) | Expr::Bin(..) => self.operand(e),
            _ => {
                if let Some((name, args)) = erlang_call(e) {
                    let n = args.len();
                    let boolean = matches!(name, "andalso" | "orelse")
                        || bifs::type_test(name, n).is_some() && !(name == "is_function" && n == 2)
                        || (n == 2 && bifs::comparison(name).is_some())
                        || name == "is_record";
                    if boolean {
                        return self.materialise(e, fail);
                    }
                    let mut ops = Vec::new();
                    for a in args {
                        let v = self.gval_exc(a, fail);
                        if let Arg::X(r) = v {
                            self.xreg(r).temp = true;
                        }
                        ops.push(v);
                    }
                    return self.bif_ops(name, ops, fail);
                }
                // Anything else is not a guard expression; the linter rejects it.
                Arg::Lit(Term::atom("false"))
            }
        }
    }

    /// A test's outcome as `true`/`false` in a register.
    fn materialise(&mut self, e: &Expr, exc: u32) -> Arg {
        let lf = self.new_label();
        let done = self.new_label();
        let snap = self.snapshot();
        self.gtest(e, lf, exc);
        self.restore(&snap);
        let r = self.alloc_x();
        self.emit(i::mov(Arg::Lit(Term::atom("true")), Arg::X(r)));
        self.emit(i::jump(done));
        self.emit(i::label(lf));
        self.emit(i::mov(Arg::Lit(Term::atom("false")), Arg::X(r)));
        self.emit(i::label(done));
        self.join_validity();
        let x = self.xreg(r);
        x.valid = true;
        x.temp = true;
        Arg::X(r)
    }

    pub(super) fn in_xreg(&mut self, s: &Arg) -> Arg {
        match s {
            Arg::X(_) => s.clone(),
            other => {
                let r = self.alloc_x();
                self.emit(i::mov(other.clone(), Arg::X(r)));
                self.xreg(r).valid = true;
                Arg::X(r)
            }
        }
    }
}
