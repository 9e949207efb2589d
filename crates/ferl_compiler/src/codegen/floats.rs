//! Float arithmetic in float registers.
//!
//! A local type inference finds the arithmetic whose result is certainly a float (a `/`,
//! or an operation with a float operand); those operations run as `fadd`/`fsub`/`fmul`/
//! `fdiv`/`fnegate` on float registers, with `fconv` checking and converting operands of
//! unknown type (raising `badarith` for non-numbers, as the BIF would). A variable bound
//! to such a result stays unboxed in its float register as long as it is not needed
//! after a call; any other use boxes it first.

use ferl_beam::opcodes::op;
use ferl_etf::Term;

use super::live::VarSet;
use super::Gen;
use crate::asm::{i, Arg, Instr};
use crate::core::*;

/// Float registers handed out before falling back to boxing.
const MAX_FR: usize = 16;

fn erlang_op(e: &Expr) -> Option<(&str, &[Expr])> {
    if let Expr::Call(Callee::Remote(m, f), args, _) = e {
        if let (Expr::Lit(Term::Atom(m)), Expr::Lit(Term::Atom(f))) = (&**m, &**f) {
            if m.as_str() == "erlang" {
                return Some((f.as_str(), args));
            }
        }
    }
    None
}

fn returns_float(e: &Expr) -> bool {
    if let Expr::Call(Callee::Remote(m, f), args, _) = e {
        if let (Expr::Lit(Term::Atom(m)), Expr::Lit(Term::Atom(f))) = (&**m, &**f) {
            return match m.as_str() {
                "math" => matches!(
                    (f.as_str(), args.len()),
                    (
                        "sqrt"
                            | "sin"
                            | "cos"
                            | "tan"
                            | "asin"
                            | "acos"
                            | "atan"
                            | "exp"
                            | "log"
                            | "log2"
                            | "log10"
                            | "sinh"
                            | "cosh"
                            | "tanh"
                            | "asinh"
                            | "acosh"
                            | "atanh"
                            | "erf"
                            | "erfc"
                            | "ceil"
                            | "floor",
                        1
                    ) | ("atan2" | "pow" | "fmod", 2)
                        | ("pi", 0)
                ),
                "erlang" => matches!((f.as_str(), args.len()), ("float", 1)),
                _ => false,
            };
        }
    }
    false
}

fn is_float_operand(e: &Expr, floats: &VarSet) -> bool {
    match e {
        Expr::Lit(Term::Float(_)) => true,
        Expr::Var(v) => floats.contains(*v),
        _ => false,
    }
}

/// The float instruction for an arithmetic call whose result is certainly a float.
pub(super) fn float_op<'e>(e: &'e Expr, floats: &VarSet) -> Option<(u8, &'e [Expr])> {
    let (name, args) = erlang_op(e)?;
    let any_float = args.iter().any(|a| is_float_operand(a, floats));
    let opc = match (name, args.len()) {
        ("/", 2) => op::FDIV,
        ("+", 2) if any_float => op::FADD,
        ("-", 2) if any_float => op::FSUB,
        ("*", 2) if any_float => op::FMUL,
        ("-", 1) if any_float => op::FNEGATE,
        _ => return None,
    };
    // Operands must be variables or literals (they are, after lowering).
    if args
        .iter()
        .all(|a| matches!(a, Expr::Var(_) | Expr::Lit(_)))
    {
        Some((opc, args))
    } else {
        None
    }
}

/// Variables certainly bound to floats, in one pass over the function (bindings come
/// before uses).
pub(super) fn infer(e: &Expr, floats: &mut VarSet) {
    match e {
        Expr::Let(vs, a, b) => {
            infer(a, floats);
            if vs.len() == 1
                && (matches!(**a, Expr::Lit(Term::Float(_)))
                    || returns_float(a)
                    || float_op(a, floats).is_some())
            {
                floats.insert(vs[0]);
            }
            infer(b, floats);
        }
        Expr::Seq(a, b) => {
            infer(a, floats);
            infer(b, floats);
        }
        Expr::Case(c) => c.clauses.iter().for_each(|cl| infer(&cl.body, floats)),
        Expr::Receive(r) => {
            r.clauses.iter().for_each(|cl| infer(&cl.body, floats));
            if let Some((_, b)) = &r.after {
                infer(b, floats);
            }
        }
        Expr::Try(t) => {
            infer(&t.body, floats);
            infer(&t.ok, floats);
            infer(&t.handler, floats);
        }
        Expr::Catch(b, _) => infer(b, floats),
        _ => {}
    }
}

impl<'m> Gen<'m> {
    /// A float register not holding a value still needed.
    fn alloc_fr(&mut self) -> Option<u32> {
        let mut r = 0;
        while r < self.frs.len() {
            let busy = match self.frs[r] {
                Some(v) => self.live.contains(v) && self.env[v as usize] == Some(Arg::Fr(r as u32)),
                None => false,
            };
            if !busy && !self.fr_temp.contains(&(r as u32)) {
                break;
            }
            r += 1;
        }
        if r >= MAX_FR {
            return None;
        }
        if r >= self.frs.len() {
            self.frs.resize(r + 1, None);
        }
        self.frs[r] = None;
        Some(r as u32)
    }

    /// An operand in a float register (converted and checked if not known a float).
    fn fr_operand(&mut self, a: &Expr) -> Option<u32> {
        let src = match a {
            Expr::Var(v) => self.loc(*v),
            Expr::Lit(t) => Arg::Lit(t.clone()),
            _ => return None,
        };
        if let Arg::Fr(r) = src {
            return Some(r);
        }
        let r = self.alloc_fr()?;
        self.fr_temp.push(r);
        let known = match a {
            Expr::Lit(Term::Float(_)) => true,
            Expr::Var(v) => self.floats.contains(*v),
            _ => false,
        };
        let (src, known) = match src {
            // An integer constant is converted here.
            Arg::Lit(Term::Int(n)) if n.unsigned_abs() < (1 << 53) => {
                (Arg::Lit(Term::Float(n as f64)), true)
            }
            other => (other, known),
        };
        let src = match src {
            // fconv wants a register; a literal float moves directly.
            Arg::Lit(Term::Float(_)) => src,
            Arg::Lit(t) => {
                let x = self.alloc_x();
                self.emit(i::mov(Arg::Lit(t), Arg::X(x)));
                self.xreg(x).valid = true;
                self.free_temp(&Arg::X(x));
                Arg::X(x)
            }
            other => other,
        };
        let opc = if known { op::FMOVE } else { op::FCONV };
        self.emit(Instr::new(opc, vec![src, Arg::Fr(r)]));
        Some(r)
    }

    /// Runs a float operation; the result is left in a float register.
    pub(super) fn float_compute(&mut self, opc: u8, args: &[Expr]) -> Option<u32> {
        let mark = self.fr_temp.len();
        let mut ops = Vec::new();
        for a in args {
            match self.fr_operand(a) {
                Some(r) => ops.push(r),
                None => {
                    self.fr_temp.truncate(mark);
                    return None;
                }
            }
        }
        self.emit_line();
        self.fr_temp.truncate(mark);
        let dst = self.alloc_fr()?;
        let mut a = vec![Arg::Label(0)];
        a.extend(ops.into_iter().map(Arg::Fr));
        a.push(Arg::Fr(dst));
        self.emit(Instr::new(opc, a));
        Some(dst)
    }

    /// Boxes a float register into a fresh x register.
    pub(super) fn box_fr(&mut self, r: u32) -> Arg {
        let live = self.live_count();
        self.emit(Instr::new(
            op::TEST_HEAP,
            vec![Arg::Alloc(0, 1, 0), i::u(live)],
        ));
        self.after_gc(live);
        let x = self.alloc_x();
        self.emit(Instr::new(op::FMOVE, vec![Arg::Fr(r), Arg::X(x)]));
        let xr = self.xreg(x);
        xr.valid = true;
        Arg::X(x)
    }

    /// Before `e` runs (anything but a float operation): variables it uses that sit in
    /// float registers are boxed into x registers.
    pub(super) fn box_floats_for(&mut self, e: &Expr) {
        if self.frs.iter().all(Option::is_none) {
            return;
        }
        let used = self.fv.of(e);
        for r in 0..self.frs.len() {
            if let Some(v) = self.frs[r] {
                if used.contains(v) && self.env[v as usize] == Some(Arg::Fr(r as u32)) {
                    let x = self.box_fr(r as u32);
                    self.frs[r] = None;
                    self.bind(v, x);
                }
            }
        }
    }

    /// `Let([v], float op, ...)`: computes into a float register and binds `v` there if
    /// it may stay unboxed; otherwise returns the boxed value. `None`: not a float op.
    pub(super) fn float_let(&mut self, a: &Expr, vs: &[Var]) -> Option<Arg> {
        let (opc, args) = float_op(a, &self.floats)?;
        let r = self.float_compute(opc, args)?;
        match vs {
            [v] if !self.yvars.contains(*v) => {
                self.frs[r as usize] = Some(*v);
                self.env[*v as usize] = Some(Arg::Fr(r));
                Some(Arg::Fr(r))
            }
            _ => Some(self.box_fr(r)),
        }
    }
}
