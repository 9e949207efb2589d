//! The .beam file: the IFF container, its chunks, the generic instruction set of OTP 24–26
//! and the compact term encoding of operands.
//!
//! Invariant: shared by the compiler (which writes these files) and the VM's loader (which
//! reads them). It describes the file format only; it knows nothing of Erlang source or of
//! how the VM executes code. Reading never panics on malformed input: it returns an error
//! that says what is wrong.

pub mod compact;
pub mod disasm;
pub mod error;
pub mod file;
pub mod opcodes;
pub mod read;
pub mod write;

pub use compact::Operand;
pub use error::BeamError;
pub use file::{
    BeamFile, CodeHeader, FunctionEntry, Import, Instruction, LambdaEntry, LineItem, LineTable,
};
pub use read::read;
pub use write::write;
