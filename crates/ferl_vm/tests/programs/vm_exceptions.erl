-module(vm_exceptions).
-export([main/0]).
f(1) -> one.
g(X) -> element(X, {a}).
h() -> throw(deep).
try_all(F) ->
    try F() of V -> {ok, V}
    catch C:R:S -> {C, R, [{M, Fn, A} || {M, Fn, A, _} <- S, M =/= erl_eval, M =/= init]}
    end.
main() ->
    io:format("~p~n", [try_all(fun() -> f(2) end)]),
    io:format("~p~n", [try_all(fun() -> g(5) end)]),
    io:format("~p~n", [try_all(fun() -> h() end)]),
    io:format("~p~n", [try_all(fun() -> exit(bye) end)]),
    io:format("~p~n", [try_all(fun() -> erlang:raise(error, r, [{m, f, 1, []}]) end)]),
    io:format("~p~n", [try_all(fun() -> nomod:nofun(1) end)]),
    io:format("~p~n", [try_all(fun() -> (fun(X) -> X end)(1, 2) end)]),
    io:format("~p~n", [try_all(fun() -> case get(x) of 1 -> a end end)]),
    io:format("~p~n", [element(2, try_all(fun() -> lists:map(fun(X) -> X + a end, [1]) end))]),
    {'EXIT', {badarg, [{erlang, element, [0, {}], _}, {?MODULE, main, 0, Loc} | _]}} = (catch element(0, {})),
    io:format("~w~n", [lists:keyfind(line, 1, Loc)]),
    R = try try error(inner) after put(after_ran, yes) end catch error:E -> {E, get(after_ran)} end,
    io:format("~p~n", [R]),
    io:format("~p~n", [try throw(a) catch throw:a -> try error(b) catch error:b -> nested end end]).
