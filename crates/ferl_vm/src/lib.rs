//! The Ferl virtual machine: tagged terms, per-process heaps and garbage collection,
//! processes and mailboxes, schedulers, the loader that translates .beam code into Ferl's
//! internal instructions, the interpreter, the BIFs, the export table and the code server.
//!
//! Invariant: it consumes .beam files (through `ferl_beam`) and never Erlang source; the
//! compiler reaches it only through the `Compiler` hook the binary installs.
