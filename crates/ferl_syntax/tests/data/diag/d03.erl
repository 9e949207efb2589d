-module(d03).
-define(F(X), X).
f() -> ?F(1,2).
