-module(t_gen_event).
-export([run/0]).

run() ->
    logger:set_primary_config(level, none),
    ferl_logger:remove_handler(default),
    [st:same({gen_event, Name}, norm(scenario(F, ferl_gen_event)), norm(scenario(F, gen_event)))
     || {Name, F} <- scenarios()],
    logger:set_primary_config(level, notice),
    ok.

scenario(F, GE) ->
    flush(),
    R = (catch F(GE)),
    timer:sleep(30),
    {R, flush()}.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

norm(P) when is_pid(P) -> pid;
norm(ferl_gen_event) -> gen_event;
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([{M, F, A, L} | _]) when is_atom(M), is_atom(F), is_list(L) -> stack;
norm([H | T]) -> [norm(H) | norm(T)];
norm(X) -> X.

scenarios() ->
    Me = self(),
    [{requests, fun(GE) ->
                        {ok, M} = GE:start(),
                        ok = GE:add_handler(M, h_ev_cb, {Me, 1}),
                        A = GE:wait_response(GE:send_request(M, h_ev_cb, events), 1000),
                        B = GE:receive_response(GE:send_request(M, nope, events), 1000),
                        C0 = GE:send_request(M, h_ev_cb, events, l1, GE:reqids_new()),
                        C1 = GE:send_request(M, nope, events, l2, C0),
                        N = GE:reqids_size(C1),
                        {R1, L1, C2} = GE:wait_response(C1, 1000, true),
                        {R2, L2, C3} = GE:receive_response(C2, 1000, true),
                        Empty = GE:wait_response(C3, 10, true),
                        Req = GE:send_request(M, h_ev_cb, events),
                        Chk = receive Msg -> GE:check_response(Msg, Req) after 1000 -> none end,
                        ok = GE:stop(M),
                        D = GE:wait_response(GE:send_request(M, h_ev_cb, events), 1000),
                        {A, B, N, lists:sort([{L1, R1}, {L2, R2}]), Empty, Chk, element(1, D)}
                end},
     {basic, fun(GE) ->
                     {ok, M} = GE:start(),
                     A = GE:add_handler(M, h_ev_cb, {Me, 1}),
                     B = GE:add_handler(M, {h_ev_cb, two}, {Me, 2}),
                     C = GE:add_handler(M, h_ev_cb, {Me, 1}),
                     D = GE:add_handler(M, {h_ev_cb, three}, fail),
                     W = GE:which_handlers(M),
                     ok = GE:notify(M, hello),
                     ok = GE:sync_notify(M, world),
                     M ! an_info,
                     timer:sleep(10),
                     E = GE:call(M, h_ev_cb, events),
                     F = GE:call(M, nope, events),
                     G = GE:delete_handler(M, {h_ev_cb, two}, bye),
                     H = GE:delete_handler(M, {h_ev_cb, two}, bye),
                     GE:notify(M, crash),
                     timer:sleep(10),
                     W2 = GE:which_handlers(M),
                     ok = GE:stop(M),
                     {A, B, C, D, W, E, F, G, H, W2}
             end},
     {remove, fun(GE) ->
                      {ok, M} = GE:start({local, t_ev_mgr}),
                      ok = GE:add_handler(t_ev_mgr, h_ev_cb, {Me, 1}),
                      ok = GE:add_handler(t_ev_mgr, {h_ev_cb, x}, {Me, 2}),
                      R = GE:call(t_ev_mgr, {h_ev_cb, x}, remove),
                      GE:notify(t_ev_mgr, remove),
                      timer:sleep(10),
                      W = GE:which_handlers(t_ev_mgr),
                      GE:stop(M),
                      {R, W}
              end},
     {sup_handler, fun(GE) ->
                           {ok, M} = GE:start(),
                           ok = GE:add_sup_handler(M, h_ev_cb, {Me, 1}),
                           GE:delete_handler(M, h_ev_cb, done),
                           ok = GE:add_sup_handler(M, h_ev_cb, {Me, 1}),
                           GE:notify(M, crash),
                           timer:sleep(10),
                           GE:stop(M)
                   end}].
