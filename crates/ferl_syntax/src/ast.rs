//! The typed syntax tree of an Erlang module, as the parser builds it.
//!
//! It mirrors erl_parse's abstract format closely (one variant per abstract-format tuple
//! kind, lists as cons chains, the same positions), so that `crate::abstract_format`
//! can render exactly what erl_parse produces, while giving the compiler typed nodes:
//! patterns are their own type (the parser rejects what is not a pattern with erlc's
//! `illegal pattern`), guards are guard sequences, types have their own language.
//!
//! Every node carries the position of its first token (as erl_parse annotates it),
//! line and column 1-based, as erl_scan counts them (a tab counts as one column).
//! Positions are relative to the file named by the latest `-file` attribute form,
//! as in epp's output: the preprocessor inserts those forms around included files.

use num_bigint::BigInt;

/// A source position: line and column, both 1-based, as erl_scan reports them. A column of
/// 0 means "line only": erl_parse annotates a few generated nodes (the implicit sizes of
/// `<<>>` binary types) with the line alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

/// An atom or variable name.
pub type Name = String;

/// An integer literal's value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Int {
    Small(i64),
    Big(BigInt),
}

impl Int {
    /// The value as a BigInt, whatever its size.
    pub fn to_bigint(&self) -> BigInt {
        match self {
            Int::Small(i) => BigInt::from(*i),
            Int::Big(b) => b.clone(),
        }
    }
    /// Normalises: a BigInt that fits in an i64 becomes `Small`.
    pub fn from_bigint(b: BigInt) -> Int {
        match i64::try_from(&b) {
            Ok(i) => Int::Small(i),
            Err(_) => Int::Big(b),
        }
    }
}

/// A parsed module: the forms in source order, as epp:parse_file returns them
/// (a `-file` attribute first, `-file` attributes around included text, an `Eof` last).
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedModule {
    /// The file name as given to the parser (used in `-file` attributes and diagnostics).
    pub file: String,
    pub forms: Vec<Form>,
    /// Warnings raised while reading the file (`-warning(...)`, epp warnings).
    pub warnings: Vec<crate::Diagnostic>,
}

/// A top-level form.
#[derive(Clone, Debug, PartialEq)]
pub enum Form {
    Attribute(Attribute),
    Function(Function),
    /// `{eof, Pos}`: the position just after the last token of the file.
    Eof(Pos),
}

/// `-Name(Value).`
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// Position of the attribute's name (the token after `-`), as erl_parse annotates it.
    pub pos: Pos,
    pub kind: AttributeKind,
}

/// `Name/Arity` in export, import and export_type lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunRef {
    pub pos: Pos,
    pub name: Name,
    pub arity: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AttributeKind {
    /// `-module(M).` (`params` for the old `-module(M, [Vars]).`, which erl_parse still accepts).
    Module {
        name: Name,
        params: Option<Vec<Name>>,
    },
    Export(Vec<FunRef>),
    Import {
        module: Name,
        functions: Vec<FunRef>,
    },
    ExportType(Vec<FunRef>),
    /// `-file("name", Line).`
    File {
        name: String,
        line: u32,
    },
    Record(RecordDecl),
    /// `-type` (opaque false) or `-opaque` (opaque true).
    Type(TypeDecl),
    /// `-spec` (callback false) or `-callback` (callback true).
    Spec(SpecDecl),
    /// Any other attribute, with its value as erl_parse normalises it to a term
    /// (`f/1` becomes `{f,1}`): `-compile`, `-behaviour`, `-vsn`, `-on_load`, `-feature`,
    /// `-optional_callbacks`, `-dialyzer`, user attributes...
    Other {
        name: Name,
        value: ferl_etf::Term,
    },
}

/// `-record(Name, {Fields}).`
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub name: Name,
    pub fields: Vec<RecordFieldDecl>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordFieldDecl {
    pub pos: Pos,
    pub name: Name,
    pub default: Option<Expr>,
    pub ty: Option<Type>,
}

/// `-type Name(Params) :: Body.`
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    pub opaque: bool,
    pub name: Name,
    /// The parameters (type variables, `Type::Var`).
    pub params: Vec<Type>,
    pub body: Type,
}

/// `-spec [Module:]Name(Args) -> Ret [when Constraints]; ...`
#[derive(Clone, Debug, PartialEq)]
pub struct SpecDecl {
    pub callback: bool,
    pub module: Option<Name>,
    pub name: Name,
    pub arity: u32,
    pub clauses: Vec<FunType>,
}

/// One clause of a spec, or the type of `fun((Args) -> Ret)`.
#[derive(Clone, Debug, PartialEq)]
pub struct FunType {
    pub pos: Pos,
    /// `None` for `fun((...) -> Ret)`.
    pub args: Option<Vec<Type>>,
    pub ret: Box<Type>,
    /// `when` constraints; empty when there is none (a `bounded_fun` only when non-empty).
    pub constraints: Vec<Constraint>,
}

/// `Var :: Type` (name `is_subtype`) or the old `Name(Args)` form in a `when` list.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub pos: Pos,
    pub name: Name,
    pub name_pos: Pos,
    pub args: Vec<Type>,
}

/// A function definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub pos: Pos,
    pub name: Name,
    pub arity: u32,
    pub clauses: Vec<Clause>,
}

/// A clause: function, fun, case, receive, try-of, if (no patterns), catch (see `CatchClause`).
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub pos: Pos,
    pub patterns: Vec<Pattern>,
    pub guards: Guards,
    pub body: Vec<Expr>,
}

/// A guard sequence `G1; G2; ...`, each a conjunction `E1, E2, ...`. Empty: no guard.
pub type Guards = Vec<Vec<Expr>>;

/// `Class:Reason:Stack when Guards -> Body` in a try's catch section.
#[derive(Clone, Debug, PartialEq)]
pub struct CatchClause {
    pub pos: Pos,
    /// `None` means the implicit `throw`.
    pub class: Option<Pattern>,
    pub reason: Pattern,
    /// `None` means no stacktrace variable (rendered as `_`).
    pub stack: Option<Pattern>,
    pub guards: Guards,
    pub body: Vec<Expr>,
}

/// Binary operators, by their Erlang spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Send,     // !
    OrElse,   // orelse
    AndAlso,  // andalso
    Eq,       // ==
    Ne,       // /=
    Le,       // =<
    Lt,       // <
    Ge,       // >=
    Gt,       // >
    ExactEq,  // =:=
    ExactNe,  // =/=
    Append,   // ++
    Subtract, // --
    Add,      // +
    Sub,      // -
    Bor,
    Bxor,
    Bsl,
    Bsr,
    Or,
    Xor,
    Mul,  // *
    FDiv, // /
    Div,
    Rem,
    Band,
    And,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        use BinOp::*;
        match self {
            Send => "!",
            OrElse => "orelse",
            AndAlso => "andalso",
            Eq => "==",
            Ne => "/=",
            Le => "=<",
            Lt => "<",
            Ge => ">=",
            Gt => ">",
            ExactEq => "=:=",
            ExactNe => "=/=",
            Append => "++",
            Subtract => "--",
            Add => "+",
            Sub => "-",
            Bor => "bor",
            Bxor => "bxor",
            Bsl => "bsl",
            Bsr => "bsr",
            Or => "or",
            Xor => "xor",
            Mul => "*",
            FDiv => "/",
            Div => "div",
            Rem => "rem",
            Band => "band",
            And => "and",
        }
    }
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Plus,  // +
    Minus, // -
    Bnot,
    Not,
}

impl UnOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UnOp::Plus => "+",
            UnOp::Minus => "-",
            UnOp::Bnot => "bnot",
            UnOp::Not => "not",
        }
    }
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Var(Pos, Name),
    Atom(Pos, Name),
    Integer(Pos, Int),
    Float(Pos, f64),
    Char(Pos, char),
    /// A string literal (adjacent literals already joined).
    String(Pos, String),
    Nil(Pos),
    /// `[H | T]`; `[a, b]` is a chain of conses ending in `Nil`, as erl_parse builds it.
    Cons(Pos, Box<Expr>, Box<Expr>),
    Tuple(Pos, Vec<Expr>),
    Bin(Pos, Vec<BinElement<Expr>>),
    /// `#{K => V, K := V}`.
    Map(Pos, Vec<MapField>),
    /// `Expr#{K => V, K := V}`.
    MapUpdate(Pos, Box<Expr>, Vec<MapField>),
    /// `#Name{Field = Value, ...}`.
    Record(Pos, Name, Vec<RecordField<Expr>>),
    /// `Expr#Name{Field = Value, ...}`.
    RecordUpdate(Pos, Box<Expr>, Name, Vec<RecordField<Expr>>),
    /// `#Name.Field`.
    RecordIndex(Pos, Name, Pos, Name),
    /// `Expr#Name.Field`.
    RecordAccess(Pos, Box<Expr>, Name, Pos, Name),
    /// `Fun(Args)`; a remote call has `Expr::Remote` as its function.
    Call(Pos, Box<Expr>, Vec<Expr>),
    /// `Module:Function` (position of the `:`); only meaningful as a call's function.
    Remote(Pos, Box<Expr>, Box<Expr>),
    /// `fun name/arity`.
    FunRef(Pos, Name, u32),
    /// `fun M:F/A`, each part an atom, variable or integer expression.
    RemoteFunRef(Pos, Box<Expr>, Box<Expr>, Box<Expr>),
    /// `fun (Args) -> Body; ... end`.
    Fun(Pos, Vec<Clause>),
    /// `fun Name(Args) -> Body; Name(Args) -> ... end`.
    NamedFun(Pos, Name, Vec<Clause>),
    /// `Pattern = Expr`.
    Match(Pos, Box<Pattern>, Box<Expr>),
    /// `Pattern ?= Expr`, only inside `maybe`.
    MaybeMatch(Pos, Box<Pattern>, Box<Expr>),
    BinOp(Pos, BinOp, Box<Expr>, Box<Expr>),
    UnOp(Pos, UnOp, Box<Expr>),
    /// `catch Expr`.
    Catch(Pos, Box<Expr>),
    /// `begin ... end`.
    Block(Pos, Vec<Expr>),
    If(Pos, Vec<Clause>),
    Case(Pos, Box<Expr>, Vec<Clause>),
    Receive(Pos, Vec<Clause>, Option<Box<ReceiveAfter>>),
    Try(Pos, Box<Try>),
    /// `maybe Body else Clauses end`: the `else` part (its position and clauses) is `None`
    /// when there is no `else`.
    Maybe(Pos, Vec<Expr>, Option<(Pos, Vec<Clause>)>),
    /// `[E || Qualifiers]`.
    ListComp(Pos, Box<Expr>, Vec<Qualifier>),
    /// `<< E || Qualifiers >>`.
    BinComp(Pos, Box<Expr>, Vec<Qualifier>),
}

impl Expr {
    /// The position erl_parse annotates this expression with.
    pub fn pos(&self) -> Pos {
        use Expr::*;
        match self {
            Var(p, _)
            | Atom(p, _)
            | Integer(p, _)
            | Float(p, _)
            | Char(p, _)
            | String(p, _)
            | Nil(p)
            | Cons(p, _, _)
            | Tuple(p, _)
            | Bin(p, _)
            | Map(p, _)
            | MapUpdate(p, _, _)
            | Record(p, _, _)
            | RecordUpdate(p, _, _, _)
            | RecordIndex(p, _, _, _)
            | RecordAccess(p, _, _, _, _)
            | Call(p, _, _)
            | Remote(p, _, _)
            | FunRef(p, _, _)
            | RemoteFunRef(p, _, _, _)
            | Fun(p, _)
            | NamedFun(p, _, _)
            | Match(p, _, _)
            | MaybeMatch(p, _, _)
            | BinOp(p, _, _, _)
            | UnOp(p, _, _)
            | Catch(p, _)
            | Block(p, _)
            | If(p, _)
            | Case(p, _, _)
            | Receive(p, _, _)
            | Try(p, _)
            | Maybe(p, _, _)
            | ListComp(p, _, _)
            | BinComp(p, _, _) => *p,
        }
    }
}

impl Expr {
    /// The position of the leftmost token of the expression, which erl_parse uses for
    /// matches, calls and list cells (`{match, A, ...}` has the pattern's first position).
    pub fn first_pos(&self) -> Pos {
        match self {
            Expr::BinOp(_, _, l, _) => l.first_pos(),
            Expr::Match(_, p, _) => p.first_pos(),
            Expr::Call(_, f, _) => f.first_pos(),
            Expr::Remote(_, m, _) => m.first_pos(),
            Expr::RecordAccess(_, b, ..)
            | Expr::RecordUpdate(_, b, ..)
            | Expr::MapUpdate(_, b, _) => b.first_pos(),
            e => e.pos(),
        }
    }
}

/// `after Timeout -> Body` of a receive.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiveAfter {
    pub timeout: Expr,
    pub body: Vec<Expr>,
}

/// `try Body of Clauses catch CatchClauses after After end`.
#[derive(Clone, Debug, PartialEq)]
pub struct Try {
    pub body: Vec<Expr>,
    pub of_clauses: Vec<Clause>,
    pub catch_clauses: Vec<CatchClause>,
    /// Empty when there is no `after`.
    pub after: Vec<Expr>,
}

/// A list or binary comprehension qualifier.
#[derive(Clone, Debug, PartialEq)]
pub enum Qualifier {
    /// `Pattern <- ListExpr`.
    Generator(Pos, Pattern, Expr),
    /// `BinPattern <= BinExpr`.
    BitGenerator(Pos, Pattern, Expr),
    Filter(Expr),
}

/// `K => V` (assoc, construction and update) or `K := V` (exact, update and patterns).
#[derive(Clone, Debug, PartialEq)]
pub struct MapField {
    pub pos: Pos,
    pub exact: bool,
    pub key: Expr,
    pub value: Expr,
}

/// `Field = Value` in a record expression or pattern; `_ = Value` sets all other fields
/// (the parser accepts any variable there, as erl_parse does; the linter rejects others).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordField<V> {
    pub pos: Pos,
    pub name: RecordFieldName,
    pub value: V,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordFieldName {
    /// A field name (position of the atom).
    Field(Pos, Name),
    /// A variable in field position: `_` means every field not named.
    Var(Pos, Name),
}

/// A binary segment `Value:Size/TypeSpecifiers`.
#[derive(Clone, Debug, PartialEq)]
pub struct BinElement<V> {
    pub pos: Pos,
    pub value: V,
    /// `None` is `default` in the abstract format.
    pub size: Option<Expr>,
    /// `None` is `default`.
    pub types: Option<Vec<BinTypeSpec>>,
}

/// One type specifier: `integer`, `little`, `unit:8`...; the names are checked by the linter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinTypeSpec {
    pub name: Name,
    /// The `N` of `name:N` (in practice only `unit:N`).
    pub value: Option<Int>,
}

/// A pattern. Expressions in pattern position are converted by the parser; what cannot be a
/// pattern (a call, a fun...) is the error `illegal pattern`.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// A variable; `_` is `Var(_, "_")` as in the abstract format.
    Var(Pos, Name),
    Atom(Pos, Name),
    Integer(Pos, Int),
    Float(Pos, f64),
    Char(Pos, char),
    String(Pos, String),
    Nil(Pos),
    Cons(Pos, Box<Pattern>, Box<Pattern>),
    Tuple(Pos, Vec<Pattern>),
    Bin(Pos, Vec<BinElement<Pattern>>),
    /// `#{K := V}`; keys are guard expressions. `exact == false` (`=>`) is accepted by the
    /// parser and rejected by the linter, as erl_lint does.
    Map(Pos, Vec<MapPatternField>),
    /// `#Name{Field = Pattern}`.
    Record(Pos, Name, Vec<RecordField<Pattern>>),
    /// `#Name.Field` (the field's index).
    RecordIndex(Pos, Name, Pos, Name),
    /// `P1 = P2`.
    Match(Pos, Box<Pattern>, Box<Pattern>),
    /// An operator expression; the linter checks it evaluates to a constant number
    /// (`-1`, `1 + 2`, `bnot 3`), or for `++` that the left side is a string literal
    /// prefix (`"abc" ++ T`).
    BinOp(Pos, BinOp, Box<Pattern>, Box<Pattern>),
    UnOp(Pos, UnOp, Box<Pattern>),
}

impl Pattern {
    pub fn pos(&self) -> Pos {
        use Pattern::*;
        match self {
            Var(p, _)
            | Atom(p, _)
            | Integer(p, _)
            | Float(p, _)
            | Char(p, _)
            | String(p, _)
            | Nil(p)
            | Cons(p, _, _)
            | Tuple(p, _)
            | Bin(p, _)
            | Map(p, _)
            | Record(p, _, _)
            | RecordIndex(p, _, _, _)
            | Match(p, _, _)
            | BinOp(p, _, _, _)
            | UnOp(p, _, _) => *p,
        }
    }
}

impl Pattern {
    /// The position of the leftmost token (see `Expr::first_pos`).
    pub fn first_pos(&self) -> Pos {
        match self {
            Pattern::BinOp(_, _, l, _) | Pattern::Match(_, l, _) => l.first_pos(),
            p => p.pos(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapPatternField {
    pub pos: Pos,
    pub exact: bool,
    pub key: Expr,
    pub value: Pattern,
}

/// The type language of `-type`, `-opaque`, `-spec`, `-callback` and typed record fields.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// A type variable, `_` included.
    Var(Pos, Name),
    Atom(Pos, Name),
    Integer(Pos, Int),
    Char(Pos, char),
    /// `V :: T` (`{ann_type, ...}`).
    Annotated(Pos, Box<Type>, Box<Type>),
    /// `T1 | T2 | ...`, at the smallest position found in the first member, as erl_parse
    /// annotates it.
    Union(Pos, Vec<Type>),
    /// `Low..High` (position of `Low`).
    Range(Pos, Box<Type>, Box<Type>),
    /// An integer-valued operator expression (`-1`, `1 bsl 8`).
    BinOp(Pos, BinOp, Box<Type>, Box<Type>),
    UnOp(Pos, UnOp, Box<Type>),
    /// `[]`.
    Nil(Pos),
    /// `[T]`.
    List(Pos, Box<Type>),
    /// `[T, ...]`.
    NonEmptyList(Pos, Box<Type>),
    /// `tuple()` (`None`: any tuple) or `{T1, T2}`.
    Tuple(Pos, Option<Vec<Type>>),
    /// `map()` (`None`: any map) or `#{K => V, K := V}`.
    Map(Pos, Option<Vec<MapTypeField>>),
    /// `#Name{Field :: Type}`.
    Record(Pos, Pos, Name, Vec<RecordTypeField>),
    /// `<<_:M, _:_*N>>`: `size` M and `unit` N (0 when absent).
    Binary(Pos, Box<Type>, Box<Type>),
    /// `fun()`.
    AnyFun(Pos),
    /// `fun((Args) -> Ret)` or `fun((...) -> Ret)`.
    Fun(Pos, FunType),
    /// `name(Args)`: `builtin` is true for the types erl_parse marks `type` (erl_internal's
    /// built-in types, like `integer()`), false for user types (`user_type`).
    Named {
        pos: Pos,
        name: Name,
        args: Vec<Type>,
        builtin: bool,
    },
    /// `module:name(Args)`.
    Remote {
        pos: Pos,
        module: (Pos, Name),
        name: (Pos, Name),
        args: Vec<Type>,
    },
}

impl Type {
    pub fn pos(&self) -> Pos {
        use Type::*;
        match self {
            Var(p, _)
            | Atom(p, _)
            | Integer(p, _)
            | Char(p, _)
            | Annotated(p, _, _)
            | Union(p, _)
            | Range(p, _, _)
            | BinOp(p, _, _, _)
            | UnOp(p, _, _)
            | Nil(p)
            | List(p, _)
            | NonEmptyList(p, _)
            | Tuple(p, _)
            | Map(p, _)
            | Record(p, _, _, _)
            | Binary(p, _, _)
            | AnyFun(p)
            | Fun(p, _) => *p,
            Named { pos, .. } | Remote { pos, .. } => *pos,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapTypeField {
    pub pos: Pos,
    pub exact: bool,
    pub key: Type,
    pub value: Type,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordTypeField {
    pub pos: Pos,
    pub name_pos: Pos,
    pub name: Name,
    pub ty: Type,
}
