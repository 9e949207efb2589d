%% rpc: the classic remote procedure call interface, on top of erpc as in OTP 25.
-module(rpc).
-export([call/4, call/5, block_call/4, block_call/5, cast/4,
         multicall/3, multicall/4, multicall/5,
         eval_everywhere/3, eval_everywhere/4, abcast/2, abcast/3,
         sbcast/2, sbcast/3, async_call/4, yield/1, nb_yield/1, nb_yield/2]).

call(N, M, F, A) -> call(N, M, F, A, infinity).

call(N, M, F, A, T) ->
    try erpc:call(N, M, F, A, T)
    catch
        error:{erpc, timeout} -> {badrpc, timeout};
        error:{erpc, noconnection} -> {badrpc, nodedown};
        error:{erpc, Reason} -> {badrpc, Reason};
        error:{exception, R, S} -> {badrpc, {'EXIT', {R, S}}};
        exit:{exception, R} -> {badrpc, {'EXIT', R}};
        exit:{signal, R} -> {badrpc, {'EXIT', R}};
        throw:V -> V
    end.

block_call(N, M, F, A) -> call(N, M, F, A).
block_call(N, M, F, A, T) -> call(N, M, F, A, T).

cast(N, M, F, A) ->
    _ = (catch erpc:cast(N, M, F, A)),
    true.

multicall(M, F, A) -> multicall([node() | nodes()], M, F, A, infinity).
multicall(Ns, M, F, A) when is_list(Ns) -> multicall(Ns, M, F, A, infinity);
multicall(M, F, A, T) -> multicall([node() | nodes()], M, F, A, T).

multicall(Ns, M, F, A, T) ->
    Results = erpc:multicall(Ns, M, F, A, T),
    fold(Ns, Results, [], []).

fold([], [], Good, Bad) -> {lists:reverse(Good), lists:reverse(Bad)};
fold([N | Ns], [R | Rs], Good, Bad) ->
    case R of
        {ok, V} -> fold(Ns, Rs, [V | Good], Bad);
        {throw, V} -> fold(Ns, Rs, [V | Good], Bad);
        {error, {erpc, noconnection}} -> fold(Ns, Rs, Good, [N | Bad]);
        {error, {erpc, timeout}} -> fold(Ns, Rs, Good, [N | Bad]);
        {error, {erpc, Reason}} -> fold(Ns, Rs, [{badrpc, Reason} | Good], Bad);
        {error, {exception, E, S}} -> fold(Ns, Rs, [{badrpc, {'EXIT', {E, S}}} | Good], Bad);
        {exit, {exception, E}} -> fold(Ns, Rs, [{badrpc, {'EXIT', E}} | Good], Bad);
        {exit, {signal, E}} -> fold(Ns, Rs, [{badrpc, {'EXIT', E}} | Good], Bad);
        {_, Other} -> fold(Ns, Rs, [{badrpc, Other} | Good], Bad)
    end.

eval_everywhere(M, F, A) -> eval_everywhere([node() | nodes()], M, F, A).

eval_everywhere(Ns, M, F, A) ->
    _ = [cast(N, M, F, A) || N <- Ns],
    abcast.

abcast(Name, Msg) -> abcast([node() | nodes()], Name, Msg).

abcast(Ns, Name, Msg) ->
    _ = [{Name, N} ! Msg || N <- Ns],
    abcast.

sbcast(Name, Msg) -> sbcast([node() | nodes()], Name, Msg).

sbcast(Ns, Name, Msg) ->
    Results = [{N, call(N, erlang, whereis, [Name])} || N <- Ns],
    Good = [begin {Name, N} ! Msg, N end || {N, P} <- Results, is_pid(P)],
    {Good, [N || {N, P} <- Results, not is_pid(P)]}.

async_call(N, M, F, A) ->
    Caller = self(),
    Tag = make_ref(),
    Pid = spawn(fun() -> Caller ! {Tag, call(N, M, F, A)} end),
    {async, Pid, Tag}.

yield({async, _Pid, Tag}) ->
    receive {Tag, R} -> R end.

nb_yield(Key) -> nb_yield(Key, 0).

nb_yield({async, _Pid, Tag}, T) ->
    receive {Tag, R} -> {value, R}
    after T -> timeout
    end.
