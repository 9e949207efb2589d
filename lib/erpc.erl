%% erpc: calls on other nodes through spawn requests, the way OTP 25 nodes expect.
%%
%% A call spawns erpc:execute_call/4 on the other node with a monitor; the result comes
%% back as the monitor's 'DOWN' reason ({Ref, return | throw | exit, Value} or
%% {Ref, error, Reason, Stack}). A cast spawns erpc:execute_cast/3 and asks for no reply.
%% Real erl nodes send exactly these requests to Ferl nodes (rpc:call, rpc:cast, nl/1).
-module(erpc).
-export([call/2, call/3, call/4, call/5, cast/2, cast/4,
         multicall/2, multicall/3, multicall/4, multicall/5,
         execute_call/4, execute_cast/3]).

call(N, Fun) -> call(N, Fun, infinity).
call(N, Fun, T) when is_function(Fun, 0) -> call(N, erlang, apply, [Fun, []], T);
call(_, _, _) -> error(badarg).

call(N, M, F, A) -> call(N, M, F, A, infinity).

call(N, M, F, A, T) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    Timeout = timeout(T),
    Ref = make_ref(),
    ReqId = erlang:spawn_request(N, erpc, execute_call, [Ref, M, F, A],
                                 [{reply, error_only}, monitor]),
    receive
        {spawn_reply, ReqId, error, Reason} ->
            error({erpc, Reason});
        {'DOWN', ReqId, process, _, Result} ->
            result(Ref, Result)
    after Timeout ->
        case erlang:spawn_request_abandon(ReqId) of
            true -> ok;
            false -> erlang:demonitor(ReqId, [flush])
        end,
        error({erpc, timeout})
    end;
call(_, _, _, _, _) ->
    error({erpc, badarg}).

timeout(infinity) -> infinity;
timeout(T) when is_integer(T), T >= 0 -> T;
timeout(_) -> error({erpc, badarg}).

result(Ref, {Ref, return, V}) -> V;
result(Ref, {Ref, throw, V}) -> throw(V);
result(Ref, {Ref, exit, R}) -> exit({exception, R});
result(Ref, {Ref, error, R, S}) -> error({exception, R, S});
result(_, noconnection) -> error({erpc, noconnection});
result(_, Other) -> exit({signal, Other}).

cast(N, Fun) when is_function(Fun, 0) -> cast(N, erlang, apply, [Fun, []]);
cast(_, _) -> error(badarg).

cast(N, M, F, A) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    _ = erlang:spawn_request(N, erpc, execute_cast, [M, F, A], [{reply, no}]),
    ok;
cast(_, _, _, _) ->
    error(badarg).

multicall(Ns, Fun) -> multicall(Ns, Fun, infinity).
multicall(Ns, Fun, T) -> multicall(Ns, erlang, apply, [Fun, []], T).
multicall(Ns, M, F, A) -> multicall(Ns, M, F, A, infinity).

%% One {ok, Value} | {Class, Reason} per node, in the order of Ns.
multicall(Ns, M, F, A, T) when is_list(Ns) ->
    Timeout = timeout(T),
    Reqs = [begin
                Ref = make_ref(),
                {Ref, erlang:spawn_request(N, erpc, execute_call, [Ref, M, F, A],
                                           [{reply, error_only}, monitor])}
            end || N <- Ns],
    Deadline = case Timeout of
                   infinity -> infinity;
                   _ -> erlang:monotonic_time(millisecond) + Timeout
               end,
    [collect(Ref, ReqId, Deadline) || {Ref, ReqId} <- Reqs].

collect(Ref, ReqId, Deadline) ->
    Left = case Deadline of
               infinity -> infinity;
               _ -> max(0, Deadline - erlang:monotonic_time(millisecond))
           end,
    receive
        {spawn_reply, ReqId, error, Reason} -> {error, {erpc, Reason}};
        {'DOWN', ReqId, process, _, Result} ->
            try {ok, result(Ref, Result)}
            catch Class:Reason -> {Class, Reason}
            end
    after Left ->
        case erlang:spawn_request_abandon(ReqId) of
            true -> ok;
            false -> erlang:demonitor(ReqId, [flush])
        end,
        {error, {erpc, timeout}}
    end.

%% Run by the spawn request of a call: the result is the exit reason.
execute_call(Ref, M, F, A) ->
    Reply = try {Ref, return, apply(M, F, A)}
            catch
                throw:V -> {Ref, throw, V};
                exit:R -> {Ref, exit, R};
                error:R:S -> {Ref, error, R, S}
            end,
    exit(Reply).

%% Run by the spawn request of a cast.
execute_cast(M, F, A) ->
    apply(M, F, A).
