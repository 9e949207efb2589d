-module(t_casetuple).
-export([main/0]).
main() ->
    [io:format("~p~n", [f(A, B)]) || {A, B} <- [{a, 1}, {b, [1, 2]}, {c, x}, {d, d}]],
    io:format("~p~n", [catch g(1, 2)]).
f(X, Y) ->
    case {X, Y} of
        {a, N} when is_integer(N) -> {int, N};
        {_, [H | _]} -> {head, H};
        {Z, Z} -> same;
        _ -> other
    end.
g(X, Y) -> case {X, id(Y)} of {2, _} -> two end.
id(X) -> X.
