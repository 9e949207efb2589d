//! The External Term Format (ETF) of `term_to_binary/1` and the distribution protocol.
//!
//! Invariant: a pure codec between bytes and an owned term tree. Decoding never panics,
//! never recurses without bound and never allocates more than the input can justify:
//! malformed input is an error (`badarg` at the Erlang level).
//!
//! - [`decode`], [`decode_with_rest`], [`decode_with`] (options: safe mode, atom cache
//!   references, depth limit) and [`decode_body`] (no version byte, for distribution headers);
//! - [`encode`] / [`to_binary`] (`term_to_binary/1,2`, byte for byte as OTP 25), and
//!   [`encode_body_into`] with [`EncodeOptions::dist`] for distribution frames;
//! - [`order`]: Erlang's term order (`compare`, `eq`, `eq_exact`, `compare_exact`).

pub mod decode;
pub mod encode;
pub mod order;
pub mod tag;
pub mod term;

pub use decode::{
    decode, decode_body, decode_with, decode_with_rest, DecodeError, DecodeErrorKind,
    DecodeOptions, DEFAULT_MAX_DEPTH,
};
pub use encode::{
    encode, encode_body_into, encode_body_with_atom_refs, encoded_size, to_binary, EncodeOptions,
};
pub use order::{compare, compare_exact, eq, eq_exact};
pub use term::{Atom, LocalFun, Pid, Port, Reference, Term};
