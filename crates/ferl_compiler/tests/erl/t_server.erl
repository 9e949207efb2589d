-module(t_server).
-export([main/0, loop/1]).

%% A hand-written server: receive inside try, selective receive on a reference,
%% state in a map, code reached through ?MODULE calls.
main() ->
    P = spawn(?MODULE, loop, [#{}]),
    ok = call(P, {put, a, 1}),
    ok = call(P, {put, b, [1, 2, 3]}),
    io:format("~p~n", [call(P, {get, a})]),
    io:format("~p~n", [call(P, {get, zz})]),
    io:format("~p~n", [call(P, crash_me)]),
    io:format("~p~n", [call(P, keys)]),
    io:format("~p~n", [call(P, {apply, fun lists:sum/1, b})]),
    P ! stop,
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, Why} -> io:format("down ~p~n", [Why]) end,
    ok.

call(P, Req) ->
    Ref = make_ref(),
    P ! {call, self(), Ref, Req},
    receive
        {Ref, Reply} -> Reply
    after 2000 -> timeout
    end.

loop(State) ->
    receive
        {call, From, Ref, Req} ->
            {Reply, State1} =
                try handle(Req, State)
                catch
                    Class:Reason -> {{caught, Class, Reason}, State}
                end,
            From ! {Ref, Reply},
            ?MODULE:loop(State1);
        stop ->
            exit(normal_stop)
    end.

handle({put, K, V}, S) -> {ok, S#{K => V}};
handle({get, K}, S) -> {maps:get(K, S, undefined), S};
handle(keys, S) -> {lists:sort(maps:keys(S)), S};
handle({apply, F, K}, S) -> {F(maps:get(K, S)), S};
handle(crash_me, _S) -> error(on_purpose).
