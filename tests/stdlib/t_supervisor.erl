%% supervisor compared with OTP's: the same scenarios with the same callback module.
-module(t_supervisor).
-export([run/0]).

run() ->
    logger:set_primary_config(level, none),
    ferl_logger:remove_handler(default),
    [st:same({supervisor, Name}, norm(scenario(F, ferl_supervisor)), norm(scenario(F, supervisor)))
     || {Name, F} <- scenarios()],
    logger:set_primary_config(level, notice),
    ok.

scenario(F, Sup) ->
    flush(),
    process_flag(trap_exit, true),
    R = (catch F(Sup)),
    timer:sleep(30),
    Msgs = flush(),
    [catch exit(whereis(N), kill) || N <- [a, b, c, d], whereis(N) =/= undefined],
    process_flag(trap_exit, false),
    {R, [M || M <- Msgs, element(1, M) =:= started]}.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

norm(P) when is_pid(P) -> pid;
norm(ferl_supervisor) -> supervisor;
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([H | T]) -> [norm(H) | norm(T)];
norm(M) when is_map(M) -> maps:from_list([{norm(K), norm(V)} || {K, V} <- maps:to_list(M)]);
norm(X) -> X.

w(Id) -> #{id => Id, start => {h_sup_cb, worker, [Id, self()]}}.
w(Id, Restart) -> (w(Id))#{restart => Restart}.

die(Name, R) -> whereis(Name) ! {die, R}, timer:sleep(30).

scenarios() ->
    [{one_for_one, fun(S) ->
                           {ok, P} = S:start_link(h_sup_cb, {#{strategy => one_for_one, intensity => 3},
                                                             [w(a), w(b, transient), w(c, temporary)]}),
                           W1 = S:which_children(P), C1 = S:count_children(P),
                           die(a, boom), W2 = S:which_children(P),
                           die(b, normal), W3 = S:which_children(P),
                           die(c, boom), W4 = S:which_children(P),
                           R1 = S:restart_child(P, b), R2 = S:restart_child(P, b),
                           R3 = S:terminate_child(P, a), R4 = S:delete_child(P, a),
                           R5 = S:delete_child(P, b), R6 = S:restart_child(P, zz),
                           R7 = S:start_child(P, w(d)), R8 = S:start_child(P, w(d)),
                           R9 = S:get_childspec(P, d), R10 = S:get_childspec(P, zz),
                           R11 = S:terminate_child(P, d), R12 = S:start_child(P, w(d)),
                           exit(P, shutdown),
                           {W1, C1, W2, W3, W4, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12}
                   end},
     {one_for_all, fun(S) ->
                           {ok, P} = S:start_link(h_sup_cb, {#{strategy => one_for_all},
                                                             [w(a), w(b), w(c)]}),
                           die(b, boom),
                           W = S:which_children(P),
                           exit(P, shutdown), W
                   end},
     {rest_for_one, fun(S) ->
                            {ok, P} = S:start_link(h_sup_cb, {{rest_for_one, 2, 10},
                                                              [{a, {h_sup_cb, worker, [a, self()]}, permanent, 100, worker, [h_sup_cb]},
                                                               w(b), w(c, temporary)]}),
                            die(b, boom),
                            W = S:which_children(P),
                            exit(P, shutdown), W
                    end},
     {intensity, fun(S) ->
                         {ok, P} = S:start_link(h_sup_cb, {#{strategy => one_for_one, intensity => 2, period => 5},
                                                           [w(a)]}),
                         die(a, x1), die(a, x2), die(a, x3),
                         receive {'EXIT', P, R} -> {exited, R} after 500 -> alive end
                 end},
     {simple, fun(S) ->
                      {ok, P} = S:start_link(h_sup_cb, {#{strategy => simple_one_for_one},
                                                        [#{id => ignored, start => {h_sup_cb, worker, []},
                                                           restart => transient}]}),
                      {ok, _} = S:start_child(P, [a, self()]),
                      {ok, Pb} = S:start_child(P, [b, self()]),
                      C1 = S:count_children(P),
                      die(a, boom),
                      W1 = length(S:which_children(P)),
                      R1 = S:terminate_child(P, Pb), R2 = S:terminate_child(P, b),
                      R3 = S:restart_child(P, x), R4 = S:delete_child(P, x),
                      C2 = S:count_children(P),
                      exit(P, shutdown),
                      {C1, W1, R1, R2, R3, R4, C2}
              end},
     {start_errors, fun(S) ->
                            R1 = S:start_link(h_sup_cb, {#{}, [w(a), #{id => f, start => {h_sup_cb, failing, [bad]}}, w(b)]}),
                            E1 = receive {'EXIT', _, X1} -> X1 after 100 -> none end,
                            R2 = S:start_link(h_sup_cb, ignore),
                            R3 = S:start_link(h_sup_cb, {#{}, [#{id => i, start => {h_sup_cb, ignoring, []}}]}),
                            R4 = S:start_link(h_sup_cb, {#{strategy => bogus}, []}),
                            E4 = receive {'EXIT', _, X4} -> X4 after 100 -> none end,
                            R5 = S:start_link(h_sup_cb, {#{}, [#{start => {m, f, []}}]}),
                            E5 = receive {'EXIT', _, X5} -> X5 after 100 -> none end,
                            {R1, E1, R2, element(1, R3), R4, E4, R5, E5}
                    end},
     {named, fun(S) ->
                     {ok, P} = S:start_link({local, t_sup_named}, h_sup_cb, {#{}, [w(a)]}),
                     R = S:start_link({local, t_sup_named}, h_sup_cb, {#{}, []}),
                     W = S:which_children(t_sup_named),
                     exit(P, shutdown), {R, W}
             end},
     {nested, fun(S) ->
                      Child = #{id => inner, start => {h_sup_cb, sup, [S, {#{}, [w(a)]}]}, type => supervisor},
                      {ok, P} = S:start_link(h_sup_cb, {#{}, [Child]}),
                      W = S:which_children(P),
                      C = S:count_children(P),
                      exit(P, shutdown), {W, C}
              end},
     {check, fun(S) -> {S:check_childspecs([w(a)]), S:check_childspecs([#{id => x}])} end},
     {check_more,
      fun(S) ->
              M = #{id => a, start => {m, f, []}},
              Specs = [[M, M], [#{id => a}], [#{start => {m, f, []}}],
                       [{a, {m, f, []}, permanent, 5000, worker, [m]}],
                       [{a, {m, f, []}, bad, 5000, worker, [m]}], [M#{significant => true}],
                       [M#{restart => temporary, significant => true}],
                       [M#{significant => maybe}], foo, [foo], [M#{extra => 1}],
                       [#{id => a, start => {m, f}}], [M, M#{id => b}]],
              [S:check_childspecs(Sp) || Sp <- Specs] ++
                  [S:check_childspecs(Sp, A) || Sp <- Specs, A <- [never, any_significant, all_significant]]
      end},
     {dup_start, fun(S) -> S:start_link(h_sup_cb, {#{}, [w(a), w(a)]}) end},
     {callback_module, fun(S) ->
                               {ok, P} = S:start_link(h_sup_cb, {#{}, [w(a)]}),
                               M = S:get_callback_module(P),
                               unlink(P), exit(P, shutdown), timer:sleep(20),
                               M
                       end}].
