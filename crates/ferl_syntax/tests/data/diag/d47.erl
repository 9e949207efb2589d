-module(d47).
f() -> 1; f(X) -> 2.
