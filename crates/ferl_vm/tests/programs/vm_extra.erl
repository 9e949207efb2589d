-module(vm_extra).
-export([main/0, after_hib/1]).
after_hib(X) -> receive M -> io:format("woke ~p ~p~n", [X, M]) end.
main() ->
    io:format("~p ~p ~p~n", [erl_internal:bif(length, 1), erl_internal:bif(foo, 1), erl_internal:bif(spawn, 4)]),
    A = erl_parse:abstract({a, [1, -2, 3.5], "str", <<1, 2>>, #{k => v}}),
    io:format("~p~n", [A]),
    io:format("~p~n", [erl_parse:normalise(A)]),
    ok = file:write_file("c.txt", "{a, 1}.\n[x, \"y\"].\n"),
    io:format("~p~n", [file:consult("c.txt")]),
    io:format("~p~n", [filelib:wildcard("*.beam")]),
    P = spawn(fun() -> erlang:hibernate(vm_extra, after_hib, [7]) end),
    receive after 50 -> ok end,
    P ! hello,
    receive after 50 -> ok end,
    R = erlang:spawn_request(node(), erlang, self, [], [monitor]),
    receive {spawn_reply, R, ok, Pid} -> io:format("spawned ~p~n", [is_pid(Pid)]) end,
    receive {'DOWN', R, process, _, normal} -> io:format("down~n") end.
