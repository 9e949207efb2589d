-module(t_maybe).
-feature(maybe_expr, enable).
-export([main/0]).
f(X) ->
    maybe
        {ok, A} ?= X,
        B = A + 1,
        {ok, C} ?= {ok, B},
        C * 2
    else
        {error, E} -> {err, E};
        nope -> nope_seen
    end.
g(X) -> maybe {ok, _V} ?= X end.
main() ->
    io:format("~p~n", [[f({ok, 1}), f({error, x}), f(nope), g({ok, 3}), g(other), catch f(zzz)]]).
