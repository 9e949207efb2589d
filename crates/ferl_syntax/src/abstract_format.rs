//! The AST rendered as Erlang's abstract format: the tuples erl_parse produces (OTP 25),
//! as `ferl_etf::Term`, with annotations `{Line, Column}`.
//!
//! This is what `debug_info`, `erl_parse:parse_exprs/1` and parse transforms see, so the
//! shapes must be erl_parse's exactly; the golden tests compare them with real epp output.

use crate::ast::*;
use crate::lexer::{Tok, Token};
use crate::parser::form::int_term;
use ferl_etf::Term;

fn anno(p: Pos) -> Term {
    if p.col == 0 {
        return Term::Int(p.line as i64);
    }
    Term::Tuple(vec![Term::Int(p.line as i64), Term::Int(p.col as i64)])
}
fn atom(s: &str) -> Term {
    Term::atom(s)
}
fn t(es: Vec<Term>) -> Term {
    Term::Tuple(es)
}
fn list(es: Vec<Term>) -> Term {
    Term::list(es)
}
fn tag(name: &str, p: Pos, rest: Vec<Term>) -> Term {
    let mut v = Vec::with_capacity(rest.len() + 2);
    v.push(atom(name));
    v.push(anno(p));
    v.extend(rest);
    Term::Tuple(v)
}

/// A form as epp:parse_file/2 returns it.
pub fn form(f: &Form) -> Term {
    match f {
        Form::Attribute(a) => attribute(a),
        Form::Function(fun) => tag(
            "function",
            fun.pos,
            vec![
                atom(&fun.name),
                Term::Int(fun.arity as i64),
                list(fun.clauses.iter().map(clause).collect()),
            ],
        ),
        Form::Eof(p) => tag("eof", *p, vec![]),
    }
}

fn farity(r: &FunRef) -> Term {
    t(vec![atom(&r.name), Term::Int(r.arity as i64)])
}

fn attribute(a: &Attribute) -> Term {
    let (name, value) = match &a.kind {
        AttributeKind::Module { name, params: None } => ("module", atom(name)),
        AttributeKind::Module {
            name,
            params: Some(ps),
        } => (
            "module",
            t(vec![atom(name), list(ps.iter().map(|p| atom(p)).collect())]),
        ),
        AttributeKind::Export(fs) => ("export", list(fs.iter().map(farity).collect())),
        AttributeKind::Import { module, functions } => (
            "import",
            t(vec![
                atom(module),
                list(functions.iter().map(farity).collect()),
            ]),
        ),
        AttributeKind::ExportType(fs) => ("export_type", list(fs.iter().map(farity).collect())),
        AttributeKind::File { name, line } => {
            ("file", t(vec![Term::string(name), Term::Int(*line as i64)]))
        }
        AttributeKind::Record(r) => (
            "record",
            t(vec![
                atom(&r.name),
                list(r.fields.iter().map(record_field_decl).collect()),
            ]),
        ),
        AttributeKind::Type(td) => (
            if td.opaque { "opaque" } else { "type" },
            t(vec![
                atom(&td.name),
                ty(&td.body),
                list(td.params.iter().map(ty).collect()),
            ]),
        ),
        AttributeKind::Spec(s) => {
            let key = match &s.module {
                Some(m) => t(vec![atom(m), atom(&s.name), Term::Int(s.arity as i64)]),
                None => t(vec![atom(&s.name), Term::Int(s.arity as i64)]),
            };
            (
                if s.callback { "callback" } else { "spec" },
                t(vec![key, list(s.clauses.iter().map(spec_clause).collect())]),
            )
        }
        AttributeKind::Other { name, value } => {
            return tag("attribute", a.pos, vec![atom(name), value.clone()])
        }
    };
    tag("attribute", a.pos, vec![atom(name), value])
}

fn record_field_decl(f: &RecordFieldDecl) -> Term {
    let mut v = vec![tag("atom", f.pos, vec![atom(&f.name)])];
    if let Some(d) = &f.default {
        v.push(expr(d));
    }
    let rf = tag("record_field", f.pos, v);
    match &f.ty {
        Some(ty_) => t(vec![atom("typed_record_field"), rf, ty(ty_)]),
        None => rf,
    }
}

fn spec_clause(f: &FunType) -> Term {
    let fun = fun_type(f);
    if f.constraints.is_empty() {
        return fun;
    }
    tag(
        "type",
        f.pos,
        vec![
            atom("bounded_fun"),
            list(vec![
                fun,
                list(f.constraints.iter().map(constraint).collect()),
            ]),
        ],
    )
}

fn constraint(c: &Constraint) -> Term {
    tag(
        "type",
        c.pos,
        vec![
            atom("constraint"),
            list(vec![
                tag("atom", c.name_pos, vec![atom(&c.name)]),
                list(c.args.iter().map(ty).collect()),
            ]),
        ],
    )
}

fn fun_type(f: &FunType) -> Term {
    let args = match &f.args {
        Some(a) => tag(
            "type",
            f.pos,
            vec![atom("product"), list(a.iter().map(ty).collect())],
        ),
        None => tag("type", f.pos, vec![atom("any")]),
    };
    tag(
        "type",
        f.pos,
        vec![atom("fun"), list(vec![args, ty(&f.ret)])],
    )
}

/// A type in the abstract format.
pub fn ty(x: &Type) -> Term {
    let tyt = |p: Pos, name: &str, args: Term| tag("type", p, vec![atom(name), args]);
    match x {
        Type::Var(p, v) => tag("var", *p, vec![atom(v)]),
        Type::Atom(p, a) => tag("atom", *p, vec![atom(a)]),
        Type::Integer(p, i) => tag("integer", *p, vec![int_term(i)]),
        Type::Char(p, c) => tag("char", *p, vec![Term::Int(*c as i64)]),
        Type::Annotated(p, v, t_) => tag("ann_type", *p, vec![list(vec![ty(v), ty(t_)])]),
        Type::Union(p, ms) => tyt(*p, "union", list(ms.iter().map(ty).collect())),
        Type::Range(p, l, h) => tyt(*p, "range", list(vec![ty(l), ty(h)])),
        Type::BinOp(p, op, l, r) => tag("op", *p, vec![atom(op.as_str()), ty(l), ty(r)]),
        Type::UnOp(p, op, e) => tag("op", *p, vec![atom(op.as_str()), ty(e)]),
        Type::Nil(p) => tyt(*p, "nil", Term::Nil),
        Type::List(p, e) => tyt(*p, "list", list(vec![ty(e)])),
        Type::NonEmptyList(p, e) => tyt(*p, "nonempty_list", list(vec![ty(e)])),
        Type::Tuple(p, None) => tyt(*p, "tuple", atom("any")),
        Type::Tuple(p, Some(es)) => tyt(*p, "tuple", list(es.iter().map(ty).collect())),
        Type::Map(p, None) => tyt(*p, "map", atom("any")),
        Type::Map(p, Some(fs)) => tyt(
            *p,
            "map",
            list(
                fs.iter()
                    .map(|f| {
                        tyt(
                            f.pos,
                            if f.exact {
                                "map_field_exact"
                            } else {
                                "map_field_assoc"
                            },
                            list(vec![ty(&f.key), ty(&f.value)]),
                        )
                    })
                    .collect(),
            ),
        ),
        Type::Record(p, np, name, fs) => {
            let mut v = vec![tag("atom", *np, vec![atom(name)])];
            v.extend(fs.iter().map(|f| {
                tyt(
                    f.pos,
                    "field_type",
                    list(vec![
                        tag("atom", f.name_pos, vec![atom(&f.name)]),
                        ty(&f.ty),
                    ]),
                )
            }));
            tyt(*p, "record", list(v))
        }
        Type::Binary(p, m, n) => tyt(*p, "binary", list(vec![ty(m), ty(n)])),
        Type::AnyFun(p) => tyt(*p, "fun", Term::Nil),
        Type::Fun(_, ft) => fun_type(ft),
        Type::Named {
            pos,
            name,
            args,
            builtin,
        } => tag(
            if *builtin { "type" } else { "user_type" },
            *pos,
            vec![atom(name), list(args.iter().map(ty).collect())],
        ),
        Type::Remote {
            pos,
            module,
            name,
            args,
        } => tag(
            "remote_type",
            *pos,
            vec![list(vec![
                tag("atom", module.0, vec![atom(&module.1)]),
                tag("atom", name.0, vec![atom(&name.1)]),
                list(args.iter().map(ty).collect()),
            ])],
        ),
    }
}

fn guards(g: &Guards) -> Term {
    list(
        g.iter()
            .map(|conj| list(conj.iter().map(expr).collect()))
            .collect(),
    )
}

fn body(es: &[Expr]) -> Term {
    list(es.iter().map(expr).collect())
}

/// A clause: `{clause, A, Patterns, Guards, Body}`.
pub fn clause(c: &Clause) -> Term {
    tag(
        "clause",
        c.pos,
        vec![
            list(c.patterns.iter().map(pattern).collect()),
            guards(&c.guards),
            body(&c.body),
        ],
    )
}

fn catch_clause(c: &CatchClause) -> Term {
    let class = match &c.class {
        Some(p) => pattern(p),
        None => tag("atom", c.reason.pos(), vec![atom("throw")]),
    };
    let stack = match &c.stack {
        Some(p) => pattern(p),
        None => tag("var", c.reason.pos(), vec![atom("_")]),
    };
    let p = c.class.as_ref().map_or(c.reason.pos(), |x| x.pos());
    tag(
        "clause",
        p,
        vec![
            list(vec![tag(
                "tuple",
                p,
                vec![list(vec![class, pattern(&c.reason), stack])],
            )]),
            guards(&c.guards),
            body(&c.body),
        ],
    )
}

fn bin_element<V>(b: &BinElement<V>, value: impl Fn(&V) -> Term) -> Term {
    let size = match &b.size {
        Some(s) => expr(s),
        None => atom("default"),
    };
    let types = match &b.types {
        Some(ts) => list(
            ts.iter()
                .map(|x| match &x.value {
                    Some(v) => t(vec![atom(&x.name), int_term(v)]),
                    None => atom(&x.name),
                })
                .collect(),
        ),
        None => atom("default"),
    };
    tag("bin_element", b.pos, vec![value(&b.value), size, types])
}

fn record_field_name(n: &RecordFieldName) -> Term {
    match n {
        RecordFieldName::Field(p, a) => tag("atom", *p, vec![atom(a)]),
        RecordFieldName::Var(p, v) => tag("var", *p, vec![atom(v)]),
    }
}

fn record_fields<V>(fs: &[RecordField<V>], value: impl Fn(&V) -> Term) -> Term {
    list(
        fs.iter()
            .map(|f| {
                tag(
                    "record_field",
                    f.pos,
                    vec![record_field_name(&f.name), value(&f.value)],
                )
            })
            .collect(),
    )
}

fn qualifier(q: &Qualifier) -> Term {
    match q {
        Qualifier::Generator(p, pat, e) => tag("generate", *p, vec![pattern(pat), expr(e)]),
        Qualifier::BitGenerator(p, pat, e) => tag("b_generate", *p, vec![pattern(pat), expr(e)]),
        Qualifier::Filter(e) => expr(e),
    }
}

/// An expression in the abstract format.
pub fn expr(e: &Expr) -> Term {
    match e {
        Expr::Var(p, v) => tag("var", *p, vec![atom(v)]),
        Expr::Atom(p, a) => tag("atom", *p, vec![atom(a)]),
        Expr::Integer(p, i) => tag("integer", *p, vec![int_term(i)]),
        Expr::Float(p, f) => tag("float", *p, vec![Term::Float(*f)]),
        Expr::Char(p, c) => tag("char", *p, vec![Term::Int(*c as i64)]),
        Expr::String(p, s) => tag("string", *p, vec![Term::string(s)]),
        Expr::Nil(p) => tag("nil", *p, vec![]),
        Expr::Cons(p, h, tl) => tag("cons", *p, vec![expr(h), expr(tl)]),
        Expr::Tuple(p, es) => tag("tuple", *p, vec![body(es)]),
        Expr::Bin(p, els) => tag(
            "bin",
            *p,
            vec![list(els.iter().map(|b| bin_element(b, expr)).collect())],
        ),
        Expr::Map(p, fs) => tag("map", *p, vec![map_fields(fs)]),
        Expr::MapUpdate(p, m, fs) => tag("map", *p, vec![expr(m), map_fields(fs)]),
        Expr::Record(p, n, fs) => tag("record", *p, vec![atom(n), record_fields(fs, expr)]),
        Expr::RecordUpdate(p, r, n, fs) => tag(
            "record",
            *p,
            vec![expr(r), atom(n), record_fields(fs, expr)],
        ),
        Expr::RecordIndex(p, n, fp, f) => tag(
            "record_index",
            *p,
            vec![atom(n), tag("atom", *fp, vec![atom(f)])],
        ),
        Expr::RecordAccess(p, r, n, fp, f) => tag(
            "record_field",
            *p,
            vec![expr(r), atom(n), tag("atom", *fp, vec![atom(f)])],
        ),
        Expr::Call(p, f, args) => tag("call", *p, vec![expr(f), body(args)]),
        Expr::Remote(p, m, f) => tag("remote", *p, vec![expr(m), expr(f)]),
        Expr::FunRef(p, n, a) => tag(
            "fun",
            *p,
            vec![t(vec![atom("function"), atom(n), Term::Int(*a as i64)])],
        ),
        Expr::RemoteFunRef(p, m, f, a) => tag(
            "fun",
            *p,
            vec![t(vec![atom("function"), expr(m), expr(f), expr(a)])],
        ),
        Expr::Fun(p, cs) => tag(
            "fun",
            *p,
            vec![t(vec![
                atom("clauses"),
                list(cs.iter().map(clause).collect()),
            ])],
        ),
        Expr::NamedFun(p, n, cs) => tag(
            "named_fun",
            *p,
            vec![atom(n), list(cs.iter().map(clause).collect())],
        ),
        Expr::Match(p, l, r) => tag("match", *p, vec![pattern(l), expr(r)]),
        Expr::MaybeMatch(p, l, r) => tag("maybe_match", *p, vec![pattern(l), expr(r)]),
        Expr::BinOp(p, op, l, r) => tag("op", *p, vec![atom(op.as_str()), expr(l), expr(r)]),
        Expr::UnOp(p, op, x) => tag("op", *p, vec![atom(op.as_str()), expr(x)]),
        Expr::Catch(p, x) => tag("catch", *p, vec![expr(x)]),
        Expr::Block(p, es) => tag("block", *p, vec![body(es)]),
        Expr::If(p, cs) => tag("if", *p, vec![list(cs.iter().map(clause).collect())]),
        Expr::Case(p, x, cs) => tag(
            "case",
            *p,
            vec![expr(x), list(cs.iter().map(clause).collect())],
        ),
        Expr::Receive(p, cs, None) => {
            tag("receive", *p, vec![list(cs.iter().map(clause).collect())])
        }
        Expr::Receive(p, cs, Some(a)) => tag(
            "receive",
            *p,
            vec![
                list(cs.iter().map(clause).collect()),
                expr(&a.timeout),
                body(&a.body),
            ],
        ),
        Expr::Try(p, tr) => tag(
            "try",
            *p,
            vec![
                body(&tr.body),
                list(tr.of_clauses.iter().map(clause).collect()),
                list(tr.catch_clauses.iter().map(catch_clause).collect()),
                body(&tr.after),
            ],
        ),
        Expr::Maybe(p, b, None) => tag("maybe", *p, vec![body(b)]),
        Expr::Maybe(p, b, Some((ep, cs))) => tag(
            "maybe",
            *p,
            vec![
                body(b),
                tag("else", *ep, vec![list(cs.iter().map(clause).collect())]),
            ],
        ),
        Expr::ListComp(p, x, qs) => tag(
            "lc",
            *p,
            vec![expr(x), list(qs.iter().map(qualifier).collect())],
        ),
        Expr::BinComp(p, x, qs) => tag(
            "bc",
            *p,
            vec![expr(x), list(qs.iter().map(qualifier).collect())],
        ),
    }
}

fn map_fields(fs: &[MapField]) -> Term {
    list(
        fs.iter()
            .map(|f| {
                tag(
                    if f.exact {
                        "map_field_exact"
                    } else {
                        "map_field_assoc"
                    },
                    f.pos,
                    vec![expr(&f.key), expr(&f.value)],
                )
            })
            .collect(),
    )
}

/// A pattern in the abstract format.
pub fn pattern(p: &Pattern) -> Term {
    match p {
        Pattern::Var(q, v) => tag("var", *q, vec![atom(v)]),
        Pattern::Atom(q, a) => tag("atom", *q, vec![atom(a)]),
        Pattern::Integer(q, i) => tag("integer", *q, vec![int_term(i)]),
        Pattern::Float(q, f) => tag("float", *q, vec![Term::Float(*f)]),
        Pattern::Char(q, c) => tag("char", *q, vec![Term::Int(*c as i64)]),
        Pattern::String(q, s) => tag("string", *q, vec![Term::string(s)]),
        Pattern::Nil(q) => tag("nil", *q, vec![]),
        Pattern::Cons(q, h, tl) => tag("cons", *q, vec![pattern(h), pattern(tl)]),
        Pattern::Tuple(q, es) => tag("tuple", *q, vec![list(es.iter().map(pattern).collect())]),
        Pattern::Bin(q, els) => tag(
            "bin",
            *q,
            vec![list(els.iter().map(|b| bin_element(b, pattern)).collect())],
        ),
        Pattern::Map(q, fs) => tag(
            "map",
            *q,
            vec![list(
                fs.iter()
                    .map(|f| {
                        tag(
                            if f.exact {
                                "map_field_exact"
                            } else {
                                "map_field_assoc"
                            },
                            f.pos,
                            vec![expr(&f.key), pattern(&f.value)],
                        )
                    })
                    .collect(),
            )],
        ),
        Pattern::Record(q, n, fs) => tag("record", *q, vec![atom(n), record_fields(fs, pattern)]),
        Pattern::RecordIndex(q, n, fp, f) => tag(
            "record_index",
            *q,
            vec![atom(n), tag("atom", *fp, vec![atom(f)])],
        ),
        Pattern::Match(q, l, r) => tag("match", *q, vec![pattern(l), pattern(r)]),
        Pattern::BinOp(q, op, l, r) => {
            tag("op", *q, vec![atom(op.as_str()), pattern(l), pattern(r)])
        }
        Pattern::UnOp(q, op, x) => tag("op", *q, vec![atom(op.as_str()), pattern(x)]),
    }
}

/// A token as erl_scan:string/2 returns it: `{Category, Anno, Value}` or `{Symbol, Anno}`.
pub fn token(tk: &Token) -> Term {
    let a = anno(tk.pos);
    match &tk.tok {
        Tok::Atom(x) => t(vec![atom("atom"), a, atom(x)]),
        Tok::Var(x) => t(vec![atom("var"), a, atom(x)]),
        Tok::Char(c) => t(vec![atom("char"), a, Term::Int(*c as i64)]),
        Tok::Integer(i) => t(vec![atom("integer"), a, int_term(i)]),
        Tok::Float(f) => t(vec![atom("float"), a, Term::Float(*f)]),
        Tok::String(s) => t(vec![atom("string"), a, Term::string(s)]),
        Tok::Sym(s) => t(vec![atom(s), a]),
        Tok::Dot => t(vec![atom("dot"), a]),
    }
}
