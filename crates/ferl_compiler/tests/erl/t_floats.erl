-module(t_floats).
-export([main/0]).

main() ->
    io:format("~p~n", [[f(X) || X <- [1, 2.5, -3, 1.0e10]]]),
    io:format("~p~n", [catch f(atom)]),
    io:format("~p~n", [catch div0(1, 0)]),
    io:format("~p~n", [catch div0(1.0, 0.0)]),
    io:format("~p~n", [mix(3, 4)]),
    io:format("~p~n", [across(2.0)]),
    io:format("~p~n", [{branchy(1.5), branchy(-1.5)}]),
    io:format("~p~n", [energy([{1.0, 2.0, 3.0}, {4, 5, 6}])]),
    io:format("~p~n", [{neg(2), neg(2.0)}]),
    io:format("~p~n", [catch big(1 bsl 2000)]),
    io:format("~p~n", [sq(math:pi())]),
    ok.

f(X) -> X * 1.5 + 2.0 / (X * X + 1).
div0(A, B) -> A / B.
mix(A, B) -> Y = A / B, Z = A + B, {Y * 2, Z * 2, Y + Z}.
across(X) -> Y = X * 3.0, Z = id(Y), Y + Z.
branchy(X) ->
    Y = X * 2.0,
    R = if Y > 0 -> Y + 1.0; true -> Y - 1.0 end,
    {Y, R}.
energy(L) -> lists:foldl(fun({A, B, C}, Acc) -> Acc + 0.5 * (A * A + B * B + C * C) end, 0.0, L).
neg(X) -> -(X * 1.0).
big(X) -> X * 1.0.
sq(X) -> S = math:sqrt(X), S * S.
id(X) -> X.
