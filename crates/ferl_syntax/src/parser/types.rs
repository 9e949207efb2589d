//! The type language of `-type`, `-opaque`, `-spec`, `-callback` and typed record fields.
//!
//! `top_type` is `Var :: top_type`, a union `type | top_type`, or a `type`; inside a
//! `type`, `..` (200, non-associative) binds more loosely than the additive (400) and
//! multiplicative (500) operators, and prefix operators bind tightest.

use super::expr::prefix_op;
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

/// The built-in types (erl_internal:is_type/2), which erl_parse marks `type` and not
/// `user_type`.
const BUILTIN_TYPES: &[(&str, usize)] = &[
    ("any", 0),
    ("arity", 0),
    ("atom", 0),
    ("binary", 0),
    ("bitstring", 0),
    ("bool", 0),
    ("boolean", 0),
    ("byte", 0),
    ("char", 0),
    ("float", 0),
    ("function", 0),
    ("identifier", 0),
    ("integer", 0),
    ("iodata", 0),
    ("iolist", 0),
    ("list", 0),
    ("list", 1),
    ("map", 0),
    ("maybe_improper_list", 0),
    ("maybe_improper_list", 2),
    ("mfa", 0),
    ("module", 0),
    ("neg_integer", 0),
    ("nil", 0),
    ("no_return", 0),
    ("node", 0),
    ("non_neg_integer", 0),
    ("none", 0),
    ("nonempty_binary", 0),
    ("nonempty_bitstring", 0),
    ("nonempty_improper_list", 2),
    ("nonempty_list", 0),
    ("nonempty_list", 1),
    ("nonempty_maybe_improper_list", 0),
    ("nonempty_maybe_improper_list", 2),
    ("nonempty_string", 0),
    ("number", 0),
    ("pid", 0),
    ("port", 0),
    ("pos_integer", 0),
    ("reference", 0),
    ("string", 0),
    ("term", 0),
    ("timeout", 0),
    ("tuple", 0),
];

pub fn is_builtin_type(name: &str, arity: usize) -> bool {
    BUILTIN_TYPES.contains(&(name, arity))
}

impl Parser<'_> {
    pub(crate) fn top_types(&mut self) -> PResult<Vec<Type>> {
        let mut v = vec![self.top_type()?];
        while self.eat(",") {
            v.push(self.top_type()?);
        }
        Ok(v)
    }

    pub(crate) fn top_type(&mut self) -> PResult<Type> {
        self.enter()?;
        let r = self.top_type_inner();
        self.leave();
        r
    }

    fn top_type_inner(&mut self) -> PResult<Type> {
        if let (Some(Tok::Var(v)), true) = (self.peek_tok(), self.at2("::")) {
            let pos = self.pos();
            let v = v.clone();
            self.advance();
            self.advance();
            let t = self.top_type()?;
            return Ok(Type::Annotated(
                pos,
                Box::new(Type::Var(pos, v)),
                Box::new(t),
            ));
        }
        let first = self.type_prec(0)?;
        if !self.at("|") {
            return Ok(first);
        }
        let pos = min_pos(&first);
        let mut members = vec![first];
        while self.eat("|") {
            match self.top_type()? {
                Type::Union(_, ms) => members.extend(ms),
                t => members.push(t),
            }
        }
        Ok(Type::Union(pos, members))
    }

    fn type_prec(&mut self, min: u32) -> PResult<Type> {
        self.enter()?;
        let r = self.type_prec_inner(min);
        self.leave();
        r
    }

    fn type_prec_inner(&mut self, min: u32) -> PResult<Type> {
        let pos = self.pos();
        let mut lhs = if let Some(op) = self.peek_tok().and_then(prefix_op) {
            self.advance();
            let t = self.type_prec(600)?;
            Type::UnOp(pos, op, Box::new(t))
        } else {
            self.type_primary()?
        };
        let mut seen_range = false;
        loop {
            let opos = self.pos();
            let (op, prec) = match self.peek_tok() {
                Some(Tok::Sym("..")) => (None, 200),
                Some(Tok::Sym(s)) => match *s {
                    "+" => (Some(BinOp::Add), 400),
                    "-" => (Some(BinOp::Sub), 400),
                    "bor" => (Some(BinOp::Bor), 400),
                    "bxor" => (Some(BinOp::Bxor), 400),
                    "bsl" => (Some(BinOp::Bsl), 400),
                    "bsr" => (Some(BinOp::Bsr), 400),
                    "or" => (Some(BinOp::Or), 400),
                    "xor" => (Some(BinOp::Xor), 400),
                    "*" => (Some(BinOp::Mul), 500),
                    "/" => (Some(BinOp::FDiv), 500),
                    "div" => (Some(BinOp::Div), 500),
                    "rem" => (Some(BinOp::Rem), 500),
                    "band" => (Some(BinOp::Band), 500),
                    "and" => (Some(BinOp::And), 500),
                    _ => break,
                },
                _ => break,
            };
            if prec < min {
                break;
            }
            if op.is_none() && seen_range {
                return Err(self.syntax_error());
            }
            self.advance();
            let rhs = self.type_prec(prec + 1)?;
            lhs = match op {
                None => {
                    seen_range = true;
                    Type::Range(lhs.pos(), Box::new(lhs), Box::new(rhs))
                }
                Some(op) => Type::BinOp(opos, op, Box::new(lhs), Box::new(rhs)),
            };
        }
        Ok(lhs)
    }

    fn type_primary(&mut self) -> PResult<Type> {
        let pos = self.pos();
        let Some(tok) = self.peek_tok() else {
            return Err(self.syntax_error());
        };
        match tok {
            Tok::Sym("(") => {
                self.advance();
                let t = self.top_type()?;
                self.expect(")")?;
                Ok(t)
            }
            Tok::Var(v) => {
                let v = v.clone();
                self.advance();
                Ok(Type::Var(pos, v))
            }
            Tok::Integer(i) => {
                let i = i.clone();
                self.advance();
                Ok(Type::Integer(pos, i))
            }
            Tok::Char(c) => {
                let c = *c;
                self.advance();
                Ok(Type::Char(pos, c))
            }
            Tok::Atom(a) => {
                let a = a.clone();
                self.advance();
                if self.at(":") {
                    self.advance();
                    let npos = self.pos();
                    let name = match self.peek_tok() {
                        Some(Tok::Atom(n)) => n.clone(),
                        _ => return Err(self.syntax_error()),
                    };
                    self.advance();
                    let args = self.type_args()?;
                    return Ok(Type::Remote {
                        pos,
                        module: (pos, a),
                        name: (npos, name),
                        args,
                    });
                }
                if !self.at("(") {
                    return Ok(Type::Atom(pos, a));
                }
                let args = self.type_args()?;
                Ok(match (a.as_str(), args.len()) {
                    ("tuple", 0) => Type::Tuple(pos, None),
                    ("map", 0) => Type::Map(pos, None),
                    _ => {
                        let builtin = is_builtin_type(&a, args.len());
                        Type::Named {
                            pos,
                            name: a,
                            args,
                            builtin,
                        }
                    }
                })
            }
            Tok::Sym("[") => {
                self.advance();
                if self.eat("]") {
                    return Ok(Type::Nil(pos));
                }
                let t = self.top_type()?;
                if self.eat(",") {
                    self.expect("...")?;
                    self.expect("]")?;
                    return Ok(Type::NonEmptyList(pos, Box::new(t)));
                }
                self.expect("]")?;
                Ok(Type::List(pos, Box::new(t)))
            }
            Tok::Sym("{") => {
                self.advance();
                if self.eat("}") {
                    return Ok(Type::Tuple(pos, Some(Vec::new())));
                }
                let ts = self.top_types()?;
                self.expect("}")?;
                Ok(Type::Tuple(pos, Some(ts)))
            }
            Tok::Sym("#") => {
                self.advance();
                if self.eat("{") {
                    let mut fields = Vec::new();
                    if !self.eat("}") {
                        loop {
                            let key = self.top_type()?;
                            let fpos = self.pos();
                            let exact = if self.eat("=>") {
                                false
                            } else if self.eat(":=") {
                                true
                            } else {
                                return Err(self.syntax_error());
                            };
                            let value = self.top_type()?;
                            fields.push(MapTypeField {
                                pos: fpos,
                                exact,
                                key,
                                value,
                            });
                            if self.eat("}") {
                                break;
                            }
                            self.expect(",")?;
                        }
                    }
                    return Ok(Type::Map(pos, Some(fields)));
                }
                let npos = self.pos();
                let name = match self.peek_tok() {
                    Some(Tok::Atom(n)) => n.clone(),
                    _ => return Err(self.syntax_error()),
                };
                self.advance();
                self.expect("{")?;
                let mut fields = Vec::new();
                if !self.eat("}") {
                    loop {
                        let fpos = self.pos();
                        let fname = match self.peek_tok() {
                            Some(Tok::Atom(n)) => n.clone(),
                            _ => return Err(self.syntax_error()),
                        };
                        self.advance();
                        self.expect("::")?;
                        let ty = self.top_type()?;
                        fields.push(RecordTypeField {
                            pos: fpos,
                            name_pos: fpos,
                            name: fname,
                            ty,
                        });
                        if self.eat("}") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                Ok(Type::Record(pos, npos, name, fields))
            }
            Tok::Sym("<<") => self.binary_type(),
            Tok::Sym("fun") => {
                self.advance();
                self.expect("(")?;
                if self.eat(")") {
                    return Ok(Type::AnyFun(pos));
                }
                let ft = if self.at("(") && matches!(self.peek2_tok(), Some(Tok::Sym("..."))) {
                    let fpos = self.pos();
                    self.advance();
                    self.advance();
                    self.expect(")")?;
                    self.expect("->")?;
                    let ret = self.top_type()?;
                    FunType {
                        pos: fpos,
                        args: None,
                        ret: Box::new(ret),
                        constraints: Vec::new(),
                    }
                } else {
                    self.fun_type()?
                };
                self.expect(")")?;
                Ok(Type::Fun(pos, ft))
            }
            _ => Err(self.syntax_error()),
        }
    }

    fn type_args(&mut self) -> PResult<Vec<Type>> {
        self.expect("(")?;
        if self.eat(")") {
            return Ok(Vec::new());
        }
        let ts = self.top_types()?;
        self.expect(")")?;
        Ok(ts)
    }

    /// `'(' [top_types] ')' '->' top_type`.
    pub(crate) fn fun_type(&mut self) -> PResult<FunType> {
        let pos = self.pos();
        let args = self.type_args()?;
        self.expect("->")?;
        let ret = self.top_type()?;
        Ok(FunType {
            pos,
            args: Some(args),
            ret: Box::new(ret),
            constraints: Vec::new(),
        })
    }

    /// `<<>>`, `<<_:M>>`, `<<_:_*N>>`, `<<_:M, _:_*N>>`.
    fn binary_type(&mut self) -> PResult<Type> {
        let pos = self.expect("<<")?;
        let zero = |p: Pos| Type::Integer(Pos::new(p.line, 0), Int::Small(0));
        if self.eat(">>") {
            return Ok(Type::Binary(pos, Box::new(zero(pos)), Box::new(zero(pos))));
        }
        let (v1pos, v1) = self.type_var()?;
        self.expect(":")?;
        let mut size = zero(pos);
        let unit;
        if let (Some(Tok::Var(_)), true) = (self.peek_tok(), self.at2("*")) {
            let (v2pos, v2) = self.type_var()?;
            self.advance();
            let u = self.type_prec(0)?;
            self.check_underscore(v1pos, &v1)?;
            self.check_underscore(v2pos, &v2)?;
            unit = u;
        } else {
            size = self.type_prec(0)?;
            self.check_underscore(v1pos, &v1)?;
            if self.eat(",") {
                let (apos, a) = self.type_var()?;
                self.expect(":")?;
                let (bpos, b) = self.type_var()?;
                self.expect("*")?;
                let u = self.type_prec(0)?;
                self.check_underscore(apos, &a)?;
                self.check_underscore(bpos, &b)?;
                unit = u;
            } else {
                unit = zero(pos);
            }
        }
        self.expect(">>")?;
        Ok(Type::Binary(pos, Box::new(size), Box::new(unit)))
    }

    fn type_var(&mut self) -> PResult<(Pos, String)> {
        let pos = self.pos();
        match self.peek_tok() {
            Some(Tok::Var(v)) => {
                let v = v.clone();
                self.advance();
                Ok((pos, v))
            }
            _ => Err(self.syntax_error()),
        }
    }

    fn check_underscore(&mut self, pos: Pos, v: &str) -> PResult<()> {
        if v == "_" {
            Ok(())
        } else {
            Err(self.error_at(pos, "Bad binary type"))
        }
    }
}

/// Orders positions as Erlang orders annotations: a line-only annotation (an integer)
/// before any `{Line, Column}` tuple.
fn anno_key(p: Pos) -> (bool, u32, u32) {
    (p.col != 0, p.line, p.col)
}

/// The smallest annotation in a type, which erl_parse gives a union.
pub(crate) fn min_pos(t: &Type) -> Pos {
    let mut best = t.pos();
    let mut consider = |p: Pos| {
        if anno_key(p) < anno_key(best) {
            best = p;
        }
    };
    match t {
        Type::Annotated(_, a, b)
        | Type::Range(_, a, b)
        | Type::BinOp(_, _, a, b)
        | Type::Binary(_, a, b) => {
            consider(min_pos(a));
            consider(min_pos(b));
        }
        Type::UnOp(_, _, a) | Type::List(_, a) | Type::NonEmptyList(_, a) => consider(min_pos(a)),
        Type::Union(_, ts) | Type::Tuple(_, Some(ts)) => {
            ts.iter().for_each(|x| consider(min_pos(x)))
        }
        Type::Named { args, .. } | Type::Remote { args, .. } => {
            args.iter().for_each(|x| consider(min_pos(x)))
        }
        Type::Map(_, Some(fs)) => fs.iter().for_each(|f| {
            consider(f.pos);
            consider(min_pos(&f.key));
            consider(min_pos(&f.value));
        }),
        Type::Record(_, np, _, fs) => {
            consider(*np);
            fs.iter().for_each(|f| {
                consider(f.pos);
                consider(min_pos(&f.ty));
            })
        }
        Type::Fun(_, ft) => {
            consider(ft.pos);
            if let Some(a) = &ft.args {
                a.iter().for_each(|x| consider(min_pos(x)));
            }
            consider(min_pos(&ft.ret));
        }
        _ => {}
    }
    best
}
