//! Building terms: tuples and lists (one heap test for a whole nested constructor),
//! maps, funs and binaries, and taking binaries apart in patterns.

use ferl_beam::opcodes::op;
use ferl_etf::Term;

use super::Gen;
use crate::asm::{i, Arg, Instr};
use crate::core::*;

fn heap_words(e: &Expr) -> u32 {
    match e {
        Expr::Cons(h, t) => 2 + heap_words(h) + heap_words(t),
        Expr::Tuple(es) => {
            if es.is_empty() {
                0
            } else {
                1 + es.len() as u32 + es.iter().map(heap_words).sum::<u32>()
            }
        }
        _ => 0,
    }
}

fn flags(seg_signed: bool, endian: Endian) -> u32 {
    let mut f = 0;
    if seg_signed {
        f |= 4;
    }
    match endian {
        Endian::Little => f |= 2,
        Endian::Native => f |= 16,
        Endian::Big => {}
    }
    f
}

impl<'m> Gen<'m> {
    /// A tuple or list built from simple parts, in a fresh x register.
    pub(super) fn build(&mut self, e: &Expr) -> Arg {
        // Non-constructor parts first (they may need the heap themselves).
        let words = heap_words(e);
        if words > 0 {
            let live = self.live_count();
            self.emit(i::test_heap(words, live));
            self.after_gc(live);
        }
        self.put(e)
    }

    fn put(&mut self, e: &Expr) -> Arg {
        match e {
            Expr::Cons(h, t) => {
                let a = self.put(h);
                self.hold(&a);
                let b = self.put(t);
                self.hold(&b);
                self.free_temp(&a);
                self.free_temp(&b);
                let d = self.alloc_x();
                self.emit(Instr::new(op::PUT_LIST, vec![a, b, Arg::X(d)]));
                self.xreg(d).valid = true;
                Arg::X(d)
            }
            Expr::Tuple(es) if es.is_empty() => Arg::Lit(Term::Tuple(vec![])),
            Expr::Tuple(es) => {
                let mut parts = Vec::new();
                for x in es {
                    let a = self.put(x);
                    self.hold(&a);
                    parts.push(a);
                }
                for a in &parts {
                    self.free_temp(a);
                }
                let d = self.alloc_x();
                self.emit(Instr::new(
                    op::PUT_TUPLE2,
                    vec![Arg::X(d), Arg::List(parts)],
                ));
                self.xreg(d).valid = true;
                Arg::X(d)
            }
            Expr::Var(v) => self.loc(*v),
            Expr::Lit(t) => Arg::Lit(t.clone()),
            other => {
                // Not expected after normalisation: evaluate it where it stands.
                self.operand(other)
            }
        }
    }

    /// Keeps a freshly built part from being overwritten by its siblings.
    fn hold(&mut self, a: &Arg) {
        if let Arg::X(r) = a {
            if self.xs[*r as usize].vars.is_empty() {
                self.xreg(*r).temp = true;
            }
        }
    }

    pub(super) fn build_map(&mut self, base: Option<&Expr>, pairs: &[(bool, Expr, Expr)]) -> Arg {
        let mut cur = match base {
            Some(b) => match self.operand(b) {
                // The loader wants a register or a literal map as the source.
                Arg::Lit(t) if !matches!(t, Term::Map(_)) => {
                    let r = self.alloc_x();
                    self.emit(i::mov(Arg::Lit(t), Arg::X(r)));
                    self.xreg(r).valid = true;
                    Arg::X(r)
                }
                other => other,
            },
            None => Arg::Lit(Term::Map(vec![])),
        };
        self.hold(&cur);
        if cur.is_reg() {
            // put_map_* assume a map: check first, raising {badmap, Value} as erlc does.
            let bad = self.new_label();
            let ok = self.new_label();
            self.emit(i::test(op::IS_MAP, bad, vec![cur.clone()]));
            self.emit(i::jump(ok));
            self.emit(i::label(bad));
            let snap = self.snapshot();
            let live = self.live_count();
            self.emit(i::test_heap(3, live));
            self.emit(Instr::new(
                op::PUT_TUPLE2,
                vec![Arg::X(0), Arg::List(vec![Arg::atom("badmap"), cur.clone()])],
            ));
            self.emit_line();
            self.emit(Instr::new(
                op::CALL_EXT,
                vec![i::u(1), Arg::Import("erlang".into(), "error".into(), 1)],
            ));
            self.restore(&snap);
            self.emit(i::label(ok));
        }
        let mut idx = 0;
        while idx < pairs.len() {
            let exact = pairs[idx].0;
            let mut list = Vec::new();
            // Later duplicates of a literal key win: keep the last one only.
            let mut group: Vec<(Arg, Arg)> = Vec::new();
            while idx < pairs.len() && pairs[idx].0 == exact {
                let k = self.operand(&pairs[idx].1);
                self.hold(&k);
                let v = self.operand(&pairs[idx].2);
                self.hold(&v);
                if let Arg::Lit(_) = k {
                    group.retain(|(gk, _)| *gk != k);
                }
                group.push((k, v));
                idx += 1;
            }
            group.sort_by(|a, b| key_order(&a.0, &b.0));
            let live = self.live_count();
            for (k, v) in group {
                self.free_temp(&k);
                self.free_temp(&v);
                list.push(k);
                list.push(v);
            }
            self.free_temp(&cur);
            let d = self.alloc_x();
            let opc = if exact {
                op::PUT_MAP_EXACT
            } else {
                op::PUT_MAP_ASSOC
            };
            self.emit_line();
            self.emit(Instr::new(
                opc,
                vec![Arg::Label(0), cur, Arg::X(d), i::u(live), Arg::List(list)],
            ));
            self.after_gc(live);
            let x = self.xreg(d);
            x.valid = true;
            x.temp = true;
            cur = Arg::X(d);
        }
        if let Arg::Lit(_) = cur {
            // An empty map literal with no pairs: a literal operand is fine.
            return cur;
        }
        cur
    }

    pub(super) fn make_fun(&mut self, name: &str, arity: u32, free: &[Var]) -> Arg {
        let ops: Vec<Arg> = free.iter().map(|v| self.loc(*v)).collect();
        let live = self.live_count();
        self.emit(Instr::new(
            op::TEST_HEAP,
            vec![Arg::Alloc(free.len() as u32, 0, 1), i::u(live)],
        ));
        self.after_gc(live);
        let d = self.alloc_x();
        self.emit(Instr::new(
            op::MAKE_FUN3,
            vec![
                Arg::FunIndex(name.to_string(), arity),
                Arg::X(d),
                Arg::List(ops),
            ],
        ));
        let x = self.xreg(d);
        x.valid = true;
        x.temp = true;
        Arg::X(d)
    }

    pub(super) fn build_bin(&mut self, segs: &[BinSeg<Expr>]) -> Arg {
        let mut list = Vec::new();
        let mut held = Vec::new();
        let mut idx = 0;
        let mut segno = 0;
        // `<<Bin/binary, ...>>`: the runtime may extend Bin in place (`append`).
        let mut unit_operand = 1;
        let appends = segs.first().is_some_and(|s| {
            s.ty == BinType::Binary
                && matches!(s.size, None | Some(Expr::Lit(Term::Atom(_))))
                && matches!(s.value, Expr::Var(_))
                && segs.len() > 1
        });
        while idx < segs.len() {
            // Runs of literal bytes become one string segment.
            let mut bytes = Vec::new();
            while idx < segs.len() {
                match literal_byte(&segs[idx]) {
                    Some(b) => {
                        bytes.push(b);
                        idx += 1;
                    }
                    None => break,
                }
            }
            if !bytes.is_empty() {
                let n = bytes.len() as i64;
                list.extend([
                    Arg::atom("string"),
                    i::u(0),
                    i::u(8),
                    Arg::Nil,
                    Arg::Str(bytes),
                    Arg::Int(n),
                ]);
                continue;
            }
            let s = &segs[idx];
            idx += 1;
            segno += 1;
            let v = self.operand(&s.value);
            self.hold(&v);
            held.push(v.clone());
            let (ty, default_unit) = match s.ty {
                BinType::Integer => ("integer", 1),
                BinType::Float => ("float", 1),
                BinType::Binary => ("binary", 8),
                BinType::Utf8 => ("utf8", 0),
                BinType::Utf16 => ("utf16", 0),
                BinType::Utf32 => ("utf32", 0),
            };
            let size = match (&s.size, s.ty) {
                (Some(e), _) => {
                    let a = self.operand(e);
                    self.hold(&a);
                    held.push(a.clone());
                    match a {
                        Arg::Lit(Term::Atom(ref x)) if x.as_str() == "all" => Arg::atom("all"),
                        other => other,
                    }
                }
                (None, BinType::Integer) => Arg::Int(8),
                (None, BinType::Float) => Arg::Int(64),
                (None, BinType::Binary) => Arg::atom("all"),
                (None, _) => Arg::atom("undefined"),
            };
            let _ = default_unit;
            let unit = if matches!(s.ty, BinType::Utf8 | BinType::Utf16 | BinType::Utf32) {
                0
            } else {
                s.unit
            };
            let fl = match s.endian {
                Endian::Little => Arg::Lit(Term::list(vec![Term::atom("little")])),
                Endian::Native => Arg::Lit(Term::list(vec![Term::atom("native")])),
                Endian::Big => Arg::Nil,
            };
            let size = match size {
                Arg::Lit(Term::Int(n)) => Arg::Int(n),
                other => other,
            };
            let ty = if appends && segno == 1 {
                unit_operand = unit;
                "append"
            } else {
                ty
            };
            list.extend([Arg::atom(ty), i::u(segno), i::u(unit), fl, v, size]);
        }
        let live = self.live_count();
        for h in &held {
            self.free_temp(h);
        }
        let d = self.alloc_x();
        self.emit_line();
        self.emit(Instr::new(
            op::BS_CREATE_BIN,
            vec![
                Arg::Label(0),
                i::u(0),
                i::u(live),
                i::u(unit_operand),
                Arg::X(d),
                Arg::List(list),
            ],
        ));
        self.after_gc(live);
        let x = self.xreg(d);
        x.valid = true;
        x.temp = true;
        Arg::X(d)
    }
}

fn key_order(a: &Arg, b: &Arg) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    // Literal keys in a stable order; registers after them.
    match (a, b) {
        (Arg::Lit(x), Arg::Lit(y)) => crate::term_order::compare(x, y),
        (Arg::Lit(_), _) => Ordering::Less,
        (_, Arg::Lit(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

fn literal_byte(s: &BinSeg<Expr>) -> Option<u8> {
    if s.ty != BinType::Integer || s.endian == Endian::Native {
        return None;
    }
    let bits = match &s.size {
        None => 8,
        Some(Expr::Lit(Term::Int(n))) => n.saturating_mul(s.unit as i64),
        _ => return None,
    };
    if bits != 8 {
        return None;
    }
    match &s.value {
        Expr::Lit(Term::Int(v)) => Some(*v as u8),
        _ => None,
    }
}

impl<'m> Gen<'m> {
    /// One row whose first pattern is a binary: match its segments in order.
    pub(super) fn bin_row_impl(
        &mut self,
        subs: &[Arg],
        segs: Vec<BinSeg<Pat>>,
        fail: u32,
    ) -> Vec<(Var, Arg)> {
        let mut binds = Vec::new();
        let s = self.in_xreg(&subs[0]);
        let live = self.live_count();
        let ctx = self.alloc_x();
        self.emit(Instr::new(
            op::BS_START_MATCH3,
            vec![Arg::Label(fail), s, i::u(live), Arg::X(ctx)],
        ));
        self.xreg(ctx).valid = true;
        let n = segs.len();
        let mut consumed_all = false;
        let mut idx = 0;
        while idx < n {
            // Literal bytes: one string comparison.
            let mut bytes = Vec::new();
            while idx < n {
                match pat_literal_byte(&segs[idx]) {
                    Some(b) => {
                        bytes.push(b);
                        idx += 1;
                    }
                    None => break,
                }
            }
            if !bytes.is_empty() {
                let bits = bytes.len() as u32 * 8;
                self.emit(Instr::new(
                    op::BS_MATCH_STRING,
                    vec![Arg::Label(fail), Arg::X(ctx), i::u(bits), Arg::Str(bytes)],
                ));
                continue;
            }
            let seg = &segs[idx];
            idx += 1;
            let last = idx == n;
            let fl = flags(seg.signed, seg.endian);
            let size = match &seg.size {
                Some(e) => {
                    let a = self.gval(e, fail);
                    if let Arg::X(r) = a {
                        self.xreg(r).temp = true;
                    }
                    match a {
                        Arg::Lit(Term::Atom(ref x)) if x.as_str() == "all" => {
                            Some(Arg::atom("all"))
                        }
                        Arg::Lit(Term::Int(v)) => Some(Arg::Int(v)),
                        other => Some(other),
                    }
                }
                None => None,
            };
            let unit = seg.unit;
            let (opc_get, size) = match seg.ty {
                BinType::Integer => (op::BS_GET_INTEGER2, size.unwrap_or(Arg::Int(8))),
                BinType::Float => (op::BS_GET_FLOAT2, size.unwrap_or(Arg::Int(64))),
                BinType::Binary => (op::BS_GET_BINARY2, size.unwrap_or(Arg::atom("all"))),
                BinType::Utf8 => (op::BS_GET_UTF8, Arg::Nil),
                BinType::Utf16 => (op::BS_GET_UTF16, Arg::Nil),
                BinType::Utf32 => (op::BS_GET_UTF32, Arg::Nil),
            };

            if size == Arg::atom("all") {
                consumed_all = true;
            }
            let is_utf = matches!(seg.ty, BinType::Utf8 | BinType::Utf16 | BinType::Utf32);
            let dst_needed = !matches!(seg.value, Pat::Wild);
            if !dst_needed && size == Arg::atom("all") && last {
                self.emit(Instr::new(
                    op::BS_TEST_UNIT,
                    vec![Arg::Label(fail), Arg::X(ctx), i::u(unit)],
                ));
                continue;
            }
            let live = self.live_count();
            let d = self.alloc_x();
            let args = if is_utf {
                vec![
                    Arg::Label(fail),
                    Arg::X(ctx),
                    i::u(live),
                    i::u(fl),
                    Arg::X(d),
                ]
            } else {
                vec![
                    Arg::Label(fail),
                    Arg::X(ctx),
                    i::u(live),
                    size.clone(),
                    i::u(unit),
                    i::u(fl),
                    Arg::X(d),
                ]
            };
            self.emit(Instr::new(opc_get, args));
            self.after_gc(live);
            let x = self.xreg(d);
            x.valid = true;
            x.temp = true;
            if let Arg::X(r) = size {
                self.free_temp(&Arg::X(r));
            }
            match &seg.value {
                Pat::Var(v) => {
                    self.env[*v as usize] = Some(Arg::X(d));
                    binds.push((*v, Arg::X(d)));
                }
                Pat::Lit(t) => {
                    self.emit(i::test(
                        op::IS_EQ_EXACT,
                        fail,
                        vec![Arg::X(d), Arg::Lit(t.clone())],
                    ));
                }
                _ => {}
            }
        }
        if !consumed_all {
            self.emit(Instr::new(
                op::BS_TEST_TAIL2,
                vec![Arg::Label(fail), Arg::X(ctx), i::u(0)],
            ));
        }
        binds
    }
}
fn pat_literal_byte(s: &BinSeg<Pat>) -> Option<u8> {
    if s.ty != BinType::Integer || s.endian == Endian::Native {
        return None;
    }
    let bits = match &s.size {
        None => 8,
        Some(Expr::Lit(Term::Int(n))) => n.saturating_mul(s.unit as i64),
        _ => return None,
    };
    if bits != 8 {
        return None;
    }
    match &s.value {
        Pat::Lit(Term::Int(v))
            if (!s.signed && (0..=255).contains(v)) || (s.signed && (-128..=127).contains(v)) =>
        {
            Some(*v as u8)
        }
        _ => None,
    }
}
