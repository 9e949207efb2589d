-module(d60).
f() -> cond.
