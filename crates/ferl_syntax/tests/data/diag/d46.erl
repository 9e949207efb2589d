-module(d46).
f() -> 1; g() -> 2.
