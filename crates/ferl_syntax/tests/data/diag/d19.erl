-module(d19).
-define(F(X), X).
f() -> ?F((1).
