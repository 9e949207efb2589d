%% global on one node, compared with OTP's global.
-module(t_global).
-export([run/0]).

run() ->
    [begin
         P1 = spawn(fun() -> receive _ -> ok end end),
         P2 = spawn(fun() -> receive {x, From} -> From ! got end end),
         Name = {t_global_name, G},
         A = G:register_name(Name, P1),
         B = G:register_name(Name, P2),
         C = G:whereis_name(Name) =:= P1,
         D = lists:member(Name, G:registered_names()),
         ok = G:unregister_name(Name),
         E = G:whereis_name(Name),
         F = G:register_name(Name, P2),
         G:send(Name, {x, self()}),
         H = receive got -> got after 500 -> none end,
         timer:sleep(20),
         I = G:whereis_name(Name),
         J = catch G:send(Name, hi),
         st:same({global, G}, {A, B, C, D, E, F, H, I, element(1, J)},
                 {yes, no, true, true, undefined, yes, got, undefined, 'EXIT'}),
         exit(P1, kill)
     end || G <- [ferl_global, global]],
    ok.
