-module(d20).
-define(F(X), ?F(X)).
f() -> ?F(1).
