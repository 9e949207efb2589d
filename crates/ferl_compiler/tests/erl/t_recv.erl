-module(t_recv).
-export([main/0]).

main() ->
    Self = self(),
    P = spawn(fun() -> echo(Self) end),
    P ! {msg, 1},
    P ! {msg, 2},
    receive {echo, 1} -> io:format("got 1~n") end,
    receive {echo, X} -> io:format("got ~p~n", [X]) end,
    self() ! b, self() ! a,
    receive a -> io:format("a first~n") end,
    receive b -> io:format("then b~n") end,
    R = receive nothing -> no after 10 -> timeout end,
    io:format("~p~n", [R]),
    T = 0,
    R2 = receive nothing -> no after T -> zero end,
    io:format("~p~n", [R2]),
    Ref = make_ref(),
    self() ! {Ref, ok},
    receive {Ref, V} -> io:format("ref ~p~n", [V]) end,
    P ! stop,
    Count = count_msgs(0),
    io:format("~p~n", [Count]),
    io:format("~p~n", [selective()]),
    ok.

echo(Parent) ->
    receive
        {msg, N} -> Parent ! {echo, N}, echo(Parent);
        stop -> ok
    end.

count_msgs(N) ->
    self() ! x,
    if N < 5 -> receive x -> count_msgs(N + 1) end; true -> flush(N) end.

flush(N) -> receive _ -> flush(N) after 0 -> N end.

selective() ->
    [self() ! {n, I} || I <- [3, 1, 2]],
    [receive {n, I} -> I end || I <- [1, 2, 3]].
