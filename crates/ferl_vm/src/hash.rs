//! Term hashing for `erlang:phash2/1,2` and ETS.
//!
//! The hash is portable (the same for equal terms on every run) and depends only on the
//! term's value; it is not erl's `make_hash2` bit for bit (known difference).

use crate::etf;
use crate::term::Term;

/// A 32-bit hash of a term, stable across runs.
pub fn phash2(t: Term) -> u32 {
    let bytes = etf::encode(t);
    // FNV-1a, folded to 27 bits by the callers when they need erl's range.
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
