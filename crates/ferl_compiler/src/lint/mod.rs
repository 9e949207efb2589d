//! The linter: erl_lint's checks (and the few warnings erlc's later passes give), worded
//! exactly as erlc words them. Module-level checks live here; variables, guards and
//! records are checked per function in `body`.

mod behaviours;
mod body;

use std::collections::{BTreeMap, HashMap, HashSet};

use ferl_etf::Term;
use ferl_syntax::ast::{self, AttributeKind, Form, ParsedModule, Pos};
use ferl_syntax::{Diagnostic, Severity};

use crate::bifs;

#[derive(Default)]
pub struct LintResult {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// What the per-function checks need to know about the module.
pub struct ModCtx {
    pub records: HashMap<String, Vec<ast::RecordFieldDecl>>,
    /// Where each record is defined: a use must come after.
    pub record_pos: HashMap<String, Pos>,
    pub functions: HashSet<(String, u32)>,
    pub imports: HashMap<(String, u32), String>,
    pub no_auto_import: HashSet<(String, u32)>,
    pub no_auto_import_all: bool,
}

struct Sink {
    file: String,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Sink {
    fn error(&mut self, pos: Pos, msg: String) {
        self.errors.push(Diagnostic {
            severity: Severity::Error,
            file: self.file.clone(),
            pos: Some(pos),
            message: msg,
        });
    }
    fn warning(&mut self, pos: Pos, msg: String) {
        self.warnings.push(Diagnostic {
            severity: Severity::Warning,
            file: self.file.clone(),
            pos: Some(pos),
            message: msg,
        });
    }
}

fn fa_terms(t: &Term) -> Vec<(String, u32)> {
    let items: Vec<Term> = match t {
        Term::List(items, _) => items.clone(),
        Term::Tuple(_) => vec![t.clone()],
        _ => vec![],
    };
    items
        .iter()
        .filter_map(|i| match i {
            Term::Tuple(p) if p.len() == 2 => match (&p[0], &p[1]) {
                (Term::Atom(f), Term::Int(a)) => Some((f.as_str().to_string(), *a as u32)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Checks a module.
pub fn lint(m: &ParsedModule) -> LintResult {
    let mut sink = Sink {
        file: m.file.clone(),
        errors: vec![],
        warnings: vec![],
    };
    let mut module_seen = false;
    let mut records: HashMap<String, Vec<ast::RecordFieldDecl>> = HashMap::new();
    let mut record_pos: BTreeMap<String, Pos> = BTreeMap::new();
    let mut functions: HashSet<(String, u32)> = HashSet::new();
    let mut fn_pos: HashMap<(String, u32), Pos> = HashMap::new();
    let mut exports: Vec<((String, u32), Pos)> = Vec::new();
    let mut imports: HashMap<(String, u32), String> = HashMap::new();
    let mut no_auto_import = HashSet::new();
    let mut no_auto_import_all = false;
    let mut export_all = false;
    let mut on_load: Option<((String, u32), Pos)> = None;
    let mut behaviours: Vec<(String, Pos)> = Vec::new();
    let mut file = m.file.clone();
    let mut nowarn = NoWarn::default();
    let mut funcs: Vec<&ast::Function> = Vec::new();
    let mut seen_function = false;
    let mut types_declared: Vec<(String, usize, Pos)> = Vec::new();
    let mut opaques: Vec<(String, usize, Pos)> = Vec::new();
    let mut type_uses: TypeRefs = Vec::new();
    let mut exported_types: TypeRefs = Vec::new();
    let mut specs: Vec<(String, u32, Pos)> = Vec::new();
    for f in &m.forms {
        if let Form::Attribute(a) = f {
            if seen_function {
                let name = match &a.kind {
                    AttributeKind::Module { .. } => Some("module".to_string()),
                    AttributeKind::Export(_) => Some("export".to_string()),
                    AttributeKind::Import { .. } => Some("import".to_string()),
                    AttributeKind::ExportType(_) => Some("export_type".to_string()),
                    AttributeKind::Spec(s) if s.callback => Some("callback".to_string()),
                    AttributeKind::Other { name, .. }
                        if !matches!(name.as_str(), "compile" | "file" | "spec") =>
                    {
                        Some(name.clone())
                    }
                    _ => None,
                };
                if let Some(n) = name {
                    sink.error(a.pos, format!("attribute {n} after function definitions"));
                    continue;
                }
            }
            match &a.kind {
                AttributeKind::Type(t) => {
                    types_declared.push((t.name.clone(), t.params.len(), a.pos));
                    if t.opaque {
                        opaques.push((t.name.clone(), t.params.len(), a.pos));
                    }
                    let mark = type_uses.len();
                    type_refs(&t.body, &mut type_uses);
                    check_type_records(&type_uses[mark..], &records, &mut sink);
                }
                AttributeKind::Spec(s) => {
                    let mark = type_uses.len();
                    for c in &s.clauses {
                        fun_type_refs(c, &mut type_uses);
                    }
                    check_type_records(&type_uses[mark..], &records, &mut sink);
                    if !s.callback && s.module.is_none() {
                        specs.push((s.name.clone(), s.arity, a.pos));
                    }
                }
                AttributeKind::Record(d) => {
                    for fd in &d.fields {
                        if let Some(t) = &fd.ty {
                            type_refs(t, &mut type_uses);
                        }
                    }
                }
                AttributeKind::ExportType(fs) => {
                    for r in fs {
                        exported_types.push((r.name.clone(), r.arity as usize, a.pos));
                    }
                }
                _ => {}
            }
        }
        if let Form::Function(_) = f {
            seen_function = true;
        }
        match f {
            Form::Attribute(a) => match &a.kind {
                AttributeKind::Module { .. } => module_seen = true,
                AttributeKind::File { name, .. } => file = name.clone(),
                AttributeKind::Export(fs) => {
                    for r in fs {
                        let key = (r.name.clone(), r.arity);
                        if exports.iter().any(|(k, _)| *k == key) {
                            sink.warning(
                                a.pos,
                                format!("function {}/{} already exported", r.name, r.arity),
                            );
                        } else {
                            exports.push((key, a.pos));
                        }
                    }
                }
                AttributeKind::Import { module, functions } => {
                    for r in functions {
                        imports.insert((r.name.clone(), r.arity), module.clone());
                    }
                }
                AttributeKind::Record(d) => {
                    if records.contains_key(&d.name) {
                        sink.error(a.pos, format!("record {} already defined", d.name));
                        continue;
                    }
                    let mut seen = HashSet::new();
                    for fd in &d.fields {
                        if !seen.insert(fd.name.clone()) {
                            sink.error(
                                fd.pos,
                                format!("field {} already defined in record {}", fd.name, d.name),
                            );
                        }
                    }
                    // Defaults may only use records defined before this one.
                    for fd in &d.fields {
                        if let Some(def) = &fd.default {
                            let mut refs = Vec::new();
                            record_refs(def, &mut refs);
                            for (n, p) in refs {
                                if n != d.name && !records.contains_key(&n) {
                                    sink.error(p, format!("record {n} undefined"));
                                }
                            }
                        }
                    }
                    records.insert(d.name.clone(), d.fields.clone());
                    record_pos.insert(d.name.clone(), a.pos);
                }
                AttributeKind::Other { name, value } => match name.as_str() {
                    "compile" => {
                        let opts = match value {
                            Term::List(items, _) => items.clone(),
                            other => vec![other.clone()],
                        };
                        for o in opts {
                            nowarn.note(&o);
                            match &o {
                                Term::Atom(x) if x.as_str() == "export_all" => {
                                    if !export_all {
                                        sink.warning(
                                            a.pos,
                                            "export_all flag enabled - all functions will be exported"
                                                .into(),
                                        );
                                    }
                                    export_all = true
                                }
                                Term::Atom(x) if x.as_str() == "no_auto_import" => {
                                    no_auto_import_all = true
                                }
                                Term::Tuple(p) if p.len() == 2 => {
                                    if let Term::Atom(k) = &p[0] {
                                        match k.as_str() {
                                            "no_auto_import" => {
                                                no_auto_import.extend(fa_terms(&p[1]))
                                            }
                                            "parse_transform" => {
                                                let name = match &p[1] {
                                                    Term::Atom(n) => n.as_str().to_string(),
                                                    _ => "?".into(),
                                                };
                                                sink.errors.push(Diagnostic {
                                                    severity: Severity::Error,
                                                    file: m.file.clone(),
                                                    pos: None,
                                                    message: format!(
                                                        "undefined parse transform '{name}'"
                                                    ),
                                                });
                                            }
                                            _ => {}
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    "on_load" => {
                        if let Some(fa) = fa_terms(value).into_iter().next() {
                            on_load = Some((fa, a.pos));
                        }
                    }
                    "behaviour" | "behavior" => {
                        if let Term::Atom(b) = value {
                            behaviours.push((b.as_str().to_string(), a.pos));
                        }
                    }
                    _ => {}
                },
                _ => {}
            },
            Form::Function(func) => {
                let key = (func.name.clone(), func.arity);
                if functions.contains(&key)
                    || (func.name == "module_info" && (func.arity == 0 || func.arity == 1))
                {
                    sink.error(
                        func.pos,
                        format!("function {}/{} already defined", func.name, func.arity),
                    );
                    continue;
                }
                if imports.contains_key(&key) {
                    sink.error(
                        func.pos,
                        format!("defining imported function {}/{}", func.name, func.arity),
                    );
                }
                functions.insert(key.clone());
                fn_pos.insert(key, func.pos);
                funcs.push(func);
            }
            Form::Eof(_) => {}
        }
    }
    let _ = file;
    if !module_seen {
        sink.errors.push(Diagnostic {
            severity: Severity::Error,
            file: m.file.clone(),
            pos: None,
            message: "no module definition".into(),
        });
    }
    for ((name, arity), pos) in &exports {
        if !functions.contains(&(name.clone(), *arity)) {
            sink.error(*pos, format!("function {name}/{arity} undefined"));
        }
    }
    if let Some(((name, arity), pos)) = &on_load {
        if !functions.contains(&(name.clone(), *arity)) {
            sink.error(*pos, format!("function {name}/{arity} undefined"));
        }
    }
    let ctx = ModCtx {
        record_pos: record_pos.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        records,
        functions: functions.clone(),
        imports,
        no_auto_import,
        no_auto_import_all,
    };
    let mut calls: HashMap<(String, u32), HashSet<(String, u32)>> = HashMap::new();
    let mut used_records: HashSet<String> = HashSet::new();
    for func in &funcs {
        let mut fl = body::FunLint::new(&ctx, &mut sink, func);
        fl.function(func);
        let (called, recs) = fl.finish();
        calls.insert((func.name.clone(), func.arity), called);
        used_records.extend(recs);
    }
    // Types: references and exports must name declared types; records must exist.
    let declared: HashSet<(String, usize)> = types_declared
        .iter()
        .map(|(n, a, _)| (n.clone(), *a))
        .collect();
    let args_of = |n: usize| vec!["_"; n].join(",");
    for (name, arity, pos) in type_uses.iter().chain(exported_types.iter()) {
        if let Some(rec) = name.strip_prefix('#') {
            // Checked where the type is declared (records must come first).
            used_records.insert(rec.to_string());
        } else if !declared.contains(&(name.clone(), *arity)) {
            sink.error(*pos, format!("type {name}({}) undefined", args_of(*arity)));
        }
    }
    let mut spec_seen = HashSet::new();
    for (name, arity, pos) in &specs {
        if !spec_seen.insert((name.clone(), *arity)) {
            sink.error(*pos, format!("spec for {name}/{arity} already defined"));
        } else if !functions.contains(&(name.clone(), *arity)) {
            sink.error(*pos, format!("spec for undefined function {name}/{arity}"));
        }
    }
    // Records used in other records' defaults count as used.
    for fields in ctx.records.values() {
        for f in fields {
            if let Some(d) = &f.default {
                collect_record_names(d, &mut used_records);
            }
        }
    }
    for (name, pos) in &record_pos {
        if !used_records.contains(name) {
            sink.warning(*pos, format!("record {name} is unused"));
        }
    }
    // Unused local functions: not reachable from the exports (or on_load).
    if !export_all {
        let mut reach: HashSet<(String, u32)> = HashSet::new();
        let mut stack: Vec<(String, u32)> = exports.iter().map(|(k, _)| k.clone()).collect();
        if let Some((k, _)) = &on_load {
            stack.push(k.clone());
        }
        while let Some(k) = stack.pop() {
            if reach.insert(k.clone()) {
                if let Some(cs) = calls.get(&k) {
                    stack.extend(cs.iter().cloned());
                }
            }
        }
        for func in &funcs {
            let key = (func.name.clone(), func.arity);
            if !reach.contains(&key) {
                sink.warning(
                    func.pos,
                    format!("function {}/{} is unused", func.name, func.arity),
                );
            }
        }
    }
    let types_used: HashSet<(String, usize)> = type_uses
        .iter()
        .chain(exported_types.iter())
        .map(|(n, a, _)| (n.clone(), *a))
        .collect();
    for (name, arity, pos) in &opaques {
        if !exported_types
            .iter()
            .any(|(n, a, _)| n == name && a == arity)
        {
            let args = vec!["_"; *arity].join(",");
            sink.warning(*pos, format!("opaque type {name}({args}) is not exported"));
        }
    }
    for (name, arity, pos) in &types_declared {
        if !types_used.contains(&(name.clone(), *arity)) {
            let args = vec!["_"; *arity].join(",");
            sink.warning(*pos, format!("type {name}({args}) is unused"));
        }
    }
    behaviours::check(
        &behaviours,
        &functions,
        &exports,
        export_all,
        &m.file,
        &mut sink,
    );
    let _ = bifs::is_auto_imported;
    sink.errors.sort_by_key(|d| d.pos);
    sink.warnings.retain(|w| !nowarn.suppresses(&w.message));
    sink.warnings.sort_by_key(|d| d.pos);
    LintResult {
        errors: sink.errors,
        warnings: sink.warnings,
    }
}

fn collect_record_names(e: &ast::Expr, out: &mut HashSet<String>) {
    match e {
        ast::Expr::Record(_, n, fields) => {
            out.insert(n.clone());
            for f in fields {
                collect_record_names(&f.value, out);
            }
        }
        ast::Expr::Tuple(_, es) => es.iter().for_each(|x| collect_record_names(x, out)),
        ast::Expr::Cons(_, a, b) => {
            collect_record_names(a, out);
            collect_record_names(b, out);
        }
        _ => {}
    }
}

/// `-compile(nowarn_...)` options: which warnings are switched off.
#[derive(Default)]
struct NoWarn {
    flags: HashSet<String>,
    functions: HashSet<(String, u32)>,
}

impl NoWarn {
    fn note(&mut self, o: &Term) {
        match o {
            Term::Atom(a) if a.as_str().starts_with("nowarn_") => {
                self.flags.insert(a.as_str().to_string());
            }
            Term::Tuple(p) if p.len() == 2 => {
                if let Term::Atom(a) = &p[0] {
                    if a.as_str() == "nowarn_unused_function" {
                        self.functions.extend(fa_terms(&p[1]));
                    }
                }
            }
            _ => {}
        }
    }

    fn suppresses(&self, msg: &str) -> bool {
        let on = |f: &str| self.flags.contains(f);
        if msg.starts_with("variable '") && msg.ends_with("is unused") {
            return on("nowarn_unused_vars");
        }
        if msg.starts_with("variable '") && msg.contains("shadowed") {
            return on("nowarn_shadow_vars");
        }
        if let Some(rest) = msg.strip_prefix("function ") {
            if let Some(fa) = rest.strip_suffix(" is unused") {
                if on("nowarn_unused_function") {
                    return true;
                }
                if let Some((f, a)) = fa.rsplit_once('/') {
                    if let Ok(a) = a.parse::<u32>() {
                        return self.functions.contains(&(f.to_string(), a));
                    }
                }
            }
            return false;
        }
        if msg.starts_with("record ") && msg.ends_with("is unused") {
            return on("nowarn_unused_record");
        }
        if msg.starts_with("export_all flag") {
            return on("nowarn_export_all");
        }
        if msg.starts_with("undefined callback") || msg.starts_with("behaviour ") {
            return on("nowarn_undefined_callbacks");
        }
        false
    }
}

type TypeRefs = Vec<(String, usize, Pos)>;

fn fun_type_refs(f: &ast::FunType, out: &mut TypeRefs) {
    if let Some(args) = &f.args {
        args.iter().for_each(|t| type_refs(t, out));
    }
    type_refs(&f.ret, out);
    for c in &f.constraints {
        c.args.iter().for_each(|t| type_refs(t, out));
    }
}

/// User types a type refers to (records as `#name`, arity 0).
fn type_refs(t: &ast::Type, out: &mut TypeRefs) {
    use ast::Type as T;
    match t {
        T::Named {
            pos,
            name,
            args,
            builtin,
        } => {
            if !builtin {
                out.push((name.clone(), args.len(), *pos));
            }
            args.iter().for_each(|a| type_refs(a, out));
        }
        T::Remote { args, .. } => args.iter().for_each(|a| type_refs(a, out)),
        T::Annotated(_, a, b) | T::Range(_, a, b) | T::BinOp(_, _, a, b) | T::Binary(_, a, b) => {
            type_refs(a, out);
            type_refs(b, out);
        }
        T::Union(_, ts) => ts.iter().for_each(|a| type_refs(a, out)),
        T::UnOp(_, _, a) | T::List(_, a) | T::NonEmptyList(_, a) => type_refs(a, out),
        T::Tuple(_, Some(ts)) => ts.iter().for_each(|a| type_refs(a, out)),
        T::Map(_, Some(fs)) => fs.iter().for_each(|f| {
            type_refs(&f.key, out);
            type_refs(&f.value, out);
        }),
        T::Record(pos, _, name, fs) => {
            out.push((format!("#{name}"), 0, *pos));
            fs.iter().for_each(|f| type_refs(&f.ty, out))
        }
        T::Fun(_, ft) => fun_type_refs(ft, out),
        _ => {}
    }
}

fn check_type_records(
    refs: &[(String, usize, Pos)],
    records: &HashMap<String, Vec<ast::RecordFieldDecl>>,
    sink: &mut Sink,
) {
    for (name, _, pos) in refs {
        if let Some(rec) = name.strip_prefix('#') {
            if !records.contains_key(rec) {
                sink.error(*pos, format!("record {rec} undefined"));
            }
        }
    }
}

fn record_refs(e: &ast::Expr, out: &mut Vec<(String, Pos)>) {
    match e {
        ast::Expr::Record(p, n, fields) => {
            out.push((n.clone(), *p));
            for f in fields {
                record_refs(&f.value, out);
            }
        }
        ast::Expr::Tuple(_, es) => es.iter().for_each(|x| record_refs(x, out)),
        ast::Expr::Cons(_, a, b) => {
            record_refs(a, out);
            record_refs(b, out);
        }
        _ => {}
    }
}
