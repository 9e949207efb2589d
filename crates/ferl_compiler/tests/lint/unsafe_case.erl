-module(unsafe_case).
-export([a/1]).
a(X) -> case X of 1 -> Y = 1; _ -> ok end, Y.
