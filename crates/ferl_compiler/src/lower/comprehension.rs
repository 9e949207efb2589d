//! List and binary comprehensions as lifted recursive functions.
//!
//! Each generator becomes a function `F(Rest, Acc, Free...)` walking its list (or binary)
//! and threading an accumulator: a list is accumulated reversed (and reversed once at the
//! end, keeping the element order and the evaluation order of the source), a binary is
//! appended to. The functions are tail recursive.

use std::collections::HashMap;

use ferl_etf::Term;
use ferl_syntax::ast;

use super::{atom, erlang_call, wrap, Lowerer, PENDING};
use crate::core::{self, BinSeg, BinType, Callee, Clause, Endian, Expr, Fail, Pat, Var};

fn bits_seg(v: Expr) -> BinSeg<Expr> {
    BinSeg {
        value: v,
        size: Some(Expr::Lit(atom("all"))),
        unit: 1,
        ty: BinType::Binary,
        signed: false,
        endian: Endian::Big,
    }
}

/// Completes the recursive calls of a lifted function with its free variables.
fn fix_pending(e: &mut Expr, name: &str, extra: &[Var]) {
    match e {
        Expr::Call(Callee::Local(n, a), args, _) if n == name && *a == PENDING => {
            args.extend(extra.iter().map(|&v| Expr::Var(v)));
            *a = args.len() as u32;
        }
        _ => {}
    }
    match e {
        Expr::Cons(a, b) | Expr::Seq(a, b) | Expr::Let(_, a, b) => {
            fix_pending(a, name, extra);
            fix_pending(b, name, extra);
        }
        Expr::Tuple(es) | Expr::Values(es) => {
            es.iter_mut().for_each(|x| fix_pending(x, name, extra))
        }
        Expr::Case(c) => {
            c.args.iter_mut().for_each(|x| fix_pending(x, name, extra));
            for cl in c.clauses.iter_mut() {
                fix_pending(&mut cl.body, name, extra);
            }
        }
        Expr::Call(_, args, _) => args.iter_mut().for_each(|x| fix_pending(x, name, extra)),
        Expr::Receive(r) => {
            for cl in r.clauses.iter_mut() {
                fix_pending(&mut cl.body, name, extra);
            }
            if let Some((t, b)) = &mut r.after {
                fix_pending(t, name, extra);
                fix_pending(b, name, extra);
            }
        }
        Expr::Try(t) => {
            fix_pending(&mut t.body, name, extra);
            fix_pending(&mut t.ok, name, extra);
            fix_pending(&mut t.handler, name, extra);
        }
        Expr::Catch(b, _) => fix_pending(b, name, extra),
        _ => {}
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn comprehension(
        &mut self,
        e: &ast::Expr,
        quals: &[ast::Qualifier],
        binary: bool,
        line: u32,
    ) -> Expr {
        let saved = self.scope.clone();
        let acc0 = if binary {
            Expr::Lit(Term::Binary(vec![]))
        } else {
            Expr::Lit(Term::Nil)
        };
        let r = self.quals(e, quals, acc0, binary, line);
        self.scope = saved;
        if binary {
            r
        } else {
            let v = self.simple(r);
            Expr::Call(
                Callee::Remote(
                    Box::new(Expr::Lit(atom("lists"))),
                    Box::new(Expr::Lit(atom("reverse"))),
                ),
                vec![v],
                line,
            )
        }
    }

    /// The accumulator after running the qualifiers on `acc`.
    fn quals(
        &mut self,
        e: &ast::Expr,
        quals: &[ast::Qualifier],
        acc: Expr,
        binary: bool,
        line: u32,
    ) -> Expr {
        match quals.first() {
            None => {
                let v = self.simple_expr(e);
                if binary {
                    Expr::Bin(vec![bits_seg(acc), bits_seg(v)], line)
                } else {
                    Expr::Cons(Box::new(v), Box::new(acc))
                }
            }
            Some(ast::Qualifier::Filter(f)) => {
                let c = self.simple_expr(f);
                let saved_binds = std::mem::take(&mut self.binds);
                let saved_scope = self.scope.clone();
                let rest = self.quals(e, &quals[1..], acc.clone(), binary, line);
                let inner = std::mem::replace(&mut self.binds, saved_binds);
                self.scope = saved_scope;
                let rest = wrap(inner, rest);
                let other = self.fresh();
                Expr::Case(Box::new(core::Case {
                    args: vec![c],
                    clauses: vec![
                        Clause {
                            pats: vec![Pat::Lit(atom("true"))],
                            guard: vec![],
                            body: rest,
                            line,
                        },
                        Clause {
                            pats: vec![Pat::Lit(atom("false"))],
                            guard: vec![],
                            body: acc,
                            line,
                        },
                        Clause {
                            pats: vec![Pat::Var(other)],
                            guard: vec![],
                            body: Expr::Error(
                                Box::new(Expr::Tuple(vec![
                                    Expr::Lit(atom("bad_filter")),
                                    Expr::Var(other),
                                ])),
                                line,
                            ),
                            line,
                        },
                    ],
                    fail: Fail::Never,
                    line,
                }))
            }
            Some(ast::Qualifier::Generator(_, p, src)) => {
                let l = self.simple_expr(src);
                self.generator(e, p, l, &quals[1..], acc, binary, false, line)
            }
            Some(ast::Qualifier::BitGenerator(_, p, src)) => {
                let l = self.simple_expr(src);
                self.generator(e, p, l, &quals[1..], acc, binary, true, line)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn generator(
        &mut self,
        e: &ast::Expr,
        p: &ast::Pattern,
        src: Expr,
        rest: &[ast::Qualifier],
        acc: Expr,
        binary: bool,
        bitgen: bool,
        line: u32,
    ) -> Expr {
        let name = format!(
            "-{}/{}-{}$^{}/1-0-",
            self.fname,
            self.farity,
            if binary { "blc" } else { "lc" },
            self.fun_count
        );
        // Funs and comprehensions share one counter per function, as erlc's names do.
        self.fun_count += 1;
        let outer = self.scope.clone();
        let saved_binds = std::mem::take(&mut self.binds);
        let mut inner_of: Vec<(Var, Var)> = Vec::new();
        let mut inner_scope = HashMap::new();
        let mut names: Vec<&String> = outer.keys().collect();
        names.sort();
        for n in names {
            let v = self.fresh();
            inner_scope.insert(n.clone(), v);
            inner_of.push((outer[n], v));
        }
        self.scope = inner_scope.clone();
        let list = self.fresh();
        let accv = self.fresh();
        let tail = self.fresh();
        // Clause 1: the element matches.
        let (pats, tests) = self.patterns(std::slice::from_ref(p), true);
        let elem_pat = pats.into_iter().next().unwrap_or(Pat::Wild);
        let new_acc = self.quals(e, rest, Expr::Var(accv), binary, line);
        let new_acc = self.simple(new_acc);
        let body1 = Expr::Call(
            Callee::Local(name.clone(), PENDING),
            vec![Expr::Var(tail), new_acc],
            line,
        );
        let binds = std::mem::take(&mut self.binds);
        let body1 = wrap(binds, body1);
        self.scope = inner_scope;
        let mut clauses = Vec::new();
        if bitgen {
            let mut segs = match elem_pat {
                Pat::Bin(s) => s,
                other => vec![BinSeg {
                    value: other,
                    size: None,
                    unit: 1,
                    ty: BinType::Integer,
                    signed: false,
                    endian: Endian::Big,
                }],
            };
            segs.push(BinSeg {
                value: Pat::Var(tail),
                size: Some(Expr::Lit(atom("all"))),
                unit: 1,
                ty: BinType::Binary,
                signed: false,
                endian: Endian::Big,
            });
            clauses.push(Clause {
                pats: vec![Pat::Bin(segs), Pat::Var(accv)],
                guard: if tests.is_empty() {
                    vec![]
                } else {
                    vec![tests]
                },
                body: body1,
                line,
            });
            clauses.push(Clause {
                pats: vec![Pat::Wild, Pat::Var(accv)],
                guard: vec![],
                body: Expr::Var(accv),
                line,
            });
        } else {
            clauses.push(Clause {
                pats: vec![
                    Pat::Cons(Box::new(elem_pat), Box::new(Pat::Var(tail))),
                    Pat::Var(accv),
                ],
                guard: if tests.is_empty() {
                    vec![]
                } else {
                    vec![tests]
                },
                body: body1,
                line,
            });
            clauses.push(Clause {
                pats: vec![
                    Pat::Cons(Box::new(Pat::Wild), Box::new(Pat::Var(tail))),
                    Pat::Var(accv),
                ],
                guard: vec![],
                body: Expr::Call(
                    Callee::Local(name.clone(), PENDING),
                    vec![Expr::Var(tail), Expr::Var(accv)],
                    line,
                ),
                line,
            });
            clauses.push(Clause {
                pats: vec![Pat::Lit(Term::Nil), Pat::Var(accv)],
                guard: vec![],
                body: Expr::Var(accv),
                line,
            });
            let other = self.fresh();
            clauses.push(Clause {
                pats: vec![Pat::Var(other), Pat::Wild],
                guard: vec![],
                body: Expr::Error(
                    Box::new(Expr::Tuple(vec![
                        Expr::Lit(atom("bad_generator")),
                        Expr::Var(other),
                    ])),
                    line,
                ),
                line,
            });
        }
        let mut body = Expr::Case(Box::new(core::Case {
            args: vec![Expr::Var(list), Expr::Var(accv)],
            clauses,
            fail: Fail::Never,
            line,
        }));
        let mut fv = crate::codegen::live::FreeVars::default();
        let used = fv.of(&body);
        let free: Vec<(Var, Var)> = inner_of
            .iter()
            .filter(|(_, iv)| used.contains(*iv))
            .copied()
            .collect();
        let extra: Vec<Var> = free.iter().map(|(_, iv)| *iv).collect();
        fix_pending(&mut body, &name, &extra);
        let arity = 2 + free.len() as u32;
        let mut params = vec![list, accv];
        params.extend(extra.iter().copied());
        self.lifted.push(core::Function {
            name: name.clone(),
            arity,
            params,
            body,
            line,
            var_count: 0,
            fun_free: None,
            file: None,
        });
        self.scope = outer;
        self.binds = saved_binds;
        let acc = self.simple(acc);
        let mut args = vec![src, acc];
        args.extend(free.iter().map(|(ov, _)| Expr::Var(*ov)));
        let _ = erlang_call;
        Expr::Call(Callee::Local(name, arity), args, line)
    }
}
