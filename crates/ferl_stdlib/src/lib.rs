//! Ferl's standard library: the Erlang modules under `lib/`, compiled by `ferl_compiler`
//! when this crate is built and embedded here as .beam images.
//!
//! Invariant: no file of Erlang/OTP is read or embedded; everything here is built from
//! Ferl's own sources by Ferl's own compiler.
