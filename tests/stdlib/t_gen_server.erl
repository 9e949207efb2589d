%% gen_server and sys, compared with OTP's: the same scenarios run against both
%% implementations (with the same callback module); results, exits and the callbacks
%% observed must agree. Error reports are compared as text.
-module(t_gen_server).
-export([run/0, log/2]).

run() ->
    logger:set_primary_config(level, none),
    ferl_logger:remove_handler(default),
    ok = ferl_logger:add_handler(capture, ?MODULE, #{}),
    [st:same({gen_server, Name}, norm(run_scenario(F, ferl_gen_server, ferl_sys)),
             norm(run_scenario(F, gen_server, sys)))
     || {Name, F} <- scenarios()],
    reports(),
    logger:set_primary_config(level, notice),
    ok.

%% Logger handler (for Ferl's logger): send the formatted text to the collector.
log(Event, _) ->
    case whereis(t_gs_collector) of
        undefined -> ok;
        P -> P ! {report, lists:flatten(ferl_logger:format_event(Event))}
    end.

run_scenario(F, GS, Sys) ->
    flush(),
    process_flag(trap_exit, true),
    R = (catch F(GS, Sys)),
    timer:sleep(20),
    Msgs = flush(),
    process_flag(trap_exit, false),
    {R, [M || M <- Msgs, element(1, M) =:= cb]}.

flush() ->
    receive M -> [M | flush()]
    after 0 -> []
    end.

norm(P) when is_pid(P) -> pid;
norm(R) when is_reference(R) -> ref;
norm(ferl_gen_server) -> gen_server;
norm(ferl_sys) -> sys;
norm(ferl_gen) -> gen;
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([{M, F, A, L} | _]) when is_atom(M), is_atom(F), is_list(L) -> stack;
norm([H | T]) -> [norm(H) | norm(T)];
norm(M) when is_map(M) -> maps:from_list([{norm(K), norm(V)} || {K, V} <- maps:to_list(M)]);
norm(X) -> X.

me() -> self().

scenarios() ->
    [{basic, fun(GS, _) ->
                     {ok, P} = GS:start_link({local, t_gs}, t_gs_cb, {me(), ok}, []),
                     A = GS:call(t_gs, get),
                     ok = GS:call(P, inc),
                     ok = GS:cast(t_gs, inc),
                     B = GS:call(t_gs, get, 1000),
                     C = GS:call(t_gs, noreply_later),
                     D = GS:call(t_gs, foo),
                     t_gs ! {ping, self()},
                     Pong = receive pong -> pong after 500 -> none end,
                     E = GS:call(t_gs, throw_reply),
                     F = GS:call(t_gs, stop_reply),
                     {A, B, C, D, Pong, E, F, whereis(t_gs)}
             end},
     {start_variants, fun(GS, _) ->
                              [begin
                                   R = GS:start(t_gs_cb, {me(), M}, []),
                                   timer:sleep(10),
                                   {M, R}
                               end || M <- [ignore, stop, bad, crash, throw, exit]]
                      end},
     {start_link_stop, fun(GS, _) ->
                               R = GS:start_link(t_gs_cb, {me(), stop}, []),
                               Exit = receive {'EXIT', _, Why} -> Why after 200 -> none end,
                               {R, Exit}
                       end},
     {already_started, fun(GS, _) ->
                               {ok, P} = GS:start({local, t_gs2}, t_gs_cb, {me(), ok}, []),
                               R = GS:start({local, t_gs2}, t_gs_cb, {me(), ok}, []),
                               ok = GS:stop(t_gs2),
                               {R, is_process_alive(P)}
                       end},
     {start_timeout, fun(GS, _) ->
                             GS:start(t_gs_cb, {me(), slow}, [{timeout, 50}])
                     end},
     {noproc, fun(GS, _) ->
                      R1 = catch GS:call(no_such_server, hi),
                      R2 = catch GS:call(no_such_server, hi, 100),
                      R3 = GS:cast(no_such_server, hi),
                      {R1, R2, R3}
              end},
     {call_timeout, fun(GS, _) ->
                            {ok, P} = GS:start(t_gs_cb, {me(), ok}, []),
                            R = catch GS:call(P, {sleep, 200}, 50),
                            timer:sleep(250),
                            Late = flush(),
                            GS:stop(P),
                            {R, Late}
                    end},
     {timeouts, fun(GS, _) ->
                        {ok, P} = GS:start(t_gs_cb, {me(), timeout}, []),
                        timer:sleep(100),
                        ok = GS:call(P, with_timeout),
                        timer:sleep(100),
                        ok = GS:call(P, with_continue),
                        GS:stop(P, shutdown, 1000)
                end},
     {continue_init, fun(GS, _) ->
                             {ok, P} = GS:start(t_gs_cb, {me(), continue}, []),
                             X = GS:call(P, get),
                             GS:stop(P),
                             X
                     end},
     {hibernate, fun(GS, _) ->
                         {ok, P} = GS:start(t_gs_cb, {me(), hibernate}, [{hibernate_after, 10}]),
                         timer:sleep(30),
                         ok = GS:call(P, inc),
                         X = GS:call(P, get),
                         GS:stop(P),
                         X
                 end},
     {bad_return, fun(GS, _) ->
                          {ok, P} = GS:start(t_gs_cb, {me(), ok}, []),
                          R = catch GS:call(P, bad_return),
                          {R, is_process_alive(P)}
                  end},
     {cast_stop, fun(GS, _) ->
                         {ok, P} = GS:start(t_gs_cb, {me(), ok}, []),
                         M = monitor(process, P),
                         ok = GS:cast(P, {stop, {shutdown, done}}),
                         receive {'DOWN', M, _, _, R} -> R after 500 -> none end
                 end},
     {sys, fun(GS, Sys) ->
                   {ok, P} = GS:start(t_gs_cb, {me(), ok}, []),
                   S1 = Sys:get_state(P),
                   S2 = Sys:replace_state(P, fun(S) -> S#{n := 42} end),
                   N = GS:call(P, get),
                   CC1 = Sys:change_code(P, t_gs_cb, old, extra),
                   ok = Sys:suspend(P),
                   Pending = GS:cast(P, inc),
                   CC2 = Sys:change_code(P, t_gs_cb, old, extra),
                   ok = Sys:resume(P),
                   S3 = Sys:get_state(P),
                   {status, _, {module, Mod}, _} = Sys:get_status(P),
                   ok = Sys:terminate(P, normal),
                   {S1, S2, N, CC1, Pending, CC2, S3, Mod}
           end},
     {requests, fun(GS, _) ->
                        {ok, P} = GS:start(t_gs_cb, {me(), ok}, []),
                        R1 = GS:send_request(P, get),
                        W1 = GS:wait_response(R1, 1000),
                        R2 = GS:send_request(P, {sleep, 100}),
                        W2 = GS:wait_response(R2, 10),
                        W3 = GS:receive_response(R2, 1000),
                        R3 = GS:send_request(P, get),
                        C3 = receive Msg -> GS:check_response(Msg, R3) after 1000 -> none end,
                        GS:stop(P),
                        R4 = GS:send_request(P, get),
                        W4 = GS:wait_response(R4, 1000),
                        {W1, W2, W3, C3, W4}
                end},
     {request_collections,
      fun(GS, _) ->
              {ok, P} = GS:start(t_gs_cb, {me(), ok}, []),
              C0 = GS:reqids_new(),
              C1 = GS:send_request(P, get, a, C0),
              C2 = GS:send_request(P, {sleep, 50}, b, C1),
              Sz = GS:reqids_size(C2),
              Labels = lists:sort([L || {_, L} <- GS:reqids_to_list(C2)]),
              {Resp1, L1, C3} = GS:wait_response(C2, 1000, true),
              {Resp2, L2, C4} = GS:receive_response(C3, {abs, erlang:monotonic_time(millisecond) + 1000}, false),
              Sz4 = GS:reqids_size(C4),
              NoReq = GS:wait_response(GS:reqids_new(), 10, true),
              C5 = GS:send_request(P, get, c, GS:reqids_new()),
              Chk = receive Msg -> GS:check_response(Msg, C5, true) after 1000 -> none end,
              {ChkResp, ChkLabel, C6} = Chk,
              NoReply = GS:check_response(unrelated, C5, false),
              Dup = catch GS:reqids_add(hd([R || {R, _} <- GS:reqids_to_list(C5)]), x, C5),
              T = GS:wait_response(GS:send_request(P, {sleep, 100}, d, GS:reqids_new()), 10, true),
              GS:stop(P),
              Down = GS:wait_response(GS:send_request(P, get, e, GS:reqids_new()), 1000, true),
              {Sz, Labels, Resp1, L1, Resp2, L2, Sz4, NoReq, ChkResp, ChkLabel,
               GS:reqids_size(C6), NoReply, element(1, Dup), T,
               case Down of {{error, {noproc, _}}, e, DC} -> {down, GS:reqids_size(DC)}; Other -> Other end}
      end},
     {multi, fun(GS, _) ->
                     {ok, P} = GS:start({local, t_gs3}, t_gs_cb, {me(), ok}, []),
                     A = GS:multi_call(t_gs3, get),
                     B = GS:abcast(t_gs3, inc),
                     C = GS:call(t_gs3, get),
                     D = GS:multi_call([node()], t_gs3, inc, 1000),
                     GS:stop(P),
                     {A, B, C, D}
             end},
     {stop_noproc, fun(GS, _) -> catch GS:stop(no_such_server) end}].

%% The text of error reports: a server stopping with an abnormal reason from a cast.
reports() ->
    register(t_gs_collector, self()),
    {ok, P} = ferl_gen_server:start(t_gs_cb, {self(), ok}, []),
    ferl_gen_server:cast(P, {stop, my_reason}),
    Texts = collect(),
    unregister(t_gs_collector),
    Pid = pid_to_list(P),
    Expected = "=ERROR REPORT==== DATE ===\n"
        "** Generic server " ++ Pid ++ " terminating \n"
        "** Last message in was {'$gen_cast',{stop,my_reason}}\n"
        "** When Server state == #{n => 0,tester => " ++ pid_to_list(self()) ++ "}\n"
        "** Reason for termination ==\n"
        "** my_reason\n\n",
    st:same(error_report, [undate(T) || T <- Texts, lists:prefix("=ERROR", T)], [Expected]),
    Crash = [T || T <- Texts, lists:prefix("=CRASH", T)],
    st:check(crash_report, case Crash of
                               [C] ->
                                   lists:all(fun(L) -> string:find(C, L) =/= nomatch end,
                                             ["  crasher:\n    initial call: t_gs_cb:init/1\n",
                                              "    pid: " ++ Pid ++ "\n",
                                              "    registered_name: []\n",
                                              "    exception exit: my_reason\n",
                                              "    ancestors: [" ++ pid_to_list(self()),
                                              "    message_queue_len: 0\n",
                                              "  neighbours:\n\n"]);
                               _ -> Texts
                           end).

collect() ->
    receive {report, T} -> [T | collect()]
    after 300 -> []
    end.

undate(T) ->
    re:replace(T, "==== [^=]* ===", "==== DATE ===", [{return, list}]).
