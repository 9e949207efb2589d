%% rpc and erpc on the local node, compared with OTP's.
-module(t_rpc).
-export([run/0]).

c(Name, F1, F2) -> st:same({rpc, Name}, norm(st:outcome(F1)), norm(st:outcome(F2))).

%% erpc trims its own frames from an error's stack; run on erl, a BIF applied by the
%% renamed module leaves no frame of its own (erl's erpc shows {erlang, error, [z], []}),
%% so an empty stack counts as a stack.
norm({exception, R, []}) -> {exception, norm(R), stack};
norm({'EXIT', {R, []}}) -> {'EXIT', {norm(R), stack}};
norm(P) when is_pid(P) -> pid;
norm(R) when is_reference(R) -> ref;
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([{M, F, A, L} | _]) when is_atom(M), is_atom(F), is_list(L) -> stack;
norm([H | T]) -> [norm(H) | norm(T)];
norm(X) -> X.

run() ->
    N = node(),
    Cases = [{"ok", lists, reverse, [[1, 2]]}, {"throw", erlang, throw, [x]},
             {"exit", erlang, exit, [y]}, {"error", erlang, error, [z]},
             {"undef", nomod, nofun, []}, {"badarith", erlang, '/', [1, 0]}],
    [begin
         c({erpc_call, L}, fun() -> ferl_erpc:call(N, M, F, A) end, fun() -> erpc:call(N, M, F, A) end),
         c({erpc_call_t, L}, fun() -> ferl_erpc:call(N, M, F, A, 1000) end, fun() -> erpc:call(N, M, F, A, 1000) end),
         c({rpc_call, L}, fun() -> ferl_rpc:call(N, M, F, A) end, fun() -> rpc:call(N, M, F, A) end),
         c({rpc_call_t, L}, fun() -> ferl_rpc:call(N, M, F, A, 1000) end, fun() -> rpc:call(N, M, F, A, 1000) end),
         c({erpc_multicall, L}, fun() -> ferl_erpc:multicall([N, N], M, F, A) end, fun() -> erpc:multicall([N, N], M, F, A) end),
         c({rpc_multicall, L}, fun() -> ferl_rpc:multicall([N], M, F, A) end, fun() -> rpc:multicall([N], M, F, A) end)
     end || {L, M, F, A} <- Cases],
    c(timeout, fun() -> ferl_erpc:call(N, timer, sleep, [200], 20) end, fun() -> erpc:call(N, timer, sleep, [200], 20) end),
    c(rpc_timeout, fun() -> ferl_rpc:call(N, timer, sleep, [200], 20) end, fun() -> rpc:call(N, timer, sleep, [200], 20) end),
    c(badnode, fun() -> ferl_erpc:call(nonode@nowhere, erlang, node, []) end, fun() -> erpc:call(nonode@nowhere, erlang, node, []) end),
    c(rpc_badnode, fun() -> ferl_rpc:call(nonode@nowhere, erlang, node, []) end, fun() -> rpc:call(nonode@nowhere, erlang, node, []) end),
    c(badarg, fun() -> ferl_erpc:call(N, "x", f, []) end, fun() -> erpc:call(N, "x", f, []) end),
    c(fun_call, fun() -> ferl_erpc:call(N, fun() -> 42 end) end, fun() -> erpc:call(N, fun() -> 42 end) end),
    Self = self(),
    c(cast, fun() -> ferl_rpc:cast(N, erlang, send, [Self, casted]), receive casted -> got after 500 -> none end end,
      fun() -> rpc:cast(N, erlang, send, [Self, casted]), receive casted -> got after 500 -> none end end),
    c(eval_everywhere, fun() -> R = ferl_rpc:eval_everywhere(erlang, send, [Self, ev]), {R, receive ev -> got after 500 -> none end} end,
      fun() -> R = rpc:eval_everywhere(erlang, send, [Self, ev]), {R, receive ev -> got after 500 -> none end} end),
    c(send_request, fun() -> R = ferl_erpc:send_request(N, lists, sum, [[1, 2]]), ferl_erpc:receive_response(R, 1000) end,
      fun() -> R = erpc:send_request(N, lists, sum, [[1, 2]]), erpc:receive_response(R, 1000) end),
    c(async, fun() -> K = ferl_rpc:async_call(N, lists, max, [[3, 9]]), ferl_rpc:yield(K) end,
      fun() -> K = rpc:async_call(N, lists, max, [[3, 9]]), rpc:yield(K) end),
    c(pmap, fun() -> ferl_rpc:pmap({lists, reverse}, [[0]], [[1, 2], [3, 4]]) end,
      fun() -> rpc:pmap({lists, reverse}, [[0]], [[1, 2], [3, 4]]) end),
    c(pmap_error, fun() -> ferl_rpc:pmap({erlang, error}, [], [[x]]) end,
      fun() -> rpc:pmap({erlang, error}, [], [[x]]) end),
    c(parallel_eval, fun() -> ferl_rpc:parallel_eval([{lists, reverse, [[1, 2]]}, {erlang, abs, [-3]}]) end,
      fun() -> rpc:parallel_eval([{lists, reverse, [[1, 2]]}, {erlang, abs, [-3]}]) end),
    c(pinfo, fun() -> ferl_rpc:pinfo(Self, status) end, fun() -> rpc:pinfo(Self, status) end),
    c(ping_list, fun() -> ferl_net_adm:ping_list([nonode@nohost, a@b]) end,
      fun() -> net_adm:ping_list([nonode@nohost, a@b]) end),
    %% the rex server, under another name
    {ok, Rex} = ferl_rpc:start_rex(ferl_rex_test),
    Rex ! {self(), features_request},
    st:same(rex_features, receive {features_reply, _, F} -> F after 500 -> none end, [erpc]),
    st:same(rex_call, gen_server:call(Rex, {call, lists, reverse, [[1, 2]], group_leader()}), [2, 1]),
    exit(Rex, kill),
    ok.
