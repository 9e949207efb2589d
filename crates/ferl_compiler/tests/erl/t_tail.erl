-module(t_tail).
-export([main/0, loop/1]).

main() ->
    io:format("~p~n", [count(10000000, 0)]),
    io:format("~p~n", [mutual_even(1000001)]),
    P = spawn(?MODULE, loop, [0]),
    [P ! inc || _ <- lists:seq(1, 100000)],
    P ! {get, self()},
    receive {count, N} -> io:format("~p~n", [N]) end,
    {_, Heap} = process_info(P, total_heap_size),
    io:format("~p~n", [Heap < 100000]),
    io:format("~p~n", [deep(100000)]),
    io:format("~p~n", [length(build(200000, []))]),
    ok.

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

mutual_even(0) -> true;
mutual_even(N) -> mutual_odd(N - 1).
mutual_odd(0) -> false;
mutual_odd(N) -> mutual_even(N - 1).

loop(N) ->
    receive
        inc -> ?MODULE:loop(N + 1);
        {get, From} -> From ! {count, N}, loop(N)
    end.

deep(0) -> 0;
deep(N) -> 1 + deep(N - 1).

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [{N, [N | N]} | Acc]).
