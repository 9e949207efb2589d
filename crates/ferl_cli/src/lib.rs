//! Argument parsing for the `ferl` and `ferlc` binaries. The binaries are thin: they parse
//! the command line like `erl` and `erlc` do and call into the library crates.
