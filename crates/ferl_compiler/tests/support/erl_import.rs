//! Test support only: reads a module's abstract forms from real erl (`epp:parse_file`)
//! and converts them into ferl_syntax's AST, so the back end can be tested on real
//! sources independently of Ferl's own parser. Never part of the compiler.

#![allow(dead_code)]

use ferl_etf::Term;
use ferl_syntax::ast::*;
use num_bigint::BigInt;

/// Parses `file` with erl's preprocessor and parser.
pub fn parse_with_erl(file: &str, includes: &[String]) -> Result<ParsedModule, String> {
    let inc: Vec<String> = includes.iter().map(|i| format!("\"{}\"", i)).collect();
    let script = format!(
        "{{ok, Fs}} = epp:parse_file(\"{}\", [{{includes, [{}]}}, {{location, {{1,1}}}}]), \
         io:format(\"~w.~n\", [Fs]), halt().",
        file,
        inc.join(",")
    );
    let out = std::process::Command::new("erl")
        .args(["-noshell", "-eval", &script])
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut p = TermParser {
        s: text.as_bytes(),
        i: 0,
    };
    let t = p
        .term()
        .ok_or_else(|| format!("cannot read forms: {}", text))?;
    let forms = match t {
        Term::List(items, _) => items,
        _ => vec![],
    };
    let mut out = Vec::new();
    for f in &forms {
        if let Some(f) = form(f) {
            out.push(f);
        }
    }
    Ok(ParsedModule {
        file: file.to_string(),
        forms: out,
        warnings: vec![],
    })
}

struct TermParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> TermParser<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i] as char).is_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }
    fn term(&mut self) -> Option<Term> {
        match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Some(Term::Tuple(items));
                }
                loop {
                    items.push(self.term()?);
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(Term::Tuple(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.peek()? == b']' {
                    self.i += 1;
                    return Some(Term::Nil);
                }
                loop {
                    items.push(self.term()?);
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'|' => {
                            self.i += 1;
                            let tail = self.term()?;
                            self.peek();
                            self.i += 1;
                            return Some(Term::List(items, Box::new(tail)));
                        }
                        b']' => {
                            self.i += 1;
                            return Some(Term::List(items, Box::new(Term::Nil)));
                        }
                        _ => return None,
                    }
                }
            }
            b'\'' => {
                self.i += 1;
                let mut name = Vec::new();
                while self.s[self.i] != b'\'' {
                    if self.s[self.i] == b'\\' {
                        self.i += 1;
                        let c = self.s[self.i];
                        name.push(match c {
                            b'n' => b'\n',
                            b't' => b'\t',
                            _ => c,
                        });
                    } else {
                        name.push(self.s[self.i]);
                    }
                    self.i += 1;
                }
                self.i += 1;
                Some(Term::atom(&String::from_utf8_lossy(&name)))
            }
            b'<' => {
                // <<...>> binaries (rare in forms): bytes.
                self.i += 2;
                let mut bytes = Vec::new();
                loop {
                    match self.peek()? {
                        b'>' => {
                            self.i += 2;
                            return Some(Term::Binary(bytes));
                        }
                        b',' => self.i += 1,
                        _ => {
                            if let Term::Int(n) = self.term()? {
                                bytes.push(n as u8)
                            }
                        }
                    }
                }
            }
            b'#' => {
                // #{...} map
                self.i += 2;
                let mut pairs = Vec::new();
                loop {
                    match self.peek()? {
                        b'}' => {
                            self.i += 1;
                            return Some(Term::Map(pairs));
                        }
                        b',' => self.i += 1,
                        _ => {
                            let k = self.term()?;
                            self.peek();
                            self.i += 2;
                            let v = self.term()?;
                            pairs.push((k, v));
                        }
                    }
                }
            }
            c if c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || self.s[self.i] == b'.'
                            && self.s.get(self.i + 1).is_some_and(|d| d.is_ascii_digit())
                        || (self.s[self.i] == b'-' || self.s[self.i] == b'+')
                            && matches!(self.s[self.i - 1], b'e' | b'E'))
                {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                if text.contains('.') || (text.contains('e') && !text.contains('#')) {
                    text.parse::<f64>().ok().map(Term::Float)
                } else if let Ok(n) = text.parse::<i64>() {
                    Some(Term::Int(n))
                } else {
                    text.parse::<BigInt>().ok().map(Term::BigInt)
                }
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || self.s[self.i] == b'_'
                        || self.s[self.i] == b'@')
                {
                    self.i += 1;
                }
                if start == self.i {
                    return None;
                }
                Some(Term::atom(
                    std::str::from_utf8(&self.s[start..self.i]).ok()?,
                ))
            }
        }
    }
}

fn items(t: &Term) -> Vec<Term> {
    match t {
        Term::List(i, _) => i.clone(),
        _ => vec![],
    }
}

fn at(t: &Term) -> String {
    match t {
        Term::Atom(a) => a.as_str().to_string(),
        _ => String::new(),
    }
}

fn int(t: &Term) -> i64 {
    match t {
        Term::Int(i) => *i,
        _ => 0,
    }
}

fn pos(t: &Term) -> Pos {
    match t {
        Term::Tuple(p) if p.len() == 2 => Pos::new(int(&p[0]) as u32, int(&p[1]) as u32),
        Term::Int(l) => Pos::new(*l as u32, 1),
        Term::List(items, _) => {
            for i in items {
                if let Term::Tuple(kv) = i {
                    if kv.len() == 2 && at(&kv[0]) == "location" {
                        return pos(&kv[1]);
                    }
                }
            }
            Pos::new(0, 0)
        }
        _ => Pos::new(0, 0),
    }
}

fn tup(t: &Term) -> &[Term] {
    match t {
        Term::Tuple(p) => p,
        _ => &[],
    }
}

fn string_of(t: &Term) -> String {
    match t {
        Term::List(items, _) => items
            .iter()
            .map(|c| char::from_u32(int(c) as u32).unwrap_or('?'))
            .collect(),
        _ => String::new(),
    }
}

fn form(t: &Term) -> Option<Form> {
    let p = tup(t);
    match at(p.first()?).as_str() {
        "attribute" => {
            let ps = pos(&p[1]);
            let name = at(&p[2]);
            let v = &p[3];
            let kind = match name.as_str() {
                "module" => AttributeKind::Module {
                    name: at(v),
                    params: None,
                },
                "export" => AttributeKind::Export(funrefs(v)),
                "import" => {
                    let m = tup(v);
                    AttributeKind::Import {
                        module: at(&m[0]),
                        functions: funrefs(&m[1]),
                    }
                }
                "file" => {
                    let f = tup(v);
                    AttributeKind::File {
                        name: string_of(&f[0]),
                        line: int(&f[1]) as u32,
                    }
                }
                "record" => {
                    let r = tup(v);
                    let fields = items(&r[1]).iter().map(record_field_decl).collect();
                    AttributeKind::Record(RecordDecl {
                        name: at(&r[0]),
                        fields,
                    })
                }
                "spec" | "type" | "opaque" | "callback" | "export_type" => AttributeKind::Other {
                    name: "spec".into(),
                    value: Term::Nil,
                },
                _ => AttributeKind::Other {
                    name,
                    value: v.clone(),
                },
            };
            Some(Form::Attribute(Attribute { pos: ps, kind }))
        }
        "function" => Some(Form::Function(Function {
            pos: pos(&p[1]),
            name: at(&p[2]),
            arity: int(&p[3]) as u32,
            clauses: items(&p[4]).iter().map(clause).collect(),
        })),
        "eof" => Some(Form::Eof(pos(&p[1]))),
        _ => None,
    }
}

fn funrefs(v: &Term) -> Vec<FunRef> {
    items(v)
        .iter()
        .map(|f| {
            let f = tup(f);
            FunRef {
                pos: Pos::new(0, 0),
                name: at(&f[0]),
                arity: int(&f[1]) as u32,
            }
        })
        .collect()
}

fn record_field_decl(t: &Term) -> RecordFieldDecl {
    let p = tup(t);
    if at(&p[0]) == "typed_record_field" {
        return record_field_decl(&p[1]);
    }
    let name = tup(&p[2]);
    RecordFieldDecl {
        pos: pos(&p[1]),
        name: at(&name[2]),
        default: p.get(3).map(expr),
        ty: None,
    }
}

fn clause(t: &Term) -> Clause {
    let p = tup(t);
    Clause {
        pos: pos(&p[1]),
        patterns: items(&p[2]).iter().map(pattern).collect(),
        guards: items(&p[3])
            .iter()
            .map(|g| items(g).iter().map(expr).collect())
            .collect(),
        body: items(&p[4]).iter().map(expr).collect(),
    }
}

fn catch_clause(t: &Term) -> CatchClause {
    let p = tup(t);
    let head = items(&p[2]);
    let parts = items(&tup(&head[0])[2]);
    let class = pattern(&parts[0]);
    let stack = pattern(&parts[2]);
    CatchClause {
        pos: pos(&p[1]),
        class: Some(class),
        reason: pattern(&parts[1]),
        stack: Some(stack),
        guards: items(&p[3])
            .iter()
            .map(|g| items(g).iter().map(expr).collect())
            .collect(),
        body: items(&p[4]).iter().map(expr).collect(),
    }
}

fn binop(s: &str) -> Option<BinOp> {
    use BinOp::*;
    Some(match s {
        "!" => Send,
        "orelse" => OrElse,
        "andalso" => AndAlso,
        "==" => Eq,
        "/=" => Ne,
        "=<" => Le,
        "<" => Lt,
        ">=" => Ge,
        ">" => Gt,
        "=:=" => ExactEq,
        "=/=" => ExactNe,
        "++" => Append,
        "--" => Subtract,
        "+" => Add,
        "-" => Sub,
        "bor" => Bor,
        "bxor" => Bxor,
        "bsl" => Bsl,
        "bsr" => Bsr,
        "or" => Or,
        "xor" => Xor,
        "*" => Mul,
        "/" => FDiv,
        "div" => Div,
        "rem" => Rem,
        "band" => Band,
        "and" => And,
        _ => return None,
    })
}

fn unop(s: &str) -> UnOp {
    match s {
        "+" => UnOp::Plus,
        "-" => UnOp::Minus,
        "bnot" => UnOp::Bnot,
        _ => UnOp::Not,
    }
}

fn int_of(t: &Term) -> Int {
    match t {
        Term::Int(i) => Int::Small(*i),
        Term::BigInt(b) => Int::Big(b.clone()),
        _ => Int::Small(0),
    }
}

fn bin_types(t: &Term) -> Option<Vec<BinTypeSpec>> {
    if at(t) == "default" {
        return None;
    }
    Some(
        items(t)
            .iter()
            .map(|x| match x {
                Term::Tuple(p) => BinTypeSpec {
                    name: at(&p[0]),
                    value: Some(int_of(&p[1])),
                },
                other => BinTypeSpec {
                    name: at(other),
                    value: None,
                },
            })
            .collect(),
    )
}

fn rf_name(t: &Term) -> RecordFieldName {
    let p = tup(t);
    if at(&p[0]) == "var" {
        RecordFieldName::Var(pos(&p[1]), "_".into())
    } else {
        RecordFieldName::Field(pos(&p[1]), at(&p[2]))
    }
}

pub fn expr(t: &Term) -> Expr {
    let p = tup(t);
    let ps = pos(&p[1]);
    match at(&p[0]).as_str() {
        "var" => Expr::Var(ps, at(&p[2])),
        "atom" => Expr::Atom(ps, at(&p[2])),
        "integer" => Expr::Integer(ps, int_of(&p[2])),
        "float" => Expr::Float(
            ps,
            match &p[2] {
                Term::Float(f) => *f,
                _ => 0.0,
            },
        ),
        "char" => Expr::Char(ps, char::from_u32(int(&p[2]) as u32).unwrap_or('?')),
        "string" => Expr::String(ps, string_of(&p[2])),
        "nil" => Expr::Nil(ps),
        "cons" => Expr::Cons(ps, Box::new(expr(&p[2])), Box::new(expr(&p[3]))),
        "tuple" => Expr::Tuple(ps, items(&p[2]).iter().map(expr).collect()),
        "bin" => Expr::Bin(
            ps,
            items(&p[2])
                .iter()
                .map(|e| {
                    let q = tup(e);
                    BinElement {
                        pos: pos(&q[1]),
                        value: expr(&q[2]),
                        size: if at(&q[3]) == "default" {
                            None
                        } else {
                            Some(expr(&q[3]))
                        },
                        types: bin_types(&q[4]),
                    }
                })
                .collect(),
        ),
        "map" if p.len() == 3 => Expr::Map(ps, map_fields(&p[2])),
        "map" => Expr::MapUpdate(ps, Box::new(expr(&p[2])), map_fields(&p[3])),
        "record" if p.len() == 4 => Expr::Record(ps, at(&p[2]), rec_fields(&p[3])),
        "record" => Expr::RecordUpdate(ps, Box::new(expr(&p[2])), at(&p[3]), rec_fields(&p[4])),
        "record_index" => {
            let f = tup(&p[3]);
            Expr::RecordIndex(ps, at(&p[2]), pos(&f[1]), at(&f[2]))
        }
        "record_field" => {
            let f = tup(&p[4]);
            Expr::RecordAccess(ps, Box::new(expr(&p[2])), at(&p[3]), pos(&f[1]), at(&f[2]))
        }
        "call" => Expr::Call(
            ps,
            Box::new(expr(&p[2])),
            items(&p[3]).iter().map(expr).collect(),
        ),
        "remote" => Expr::Remote(ps, Box::new(expr(&p[2])), Box::new(expr(&p[3]))),
        "fun" => {
            let f = tup(&p[2]);
            match at(&f[0]).as_str() {
                "function" if f.len() == 3 => Expr::FunRef(ps, at(&f[1]), int(&f[2]) as u32),
                "function" => Expr::RemoteFunRef(
                    ps,
                    Box::new(expr(&f[1])),
                    Box::new(expr(&f[2])),
                    Box::new(expr(&f[3])),
                ),
                _ => Expr::Fun(ps, items(&f[1]).iter().map(clause).collect()),
            }
        }
        "named_fun" => Expr::NamedFun(ps, at(&p[2]), items(&p[3]).iter().map(clause).collect()),
        "match" => Expr::Match(ps, Box::new(pattern(&p[2])), Box::new(expr(&p[3]))),
        "op" if p.len() == 5 => match binop(&at(&p[2])) {
            Some(op) => Expr::BinOp(ps, op, Box::new(expr(&p[3])), Box::new(expr(&p[4]))),
            None => Expr::Atom(ps, "bad_op".into()),
        },
        "op" => Expr::UnOp(ps, unop(&at(&p[2])), Box::new(expr(&p[3]))),
        "catch" => Expr::Catch(ps, Box::new(expr(&p[2]))),
        "block" => Expr::Block(ps, items(&p[2]).iter().map(expr).collect()),
        "if" => Expr::If(ps, items(&p[2]).iter().map(clause).collect()),
        "case" => Expr::Case(
            ps,
            Box::new(expr(&p[2])),
            items(&p[3]).iter().map(clause).collect(),
        ),
        "receive" if p.len() == 3 => {
            Expr::Receive(ps, items(&p[2]).iter().map(clause).collect(), None)
        }
        "receive" => Expr::Receive(
            ps,
            items(&p[2]).iter().map(clause).collect(),
            Some(Box::new(ReceiveAfter {
                timeout: expr(&p[3]),
                body: items(&p[4]).iter().map(expr).collect(),
            })),
        ),
        "try" => Expr::Try(
            ps,
            Box::new(Try {
                body: items(&p[2]).iter().map(expr).collect(),
                of_clauses: items(&p[3]).iter().map(clause).collect(),
                catch_clauses: items(&p[4]).iter().map(catch_clause).collect(),
                after: items(&p[5]).iter().map(expr).collect(),
            }),
        ),
        "lc" => Expr::ListComp(ps, Box::new(expr(&p[2])), quals(&p[3])),
        "bc" => Expr::BinComp(ps, Box::new(expr(&p[2])), quals(&p[3])),
        _ => Expr::Atom(ps, "unknown_expr".into()),
    }
}

fn quals(t: &Term) -> Vec<Qualifier> {
    items(t)
        .iter()
        .map(|q| {
            let p = tup(q);
            match at(&p[0]).as_str() {
                "generate" => Qualifier::Generator(pos(&p[1]), pattern(&p[2]), expr(&p[3])),
                "b_generate" => Qualifier::BitGenerator(pos(&p[1]), pattern(&p[2]), expr(&p[3])),
                _ => Qualifier::Filter(expr(q)),
            }
        })
        .collect()
}

fn map_fields(t: &Term) -> Vec<MapField> {
    items(t)
        .iter()
        .map(|f| {
            let p = tup(f);
            MapField {
                pos: pos(&p[1]),
                exact: at(&p[0]) == "map_field_exact",
                key: expr(&p[2]),
                value: expr(&p[3]),
            }
        })
        .collect()
}

fn rec_fields(t: &Term) -> Vec<RecordField<Expr>> {
    items(t)
        .iter()
        .map(|f| {
            let p = tup(f);
            RecordField {
                pos: pos(&p[1]),
                name: rf_name(&p[2]),
                value: expr(&p[3]),
            }
        })
        .collect()
}

pub fn pattern(t: &Term) -> Pattern {
    let p = tup(t);
    let ps = pos(&p[1]);
    match at(&p[0]).as_str() {
        "var" => Pattern::Var(ps, at(&p[2])),
        "atom" => Pattern::Atom(ps, at(&p[2])),
        "integer" => Pattern::Integer(ps, int_of(&p[2])),
        "float" => Pattern::Float(
            ps,
            match &p[2] {
                Term::Float(f) => *f,
                _ => 0.0,
            },
        ),
        "char" => Pattern::Char(ps, char::from_u32(int(&p[2]) as u32).unwrap_or('?')),
        "string" => Pattern::String(ps, string_of(&p[2])),
        "nil" => Pattern::Nil(ps),
        "cons" => Pattern::Cons(ps, Box::new(pattern(&p[2])), Box::new(pattern(&p[3]))),
        "tuple" => Pattern::Tuple(ps, items(&p[2]).iter().map(pattern).collect()),
        "bin" => Pattern::Bin(
            ps,
            items(&p[2])
                .iter()
                .map(|e| {
                    let q = tup(e);
                    BinElement {
                        pos: pos(&q[1]),
                        value: pattern(&q[2]),
                        size: if at(&q[3]) == "default" {
                            None
                        } else {
                            Some(expr(&q[3]))
                        },
                        types: bin_types(&q[4]),
                    }
                })
                .collect(),
        ),
        "map" => Pattern::Map(
            ps,
            items(&p[2])
                .iter()
                .map(|f| {
                    let q = tup(f);
                    MapPatternField {
                        pos: pos(&q[1]),
                        exact: true,
                        key: expr(&q[2]),
                        value: pattern(&q[3]),
                    }
                })
                .collect(),
        ),
        "record" => Pattern::Record(
            ps,
            at(&p[2]),
            items(&p[3])
                .iter()
                .map(|f| {
                    let q = tup(f);
                    RecordField {
                        pos: pos(&q[1]),
                        name: rf_name(&q[2]),
                        value: pattern(&q[3]),
                    }
                })
                .collect(),
        ),
        "record_index" => {
            let f = tup(&p[3]);
            Pattern::RecordIndex(ps, at(&p[2]), pos(&f[1]), at(&f[2]))
        }
        "match" => Pattern::Match(ps, Box::new(pattern(&p[2])), Box::new(pattern(&p[3]))),
        "op" if p.len() == 5 => match binop(&at(&p[2])) {
            Some(op) => Pattern::BinOp(ps, op, Box::new(pattern(&p[3])), Box::new(pattern(&p[4]))),
            None => Pattern::Var(ps, "_".into()),
        },
        "op" => Pattern::UnOp(ps, unop(&at(&p[2])), Box::new(pattern(&p[3]))),
        _ => Pattern::Var(ps, "_".into()),
    }
}
