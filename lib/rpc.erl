%% rpc: remote procedure calls (Ferl's own implementation, on top of erpc).
%%
%% call/4,5, block_call/4,5, multicall/3,4,5, cast/4, eval_everywhere/3,4, abcast/2,3,
%% sbcast/2,3, async_call/4, yield/1, nb_yield/1,2, server_call/4, pinfo/1,2, pmap/3,
%% parallel_eval/1, and the
%% rex server (start_rex/0,1): the registered process that answers erl's
%% {From, features_request} with {features_reply, node(), [erpc]} and the legacy
%% {call, M, F, A, GroupLeader} / {cast, ...} requests. Results as erl's:
%% {badrpc, nodedown | timeout | {'EXIT', Reason}}; a throw is returned as the value.
-module(rpc).

-export([call/4, call/5, block_call/4, block_call/5, multicall/3, multicall/4,
         multicall/5, cast/4, eval_everywhere/3, eval_everywhere/4, abcast/2, abcast/3,
         sbcast/2, sbcast/3, async_call/4, yield/1, nb_yield/1, nb_yield/2,
         server_call/4, start_rex/0, start_rex/1, rex_init/0, pmap/3, parallel_eval/1,
         pinfo/1, pinfo/2]).

call(N, M, F, A) -> call(N, M, F, A, infinity).
call(N, M, F, A, Timeout) ->
    try erpc:call(N, M, F, A, Timeout)
    catch
        throw:T -> T;
        Class:Reason -> badrpc(Class, Reason)
    end.

badrpc(error, {erpc, noconnection}) -> {badrpc, nodedown};
badrpc(error, {erpc, timeout}) -> {badrpc, timeout};
badrpc(error, {erpc, Reason}) -> {badrpc, Reason};
badrpc(error, {exception, R, Stack}) -> {badrpc, {'EXIT', {R, Stack}}};
badrpc(exit, {exception, R}) -> {badrpc, {'EXIT', R}};
badrpc(exit, {signal, R}) -> {badrpc, {'EXIT', R}};
badrpc(Class, Reason) -> {badrpc, {'EXIT', {Class, Reason}}}.

block_call(N, M, F, A) -> call(N, M, F, A).
block_call(N, M, F, A, T) -> call(N, M, F, A, T).

multicall(M, F, A) -> multicall([node() | nodes()], M, F, A, infinity).
multicall(Ns, M, F, A) when is_list(Ns) -> multicall(Ns, M, F, A, infinity);
multicall(M, F, A, Timeout) -> multicall([node() | nodes()], M, F, A, Timeout).
multicall(Ns, M, F, A, Timeout) ->
    Results = erpc:multicall(Ns, M, F, A, Timeout),
    lists:foldr(fun({N, {ok, V}}, {Good, Bad}) -> _ = N, {[V | Good], Bad};
                   ({_, {throw, T}}, {Good, Bad}) -> {[T | Good], Bad};
                   ({N, {error, {erpc, E}}}, {Good, Bad})
                     when E =:= noconnection; E =:= timeout; E =:= notsup ->
                        {Good, [N | Bad]};
                   ({_, {C, R}}, {Good, Bad}) -> {[badrpc(C, R) | Good], Bad}
                end, {[], []}, lists:zip(Ns, Results)).

cast(N, M, F, A) ->
    erpc:cast(N, M, F, A),
    true.

eval_everywhere(M, F, A) -> eval_everywhere([node() | nodes()], M, F, A).
eval_everywhere(Ns, M, F, A) ->
    [cast(N, M, F, A) || N <- Ns],
    abcast.

abcast(Name, Msg) -> abcast([node() | nodes()], Name, Msg).
abcast(Ns, Name, Msg) ->
    [catch erlang:send({Name, N}, Msg, [noconnect]) || N <- Ns],
    abcast.

sbcast(Name, Msg) -> sbcast([node() | nodes()], Name, Msg).
sbcast(Ns, Name, Msg) ->
    Results = [{N, call(N, erlang, whereis, [Name])} || N <- Ns],
    Good = [N || {N, P} <- Results, is_pid(P)],
    [{Name, N} ! Msg || N <- Good],
    {Good, Ns -- Good}.

async_call(N, M, F, A) ->
    Self = self(),
    spawn(fun() -> Self ! {self(), rpc_async, call(N, M, F, A)} end).

yield(Key) ->
    receive {Key, rpc_async, V} -> V end.

nb_yield(Key) -> nb_yield(Key, 0).
nb_yield(Key, Timeout) ->
    receive {Key, rpc_async, V} -> {value, V}
    after Timeout -> timeout
    end.

server_call(N, Name, ReplyWrapper, Msg) ->
    Ref = erlang:monitor(process, {Name, N}),
    {Name, N} ! {self(), Msg},
    receive
        {'DOWN', Ref, _, _, _} -> {error, nodedown};
        {ReplyWrapper, N, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply
    end.

%% ---------------------------------------------------------------- rex

start_rex() -> start_rex(rex).
start_rex(Name) ->
    Pid = spawn(?MODULE, rex_init, []),
    try register(Name, Pid) of
        true -> {ok, Pid}
    catch error:badarg ->
            exit(Pid, kill),
            {error, already_started}
    end.

rex_init() -> rex_loop().

rex_loop() ->
    receive
        {From, features_request} when is_pid(From) ->
            From ! {features_reply, node(), [erpc]},
            rex_loop();
        {'$gen_call', From, {call, M, F, A, GL}} ->
            spawn(fun() ->
                          group_leader(GL, self()),
                          Reply = try erlang:apply(M, F, A)
                                  catch
                                      throw:T -> T;
                                      exit:R -> {badrpc, {'EXIT', R}};
                                      error:R:S -> {badrpc, {'EXIT', {R, S}}}
                                  end,
                          gen:reply(From, Reply)
                  end),
            rex_loop();
        {'$gen_cast', {cast, M, F, A, GL}} ->
            spawn(fun() -> group_leader(GL, self()), erlang:apply(M, F, A) end),
            rex_loop();
        _ -> rex_loop()
    end.

%% pmap({M, F}, Extra, List): [M:F(Elem | Extra) || Elem <- List] evaluated in parallel
%% on this node and the connected ones, in order; any failure exits with badrpc.
pmap({M, F}, Extra, List) ->
    collect_parallel([{M, F, [E | Extra]} || E <- List]).

parallel_eval(ArgL) -> collect_parallel(ArgL).

collect_parallel(Calls) ->
    Nodes = [node() | nodes()],
    Keys = spread(Calls, Nodes, Nodes),
    Results = [yield(K) || K <- Keys],
    case [R || {badrpc, _} = R <- Results] of
        [] -> Results;
        _ -> exit(badrpc)
    end.

spread([], _, _) -> [];
spread(Calls, [], All) -> spread(Calls, All, All);
spread([{M, F, A} | Calls], [N | Ns], All) -> [async_call(N, M, F, A) | spread(Calls, Ns, All)].

pinfo(Pid) when node(Pid) =:= node() -> process_info(Pid);
pinfo(Pid) -> call(node(Pid), erlang, process_info, [Pid]).

pinfo(Pid, Item) when node(Pid) =:= node() -> process_info(Pid, Item);
pinfo(Pid, Item) -> call(node(Pid), erlang, process_info, [Pid, Item]).
