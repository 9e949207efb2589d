-module(vm_procs).
-export([main/0, loop/0]).
loop() -> loop().
main() ->
    Self = self(),
    %% An endless loop must not starve others.
    Spinner = spawn(fun loop/0),
    Pids = [spawn(fun() -> Self ! {done, N, N * N} end) || N <- lists:seq(1, 50)],
    Sq = [receive {done, N, S} -> S end || N <- lists:seq(1, 50)],
    io:format("~w ~w~n", [length(Pids), lists:sum(Sq)]),
    exit(Spinner, kill),
    %% Selective receive keeps order of the rest.
    self() ! a, self() ! b, self() ! c,
    receive b -> ok end,
    io:format("~w~n", [[receive X -> X end, receive Y -> Y end]]),
    io:format("~w~n", [receive nothing -> x after 20 -> timeout end]),
    %% Links, trap_exit, monitors.
    process_flag(trap_exit, true),
    L = spawn_link(fun() -> exit(crash) end),
    receive {'EXIT', L, Why} -> io:format("exit ~w~n", [Why]) end,
    {M, Ref} = spawn_monitor(fun() -> receive after infinity -> ok end end),
    exit(M, kill),
    receive {'DOWN', Ref, process, M, R2} -> io:format("down ~w~n", [R2]) end,
    Dead = spawn(fun() -> receive go -> ok end end),
    Ref2 = monitor(process, Dead),
    Dead ! go,
    receive {'DOWN', Ref2, process, Dead, R3} -> io:format("down ~w~n", [R3]) end,
    %% Registry.
    true = register(vmp, self()),
    vmp ! hello,
    receive hello -> io:format("~w ~w~n", [whereis(vmp) =:= self(), element(1, catch register(vmp, self()))]) end,
    %% Timers.
    T = erlang:send_after(10, self(), tick),
    receive tick -> io:format("tick ~w~n", [erlang:read_timer(T)]) end,
    T2 = erlang:start_timer(5000, self(), never),
    io:format("cancel ~w~n", [is_integer(erlang:cancel_timer(T2))]),
    %% A big message survives copying and collection.
    Big = lists:seq(1, 100000),
    P = spawn(fun() -> receive {L2, From} -> From ! {len, length(L2), lists:sum(L2)} end end),
    P ! {Big, self()},
    receive {len, Len, Sum} -> io:format("~w ~w~n", [Len, Sum]) end,
    %% Process dictionary.
    put(k, 1), put(k, 2),
    io:format("~w ~w ~w~n", [get(k), erase(k), get(k)]),
    %% A monitor on a process that is already gone.
    Gone = spawn(fun() -> ok end),
    Mg = monitor(process, Gone),
    receive {'DOWN', Mg, process, Gone, _} -> ok end,
    Mg2 = monitor(process, Gone),
    receive {'DOWN', Mg2, process, Gone, R4} -> io:format("down ~w~n", [R4]) end.
