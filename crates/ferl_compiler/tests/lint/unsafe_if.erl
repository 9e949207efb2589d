-module(unsafe_if).
-export([a/1]).
a(X) -> if X > 1 -> Z = 2; true -> ok end, Z.
