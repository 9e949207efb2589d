-module(t_records).
-export([main/0]).

-record(inner, {v = 0 :: integer()}).
-record(outer, {name = "none", inner = #inner{}, list = [] :: list(), count}).

main() ->
    O = #outer{},
    io:format("~p~n", [O]),
    O2 = O#outer{inner = #inner{v = 5}, count = 1},
    io:format("~p~n", [O2#outer.inner#inner.v]),
    #outer{inner = #inner{v = V}} = O2,
    io:format("~p~n", [V]),
    O3 = O2#outer{count = O2#outer.count + 1, list = [a | O2#outer.list]},
    io:format("~p~n", [O3]),
    io:format("~p~n", [#outer.count]),
    io:format("~p~n", [record_info(fields, outer)]),
    W = #outer{_ = x},
    io:format("~p~n", [W]),
    io:format("~p~n", [[N || #outer{name = N} <- [O, W]]]),
    io:format("~p~n", [{is(O), is(foo)}]),
    ok.

is(R) when is_record(R, outer) -> yes;
is(_) -> no.
