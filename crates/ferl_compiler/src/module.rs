//! One module from forms to .beam bytes: module-level facts (exports, records, imports,
//! compile options, attributes), lowering of every function, `module_info/0,1`, code
//! generation and assembly.

use std::collections::{HashMap, HashSet};

use ferl_etf::Term;
use ferl_syntax::ast::{self, AttributeKind, Form};

use crate::asm::AsmModule;
use crate::core::{self, Callee, Expr};
use crate::lower::{self, ModInfo};

/// The `-compile` options, flattened.
pub fn compile_options(parsed: &ast::ParsedModule) -> Vec<Term> {
    let mut out = Vec::new();
    for f in &parsed.forms {
        if let Form::Attribute(ast::Attribute {
            kind: AttributeKind::Other { name, value },
            ..
        }) = f
        {
            if name == "compile" {
                match value {
                    Term::List(items, _) => out.extend(items.iter().cloned()),
                    Term::Nil => {}
                    other => out.push(other.clone()),
                }
            }
        }
    }
    out
}

fn fa_list(t: &Term) -> Vec<(String, u32)> {
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

/// Compiles the module; returns its name and .beam bytes.
pub fn compile(
    parsed: &ast::ParsedModule,
    source: &str,
    recorded_options: &[Term],
) -> Result<(String, Vec<u8>, AsmModule), String> {
    let mut name = String::new();
    let mut exports: Vec<(String, u32)> = Vec::new();
    let mut records = HashMap::new();
    let mut imports = HashMap::new();
    let mut locals = HashSet::new();
    let mut attributes: Vec<(String, Term)> = Vec::new();
    let mut on_load = None;
    let mut functions = Vec::new();
    // Which file each function was written in: `-file` attributes mark included text.
    let mut main_file: Option<String> = None;
    let mut current_file: Option<String> = None;
    let mut fn_files: HashMap<(String, u32), String> = HashMap::new();
    for f in &parsed.forms {
        match f {
            Form::Attribute(ast::Attribute {
                kind: AttributeKind::File { name, .. },
                ..
            }) => {
                if main_file.is_none() {
                    main_file = Some(name.clone());
                }
                current_file = if Some(name) == main_file.as_ref() {
                    None
                } else {
                    Some(name.clone())
                };
            }
            Form::Function(func) => {
                if let Some(file) = &current_file {
                    fn_files.insert((func.name.clone(), func.arity), file.clone());
                }
            }
            _ => {}
        }
    }
    for f in &parsed.forms {
        match f {
            Form::Attribute(a) => match &a.kind {
                AttributeKind::Module { name: n, .. } => name = n.clone(),
                AttributeKind::Export(fs) => {
                    for r in fs {
                        exports.push((r.name.clone(), r.arity));
                    }
                }
                AttributeKind::Import { module, functions } => {
                    for r in functions {
                        imports.insert((r.name.clone(), r.arity), module.clone());
                    }
                }
                AttributeKind::Record(d) => {
                    records.insert(d.name.clone(), d.fields.clone());
                }
                AttributeKind::Other { name: n, value } => match n.as_str() {
                    "compile" | "file" | "export_type" | "spec" | "type" | "opaque"
                    | "callback" | "optional_callbacks" | "dialyzer" | "feature" | "nifs" => {}
                    "on_load" => {
                        if let Term::Tuple(p) = value {
                            if let Some(Term::Atom(f)) = p.first() {
                                on_load = Some(f.as_str().to_string());
                            }
                        }
                        attributes.push((n.clone(), Term::list(vec![value.clone()])));
                    }
                    _ => {
                        let v = match value {
                            Term::List(..) | Term::Nil => value.clone(),
                            other => Term::list(vec![other.clone()]),
                        };
                        let key = if n == "behavior" {
                            "behavior".to_string()
                        } else {
                            n.clone()
                        };
                        attributes.push((key, v));
                    }
                },
                _ => {}
            },
            Form::Function(func) => {
                locals.insert((func.name.clone(), func.arity));
                functions.push(func);
            }
            Form::Eof(_) => {}
        }
    }
    if name.is_empty() {
        return Err("no module definition".into());
    }
    let opts = compile_options(parsed);
    let mut no_auto = HashSet::new();
    let mut no_auto_all = false;
    let mut export_all = false;
    for o in &opts {
        match o {
            Term::Atom(a) if a.as_str() == "export_all" => export_all = true,
            Term::Atom(a) if a.as_str() == "no_auto_import" => no_auto_all = true,
            Term::Tuple(p) if p.len() == 2 => {
                if let Term::Atom(k) = &p[0] {
                    if k.as_str() == "no_auto_import" {
                        no_auto.extend(fa_list(&p[1]));
                    }
                }
            }
            _ => {}
        }
    }
    if export_all {
        for f in &functions {
            exports.push((f.name.clone(), f.arity));
        }
    }
    exports.push(("module_info".into(), 0));
    exports.push(("module_info".into(), 1));
    exports.sort();
    exports.dedup();
    let info = ModInfo {
        name: name.clone(),
        records,
        imports,
        locals,
        no_auto_import: no_auto,
        no_auto_import_all: no_auto_all,
    };
    let mut lw = lower::Lowerer::new(&info);
    let mut core_fns: Vec<core::Function> = Vec::new();
    for f in &functions {
        let file = fn_files.get(&(f.name.clone(), f.arity)).cloned();
        for mut g in lw.function(f) {
            g.file = file.clone();
            core_fns.push(g);
        }
    }
    core_fns.extend(module_info_functions(&name));
    let lambdas = std::mem::take(&mut lw.lambdas);
    drop(lw);

    // Labels: func_info and entry for every function first, so calls can be resolved.
    let mut ctx = crate::codegen::ModuleCtx {
        name: name.clone(),
        entries: HashMap::new(),
        next_label: 1,
    };
    let mut labels = Vec::new();
    for f in &core_fns {
        let fi = ctx.next_label;
        let entry = fi + 1;
        ctx.next_label += 2;
        ctx.entries.insert((f.name.clone(), f.arity), entry);
        labels.push((fi, entry));
    }
    let mut asm_fns = Vec::new();
    for (f, (fi, entry)) in core_fns.iter().zip(labels) {
        let mut af = crate::codegen::function(&mut ctx, f, fi, entry);
        af.file = f.file.clone();
        asm_fns.push(af);
    }
    // The on_load function starts with the `on_load` instruction.
    if let Some(f) = &on_load {
        if let Some(af) = asm_fns.iter_mut().find(|af| af.name == *f && af.arity == 0) {
            let at = af
                .code
                .iter()
                .position(|i| *i == crate::asm::i::label(af.entry))
                .map_or(af.code.len(), |p| p + 1);
            af.code.insert(
                at,
                crate::asm::Instr::new(ferl_beam::opcodes::op::ON_LOAD, vec![]),
            );
        }
    }
    let mut attrs = Vec::new();
    if !attributes.iter().any(|(k, _)| k == "vsn") {
        attrs.push(Term::Tuple(vec![
            Term::atom("vsn"),
            Term::list(vec![Term::BigInt(vsn_of(source, &name).into())]),
        ]));
    }
    for (k, v) in attributes {
        attrs.push(Term::Tuple(vec![Term::atom(&k), v]));
    }
    let compile_info = Term::list(vec![
        Term::Tuple(vec![Term::atom("version"), Term::string("8.2.3")]),
        Term::Tuple(vec![
            Term::atom("options"),
            Term::list(recorded_options.to_vec()),
        ]),
        Term::Tuple(vec![Term::atom("source"), Term::string(source)]),
    ]);
    let asm = AsmModule {
        name: name.clone(),
        exports,
        functions: asm_fns,
        lambdas,
        attributes: Term::list(attrs),
        compile_info,
        label_count: ctx.next_label,
        on_load: on_load.is_some(),
    };
    let file = crate::assemble::assemble(&asm);
    Ok((name, ferl_beam::write(&file), asm))
}

fn vsn_of(source: &str, name: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in source.bytes().chain(name.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h >> 8
}

fn module_info_functions(name: &str) -> Vec<core::Function> {
    let call = |args: Vec<Expr>| {
        Expr::Call(
            Callee::Remote(
                Box::new(Expr::Lit(Term::atom("erlang"))),
                Box::new(Expr::Lit(Term::atom("get_module_info"))),
            ),
            args,
            0,
        )
    };
    vec![
        core::Function {
            name: "module_info".into(),
            arity: 0,
            params: vec![],
            body: call(vec![Expr::Lit(Term::atom(name))]),
            line: 0,
            var_count: 1,
            fun_free: None,
            file: None,
        },
        core::Function {
            name: "module_info".into(),
            arity: 1,
            params: vec![0],
            body: call(vec![Expr::Lit(Term::atom(name)), Expr::Var(0)]),
            line: 0,
            var_count: 1,
            fun_free: None,
            file: None,
        },
    ]
}
