-module(mixed_warnings).
-export([a/1, b/1, c/0, d/1, e/1]).
a(X) -> case X of 1 -> A = 1, B = 2; _ -> A = 3 end, {A, B}.
b(X) -> (fun Loop(0) -> ok; Loop(N) -> Loop(N - 1) end)(X).
c() -> X = 1, fun() -> X = 2 end.
d(X) -> [X || {X, _} <- [{1, 2}]].
e(L) -> lists:map(fun(X) -> Y = X * 2 end, L).
