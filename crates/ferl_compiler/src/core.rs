//! The core IR: what the lowering of the syntax tree produces and code generation consumes.
//!
//! It is Erlang with the sugar removed: records are tuples, comprehensions and funs are
//! lifted into functions of their own, `if`/`andalso`/`orelse`/`=`/function heads are all
//! `Case`, every pattern variable is fresh (a repeated or already bound variable becomes an
//! equality test in the guard), and variables are numbered per function.

use ferl_etf::Term;

/// A variable, numbered within its function.
pub type Var = u32;

#[derive(Clone, Debug)]
pub struct Module {
    pub name: String,
    pub file: String,
    pub exports: Vec<(String, u32)>,
    pub functions: Vec<Function>,
    /// `-on_load(F/0)`.
    pub on_load: Option<String>,
    /// The attributes list for the Attr chunk, as `{Name, Value}` pairs.
    pub attributes: Vec<(String, Term)>,
    /// The options recorded in the CInf chunk.
    pub compile_options: Vec<Term>,
}

/// A function: a source function, a lifted fun or comprehension.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub arity: u32,
    pub params: Vec<Var>,
    pub body: Expr,
    pub line: u32,
    /// How many variables the function numbers (all are `< var_count`).
    pub var_count: u32,
    /// For a lifted fun: how many of the trailing parameters are its free variables.
    pub fun_free: Option<u32>,
    /// The included file it was written in (`None`: the module's own source).
    pub file: Option<String>,
}

/// What a failed `Case` raises.
#[derive(Clone, Debug, PartialEq)]
pub enum Fail {
    /// `{case_clause, Value}`.
    CaseClause,
    /// `{badmatch, Value}`.
    Badmatch,
    /// `if_clause`.
    IfClause,
    /// `function_clause`: the arguments are still in x0..; jump to func_info.
    FunctionClause,
    /// `{try_clause, Value}`.
    TryClause,
    /// `{badrecord, Value}`.
    Badrecord,
    /// Re-raise the exception held in these variables (class, reason, stacktrace).
    Reraise(Var, Var, Var),
    /// The clauses cover every value (the last one matches anything).
    Never,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub pats: Vec<Pat>,
    /// A guard sequence: alternatives of conjunctions; empty means `true`.
    pub guard: Vec<Vec<Expr>>,
    pub body: Expr,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Pat {
    Var(Var),
    Wild,
    Lit(Term),
    Cons(Box<Pat>, Box<Pat>),
    Tuple(Vec<Pat>),
    /// `#{Key := Pat}`; keys are literals or bound variables.
    Map(Vec<(Expr, Pat)>),
    Bin(Vec<BinSeg<Pat>>),
    Alias(Var, Box<Pat>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinType {
    Integer,
    Float,
    Binary,
    Utf8,
    Utf16,
    Utf32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    Big,
    Little,
    Native,
}

/// One segment of a binary construction or pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct BinSeg<V> {
    pub value: V,
    /// `None`: the default size (8 for integers, 64 for floats, the rest for binaries).
    /// `Some(Lit(all))` is the explicit whole rest.
    pub size: Option<Expr>,
    pub unit: u32,
    pub ty: BinType,
    pub signed: bool,
    pub endian: Endian,
}

/// Where a call goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Callee {
    Local(String, u32),
    /// `M:F(...)`; both may be any expression (atoms make a direct external call).
    Remote(Box<Expr>, Box<Expr>),
    /// `F(...)` where F is a fun value.
    Fun(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Var(Var),
    Lit(Term),
    Cons(Box<Expr>, Box<Expr>),
    Tuple(Vec<Expr>),
    Bin(Vec<BinSeg<Expr>>, u32),
    /// A map built from `base` (None: the empty map); `exact` pairs are `:=`.
    Map(Option<Box<Expr>>, Vec<(bool, Expr, Expr)>, u32),
    /// Binds the values of the first expression (one, or several from `Values`).
    Let(Vec<Var>, Box<Expr>, Box<Expr>),
    /// Several values at once: the result of a case that exports variables.
    Values(Vec<Expr>),
    Seq(Box<Expr>, Box<Expr>),
    Case(Box<Case>),
    Call(Callee, Vec<Expr>, u32),
    Receive(Box<Receive>),
    Try(Box<Try>),
    Catch(Box<Expr>, u32),
    /// A closure over `free` of the lifted function `name`/`arity` (the arity counts the
    /// free variables).
    MakeFun {
        name: String,
        arity: u32,
        free: Vec<Var>,
        line: u32,
    },
    /// Raises `erlang:error(Reason)`-like errors built in: the term is the reason.
    Error(Box<Expr>, u32),
    /// `erlang:raise`-like re-raise of a caught exception.
    Reraise(Var, Var, Var),
    /// The stacktrace of a caught exception (built from its raw form).
    BuildStacktrace(Var),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub args: Vec<Expr>,
    pub clauses: Vec<Clause>,
    pub fail: Fail,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Receive {
    pub clauses: Vec<Clause>,
    pub after: Option<(Expr, Expr)>,
    pub line: u32,
}

/// `try Body of Var -> Ok catch Class:Reason:Trace -> Handler`.
#[derive(Clone, Debug, PartialEq)]
pub struct Try {
    pub body: Expr,
    pub var: Var,
    pub ok: Expr,
    pub class: Var,
    pub reason: Var,
    /// The raw stacktrace (use `BuildStacktrace` to get the list).
    pub trace: Var,
    pub handler: Expr,
    pub line: u32,
}
