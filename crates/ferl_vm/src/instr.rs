//! Ferl's own instruction set: what the loader translates generic BEAM instructions into.
//!
//! Operands are pre-resolved: registers are indices, literals are terms, jump targets are
//! code addresses, external calls point at export entries, BIFs at their Rust functions.
//! Code areas are leaked when loaded and never freed, which is what makes a code address
//! (`CodePtr`) safe to hold anywhere: in a process, on its stack, in a fun.

use crate::bif::BifFn;
use crate::export::Export;
use crate::module::FunEntry;
use crate::term::Term;

/// A code address: a pointer into a leaked code area, or null (no target).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CodePtr(pub *const Instr);

// SAFETY: code areas are immutable once published and never freed.
unsafe impl Send for CodePtr {}
// SAFETY: as above.
unsafe impl Sync for CodePtr {}

impl CodePtr {
    pub const NULL: CodePtr = CodePtr(std::ptr::null());

    #[inline]
    pub fn is_null(self) -> bool {
        self.0.is_null()
    }

    /// The instruction at this address.
    #[inline]
    pub fn get(self) -> &'static Instr {
        // SAFETY: a non-null CodePtr points into a code area that is leaked (never freed)
        // and the loader only makes addresses of instructions inside the area.
        unsafe { &*self.0 }
    }

    /// The next instruction's address.
    #[inline]
    pub fn next(self) -> CodePtr {
        // SAFETY: every code area ends with an instruction that never falls through, so
        // the successor of an executed instruction stays within the area.
        CodePtr(unsafe { self.0.add(1) })
    }

    /// A raw word (a return address on a stack is stored as one; its tag bits are 00
    /// because instructions are 8-byte aligned).
    #[inline]
    pub fn to_word(self) -> u64 {
        self.0 as u64
    }

    #[inline]
    pub fn from_word(w: u64) -> CodePtr {
        CodePtr(w as *const Instr)
    }
}

/// A source operand in one word: a literal term as itself (its tag bits are never 00),
/// or a register as `index << 3 | 0b000` (x) or `index << 3 | 0b100` (y).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Src(pub u64);

/// A source operand taken apart (for the slow paths).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SrcKind {
    X(u32),
    Y(u32),
    Lit(Term),
}

#[allow(non_snake_case)]
impl Src {
    pub const fn X(i: u32) -> Src {
        Src((i as u64) << 3)
    }
    pub const fn Y(i: u32) -> Src {
        Src(((i as u64) << 3) | 4)
    }
    pub const fn Lit(t: Term) -> Src {
        Src(t.0)
    }
    #[inline]
    pub fn kind(self) -> SrcKind {
        if self.0 & 3 != 0 {
            SrcKind::Lit(Term(self.0))
        } else if self.0 & 4 == 0 {
            SrcKind::X((self.0 >> 3) as u32)
        } else {
            SrcKind::Y((self.0 >> 3) as u32)
        }
    }
}

impl std::fmt::Debug for Src {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind())
    }
}

/// A destination register: `index << 1 | 0` (x) or `index << 1 | 1` (y).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Dst(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DstKind {
    X(u32),
    Y(u32),
}

#[allow(non_snake_case)]
impl Dst {
    pub const fn X(i: u32) -> Dst {
        Dst(i << 1)
    }
    pub const fn Y(i: u32) -> Dst {
        Dst((i << 1) | 1)
    }
    #[inline]
    pub fn kind(self) -> DstKind {
        if self.0 & 1 == 0 {
            DstKind::X(self.0 >> 1)
        } else {
            DstKind::Y(self.0 >> 1)
        }
    }
}

impl std::fmt::Debug for Dst {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind())
    }
}

/// Type tests with one operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeTest {
    Integer,
    Float,
    Number,
    Atom,
    Pid,
    Reference,
    Port,
    Nil,
    Binary,
    List,
    NonemptyList,
    Tuple,
    Function,
    Boolean,
    Map,
    Bitstr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Ge,
    Eq,
    Ne,
    EqExact,
    NeExact,
}

/// One segment of `bs_create_bin`.
#[derive(Clone, Debug)]
pub struct BinSeg {
    pub kind: BinSegKind,
    pub unit: u32,
    pub flags: u32,
    pub src: Src,
    /// `Lit(atom all)` for the rest of a binary, `Lit(nil)` for no size.
    pub size: Src,
    /// The bytes of a `string` segment.
    pub string: &'static [u8],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinSegKind {
    Integer,
    Float,
    Binary,
    Utf8,
    Utf16,
    Utf32,
    String,
    Append,
    PrivateAppend,
}

/// Bit syntax flags (as the generic instructions encode them).
pub const BSF_LITTLE: u32 = 2;
pub const BSF_SIGNED: u32 = 4;
pub const BSF_NATIVE: u32 = 16;

/// One command of OTP 26's `bs_match`.
#[derive(Clone, Debug)]
pub enum BsMatchCmd {
    EnsureAtLeast {
        bits: u64,
        unit: u32,
    },
    EnsureExactly {
        bits: u64,
    },
    Integer {
        live: u32,
        flags: u32,
        size: u64,
        unit: u32,
        dst: Dst,
    },
    Binary {
        live: u32,
        flags: u32,
        size: u64,
        unit: u32,
        dst: Dst,
    },
    Skip {
        bits: u64,
    },
    GetTail {
        live: u32,
        unit: u32,
        dst: Dst,
    },
    Equal {
        bits: u64,
        value: u64,
    },
}

/// A BIF called from code: its export entry (which holds the native function; the loader
/// only makes a `BifRef` for entries that have one).
#[derive(Clone, Copy)]
pub struct BifRef {
    pub export: &'static Export,
}

impl BifRef {
    #[inline]
    pub fn f(self) -> BifFn {
        self.export.bif().unwrap_or(crate::bif::missing_bif)
    }
}

impl std::fmt::Debug for BifRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}/{}",
            self.export.module.name(),
            self.export.function.name(),
            self.export.arity
        )
    }
}

#[derive(Debug)]
pub enum Instr {
    /// Entry of a function: raises function_clause when jumped to.
    FuncInfo {
        module: Term,
        function: Term,
        arity: u32,
    },
    Call {
        arity: u32,
        target: CodePtr,
    },
    /// Two moves then a call (`move; move; call` fused).
    CallMove2 {
        src1: Src,
        dst1: Dst,
        src2: Src,
        dst2: Dst,
        arity: u32,
        target: CodePtr,
    },
    /// `deallocate N; return` fused.
    DeallocReturn {
        n: u32,
    },
    IsLt {
        fail: CodePtr,
        a: Src,
        b: Src,
    },
    IsGe {
        fail: CodePtr,
        a: Src,
        b: Src,
    },
    IsEqExact {
        fail: CodePtr,
        a: Src,
        b: Src,
    },
    IsNeExact {
        fail: CodePtr,
        a: Src,
        b: Src,
    },
    CallLast {
        arity: u32,
        target: CodePtr,
        dealloc: u32,
    },
    CallOnly {
        arity: u32,
        target: CodePtr,
    },
    CallExt {
        arity: u32,
        export: &'static Export,
    },
    CallExtLast {
        arity: u32,
        export: &'static Export,
        dealloc: u32,
    },
    CallExtOnly {
        arity: u32,
        export: &'static Export,
    },
    /// A call to a BIF through call_ext: `tail` deallocates `dealloc` and returns after it.
    CallBif {
        bif: BifRef,
        arity: u32,
        tail: bool,
        dealloc: u32,
    },
    Bif {
        bif: BifRef,
        fail: CodePtr,
        args: Box<[Src]>,
        dst: Dst,
    },
    GcBif {
        bif: BifRef,
        fail: CodePtr,
        live: u32,
        args: Box<[Src]>,
        dst: Dst,
    },
    /// Fast arithmetic on small integers, falling back to the BIF.
    AddSmall {
        fail: CodePtr,
        live: u32,
        a: Src,
        b: Src,
        dst: Dst,
        bif: BifRef,
    },
    SubSmall {
        fail: CodePtr,
        live: u32,
        a: Src,
        b: Src,
        dst: Dst,
        bif: BifRef,
    },
    Allocate {
        stack: u32,
        heap: u32,
        live: u32,
    },
    TestHeap {
        need: u32,
        live: u32,
    },
    InitY {
        regs: Box<[u32]>,
    },
    Deallocate {
        n: u32,
    },
    Return,
    Send,
    RemoveMessage,
    Timeout,
    LoopRec {
        fail: CodePtr,
    },
    LoopRecEnd {
        target: CodePtr,
    },
    Wait {
        target: CodePtr,
    },
    WaitTimeout {
        target: CodePtr,
        time: Src,
    },
    RecvMarkerReserve {
        dst: Dst,
    },
    Compare {
        op: Cmp,
        fail: CodePtr,
        a: Src,
        b: Src,
    },
    /// `is_lt`/`is_ge` on two small integers with a fallback to the general order.
    IsTest {
        test: TypeTest,
        fail: CodePtr,
        src: Src,
    },
    TestArity {
        fail: CodePtr,
        src: Src,
        arity: u32,
    },
    IsTuple2 {
        fail: CodePtr,
        src: Src,
        arity: u32,
    },
    IsTaggedTuple {
        fail: CodePtr,
        src: Src,
        arity: u32,
        tag: Term,
    },
    IsFunction2 {
        fail: CodePtr,
        src: Src,
        arity: Src,
    },
    SelectVal {
        src: Src,
        fail: CodePtr,
        table: Box<[(Term, CodePtr)]>,
    },
    SelectValSmall {
        src: Src,
        fail: CodePtr,
        min: i64,
        targets: Box<[CodePtr]>,
    },
    SelectTupleArity {
        src: Src,
        fail: CodePtr,
        table: Box<[(u32, CodePtr)]>,
    },
    Jump {
        target: CodePtr,
    },
    Catch {
        y: u32,
        handler: CodePtr,
    },
    CatchEnd {
        y: u32,
    },
    TryEnd {
        y: u32,
    },
    TryCase {
        y: u32,
    },
    TryCaseEnd {
        src: Src,
    },
    Move {
        src: Src,
        dst: Dst,
    },
    Move2 {
        src1: Src,
        dst1: Dst,
        src2: Src,
        dst2: Dst,
    },
    Swap {
        a: Dst,
        b: Dst,
    },
    GetList {
        src: Src,
        hd: Dst,
        tl: Dst,
    },
    GetHd {
        src: Src,
        dst: Dst,
    },
    GetTl {
        src: Src,
        dst: Dst,
    },
    GetTupleElement {
        src: Src,
        index: u32,
        dst: Dst,
    },
    SetTupleElement {
        value: Src,
        tuple: Src,
        index: u32,
    },
    PutList {
        hd: Src,
        tl: Src,
        dst: Dst,
    },
    PutTuple {
        dst: Dst,
        elems: Box<[Src]>,
    },
    Badmatch {
        src: Src,
    },
    IfEnd,
    CaseEnd {
        src: Src,
    },
    Badrecord {
        src: Src,
    },
    CallFun {
        arity: u32,
    },
    CallFun2 {
        arity: u32,
        fun: Src,
    },
    MakeFun {
        entry: &'static FunEntry,
        dst: Dst,
        env: Box<[Src]>,
    },
    Apply {
        arity: u32,
    },
    ApplyLast {
        arity: u32,
        dealloc: u32,
    },
    Raise {
        trace: Src,
        value: Src,
    },
    BuildStacktrace,
    RawRaise,
    Trim {
        n: u32,
    },
    IsMap {
        fail: CodePtr,
        src: Src,
    },
    HasMapFields {
        fail: CodePtr,
        src: Src,
        keys: Box<[Src]>,
    },
    GetMapElements {
        fail: CodePtr,
        src: Src,
        pairs: Box<[(Src, Dst)]>,
    },
    PutMap {
        exact: bool,
        fail: CodePtr,
        src: Src,
        dst: Dst,
        live: u32,
        pairs: Box<[(Src, Src)]>,
    },
    UpdateRecord {
        src: Src,
        dst: Dst,
        size: u32,
        updates: Box<[(u32, Src)]>,
    },
    Fmove {
        src: FSrc,
        dst: FDst,
    },
    Fconv {
        src: Src,
        dst: u32,
    },
    Farith {
        op: FOp,
        a: u32,
        b: u32,
        dst: u32,
    },
    Fnegate {
        a: u32,
        dst: u32,
    },
    // ---- bit syntax ----
    BsCreateBin {
        fail: CodePtr,
        live: u32,
        dst: Dst,
        segs: Box<[BinSeg]>,
    },
    BsStartMatch {
        fail: CodePtr,
        live: u32,
        src: Src,
        dst: Dst,
    },
    BsGetInteger {
        fail: CodePtr,
        ctx: Src,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    BsGetFloat {
        fail: CodePtr,
        ctx: Src,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    BsGetBinary {
        fail: CodePtr,
        ctx: Src,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    BsSkipBits {
        fail: CodePtr,
        ctx: Src,
        size: Src,
        unit: u32,
    },
    BsTestTail {
        fail: CodePtr,
        ctx: Src,
        bits: u64,
    },
    BsTestUnit {
        fail: CodePtr,
        ctx: Src,
        unit: u32,
    },
    BsMatchString {
        fail: CodePtr,
        ctx: Src,
        bits: u64,
        bytes: &'static [u8],
    },
    BsGetTail {
        ctx: Src,
        dst: Dst,
    },
    BsGetPosition {
        ctx: Src,
        dst: Dst,
    },
    BsSetPosition {
        ctx: Src,
        pos: Src,
    },
    BsGetUtf {
        fail: CodePtr,
        ctx: Src,
        kind: u8,
        flags: u32,
        dst: Option<Dst>,
    },
    BsMatch {
        fail: CodePtr,
        ctx: Src,
        cmds: Box<[BsMatchCmd]>,
    },
    /// Legacy construction (OTP ≤ 24 code): bs_init2 / bs_put_* / bs_append.
    BsInit {
        fail: CodePtr,
        size: Src,
        bits: bool,
        dst: Dst,
    },
    BsPut {
        fail: CodePtr,
        kind: BinSegKind,
        size: Src,
        unit: u32,
        flags: u32,
        src: Src,
    },
    BsPutString {
        bytes: &'static [u8],
    },
    BsAdd {
        fail: CodePtr,
        a: Src,
        b: Src,
        unit: u32,
        dst: Dst,
    },
    BsAppend {
        fail: CodePtr,
        size: Src,
        unit: u32,
        bin: Src,
        dst: Dst,
    },
    BsUtfSize {
        fail: CodePtr,
        kind: u8,
        src: Src,
        dst: Dst,
    },
    /// The end of a module's code; never executed on a correct path.
    CodeEnd,
    /// A no-op (on_load markers and other ignorable instructions).
    Nop,
    /// Where a process's first function returns to: it exits normally.
    NormalExit,
}

#[derive(Clone, Copy, Debug)]
pub enum FSrc {
    F(u32),
    Src(Src),
}

#[derive(Clone, Copy, Debug)]
pub enum FDst {
    F(u32),
    Dst(Dst),
}

#[derive(Clone, Copy, Debug)]
pub enum FOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[cfg(test)]
mod tests {
    #[test]
    fn instructions_stay_small() {
        // The interpreter's cache footprint: keep every instruction within 48 bytes.
        assert!(
            std::mem::size_of::<super::Instr>() <= 48,
            "{}",
            std::mem::size_of::<super::Instr>()
        );
    }
}
