-module(t_application).
-export([run/0]).

run() ->
    logger:set_primary_config(level, none),
    ferl_logger:remove_handler(default),
    [st:same({application, N}, norm(scenario(F, ferl_application, ferl_supervisor)),
             norm(scenario(F, application, supervisor))) || {N, F} <- scenarios()],
    logger:set_primary_config(level, notice),
    ok.

norm(P) when is_pid(P) -> pid;
norm(ferl_supervisor) -> supervisor;
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([H | T]) -> [norm(H) | norm(T)];
norm(X) -> X.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

scenario(F, App, Sup) ->
    flush(),
    R = (catch F(App, Sup)),
    {R, flush()}.

spec(Name, Sup, Deps) ->
    {application, Name, [{description, "test app"}, {vsn, "1.0"}, {modules, [h_app]},
                         {applications, [kernel, stdlib | Deps]},
                         {mod, {h_app, {Sup, self()}}}, {env, [{key, value}, {k2, 2}]}]}.

scenarios() ->
    [{lifecycle, fun(App, Sup) ->
                         L1 = App:load(spec(t_app1, Sup, [])),
                         L2 = App:load(spec(t_app1, Sup, [])),
                         E1 = App:get_env(t_app1, key),
                         E2 = App:get_env(t_app1, nokey, def),
                         All = lists:sort(App:get_all_env(t_app1)),
                         ok = App:set_env(t_app1, key, changed),
                         E3 = App:get_env(t_app1, key),
                         ok = App:unset_env(t_app1, k2),
                         K = App:get_key(t_app1, vsn),
                         S1 = App:start(t_app1),
                         S2 = App:start(t_app1),
                         W = lists:keymember(t_app1, 1, App:which_applications()),
                         St = App:stop(t_app1),
                         St2 = App:stop(t_app1),
                         U = App:unload(t_app1),
                         U2 = App:unload(t_app1),
                         {L1, L2, E1, E2, All, E3, K, S1, S2, W, St, St2, U, U2}
                 end},
     {deps, fun(App, Sup) ->
                    ok = App:load(spec(t_app2, Sup, [t_app3])),
                    ok = App:load({application, t_app3, [{applications, [kernel, stdlib]}]}),
                    S1 = App:start(t_app2),
                    S2 = App:ensure_all_started(t_app2),
                    S3 = App:ensure_started(t_app2),
                    [App:stop(A) || A <- [t_app2, t_app3]],
                    [App:unload(A) || A <- [t_app2, t_app3]],
                    {S1, S2, S3}
            end},
     {unknown, fun(App, _) -> {App:get_env(nope_app, k), App:get_key(nope_app, vsn), App:stop(nope_app)} end}].
