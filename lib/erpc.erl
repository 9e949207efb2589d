%% erpc: remote procedure calls over spawn requests (Ferl's own implementation).
%%
%% call/2,3,4,5, cast/2,4, multicall/2,3,4,5, multicast/2,4, send_request/2,4,
%% receive_response/1,2, wait_response/1,2, check_response/2, and execute_call/4,
%% execute_cast/3 which remote nodes spawn: a call is
%% erlang:spawn_request(Node, erpc, execute_call, [Ref, M, F, A],
%% [{reply, error_only}, monitor]); the spawned process exits with {Ref, return, V},
%% {Ref, throw, T}, {Ref, exit, R} or {Ref, error, R, Stack}, and that exit reason comes
%% back in the 'DOWN' message (shared/notes/distribution.md §6). Errors as erl:
%% {erpc, timeout | noconnection | notsup | badarg}, {exception, R, Stack} (error class),
%% exit {exception, R}, exit {signal, R}.
-module(erpc).

-export([call/2, call/3, call/4, call/5, cast/2, cast/4, multicall/2, multicall/3,
         multicall/4, multicall/5, multicast/2, multicast/4, send_request/2,
         send_request/4, receive_response/1, receive_response/2, wait_response/1,
         wait_response/2, check_response/2, execute_call/4, execute_call/3,
         execute_cast/3]).

-define(TIMEOUT, infinity).

call(N, Fun) -> call(N, Fun, ?TIMEOUT).
call(N, Fun, Timeout) when is_function(Fun, 0) -> call(N, erlang, apply, [Fun, []], Timeout).
call(N, M, F, A) -> call(N, M, F, A, ?TIMEOUT).

call(N, M, F, A, Timeout) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    check_timeout(Timeout, [N, M, F, A, Timeout]),
    Ref = make_ref(),
    ReqId = spawn_request(N, execute_call, [Ref, M, F, A], [{reply, error_only}, monitor]),
    case ReqId of
        {error, Reason} -> erlang:error({erpc, Reason});
        _ -> wait_call(ReqId, Ref, Timeout)
    end;
call(N, M, F, A, T) -> erlang:error({erpc, badarg}, [N, M, F, A, T]).

check_timeout(infinity, _) -> ok;
check_timeout(T, _) when is_integer(T), T >= 0 -> ok;
check_timeout(_, Args) -> erlang:error({erpc, badarg}, Args).

spawn_request(N, F, Args, Opts) ->
    try erlang:spawn_request(N, ?MODULE, F, Args, Opts)
    catch error:badarg -> {error, badarg}
    end.

wait_call(ReqId, Ref, Timeout) ->
    receive
        {spawn_reply, ReqId, error, Reason} -> erlang:error({erpc, Reason});
        {'DOWN', ReqId, process, _, Reason} -> result(Ref, Reason)
    after Timeout ->
            abandon(ReqId),
            receive
                {spawn_reply, ReqId, error, Reason} -> erlang:error({erpc, Reason});
                {'DOWN', ReqId, process, _, Reason} -> result(Ref, Reason)
            after 0 -> erlang:error({erpc, timeout})
            end
    end.

abandon(ReqId) ->
    case erlang:spawn_request_abandon(ReqId) of
        true -> ok;
        false -> erlang:demonitor(ReqId, [flush])
    end.

result(Ref, {Ref, return, V}) -> V;
result(Ref, {Ref, throw, T}) -> throw(T);
result(Ref, {Ref, exit, R}) -> exit({exception, R});
result(Ref, {Ref, error, R, Stack}) -> erlang:error({exception, R, Stack});
result(_, noconnection) -> erlang:error({erpc, noconnection});
result(_, Reason) -> exit({signal, Reason}).

%% Run by the spawned process: the outcome becomes its exit reason.
execute_call(Ref, M, F, A) ->
    Reply = try {Ref, return, erlang:apply(M, F, A)}
            catch
                throw:V -> {Ref, throw, V};
                exit:V -> {Ref, exit, V};
                error:V:S -> {Ref, error, V, trim_stack(S, M, F, A)}
            end,
    exit(Reply).

%% As erl: the caller sees the stack of the applied function, not erpc's own frames, and
%% a BIF that raised without a frame of its own appears as {M, F, Args, []}.
trim_stack(S, M, F, A) ->
    case lists:takewhile(fun(Fr) -> element(1, Fr) =/= ?MODULE end, S) of
        [{M, F, _, _} | _] = Kept -> Kept;
        Kept -> [{M, F, A, []} | Kept]
    end.

execute_call(M, F, A) -> {return, erlang:apply(M, F, A)}.

execute_cast(M, F, A) -> erlang:apply(M, F, A).

cast(N, Fun) when is_function(Fun, 0) -> cast(N, erlang, apply, [Fun, []]).
cast(N, M, F, A) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    _ = spawn_request(N, execute_cast, [M, F, A], [{reply, no}]),
    ok;
cast(N, M, F, A) -> erlang:error({erpc, badarg}, [N, M, F, A]).

multicast(Ns, Fun) -> [cast(N, Fun) || N <- Ns], ok.
multicast(Ns, M, F, A) -> [cast(N, M, F, A) || N <- Ns], ok.

multicall(Ns, Fun) -> multicall(Ns, Fun, ?TIMEOUT).
multicall(Ns, Fun, Timeout) when is_function(Fun, 0) ->
    multicall(Ns, erlang, apply, [Fun, []], Timeout).
multicall(Ns, M, F, A) -> multicall(Ns, M, F, A, ?TIMEOUT).
multicall(Ns, M, F, A, Timeout) when is_list(Ns) ->
    Reqs = [{N, send_request(N, M, F, A)} || N <- Ns],
    Deadline = deadline(Timeout),
    [outcome(fun() -> receive_response(R, remaining(Deadline)) end) || {_, R} <- Reqs].

outcome(F) ->
    try {ok, F()}
    catch Class:Reason -> {Class, Reason}
    end.

deadline(infinity) -> infinity;
deadline(T) -> erlang:monotonic_time(millisecond) + T.

remaining(infinity) -> infinity;
remaining(D) -> max(0, D - erlang:monotonic_time(millisecond)).

send_request(N, Fun) when is_function(Fun, 0) -> send_request(N, erlang, apply, [Fun, []]).
send_request(N, M, F, A) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    Ref = make_ref(),
    case spawn_request(N, execute_call, [Ref, M, F, A], [{reply, error_only}, monitor]) of
        {error, Reason} ->
            ReqId = make_ref(),
            self() ! {spawn_reply, ReqId, error, Reason},
            {erpc_req, ReqId, Ref};
        ReqId -> {erpc_req, ReqId, Ref}
    end.

receive_response(Req) -> receive_response(Req, infinity).
receive_response({erpc_req, ReqId, Ref}, Timeout) -> wait_call(ReqId, Ref, Timeout).

wait_response(Req) -> wait_response(Req, 0).
wait_response({erpc_req, ReqId, Ref}, Timeout) ->
    receive
        {spawn_reply, ReqId, error, Reason} -> erlang:error({erpc, Reason});
        {'DOWN', ReqId, process, _, Reason} -> {response, result(Ref, Reason)}
    after Timeout -> no_response
    end.

check_response({spawn_reply, ReqId, error, Reason}, {erpc_req, ReqId, _}) ->
    erlang:error({erpc, Reason});
check_response({'DOWN', ReqId, process, _, Reason}, {erpc_req, ReqId, Ref}) ->
    {response, result(Ref, Reason)};
check_response(_, {erpc_req, _, _}) -> no_response.
