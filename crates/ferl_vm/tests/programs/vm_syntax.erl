-module(vm_syntax).
-export([main/0]).
main() ->
    {ok, Toks, End} = erl_scan:string("X = foo(1, \"s\"), {X, 2.5}."),
    io:format("~p~n~p~n", [Toks, End]),
    io:format("~p~n", [erl_parse:parse_exprs(Toks)]),
    {ok, T2, _} = erl_scan:string("{a, [1,2], <<\"b\">>}."),
    io:format("~p~n", [erl_parse:parse_term(T2)]),
    io:format("~p~n", [erl_scan:string("\"unterminated")]),
    {ok, T3, _} = erl_scan:string("1 + ."),
    io:format("~p~n", [erl_parse:parse_exprs(T3)]).
