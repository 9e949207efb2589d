-module(t_misc).
-export([main/0]).
-compile({no_auto_import, [size/1]}).
-import(lists, [reverse/1, sum/1]).
-define(SQ(X), ((X) * (X))).
-vsn(1).
-my_attr([hello]).

size(_) -> my_size.

main() ->
    io:format("~p~n", [size(x)]),
    io:format("~p~n", [reverse([1, 2, 3])]),
    io:format("~p~n", [sum([1, 2, 3])]),
    io:format("~p~n", [?SQ(7)]),
    io:format("~p~n", [?MODULE]),
    io:format("~p~n", [?LINE]),
    io:format("~p~n", [lists:keyfind(my_attr, 1, module_info(attributes))]),
    io:format("~p~n", [lists:member({main, 0}, module_info(exports))]),
    {A, B} = {1, 2}, C = A + B,
    D = case C of 3 -> X = three, X; _ -> X = other, X end,
    io:format("~p ~p~n", [D, X]),
    io:format("~p~n", [begin Y = 5, Y * 2 end]),
    io:format("~p~n", [[1, 2 | [3]] ++ [4] -- [2]]),
    io:format("~p~n", [{1 / 2, 7 div 2, -7 rem 3, 2 bsl 10, -16 bsr 2, bnot 5, 5 bxor 3}]),
    io:format("~p~n", [{1 == 1.0, 1 =:= 1.0, 1 /= 2, a < b, {1} < {1, 2}, [] < [1]}]),
    io:format("~p~n", [{abs(-3), float(2), round(2.5), trunc(-2.7), max(1, 2), min(a, 1)}]),
    io:format("~p~n", [1 bsl 100]),
    io:format("~p~n", [(1 bsl 100) div 7 * 3 - 1]),
    io:format("~p~n", ["abc" ++ [$d]]),
    io:format("~p~n", [string_pat("prefix_rest")]),
    io:format("~p~n", [atom_to_list('hello world')]),
    io:format("~p~n", [{$a, $\n, "\t\"q\""}]),
    io:format("~p~n", [erlang:element(1, {x})]),
    io:format("~p~n", [self() =:= self()]),
    Big = lists:seq(1, 300),
    io:format("~p~n", [lists:sum([X || X <- Big, X rem 3 =:= 0])]),
    io:format("~p~n", [-0.0 == 0.0]),
    io:format("~p~n", [{2.0e10, 1.0e-5, 123.456}]),
    ok.

string_pat("prefix_" ++ Rest) -> Rest;
string_pat(_) -> no.
