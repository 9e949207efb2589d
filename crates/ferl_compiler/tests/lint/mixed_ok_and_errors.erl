-module(mixed_ok_and_errors).
-export([a/2, b/1, c/1, d/2, e/1, f/1, g/2, h/1, i/1, j/1, k/2]).
-record(r, {a = 1, b = #r2{}}).
-record(r2, {x}).
a(X, Y) when X == Y -> ok; a(_, _) -> no.
b(X) -> if X > 1 -> Z = 1; true -> Z = 2 end, Z.
c(X) -> receive {X, V} -> V after 10 -> W = 0, W end.
d(N, <<S:N, R/binary>>) -> {S, R}.
e(M) -> K = key, #{K := V} = M, V.
f(L) -> [{X, Y} || X <- L, Y <- L, X > Y].
g(A, B) -> F = fun(C) -> G = fun(D) -> A + B + C + D end, G(1) end, F(2).
h(X) -> try X of 1 -> one; Y -> Y catch _:_ -> err after ok end.
i(R) -> R#r.b#r2.x.
j(X) -> _ = X, Y = X, _Z = Y, ok.
k(X, Y) -> case X of {ok, V} when V > Y -> V; {error, _} = E -> E; _ -> Y end.
