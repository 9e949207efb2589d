//! The Erlang compiler: lint, pattern-match compilation and code generation, from the
//! forms of `ferl_syntax` to standard .beam files (via `ferl_beam`).
//!
//! Invariant: output must load and behave identically on real Erlang/OTP 25 and on Ferl.
//! It knows nothing of the VM's internals.
