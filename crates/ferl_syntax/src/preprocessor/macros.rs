//! Macro definitions (`-define`, overloaded by arity) and their expansion, with epp's
//! rules: a body's tokens take the position of the macro's name at the call site, an
//! argument keeps its own positions, `??Arg` is the argument's text as a string, and a
//! macro used inside its own expansion is `circular macro`.

use super::Epp;
use crate::ast::{Int, Pos};
use crate::lexer::{Tok, Token};
use crate::print::{quote_text, write_atom, write_char, write_float};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug)]
pub(crate) struct MacroDef {
    /// `None` for a macro without parentheses; `Some` (possibly empty) otherwise.
    pub params: Option<Vec<String>>,
    pub body: Vec<Token>,
}

#[derive(Default)]
pub(crate) struct Macros {
    defs: HashMap<String, Vec<MacroDef>>,
    /// Predefined macros removed by `-undef`.
    undefined_predef: HashSet<String>,
}

pub(crate) const PREDEFINED: &[&str] = &[
    "FILE",
    "LINE",
    "MODULE",
    "MODULE_STRING",
    "MACHINE",
    "OTP_RELEASE",
    "FUNCTION_NAME",
    "FUNCTION_ARITY",
    "BEAM",
];

fn arity(d: &MacroDef) -> Option<usize> {
    d.params.as_ref().map(Vec::len)
}

impl Macros {
    pub fn define(&mut self, name: &str, def: MacroDef) {
        let v = self.defs.entry(name.to_string()).or_default();
        v.retain(|d| arity(d) != arity(&def));
        v.push(def);
        self.undefined_predef.remove(name);
    }
    pub fn undef(&mut self, name: &str) {
        self.defs.remove(name);
        if PREDEFINED.contains(&name) {
            self.undefined_predef.insert(name.to_string());
        }
    }
    fn user(&self, name: &str) -> Option<&Vec<MacroDef>> {
        self.defs.get(name).filter(|v| !v.is_empty())
    }
    pub fn is_defined(&self, name: &str) -> bool {
        self.user(name).is_some()
            || (PREDEFINED.contains(&name)
                && !self.undefined_predef.contains(name)
                && !matches!(name, "FUNCTION_NAME" | "FUNCTION_ARITY"))
    }
    fn predefined_active(&self, name: &str) -> bool {
        PREDEFINED.contains(&name) && !self.undefined_predef.contains(name)
    }
}

pub(crate) type ExpandError = (Pos, String);

/// Limit on nested expansions (beyond the circularity check), against blow-up.
const MAX_EXPANSION_DEPTH: usize = 200;
/// Limit on the tokens one form may expand to.
const MAX_EXPANDED_TOKENS: usize = 4_000_000;

struct Ctx {
    function: Option<(String, usize)>,
    count: usize,
}

impl Epp {
    pub(crate) fn define(&mut self, args: &[Token], toks: &[Token]) {
        let dot_pos = toks.last().map_or(Pos::new(1, 1), |t| t.pos);
        let bad = |epp: &mut Epp, p: Pos| epp.error(p, "badly formed 'define'");
        let Some(open) = args.first() else {
            return bad(self, dot_pos);
        };
        if !open.is_sym("(") {
            return bad(self, open.pos);
        }
        let Some(nt) = args.get(1) else {
            return bad(self, dot_pos);
        };
        let name = match &nt.tok {
            Tok::Atom(a) | Tok::Var(a) => a.clone(),
            _ => return bad(self, nt.pos),
        };
        let mut i = 2;
        let mut params = None;
        if args.get(i).is_some_and(|t| t.is_sym("(")) {
            i += 1;
            let mut ps: Vec<String> = Vec::new();
            if args.get(i).is_some_and(|t| t.is_sym(")")) {
                i += 1;
            } else {
                loop {
                    match args.get(i) {
                        Some(Token {
                            tok: Tok::Var(v),
                            pos,
                        }) => {
                            if ps.contains(v) {
                                self.error(*pos, format!("argument '{v}' already used"));
                                return;
                            }
                            ps.push(v.clone());
                            i += 1;
                        }
                        Some(t) => return bad(self, t.pos),
                        None => return bad(self, dot_pos),
                    }
                    match args.get(i) {
                        Some(t) if t.is_sym(",") => i += 1,
                        Some(t) if t.is_sym(")") => {
                            i += 1;
                            break;
                        }
                        Some(t) => return bad(self, t.pos),
                        None => return bad(self, dot_pos),
                    }
                }
            }
            params = Some(ps);
        }
        match args.get(i) {
            Some(t) if t.is_sym(",") => i += 1,
            Some(t) => return bad(self, t.pos),
            None => return bad(self, dot_pos),
        }
        let rest = &args[i..];
        match rest.last() {
            Some(t) if t.is_sym(")") => {}
            _ => {
                self.error(
                    dot_pos,
                    "badly formed define: missing closing right parenthesis",
                );
                return;
            }
        }
        let body = rest[..rest.len() - 1].to_vec();
        let def = MacroDef { params, body };
        if self.macros.predefined_active(&name) && self.macros.user(&name).is_none() {
            self.error(nt.pos, format!("redefining predefined macro '{name}'"));
            return;
        }
        if let Some(defs) = self.macros.user(&name) {
            if defs.iter().any(|d| arity(d) == arity(&def)) {
                self.error(nt.pos, format!("redefining macro '{name}'"));
                return;
            }
        }
        self.macros.define(&name, def);
    }

    /// Expands every macro call in a form's tokens.
    pub(crate) fn expand(&self, toks: &[Token]) -> Result<Vec<Token>, ExpandError> {
        if !toks.iter().any(|t| t.is_sym("?") || t.is_sym("??")) {
            return Ok(toks.to_vec());
        }
        let function = match (toks.first(), toks.get(1)) {
            (
                Some(Token {
                    tok: Tok::Atom(n), ..
                }),
                Some(p),
            ) if p.is_sym("(") => Some((n.clone(), head_arity(&toks[2..]))),
            _ => None,
        };
        let mut ctx = Ctx { function, count: 0 };
        let mut out = Vec::with_capacity(toks.len());
        let mut active = Vec::new();
        self.expand_into(toks, &mut out, &mut active, &mut ctx)?;
        Ok(out)
    }

    fn expand_into(
        &self,
        toks: &[Token],
        out: &mut Vec<Token>,
        active: &mut Vec<(String, Option<usize>)>,
        ctx: &mut Ctx,
    ) -> Result<(), ExpandError> {
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            ctx.count += 1;
            if ctx.count > MAX_EXPANDED_TOKENS {
                return Err((t.pos, "macro expansion too large".to_string()));
            }
            if !t.is_sym("?") {
                out.push(t.clone());
                i += 1;
                continue;
            }
            let Some(nt) = toks.get(i + 1) else {
                return Err((t.pos, "illegal macro call '?'".to_string()));
            };
            let name = match &nt.tok {
                Tok::Atom(a) | Tok::Var(a) => a.clone(),
                other => {
                    let what = match other {
                        Tok::Dot => "dot".to_string(),
                        Tok::Sym(s) => s.to_string(),
                        Tok::Integer(_) => "integer".to_string(),
                        Tok::Float(_) => "float".to_string(),
                        Tok::String(_) => "string".to_string(),
                        Tok::Char(_) => "char".to_string(),
                        _ => String::new(),
                    };
                    return Err((nt.pos, format!("illegal macro call '?{what}'")));
                }
            };
            let npos = nt.pos;
            i += 2;
            let user = self.macros.user(&name);
            if user.is_none() && self.macros.predefined_active(&name) {
                let tok = self.predefined(&name, npos, ctx)?;
                out.push(Token { tok, pos: npos });
                continue;
            }
            let Some(defs) = user else {
                return Err((npos, format!("undefined macro '{name}'")));
            };
            let has_params = defs.iter().any(|d| d.params.is_some());
            let no_params = defs.iter().find(|d| d.params.is_none());
            let mut chosen: Option<(&MacroDef, Vec<Vec<Token>>)> = None;
            if has_params && toks.get(i).is_some_and(|t| t.is_sym("(")) {
                let (args, next) = collect_args(toks, i + 1)
                    .ok_or_else(|| (npos, format!("badly formed argument for macro '{name}'")))?;
                if let Some(d) = defs
                    .iter()
                    .find(|d| d.params.as_ref().is_some_and(|p| p.len() == args.len()))
                {
                    chosen = Some((d, args));
                    i = next;
                }
            }
            let (def, args) = match (chosen, no_params) {
                (Some(c), _) => c,
                (None, Some(d)) => (d, Vec::new()),
                (None, None) => {
                    return Err((npos, format!("argument mismatch for macro '{name}'")));
                }
            };
            let key = (name.clone(), arity(def));
            if active.contains(&key) || active.len() > MAX_EXPANSION_DEPTH {
                let shown = match key.1 {
                    Some(n) => format!("{name}/{n}"),
                    None => name.clone(),
                };
                return Err((npos, format!("circular macro '{shown}'")));
            }
            // Arguments are expanded where they are written.
            let mut expanded_args = Vec::with_capacity(args.len());
            for a in &args {
                let mut v = Vec::new();
                self.expand_into(a, &mut v, active, ctx)?;
                expanded_args.push(v);
            }
            let params: &[String] = def.params.as_deref().unwrap_or(&[]);
            let mut subst: Vec<Token> = Vec::with_capacity(def.body.len());
            // A body token takes the position of the token before it in the expansion
            // (the macro name at first, then an argument's last token), as epp does.
            let mut cur = npos;
            let mut k = 0;
            while k < def.body.len() {
                let bt = &def.body[k];
                if bt.is_sym("??") {
                    if let Some(Token {
                        tok: Tok::Var(v), ..
                    }) = def.body.get(k + 1)
                    {
                        if let Some(ix) = params.iter().position(|p| p == v) {
                            subst.push(Token {
                                tok: Tok::String(stringify(&args[ix])),
                                pos: cur,
                            });
                            k += 2;
                            continue;
                        }
                    }
                }
                if let Tok::Var(v) = &bt.tok {
                    if let Some(ix) = params.iter().position(|p| p == v) {
                        subst.extend(expanded_args[ix].iter().cloned());
                        if let Some(last) = expanded_args[ix].last() {
                            cur = last.pos;
                        }
                        k += 1;
                        continue;
                    }
                }
                subst.push(Token {
                    tok: bt.tok.clone(),
                    pos: cur,
                });
                k += 1;
            }
            active.push(key);
            let r = self.expand_into(&subst, out, active, ctx);
            active.pop();
            r?;
        }
        Ok(())
    }

    fn predefined(&self, name: &str, pos: Pos, ctx: &Ctx) -> Result<Tok, ExpandError> {
        let undefined = || (pos, format!("undefined macro '{name}'"));
        Ok(match name {
            "LINE" => Tok::Integer(Int::Small(pos.line as i64)),
            "FILE" => Tok::String(self.file()),
            "MODULE" => Tok::Atom(self.module.clone().ok_or_else(undefined)?),
            "MODULE_STRING" => Tok::String(self.module.clone().ok_or_else(undefined)?),
            "MACHINE" => Tok::Atom("BEAM".to_string()),
            "BEAM" => Tok::Atom("true".to_string()),
            "OTP_RELEASE" => Tok::Integer(Int::Small(25)),
            "FUNCTION_NAME" => Tok::Atom(ctx.function.clone().ok_or_else(undefined)?.0),
            "FUNCTION_ARITY" => Tok::Integer(Int::Small(
                ctx.function.clone().ok_or_else(undefined)?.1 as i64,
            )),
            _ => return Err(undefined()),
        })
    }
}

/// The number of arguments in a function head, from just after its `(`.
fn head_arity(toks: &[Token]) -> usize {
    let mut depth = 0usize;
    let mut n = 0;
    let mut any = false;
    for t in toks {
        match &t.tok {
            Tok::Sym("(" | "[" | "{" | "<<") => depth += 1,
            Tok::Sym(")") if depth == 0 => break,
            Tok::Sym(")" | "]" | "}" | ">>") => depth = depth.saturating_sub(1),
            Tok::Sym(",") if depth == 0 => n += 1,
            Tok::Dot => break,
            _ => {}
        }
        any = true;
    }
    if any {
        n + 1
    } else {
        0
    }
}

/// The arguments of a macro call, from just after its `(`: each argument's tokens and
/// the index after the closing `)`. `None` when the parentheses do not balance.
fn collect_args(toks: &[Token], mut i: usize) -> Option<(Vec<Vec<Token>>, usize)> {
    let mut args = Vec::new();
    let mut cur = Vec::new();
    let mut expect: Vec<&'static str> = Vec::new();
    if toks.get(i).is_some_and(|t| t.is_sym(")")) {
        return Some((args, i + 1));
    }
    while let Some(t) = toks.get(i) {
        match &t.tok {
            Tok::Dot => return None,
            Tok::Sym(")") if expect.is_empty() => {
                args.push(std::mem::take(&mut cur));
                return Some((args, i + 1));
            }
            Tok::Sym(",") if expect.is_empty() => {
                args.push(std::mem::take(&mut cur));
                i += 1;
                continue;
            }
            Tok::Sym("(") => expect.push(")"),
            Tok::Sym("[") => expect.push("]"),
            Tok::Sym("{") => expect.push("}"),
            Tok::Sym("<<") => expect.push(">>"),
            Tok::Sym("begin" | "if" | "case" | "receive" | "try" | "maybe" | "cond") => {
                expect.push("end")
            }
            Tok::Sym("fun") => {
                let next = toks.get(i + 1);
                let after = toks.get(i + 2);
                let opens = next.is_some_and(|n| n.is_sym("("))
                    || (matches!(next.map(|n| &n.tok), Some(Tok::Var(_)))
                        && after.is_some_and(|a| a.is_sym("(")));
                if opens {
                    expect.push("end");
                }
            }
            Tok::Sym(s @ (")" | "]" | "}" | ">>" | "end")) => {
                if expect.last() == Some(s) {
                    expect.pop();
                } else {
                    return None;
                }
            }
            _ => {}
        }
        cur.push(t.clone());
        i += 1;
    }
    None
}

/// `??Arg`: the argument's tokens as text, separated by spaces, as epp writes them.
fn stringify(toks: &[Token]) -> String {
    let parts: Vec<String> = toks
        .iter()
        .map(|t| match &t.tok {
            Tok::Atom(a) => write_atom(a),
            Tok::Var(v) => v.clone(),
            Tok::Char(c) => write_char(*c),
            Tok::Integer(Int::Small(n)) => n.to_string(),
            Tok::Integer(Int::Big(b)) => b.to_string(),
            Tok::Float(f) => write_float(*f),
            Tok::String(s) => quote_text(s, '"'),
            Tok::Sym(s) => s.to_string(),
            Tok::Dot => ".".to_string(),
        })
        .collect();
    parts.join(" ")
}
