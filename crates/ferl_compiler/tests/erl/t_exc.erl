-module(t_exc).
-export([main/0]).

-record(r, {a, b}).

main() ->
    Cases = [
        fun() -> badmatch_it(1) end,
        fun() -> case_it(z) end,
        fun() -> if_it(0) end,
        fun() -> fc(3) end,
        fun() -> try_clause_it() end,
        fun() -> (fun(a) -> ok end)(b) end,
        fun() -> rec_access(notrec) end,
        fun() -> rec_update({r2, 1}) end,
        fun() -> 1 + list_to_atom("x") end,
        fun() -> throw({my, term}) end,
        fun() -> exit(normal_exit) end,
        fun() -> error(e, [1, 2]) end,
        fun() -> erlang:raise(error, re, [{m, f, 1, []}]) end,
        fun() -> lists:nth(0, []) end,
        fun() -> true andalso 1 end,
        fun() -> 1 andalso true end,
        fun() -> [X || X <- not_a_list] end,
        fun() -> <<(list_to_atom("a"))/binary>> end,
        fun() -> #{a := _} = #{} end,
        fun() -> element(2, {1}) end
    ],
    [io:format("~p~n", [run(C)]) || C <- Cases],
    io:format("~p~n", [nested_after()]),
    io:format("~p~n", [rethrow()]),
    io:format("~p~n", [catch_classes()]),
    io:format("~p~n", [stack_top()]),
    ok.

run(F) ->
    try F() of
        V -> {ok, V}
    catch
        Class:Reason -> {Class, Reason}
    end.

badmatch_it(X) -> 2 = X.
case_it(X) -> case X of a -> 1; b -> 2 end.
if_it(X) -> if X > 0 -> pos end.
fc(1) -> one; fc(2) -> two.
try_clause_it() -> try id(3) of 1 -> one after ok end.
rec_access(R) -> R#r.a.
rec_update(R) -> R#r{b = 2}.
id(X) -> X.

nested_after() ->
    put(log, []),
    Log = fun(X) -> put(log, [X | get(log)]) end,
    R = try
            try throw(x) after Log(inner_after) end
        catch throw:x -> Log(caught), caught
        after Log(outer_after)
        end,
    {R, lists:reverse(get(log))}.

rethrow() ->
    try
        try error(first) catch error:E -> throw({wrapped, E}) end
    catch throw:W -> W
    end.

catch_classes() ->
    [catch throw(a), catch exit(b), element(1, catch error(c)), catch 42].

stack_top() ->
    try fc(9) catch error:function_clause:S -> hd(S) end.
