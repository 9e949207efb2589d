//! Expressions: erl_parse's operator precedence, the postfix chains (calls, remote calls,
//! record and map operations) and every compound expression.
//!
//! Precedences are erl_parse's: `catch` 0 (prefix, extends as far as it can), `=` and `!`
//! 100 right, `orelse` 150 right, `andalso` 160 right, comparisons 200 non-associative,
//! `++ --` 300 right, additive 400 left, multiplicative 500 left, prefix operators 600.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

#[derive(Clone, Copy, PartialEq)]
enum Assoc {
    Left,
    Right,
    Non,
}

/// The binary operator at a token, with its precedence and associativity.
fn binop(tok: &Tok) -> Option<(BinOp, u32, Assoc)> {
    use BinOp::*;
    let s = match tok {
        Tok::Sym(s) => *s,
        _ => return None,
    };
    Some(match s {
        "!" => (Send, 100, Assoc::Right),
        "orelse" => (OrElse, 150, Assoc::Right),
        "andalso" => (AndAlso, 160, Assoc::Right),
        "==" => (Eq, 200, Assoc::Non),
        "/=" => (Ne, 200, Assoc::Non),
        "=<" => (Le, 200, Assoc::Non),
        "<" => (Lt, 200, Assoc::Non),
        ">=" => (Ge, 200, Assoc::Non),
        ">" => (Gt, 200, Assoc::Non),
        "=:=" => (ExactEq, 200, Assoc::Non),
        "=/=" => (ExactNe, 200, Assoc::Non),
        "++" => (Append, 300, Assoc::Right),
        "--" => (Subtract, 300, Assoc::Right),
        "+" => (Add, 400, Assoc::Left),
        "-" => (Sub, 400, Assoc::Left),
        "bor" => (Bor, 400, Assoc::Left),
        "bxor" => (Bxor, 400, Assoc::Left),
        "bsl" => (Bsl, 400, Assoc::Left),
        "bsr" => (Bsr, 400, Assoc::Left),
        "or" => (Or, 400, Assoc::Left),
        "xor" => (Xor, 400, Assoc::Left),
        "*" => (Mul, 500, Assoc::Left),
        "/" => (FDiv, 500, Assoc::Left),
        "div" => (Div, 500, Assoc::Left),
        "rem" => (Rem, 500, Assoc::Left),
        "band" => (Band, 500, Assoc::Left),
        "and" => (And, 500, Assoc::Left),
        _ => return None,
    })
}

pub(crate) fn prefix_op(tok: &Tok) -> Option<UnOp> {
    match tok {
        Tok::Sym("+") => Some(UnOp::Plus),
        Tok::Sym("-") => Some(UnOp::Minus),
        Tok::Sym("bnot") => Some(UnOp::Bnot),
        Tok::Sym("not") => Some(UnOp::Not),
        _ => None,
    }
}

const MATCH_PREC: u32 = 100;
const PREFIX_PREC: u32 = 600;

impl Parser<'_> {
    /// `exprs -> expr (',' expr)*`.
    pub(crate) fn exprs(&mut self) -> PResult<Vec<Expr>> {
        let mut v = vec![self.expr()?];
        while self.eat(",") {
            v.push(self.expr()?);
        }
        Ok(v)
    }

    pub(crate) fn expr(&mut self) -> PResult<Expr> {
        self.expr_prec(0, false)
    }

    /// A pattern in the restricted `pat_expr` grammar (function and fun heads, try-catch).
    pub(crate) fn pat_expr(&mut self) -> PResult<Pattern> {
        let e = self.expr_prec(0, true)?;
        Ok(self.as_pattern(e))
    }

    /// An operator expression whose operators bind at least as tightly as `min`.
    /// `pat` selects the pattern grammar: no `catch`, `!`, `andalso`, `orelse`, calls,
    /// or postfix record and map operations.
    fn expr_prec(&mut self, min: u32, pat: bool) -> PResult<Expr> {
        self.enter()?;
        let r = self.expr_prec_inner(min, pat);
        self.leave();
        r
    }

    fn expr_prec_inner(&mut self, min: u32, pat: bool) -> PResult<Expr> {
        let pos = self.pos();
        let lhs = if !pat && self.at("catch") {
            self.advance();
            let e = self.expr_prec(0, false)?;
            Expr::Catch(pos, Box::new(e))
        } else if let Some(op) = self.peek_tok().and_then(prefix_op) {
            self.advance();
            let e = self.expr_prec(PREFIX_PREC, pat)?;
            Expr::UnOp(pos, op, Box::new(e))
        } else if pat {
            self.pat_primary()?
        } else {
            self.expr_700()?
        };
        self.binop_loop(lhs, min, pat)
    }

    /// Continues an expression whose first operand (a parenthesised one) is parsed.
    pub(crate) fn continue_expr(&mut self, first: Expr) -> PResult<Expr> {
        self.binop_loop(first, 0, false)
    }

    fn binop_loop(&mut self, mut lhs: Expr, min: u32, pat: bool) -> PResult<Expr> {
        let mut last_non: Option<u32> = None;
        while let Some(tok) = self.peek_tok() {
            let (op, prec, assoc) = if matches!(tok, Tok::Sym("=")) {
                (None, MATCH_PREC, Assoc::Right)
            } else {
                match binop(tok) {
                    Some((op, p, a)) => (Some(op), p, a),
                    None => break,
                }
            };
            if pat && matches!(op, Some(BinOp::Send | BinOp::AndAlso | BinOp::OrElse)) {
                break;
            }
            if prec < min {
                break;
            }
            if assoc == Assoc::Non && last_non == Some(prec) {
                return Err(self.syntax_error());
            }
            let pos = self.pos();
            self.advance();
            let next_min = if assoc == Assoc::Right {
                prec
            } else {
                prec + 1
            };
            let rhs = self.expr_prec(next_min, pat)?;
            lhs = match op {
                None => {
                    let p = self.as_pattern(lhs);
                    Expr::Match(p.first_pos(), Box::new(p), Box::new(rhs))
                }
                Some(op) => Expr::BinOp(pos, op, Box::new(lhs), Box::new(rhs)),
            };
            if assoc == Assoc::Non {
                last_non = Some(prec);
            }
        }
        Ok(lhs)
    }

    /// `map_expr | record_expr | function_call | expr_800`.
    fn expr_700(&mut self) -> PResult<Expr> {
        if self.at("#") {
            let pos = self.pos();
            self.advance();
            if self.at("{") {
                let fields = self.map_tuple()?;
                return self.map_chain(Expr::Map(pos, fields));
            }
            let e = self.record_after_hash(pos, None)?;
            return self.record_chain(e);
        }
        let e = self.expr_max()?;
        if self.at(":") {
            let pos = self.pos();
            self.advance();
            let f = self.expr_max()?;
            let mpos = e.first_pos();
            let remote = Expr::Remote(pos, Box::new(e), Box::new(f));
            if self.at("(") {
                let args = self.argument_list()?;
                return Ok(Expr::Call(mpos, Box::new(remote), args));
            }
            return Ok(remote);
        }
        if self.at("(") {
            let pos = e.first_pos();
            let args = self.argument_list()?;
            return Ok(Expr::Call(pos, Box::new(e), args));
        }
        if self.at("#") {
            let pos = self.pos();
            self.advance();
            if self.at("{") {
                let fields = self.map_tuple()?;
                return self.map_chain(Expr::MapUpdate(pos, Box::new(e), fields));
            }
            let r = self.record_after_hash(pos, Some(e))?;
            return self.record_chain(r);
        }
        Ok(e)
    }

    /// `map_expr '#' map_tuple` repeated.
    fn map_chain(&mut self, mut e: Expr) -> PResult<Expr> {
        while self.at("#") {
            let pos = self.pos();
            self.advance();
            if !self.at("{") {
                return Err(self.syntax_error());
            }
            let fields = self.map_tuple()?;
            e = Expr::MapUpdate(pos, Box::new(e), fields);
        }
        Ok(e)
    }

    /// `record_expr '#' atom ('.' atom | record_tuple)` repeated.
    fn record_chain(&mut self, mut e: Expr) -> PResult<Expr> {
        while self.at("#") {
            let pos = self.pos();
            self.advance();
            e = self.record_after_hash(pos, Some(e))?;
        }
        Ok(e)
    }

    /// After `#`: `atom '.' atom` or `atom record_tuple`.
    fn record_after_hash(&mut self, pos: Pos, base: Option<Expr>) -> PResult<Expr> {
        let name = match self.peek_tok() {
            Some(Tok::Atom(a)) => a.clone(),
            _ => return Err(self.syntax_error()),
        };
        self.advance();
        if self.at(".") {
            self.advance();
            let fpos = self.pos();
            let field = match self.peek_tok() {
                Some(Tok::Atom(a)) => a.clone(),
                _ => return Err(self.syntax_error()),
            };
            self.advance();
            return Ok(match base {
                None => Expr::RecordIndex(pos, name, fpos, field),
                Some(b) => Expr::RecordAccess(pos, Box::new(b), name, fpos, field),
            });
        }
        if !self.at("{") {
            return Err(self.syntax_error());
        }
        let fields = self.record_tuple()?;
        Ok(match base {
            None => Expr::Record(pos, name, fields),
            Some(b) => Expr::RecordUpdate(pos, Box::new(b), name, fields),
        })
    }

    /// `'{' [record_field (',' record_field)*] '}'` with `record_field -> (var|atom) '=' expr`.
    fn record_tuple(&mut self) -> PResult<Vec<RecordField<Expr>>> {
        self.expect("{")?;
        let mut v = Vec::new();
        if self.eat("}") {
            return Ok(v);
        }
        loop {
            let pos = self.pos();
            let name = match self.peek_tok() {
                Some(Tok::Atom(a)) => RecordFieldName::Field(pos, a.clone()),
                Some(Tok::Var(x)) => RecordFieldName::Var(pos, x.clone()),
                _ => return Err(self.syntax_error()),
            };
            self.advance();
            self.expect("=")?;
            let value = self.expr()?;
            v.push(RecordField { pos, name, value });
            if self.eat("}") {
                return Ok(v);
            }
            self.expect(",")?;
        }
    }

    /// `'{' [map_field (',' map_field)*] '}'`.
    fn map_tuple(&mut self) -> PResult<Vec<MapField>> {
        self.expect("{")?;
        let mut v = Vec::new();
        if self.eat("}") {
            return Ok(v);
        }
        loop {
            let key = self.expr()?;
            let pos = self.pos();
            let exact = if self.eat("=>") {
                false
            } else if self.eat(":=") {
                true
            } else {
                return Err(self.syntax_error());
            };
            let value = self.expr()?;
            v.push(MapField {
                pos,
                exact,
                key,
                value,
            });
            if self.eat("}") {
                return Ok(v);
            }
            self.expect(",")?;
        }
    }

    /// `'(' [exprs] ')'`.
    pub(crate) fn argument_list(&mut self) -> PResult<Vec<Expr>> {
        self.expect("(")?;
        if self.eat(")") {
            return Ok(Vec::new());
        }
        let v = self.exprs()?;
        self.expect(")")?;
        Ok(v)
    }

    /// `'(' [pat_exprs] ')'`.
    pub(crate) fn pat_argument_list(&mut self) -> PResult<Vec<Pattern>> {
        self.expect("(")?;
        let mut v = Vec::new();
        if self.eat(")") {
            return Ok(v);
        }
        loop {
            v.push(self.pat_expr()?);
            if self.eat(")") {
                return Ok(v);
            }
            self.expect(",")?;
        }
    }

    /// The primary of a pattern: `pat_expr_max`, `#{...}`, `#r{...}`, `#r.f`.
    fn pat_primary(&mut self) -> PResult<Expr> {
        if self.at("#") {
            let pos = self.pos();
            self.advance();
            if self.at("{") {
                let fields = self.map_tuple()?;
                return self.map_chain(Expr::Map(pos, fields));
            }
            return self.record_after_hash(pos, None);
        }
        match self.peek_tok() {
            Some(Tok::Sym("(")) => {
                self.advance();
                let e = self.expr_prec(0, true)?;
                self.expect(")")?;
                Ok(e)
            }
            Some(Tok::Sym("[" | "<<" | "{")) | Some(Tok::Var(_)) => self.expr_max(),
            Some(Tok::Atom(_) | Tok::Char(_) | Tok::Integer(_) | Tok::Float(_))
            | Some(Tok::String(_)) => self.expr_max(),
            _ => Err(self.syntax_error()),
        }
    }

    /// `expr_max`: variables, literals, lists, binaries, tuples, parentheses, blocks and
    /// the compound expressions.
    pub(crate) fn expr_max(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expr_max_inner();
        self.leave();
        r
    }

    fn expr_max_inner(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        let Some(tok) = self.peek_tok() else {
            return Err(self.syntax_error());
        };
        match tok {
            Tok::Var(v) => {
                let v = v.clone();
                self.advance();
                Ok(Expr::Var(pos, v))
            }
            Tok::Atom(a) => {
                let a = a.clone();
                self.advance();
                Ok(Expr::Atom(pos, a))
            }
            Tok::Char(c) => {
                let c = *c;
                self.advance();
                Ok(Expr::Char(pos, c))
            }
            Tok::Integer(i) => {
                let i = i.clone();
                self.advance();
                Ok(Expr::Integer(pos, i))
            }
            Tok::Float(f) => {
                let f = *f;
                self.advance();
                Ok(Expr::Float(pos, f))
            }
            Tok::String(_) => {
                let mut s = String::new();
                while let Some(Tok::String(x)) = self.peek_tok() {
                    s.push_str(x);
                    self.advance();
                }
                Ok(Expr::String(pos, s))
            }
            Tok::Sym("[") => self.list(),
            Tok::Sym("<<") => self.binary(),
            Tok::Sym("{") => {
                self.advance();
                if self.eat("}") {
                    return Ok(Expr::Tuple(pos, Vec::new()));
                }
                let es = self.exprs()?;
                self.expect("}")?;
                Ok(Expr::Tuple(pos, es))
            }
            Tok::Sym("(") => {
                self.advance();
                let e = self.expr()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Sym("begin") => {
                self.advance();
                let es = self.exprs()?;
                self.expect("end")?;
                Ok(Expr::Block(pos, es))
            }
            Tok::Sym("if") => {
                self.advance();
                let mut clauses = Vec::new();
                loop {
                    let cpos = self.pos();
                    let guards = self.guard()?;
                    let body = self.clause_body()?;
                    clauses.push(Clause {
                        pos: cpos,
                        patterns: Vec::new(),
                        guards,
                        body,
                    });
                    if !self.eat(";") {
                        break;
                    }
                }
                self.expect("end")?;
                Ok(Expr::If(pos, clauses))
            }
            Tok::Sym("case") => {
                self.advance();
                let e = self.expr()?;
                self.expect("of")?;
                let clauses = self.cr_clauses()?;
                self.expect("end")?;
                Ok(Expr::Case(pos, Box::new(e), clauses))
            }
            Tok::Sym("receive") => self.receive(),
            Tok::Sym("fun") => self.fun_expr(),
            Tok::Sym("try") => self.try_expr(),
            Tok::Sym("maybe") => self.maybe_expr(),
            _ => Err(self.syntax_error()),
        }
    }

    fn list(&mut self) -> PResult<Expr> {
        let pos = self.expect("[")?;
        if self.at("]") {
            self.advance();
            return Ok(Expr::Nil(pos));
        }
        let first = self.expr()?;
        if self.eat("||") {
            let quals = self.lc_exprs()?;
            self.expect("]")?;
            return Ok(Expr::ListComp(pos, Box::new(first), quals));
        }
        let mut elems = vec![(pos, first)];
        let tail;
        loop {
            if self.eat(",") {
                let e = self.expr()?;
                elems.push((e.first_pos(), e));
            } else if self.eat("|") {
                tail = self.expr()?;
                self.expect("]")?;
                break;
            } else {
                let p = self.expect("]")?;
                tail = Expr::Nil(p);
                break;
            }
        }
        Ok(elems
            .into_iter()
            .rev()
            .fold(tail, |t, (p, h)| Expr::Cons(p, Box::new(h), Box::new(t))))
    }

    /// `lc_expr (',' lc_expr)*` with `lc_expr -> expr | expr '<-' expr | binary '<=' expr`.
    fn lc_exprs(&mut self) -> PResult<Vec<Qualifier>> {
        let mut v = Vec::new();
        loop {
            let start = self.pos();
            let e = self.expr()?;
            if self.at("<-") {
                let pos = self.pos();
                self.advance();
                let p = self.as_pattern(e);
                let src = self.expr()?;
                v.push(Qualifier::Generator(pos, p, src));
            } else if self.at("<=") && matches!(&e, Expr::Bin(p, _) if *p == start) {
                let pos = self.pos();
                self.advance();
                let p = self.as_pattern(e);
                let src = self.expr()?;
                v.push(Qualifier::BitGenerator(pos, p, src));
            } else {
                v.push(Qualifier::Filter(e));
            }
            if !self.eat(",") {
                return Ok(v);
            }
        }
    }

    fn binary(&mut self) -> PResult<Expr> {
        let pos = self.expect("<<")?;
        if self.eat(">>") {
            return Ok(Expr::Bin(pos, Vec::new()));
        }
        let mut elems = Vec::new();
        loop {
            let epos = self.pos();
            let value = if let Some(op) = self.peek_tok().and_then(prefix_op) {
                self.advance();
                let e = self.expr_max()?;
                Expr::UnOp(epos, op, Box::new(e))
            } else {
                let e = self.expr_max()?;
                if elems.is_empty() && self.at("||") {
                    self.advance();
                    let quals = self.lc_exprs()?;
                    self.expect(">>")?;
                    return Ok(Expr::BinComp(pos, Box::new(e), quals));
                }
                e
            };
            let size = if self.eat(":") {
                Some(self.expr_max()?)
            } else {
                None
            };
            let types = if self.eat("/") {
                Some(self.bit_type_list()?)
            } else {
                None
            };
            let epos = if matches!(value, Expr::UnOp(..)) {
                epos
            } else {
                value.first_pos()
            };
            elems.push(BinElement {
                pos: epos,
                value,
                size,
                types,
            });
            if self.eat(">>") {
                return Ok(Expr::Bin(pos, elems));
            }
            self.expect(",")?;
        }
    }

    pub(crate) fn bit_type_list(&mut self) -> PResult<Vec<BinTypeSpec>> {
        let mut v = Vec::new();
        loop {
            let name = match self.peek_tok() {
                Some(Tok::Atom(a)) => a.clone(),
                _ => return Err(self.syntax_error()),
            };
            self.advance();
            let value = if self.eat(":") {
                match self.peek_tok() {
                    Some(Tok::Integer(i)) => {
                        let i = i.clone();
                        self.advance();
                        Some(i)
                    }
                    _ => return Err(self.syntax_error()),
                }
            } else {
                None
            };
            v.push(BinTypeSpec { name, value });
            if !self.eat("-") {
                return Ok(v);
            }
        }
    }

    /// `['when' guard]`.
    pub(crate) fn clause_guard(&mut self) -> PResult<Guards> {
        if self.eat("when") {
            self.guard()
        } else {
            Ok(Vec::new())
        }
    }

    /// `exprs (';' exprs)*`.
    fn guard(&mut self) -> PResult<Guards> {
        let mut v = vec![self.exprs()?];
        while self.at(";") {
            self.advance();
            v.push(self.exprs()?);
        }
        Ok(v)
    }

    pub(crate) fn clause_body(&mut self) -> PResult<Vec<Expr>> {
        self.expect("->")?;
        self.exprs()
    }

    /// `cr_clause (';' cr_clause)*` with `cr_clause -> expr clause_guard clause_body`.
    fn cr_clauses(&mut self) -> PResult<Vec<Clause>> {
        let mut v = Vec::new();
        loop {
            let e = self.expr()?;
            let pos = e.first_pos();
            let p = self.as_pattern(e);
            let guards = self.clause_guard()?;
            let body = self.clause_body()?;
            v.push(Clause {
                pos,
                patterns: vec![p],
                guards,
                body,
            });
            if !self.eat(";") {
                return Ok(v);
            }
        }
    }

    fn receive(&mut self) -> PResult<Expr> {
        let pos = self.expect("receive")?;
        let clauses = if self.at("after") {
            Vec::new()
        } else {
            self.cr_clauses()?
        };
        let after = if self.eat("after") {
            let timeout = self.expr()?;
            let body = self.clause_body()?;
            Some(Box::new(ReceiveAfter { timeout, body }))
        } else {
            None
        };
        self.expect("end")?;
        Ok(Expr::Receive(pos, clauses, after))
    }

    fn fun_expr(&mut self) -> PResult<Expr> {
        let pos = self.expect("fun")?;
        match (self.peek_tok(), self.peek2_tok()) {
            (Some(Tok::Atom(name)), Some(Tok::Sym("/"))) => {
                let name = name.clone();
                self.advance();
                self.advance();
                match self.peek_tok() {
                    Some(Tok::Integer(Int::Small(n))) if (0..=u32::MAX as i64).contains(n) => {
                        let n = *n as u32;
                        self.advance();
                        Ok(Expr::FunRef(pos, name, n))
                    }
                    _ => Err(self.syntax_error()),
                }
            }
            (Some(Tok::Atom(_) | Tok::Var(_)), Some(Tok::Sym(":"))) => {
                let m = self.atom_or_var()?;
                self.expect(":")?;
                let f = self.atom_or_var()?;
                self.expect("/")?;
                let a = match self.peek_tok() {
                    Some(Tok::Integer(_) | Tok::Var(_)) => self.expr_max()?,
                    _ => return Err(self.syntax_error()),
                };
                Ok(Expr::RemoteFunRef(
                    pos,
                    Box::new(m),
                    Box::new(f),
                    Box::new(a),
                ))
            }
            _ => {
                let mut clauses = Vec::new();
                let mut name: Option<String> = None;
                loop {
                    let cpos = self.pos();
                    let this_name = match self.peek_tok() {
                        Some(Tok::Var(v)) => {
                            let v = v.clone();
                            self.advance();
                            Some(v)
                        }
                        _ => None,
                    };
                    if clauses.is_empty() {
                        name = this_name.clone();
                    } else if name != this_name {
                        return Err(self.error_at(cpos, "head mismatch"));
                    }
                    let patterns = self.pat_argument_list()?;
                    let guards = self.clause_guard()?;
                    let body = self.clause_body()?;
                    clauses.push(Clause {
                        pos: cpos,
                        patterns,
                        guards,
                        body,
                    });
                    if !self.eat(";") {
                        break;
                    }
                }
                self.expect("end")?;
                Ok(match name {
                    Some(n) => Expr::NamedFun(pos, n, clauses),
                    None => Expr::Fun(pos, clauses),
                })
            }
        }
    }

    fn atom_or_var(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        match self.peek_tok() {
            Some(Tok::Atom(a)) => {
                let a = a.clone();
                self.advance();
                Ok(Expr::Atom(pos, a))
            }
            Some(Tok::Var(v)) => {
                let v = v.clone();
                self.advance();
                Ok(Expr::Var(pos, v))
            }
            _ => Err(self.syntax_error()),
        }
    }

    fn try_expr(&mut self) -> PResult<Expr> {
        let pos = self.expect("try")?;
        let body = self.exprs()?;
        let of_clauses = if self.eat("of") {
            self.cr_clauses()?
        } else {
            Vec::new()
        };
        let mut catch_clauses = Vec::new();
        let mut after = Vec::new();
        if self.eat("catch") {
            loop {
                catch_clauses.push(self.try_clause()?);
                if !self.eat(";") {
                    break;
                }
            }
            if self.eat("after") {
                after = self.exprs()?;
            }
        } else if self.eat("after") {
            after = self.exprs()?;
        } else {
            return Err(self.syntax_error());
        }
        self.expect("end")?;
        Ok(Expr::Try(
            pos,
            Box::new(Try {
                body,
                of_clauses,
                catch_clauses,
                after,
            }),
        ))
    }

    /// `pat_expr | (atom|var) ':' pat_expr [':' var]`, then guard and body.
    fn try_clause(&mut self) -> PResult<CatchClause> {
        let pos = self.pos();
        let (class, reason, stack) =
            if matches!(self.peek_tok(), Some(Tok::Atom(_) | Tok::Var(_))) && self.at2(":") {
                let class = self.atom_or_var()?;
                let class = self.as_pattern(class);
                self.advance();
                let reason = self.pat_expr()?;
                let stack = if self.eat(":") {
                    let spos = self.pos();
                    match self.peek_tok() {
                        Some(Tok::Var(v)) => {
                            let v = v.clone();
                            self.advance();
                            Some(Pattern::Var(spos, v))
                        }
                        _ => return Err(self.syntax_error()),
                    }
                } else {
                    None
                };
                (Some(class), reason, stack)
            } else {
                (None, self.pat_expr()?, None)
            };
        let guards = self.clause_guard()?;
        let body = self.clause_body()?;
        Ok(CatchClause {
            pos,
            class,
            reason,
            stack,
            guards,
            body,
        })
    }

    fn maybe_expr(&mut self) -> PResult<Expr> {
        let pos = self.expect("maybe")?;
        let mut body = Vec::new();
        loop {
            let e = self.expr()?;
            if self.at("?=") {
                let mpos = self.pos();
                self.advance();
                let p = self.as_pattern(e);
                let rhs = self.expr()?;
                body.push(Expr::MaybeMatch(mpos, Box::new(p), Box::new(rhs)));
            } else {
                body.push(e);
            }
            if !self.eat(",") {
                break;
            }
        }
        let else_pos = self.pos();
        let else_clauses = if self.eat("else") {
            Some((else_pos, self.cr_clauses()?))
        } else {
            None
        };
        self.expect("end")?;
        Ok(Expr::Maybe(pos, body, else_clauses))
    }
}
