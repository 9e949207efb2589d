//! The External Term Format (ETF) of `term_to_binary/1` and the distribution protocol.
//!
//! Invariant: a pure codec between bytes and an owned term tree. Decoding never panics,
//! never recurses without bound and never allocates more than the input can justify:
//! malformed input is an error (`badarg` at the Erlang level).

pub mod term;

pub use term::{Atom, LocalFun, Pid, Port, Reference, Term};
