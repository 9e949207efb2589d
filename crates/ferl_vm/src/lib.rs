//! The Ferl virtual machine: tagged terms, per-process heaps and garbage collection,
//! processes and mailboxes, schedulers, the loader that translates .beam code into Ferl's
//! internal instructions, the interpreter, the BIFs, the export table and the code server.
//!
//! Invariant: it consumes .beam files (through `ferl_beam`) and never Erlang source; the
//! compiler reaches it only through the `Compiler` hook the binary installs.

pub mod arith;
pub mod atom;
pub mod bif;
pub mod binary;
pub mod bitsyntax;
pub mod boot;
pub mod code;
pub mod copy;
pub mod dist;
pub mod etf;
pub mod exception;
pub mod export;
pub mod fun;
pub mod gc;
pub mod hash;
pub mod heap;
pub mod hooks;
pub mod instr;
pub mod interp;
pub mod io;
pub mod loader;
pub mod map;
pub mod md5;
pub mod module;
pub mod natives;
pub mod node;
pub mod order;
pub mod pretty;
pub mod print;
pub mod process;
pub mod report;
pub mod term;
pub mod timer;
pub mod tree;
pub mod vm;

pub use boot::{boot, BootConfig, StartAction};
pub use term::Term;
