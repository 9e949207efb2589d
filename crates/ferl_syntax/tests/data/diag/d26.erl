-module(d26).
-define(F, ).
f() -> ?F.
