//! Forms: function definitions and attributes, with erl_parse's checks on attribute
//! values (`bad export declaration`, `bad attribute`, `head mismatch`...).

use super::{PResult, ParseError, Parser};
use crate::ast::*;
use crate::lexer::{Tok, Token};
use ferl_etf::Term;

/// Parses the tokens of one form (ending with the `dot` token). `end` is the position
/// reported for an error after the last token. Errors come in source order.
pub fn parse_form(toks: &[Token], end: Pos) -> Result<Form, Vec<ParseError>> {
    let mut p = Parser::new(toks, end);
    let r = p.form();
    match r {
        Err(e) => Err(vec![e]),
        Ok(_) if !p.deferred.is_empty() => Err(std::mem::take(&mut p.deferred)),
        Ok(f) => Ok(f),
    }
}

/// An attribute value as parsed: plain expressions, or the typed forms.
enum AttrVal {
    Exprs(Vec<Expr>),
    /// `Expr :: Type` (`-type`, `-opaque`).
    TypeDef(Expr, Type),
    /// `Name, {typed fields}` (`-record`).
    TypedRecord(Expr, Vec<(Expr, Option<Type>)>),
}

impl Parser<'_> {
    fn form(&mut self) -> PResult<Form> {
        if self.at("-") {
            self.advance();
            let a = self.attribute()?;
            self.expect_dot()?;
            return Ok(Form::Attribute(a));
        }
        let f = self.function()?;
        self.expect_dot()?;
        Ok(Form::Function(f))
    }

    fn function(&mut self) -> PResult<Function> {
        let mut clauses = Vec::new();
        let (mut fname, mut farity) = (String::new(), 0);
        let fpos = self.pos();
        loop {
            let pos = self.pos();
            let name = match self.peek_tok() {
                Some(Tok::Atom(a)) => a.clone(),
                _ => return Err(self.syntax_error()),
            };
            self.advance();
            let patterns = self.pat_argument_list()?;
            let guards = self.clause_guard()?;
            let body = self.clause_body()?;
            if clauses.is_empty() {
                fname = name;
                farity = patterns.len() as u32;
            } else if name != fname || patterns.len() as u32 != farity {
                return Err(self.error_at(pos, "head mismatch"));
            }
            clauses.push(Clause {
                pos,
                patterns,
                guards,
                body,
            });
            if !self.eat(";") {
                break;
            }
        }
        Ok(Function {
            pos: fpos,
            name: fname,
            arity: farity,
            clauses,
        })
    }

    fn attribute(&mut self) -> PResult<Attribute> {
        let pos = self.pos();
        let name = match self.peek_tok() {
            Some(Tok::Atom(a)) => a.clone(),
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        if name == "spec" || name == "callback" {
            let spec = self.type_spec(name == "callback")?;
            return Ok(Attribute {
                pos,
                kind: AttributeKind::Spec(spec),
            });
        }
        let val = self.attr_val()?;
        let kind = match val {
            AttrVal::Exprs(es) => self.build_attribute(pos, &name, es)?,
            AttrVal::TypeDef(head, body) => self.build_type_def(pos, &name, head, body)?,
            AttrVal::TypedRecord(rname, fields) => {
                if name != "record" {
                    return Err(self.error_at(pos, format!("bad {name} declaration")));
                }
                self.build_record(pos, rname, fields)?
            }
        };
        Ok(Attribute { pos, kind })
    }

    /// `attr_val` or `typed_attr_val`, with or without parentheses.
    fn attr_val(&mut self) -> PResult<AttrVal> {
        if self.at("(") {
            self.advance();
            let first = self.expr()?;
            if self.eat("::") {
                let t = self.top_type()?;
                self.expect(")")?;
                return Ok(AttrVal::TypeDef(first, t));
            }
            if self.eat(",") {
                let v = self.attr_rest(first)?;
                self.expect(")")?;
                return Ok(v);
            }
            self.expect(")")?;
            // `-name (Expr) op ...`: the parenthesised expression starts a longer one.
            let e = self.continue_expr(first)?;
            if self.eat(",") {
                let mut es = vec![e];
                es.extend(self.exprs()?);
                return Ok(AttrVal::Exprs(es));
            }
            return Ok(AttrVal::Exprs(vec![e]));
        }
        let first = self.expr()?;
        if self.eat("::") {
            let t = self.top_type()?;
            return Ok(AttrVal::TypeDef(first, t));
        }
        if self.eat(",") {
            return self.attr_rest(first);
        }
        Ok(AttrVal::Exprs(vec![first]))
    }

    /// After `Expr ,`: typed record fields `{...}` or more expressions.
    fn attr_rest(&mut self, first: Expr) -> PResult<AttrVal> {
        if self.at("{") {
            let save = self.i;
            self.advance();
            let mut fields = Vec::new();
            let mut typed = false;
            if !self.eat("}") {
                loop {
                    let e = self.expr()?;
                    let t = if self.eat("::") {
                        typed = true;
                        Some(self.top_type()?)
                    } else {
                        None
                    };
                    fields.push((e, t));
                    if self.eat("}") {
                        break;
                    }
                    self.expect(",")?;
                }
            }
            if typed {
                return Ok(AttrVal::TypedRecord(first, fields));
            }
            self.i = save;
        }
        let mut es = vec![first];
        es.extend(self.exprs()?);
        Ok(AttrVal::Exprs(es))
    }

    fn build_attribute(&mut self, pos: Pos, name: &str, es: Vec<Expr>) -> PResult<AttributeKind> {
        let bad_decl = |p: &Parser| p.error_at(pos, format!("bad {name} declaration"));
        match name {
            "module" => match es.as_slice() {
                [Expr::Atom(_, m)] => Ok(AttributeKind::Module {
                    name: m.clone(),
                    params: None,
                }),
                [Expr::Atom(_, m), params] => {
                    let mut vars = Vec::new();
                    let mut e = params;
                    loop {
                        match e {
                            Expr::Nil(_) => break,
                            Expr::Cons(_, h, t) => match &**h {
                                Expr::Var(_, v) => {
                                    vars.push(v.clone());
                                    e = t;
                                }
                                _ => return Err(bad_decl(self)),
                            },
                            _ => return Err(bad_decl(self)),
                        }
                    }
                    Ok(AttributeKind::Module {
                        name: m.clone(),
                        params: Some(vars),
                    })
                }
                _ => Err(bad_decl(self)),
            },
            "export" => match es.as_slice() {
                [l] => Ok(AttributeKind::Export(self.farity_list(l, name, pos)?)),
                _ => Err(bad_decl(self)),
            },
            "import" => match es.as_slice() {
                [Expr::Atom(_, m), l] => Ok(AttributeKind::Import {
                    module: m.clone(),
                    functions: self.farity_list(l, name, pos)?,
                }),
                _ => Err(bad_decl(self)),
            },
            "record" => match es.as_slice() {
                [Expr::Atom(..), Expr::Tuple(tpos, fields)] => {
                    let rname = es[0].clone();
                    let fields = fields.iter().map(|f| (f.clone(), None)).collect();
                    let _ = tpos;
                    self.build_record(pos, rname, fields)
                }
                _ => Err(bad_decl(self)),
            },
            "feature" if es.len() == 2 => match es.as_slice() {
                [Expr::Atom(_, f), Expr::Atom(_, a)] => Ok(AttributeKind::Other {
                    name: name.to_string(),
                    value: Term::Tuple(vec![Term::atom(f), Term::atom(a)]),
                }),
                _ => Err(bad_decl(self)),
            },
            "file" => match es.as_slice() {
                [Expr::String(_, f), Expr::Integer(_, Int::Small(l))] => Ok(AttributeKind::File {
                    name: f.clone(),
                    line: (*l).clamp(0, u32::MAX as i64) as u32,
                }),
                _ => Err(bad_decl(self)),
            },
            _ => {
                if es.len() != 1 {
                    let p = es.get(1).map(Expr::pos).unwrap_or(pos);
                    return Err(self.error_at(p, "bad attribute"));
                }
                let e = &es[0];
                match normalise(&farity(e)) {
                    Some(value) => {
                        if name == "export_type" {
                            if let Ok(l) = self.farity_list(e, name, pos) {
                                return Ok(AttributeKind::ExportType(l));
                            }
                        }
                        Ok(AttributeKind::Other {
                            name: name.to_string(),
                            value,
                        })
                    }
                    None => Err(self.error_at(e.pos(), "bad attribute")),
                }
            }
        }
    }

    /// `[f/1, g/2]` in export and import lists.
    fn farity_list(&self, mut e: &Expr, name: &str, pos: Pos) -> PResult<Vec<FunRef>> {
        let mut v = Vec::new();
        loop {
            match e {
                Expr::Nil(_) => return Ok(v),
                Expr::Cons(_, h, t) => {
                    match &**h {
                        Expr::BinOp(_, BinOp::FDiv, f, a) => match (&**f, &**a) {
                            (Expr::Atom(fp, f), Expr::Integer(_, Int::Small(n)))
                                if (0..=255).contains(n) || *n >= 0 =>
                            {
                                v.push(FunRef {
                                    pos: *fp,
                                    name: f.clone(),
                                    arity: (*n).min(u32::MAX as i64) as u32,
                                })
                            }
                            (Expr::Atom(..), other) => {
                                return Err(self.error_at(other.pos(), "bad function arity"))
                            }
                            (other, _) => {
                                return Err(self.error_at(other.pos(), "bad function name"))
                            }
                        },
                        _ => return Err(self.error_at(pos, format!("bad {name} declaration"))),
                    }
                    e = t;
                }
                _ => return Err(self.error_at(pos, format!("bad {name} declaration"))),
            }
        }
    }

    fn build_record(
        &self,
        pos: Pos,
        rname: Expr,
        fields: Vec<(Expr, Option<Type>)>,
    ) -> PResult<AttributeKind> {
        let name = match rname {
            Expr::Atom(_, n) => n,
            _ => return Err(self.error_at(pos, "bad record declaration")),
        };
        let mut out = Vec::new();
        for (e, ty) in fields {
            match e {
                Expr::Atom(p, f) => out.push(RecordFieldDecl {
                    pos: p,
                    name: f,
                    default: None,
                    ty,
                }),
                Expr::Match(_, l, d) => match *l {
                    Pattern::Atom(p, f) => out.push(RecordFieldDecl {
                        pos: p,
                        name: f,
                        default: Some(*d),
                        ty,
                    }),
                    other => return Err(self.error_at(other.pos(), "bad record field")),
                },
                other => return Err(self.error_at(other.pos(), "bad record field")),
            }
        }
        Ok(AttributeKind::Record(RecordDecl { name, fields: out }))
    }

    fn build_type_def(
        &self,
        pos: Pos,
        name: &str,
        head: Expr,
        body: Type,
    ) -> PResult<AttributeKind> {
        if name != "type" && name != "opaque" {
            return Err(self.error_at(pos, format!("bad {name} declaration")));
        }
        let (tname, args) = match head {
            Expr::Call(_, f, args) => match *f {
                Expr::Atom(_, n) => (n, args),
                _ => return Err(self.error_at(pos, format!("bad {name} declaration"))),
            },
            _ => return Err(self.error_at(pos, format!("bad {name} declaration"))),
        };
        let mut params = Vec::new();
        for a in args {
            match a {
                Expr::Var(p, v) if v != "_" => params.push(Type::Var(p, v)),
                other => return Err(self.error_at(other.pos(), "bad type variable")),
            }
        }
        Ok(AttributeKind::Type(TypeDecl {
            opaque: name == "opaque",
            name: tname,
            params,
            body,
        }))
    }

    /// `spec_fun type_sigs`, possibly in parentheses.
    fn type_spec(&mut self, callback: bool) -> PResult<SpecDecl> {
        let paren = self.at("(") && !matches!(self.peek2_tok(), Some(Tok::Sym("(" | ")")));
        if paren {
            self.advance();
        }
        let first = match self.peek_tok() {
            Some(Tok::Atom(a)) => a.clone(),
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        let (module, name) = if self.eat(":") {
            match self.peek_tok() {
                Some(Tok::Atom(a)) => {
                    let a = a.clone();
                    self.advance();
                    (Some(first), a)
                }
                _ => return Err(self.syntax_error()),
            }
        } else {
            (None, first)
        };
        let mut clauses = Vec::new();
        loop {
            let mut ft = self.fun_type()?;
            if self.eat("when") {
                loop {
                    ft.constraints.push(self.type_guard()?);
                    if !self.eat(",") {
                        break;
                    }
                }
            }
            clauses.push(ft);
            if !self.eat(";") {
                break;
            }
        }
        if paren {
            self.expect(")")?;
        }
        let arity = clauses
            .first()
            .and_then(|c| c.args.as_ref())
            .map_or(0, |a| a.len() as u32);
        Ok(SpecDecl {
            callback,
            module,
            name,
            arity,
            clauses,
        })
    }

    /// `atom '(' top_types ')'` or `var '::' top_type`.
    fn type_guard(&mut self) -> PResult<Constraint> {
        let pos = self.pos();
        match self.peek_tok() {
            Some(Tok::Atom(a)) => {
                let a = a.clone();
                self.advance();
                self.expect("(")?;
                let args = self.top_types()?;
                self.expect(")")?;
                let pos = args.first().map_or(pos, super::types::min_pos);
                Ok(Constraint {
                    pos,
                    name: a,
                    name_pos: pos,
                    args,
                })
            }
            Some(Tok::Var(v)) => {
                let v = v.clone();
                self.advance();
                self.expect("::")?;
                let t = self.top_type()?;
                Ok(Constraint {
                    pos,
                    name: "is_subtype".to_string(),
                    name_pos: pos,
                    args: vec![Type::Var(pos, v), t],
                })
            }
            _ => Err(self.syntax_error()),
        }
    }
}

/// erl_parse's attribute_farity: `f/1` becomes `{f,1}` at the top, in lists and tuples.
fn farity(e: &Expr) -> Expr {
    match e {
        Expr::BinOp(p, BinOp::FDiv, f, a)
            if matches!(**f, Expr::Atom(..)) && matches!(**a, Expr::Integer(..)) =>
        {
            Expr::Tuple(*p, vec![(**f).clone(), (**a).clone()])
        }
        Expr::Cons(p, h, t) => Expr::Cons(*p, Box::new(farity(h)), Box::new(farity(t))),
        Expr::Tuple(p, es) => Expr::Tuple(*p, es.iter().map(farity).collect()),
        Expr::Map(p, fs) => Expr::Map(
            *p,
            fs.iter()
                .map(|f| MapField {
                    pos: f.pos,
                    exact: f.exact,
                    key: farity(&f.key),
                    value: farity(&f.value),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// erl_parse:normalise/1: a literal expression to the term it denotes.
pub(crate) fn normalise(e: &Expr) -> Option<Term> {
    Some(match e {
        Expr::Atom(_, a) => Term::atom(a),
        Expr::Integer(_, i) => int_term(i),
        Expr::Char(_, c) => Term::Int(*c as i64),
        Expr::Float(_, f) => Term::Float(*f),
        Expr::String(_, s) => Term::string(s),
        Expr::Nil(_) => Term::Nil,
        Expr::Cons(..) => {
            let mut items = Vec::new();
            let mut cur = e;
            while let Expr::Cons(_, h, t) = cur {
                items.push(normalise(h)?);
                cur = t;
            }
            let tail = normalise(cur)?;
            match tail {
                Term::Nil => Term::List(items, Box::new(Term::Nil)),
                Term::List(more, t) => {
                    items.extend(more);
                    Term::List(items, t)
                }
                t => Term::List(items, Box::new(t)),
            }
        }
        Expr::Tuple(_, es) => Term::Tuple(es.iter().map(normalise).collect::<Option<_>>()?),
        Expr::Map(_, fs) => Term::Map(
            fs.iter()
                .map(|f| {
                    if f.exact {
                        None
                    } else {
                        Some((normalise(&f.key)?, normalise(&f.value)?))
                    }
                })
                .collect::<Option<_>>()?,
        ),
        Expr::Bin(_, elems) => {
            let mut bytes = Vec::new();
            for el in elems {
                if el.size.is_some() || el.types.is_some() {
                    return None;
                }
                match &el.value {
                    Expr::Integer(_, Int::Small(n)) => bytes.push(*n as u8),
                    Expr::Char(_, c) => bytes.push(*c as u32 as u8),
                    Expr::String(_, s) => bytes.extend(s.chars().map(|c| c as u32 as u8)),
                    _ => return None,
                }
            }
            Term::Binary(bytes)
        }
        Expr::UnOp(_, UnOp::Minus, x) => match normalise(x)? {
            Term::Int(i) => match i.checked_neg() {
                Some(n) => Term::Int(n),
                None => Term::BigInt(-num_bigint::BigInt::from(i)),
            },
            Term::BigInt(b) => {
                let n = -b;
                match i64::try_from(&n) {
                    Ok(i) => Term::Int(i),
                    Err(_) => Term::BigInt(n),
                }
            }
            Term::Float(f) => Term::Float(-f),
            _ => return None,
        },
        Expr::UnOp(_, UnOp::Plus, x) => match normalise(x)? {
            t @ (Term::Int(_) | Term::BigInt(_) | Term::Float(_)) => t,
            _ => return None,
        },
        Expr::RemoteFunRef(_, m, f, a) => match (&**m, &**f, &**a) {
            (Expr::Atom(_, m), Expr::Atom(_, f), Expr::Integer(_, Int::Small(n)))
                if (0..=255).contains(n) =>
            {
                Term::ExportFun {
                    module: ferl_etf::Atom::new(m.clone()),
                    function: ferl_etf::Atom::new(f.clone()),
                    arity: *n as u8,
                }
            }
            _ => return None,
        },
        _ => return None,
    })
}

pub(crate) fn int_term(i: &Int) -> Term {
    match i {
        Int::Small(n) => Term::Int(*n),
        Int::Big(b) => Term::BigInt(b.clone()),
    }
}
