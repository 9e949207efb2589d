//! Ferl's standard library: the Erlang modules under `lib/`, compiled by `ferl_compiler`
//! when this crate is built and embedded here as .beam images.
//!
//! Invariant: no file of Erlang/OTP is read or embedded; everything here is built from
//! Ferl's own sources by Ferl's own compiler.
//!
//! The compiler cannot compile `lib/` yet, so nothing is embedded: `modules()` is empty and
//! the VM loads the standard library at run time from `FERL_LIB_DIR` (development and
//! tests only).

/// The embedded modules: (module name, .beam image).
pub fn modules() -> &'static [(&'static str, &'static [u8])] {
    &[]
}
