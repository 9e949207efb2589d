-module(maybe).
-feature(maybe_expr, enable).
-export([f/1]).
f(X) ->
    maybe
        {ok, A} ?= X,
        B = A + 1,
        {ok, C} ?= {ok, B},
        C
    else
        {error, E} -> E;
        _ -> other
    end,
    maybe ok end.
