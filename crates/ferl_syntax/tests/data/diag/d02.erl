-module(d02).
-define(F(X), X).
f() -> ?F.
