-module(t_lc).
-export([main/0]).

main() ->
    io:format("~p~n", [[{X, Y} || X <- [1, 2, 3], Y <- [a, b], X =/= 2]]),
    io:format("~p~n", [[X || {X, true} <- [{1, true}, {2, false}, {3, true}]]]),
    io:format("~p~n", [[X * Y || X <- lists:seq(1, 3), Y <- lists:seq(X, 3)]]),
    io:format("~p~n", [qsort([3, 1, 4, 1, 5, 9, 2, 6])]),
    io:format("~p~n", [pyth(20)]),
    io:format("~p~n", [perms([a, b, c])]),
    Z = 10,
    io:format("~p~n", [[X + Z || X <- [1, 2], is_integer(X)]]),
    io:format("~p~n", [[io_lib:format("~p", [X]) || X <- [1]]]),
    io:format("~p~n", [<< <<X>> || X <- [1, 2, 3], X > 1 >>]),
    io:format("~p~n", [[{A, B} || <<A:4, B:4>> <= <<16#12, 16#34>>]]),
    io:format("~p~n", [[X || X <- [], true]]),
    io:format("~p~n", [[[X || X <- L] || L <- [[1], [2, 3]]]]),
    ok.

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

pyth(N) ->
    [{A, B, C} || A <- lists:seq(1, N), B <- lists:seq(A, N), C <- lists:seq(B, N),
                  A * A + B * B =:= C * C].

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].
