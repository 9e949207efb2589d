-module(d52).
f() -> 16#.
