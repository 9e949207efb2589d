//! The .beam file: the IFF container, its chunks, the generic instruction set of OTP 24–26
//! and the compact term encoding of operands.
//!
//! Invariant: shared by the compiler (which writes these files) and the VM's loader (which
//! reads them). It describes the file format only; it knows nothing of Erlang source or of
//! how the VM executes code. Reading never panics on malformed input: it returns an error
//! that says what is wrong.
