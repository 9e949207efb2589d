-module(d50).
f() -> 1.0e + 2.
