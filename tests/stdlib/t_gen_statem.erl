%% gen_statem compared with OTP's: the same scenarios with the same callback module.
-module(t_gen_statem).
-export([run/0]).

run() ->
    logger:set_primary_config(level, none),
    ferl_logger:remove_handler(default),
    [st:same({gen_statem, Name}, norm(scenario(F, ferl_gen_statem, ferl_sys)),
             norm(scenario(F, gen_statem, sys)))
     || {Name, F} <- scenarios()],
    logger:set_primary_config(level, notice),
    ok.

scenario(F, SM, Sys) ->
    flush(),
    process_flag(trap_exit, true),
    R = (catch F(SM, Sys)),
    timer:sleep(30),
    Msgs = flush(),
    process_flag(trap_exit, false),
    {R, [M || M <- Msgs, element(1, M) =/= 'EXIT']}.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

norm(P) when is_pid(P) -> pid;
norm(R) when is_reference(R) -> ref;
norm(ferl_gen_statem) -> gen_statem;
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([{M, F, A, L} | _]) when is_atom(M), is_atom(F), is_list(L) -> stack;
norm([H | T]) -> [norm(H) | norm(T)];
norm(M) when is_map(M) -> maps:from_list([{norm(K), norm(V)} || {K, V} <- maps:to_list(M)]);
norm(X) -> X.

scenarios() ->
    Me = self(),
    [{door, fun(SM, _) ->
                    {ok, P} = SM:start_link(h_sm_cb, {door, Me}, []),
                    A = SM:call(P, state),
                    SM:cast(P, {button, 1}), SM:cast(P, {button, 2}),
                    B = SM:call(P, state),
                    timer:sleep(100),
                    C = SM:call(P, state),
                    Self = self(),
                    spawn(fun() -> Self ! {later, SM:call(P, later)} end),
                    timer:sleep(20),
                    SM:cast(P, {button, 1}), SM:cast(P, {button, 2}),
                    L = receive {later, X} -> X after 500 -> none end,
                    P ! stop_me,
                    timer:sleep(20),
                    {A, B, C, L, is_process_alive(P)}
            end},
     {counter, fun(SM, _) ->
                       {ok, P} = SM:start(h_sm_cb, {counter, Me}, []),
                       A = SM:call(P, get),
                       ok = SM:call(P, inc),
                       B = SM:call(P, get, 1000),
                       SM:cast(P, {timeout, 20}), timer:sleep(60),
                       SM:cast(P, {timeout, 50}), SM:cast(P, other), timer:sleep(80),
                       SM:cast(P, {named, 20}), SM:cast(P, other), timer:sleep(60),
                       R = SM:call(P, repeat),
                       S = SM:call(P, {stop, normal}),
                       timer:sleep(20),
                       {A, B, R, S, is_process_alive(P)}
               end},
     {starts, fun(SM, _) ->
                      {SM:start(h_sm_cb, stop, []), SM:start(h_sm_cb, ignore, []),
                       catch SM:call(no_such_statem, x)}
              end},
     {bad_return, fun(SM, _) ->
                          {ok, P} = SM:start(h_sm_cb, {counter, Me}, []),
                          R = (catch SM:call(P, bad)),
                          {R, is_process_alive(P)}
                  end},
     {crash, fun(SM, _) ->
                     {ok, P} = SM:start(h_sm_cb, {door, Me}, []),
                     R = (catch SM:call(P, crash)),
                     {R, is_process_alive(P)}
             end},
     {sys, fun(SM, Sys) ->
                   {ok, P} = SM:start(h_sm_cb, {counter, Me}, []),
                   A = Sys:get_state(P),
                   B = Sys:replace_state(P, fun({St, D}) -> {St + 10, D} end),
                   C = SM:call(P, get),
                   SM:stop(P),
                   {A, B, C}
           end},
     {requests, fun(SM, _) ->
                        {ok, P} = SM:start(h_sm_cb, {counter, Me}, []),
                        R1 = SM:wait_response(SM:send_request(P, get), 1000),
                        R2 = SM:receive_response(SM:send_request(P, inc)),
                        C = SM:send_request(P, get, lbl, SM:reqids_new()),
                        R3 = SM:wait_response(C, infinity, true),
                        SM:stop(P),
                        {R1, R2, R3}
                end},
     {enter_loop, fun(SM, _) ->
                          %% a proc_lib process that becomes a state machine
                          P = proc_lib:spawn(fun() ->
                                                     put(mode, counter),
                                                     register(t_sm_el, self()),
                                                     SM:enter_loop(h_sm_cb, [], 5, #{t => Me},
                                                                   {local, t_sm_el},
                                                                   [{next_event, internal, hello}])
                                             end),
                          timer:sleep(20),
                          A = SM:call(t_sm_el, get),
                          ok = SM:call(P, inc),
                          B = SM:call(P, get),
                          SM:stop(P),
                          Q = proc_lib:spawn(fun() ->
                                                     put(mode, counter),
                                                     Me ! {el, catch SM:enter_loop(h_sm_cb, [], 1, #{t => Me}, {local, t_sm_nope})}
                                             end),
                          E = receive {el, X} -> X after 500 -> none end,
                          {A, B, is_process_alive(Q), E}
                  end}].
