//! Erlang source text to abstract syntax: the lexer, the preprocessor and the parser.
//!
//! Invariant: this crate knows nothing of the virtual machine or of the .beam format. It
//! turns bytes into tokens, tokens into forms, and reports problems as diagnostics worded
//! as erlc words them (`FILE:LINE:COL: message`). It never panics on any input.

pub mod ast;
pub mod diagnostic;

pub use diagnostic::{Diagnostic, Severity};
