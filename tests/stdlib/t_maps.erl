%% Differential tests of maps (the functions written in Erlang) against OTP's.
-module(t_maps).
-export([run/0]).

c(F, Args) ->
    st:cmp({maps, F, Args}, fun() -> apply(ferl_maps, F, Args) end,
           fun() -> apply(maps, F, Args) end).

rmap() ->
    maps:from_list([{st:pick([a, b, c, 1, 2, 3, 1.0, "k", {t}]), rand:uniform(5)}
                    || _ <- lists:seq(1, rand:uniform(8) - 1)]).

run() ->
    Pred = fun(K, V) -> V > 2 orelse K =:= a end,
    [begin
         M = rmap(), M2 = rmap(), K = st:pick([a, b, 1, 1.0, "k", zz]),
         Ks = [st:pick([a, b, 1, 1.0, "k", zz]) || _ <- lists:seq(1, 3)],
         c(new, []), c(get, [K, M, def]), c(size, [M]), c(filter, [Pred, M]),
         c(filtermap, [fun(_, V) when V > 3 -> {true, V * 2}; (_, V) -> V =:= 1 end, M]),
         c(fold, [fun(Kx, V, A) -> [{Kx, V} | A] end, [], M]),
         c(foreach, [fun(_, _) -> ok end, M]), c(map, [fun(Kx, V) -> {Kx, V} end, M]),
         c(groups_from_list, [fun(X) -> X rem 3 end, lists:seq(1, rand:uniform(10))]),
         c(groups_from_list, [fun(X) -> X rem 3 end, fun(X) -> X * X end, lists:seq(1, 7)]),
         c(intersect, [M, M2]), c(intersect_with, [fun(Kx, A, B) -> {Kx, A, B} end, M, M2]),
         c(merge_with, [fun(Kx, A, B) -> {Kx, A, B} end, M, M2]),
         c(update_with, [K, fun(V) -> V * 100 end, M]),
         c(update_with, [K, fun(V) -> V * 100 end, init, M]),
         c(with, [Ks, M]), c(without, [Ks, M]),
         st:cmp({iter, M}, fun() -> walk(ferl_maps, M) end, fun() -> walk(maps, M) end)
     end || _ <- lists:seq(1, 300)],
    %% large maps (more than 32 keys): iteration goes in erl's iterator order
    [begin
         M = maps:from_list([{st:rand_term(1, 3), rand:uniform(9)} || _ <- lists:seq(1, N)]),
         Log = fun(Mod, F) -> put(t_maps_log, []),
                              R = F(),
                              {R, lists:reverse(get(t_maps_log))}
               end,
         Note = fun(K) -> put(t_maps_log, [K | get(t_maps_log)]) end,
         [st:cmp({large, Fn, N}, fun() -> Log(ferl_maps, fun() -> Run(ferl_maps) end) end,
                 fun() -> Log(maps, fun() -> Run(maps) end) end)
          || {Fn, Run} <- [{fold, fun(Mod) -> Mod:fold(fun(K, V, A) -> [{K, V} | A] end, [], M) end},
                           {foreach, fun(Mod) -> Mod:foreach(fun(K, _) -> Note(K) end, M) end},
                           {map, fun(Mod) -> Mod:map(fun(K, V) -> Note(K), V end, M) end},
                           {filter, fun(Mod) -> Mod:filter(fun(K, _) -> Note(K), true end, M) end},
                           {iter, fun(Mod) -> walk(Mod, M) end}]],
         st:cmp({large_w, N}, fun st:flat/1, fun() -> ferl_io_lib:format("~w", [M]) end,
                fun() -> io_lib:format("~w", [M]) end),
         st:cmp({large_p, N}, fun st:flat/1, fun() -> ferl_io_lib:format("~p", [M]) end,
                fun() -> io_lib:format("~p", [M]) end)
     end || N <- [20, 32, 33, 40, 64, 100, 200]],
    [c(F, A) || {F, A} <- [{get, [a, nomap, d]}, {size, [x]}, {filter, [x, #{}]},
                           {filter, [fun(_, _) -> true end, x]}, {fold, [x, 0, #{}]},
                           {map, [fun(_, _) -> 1 end, [a]]}, {update_with, [a, fun(X) -> X end, #{}]},
                           {update_with, [a, fun(X) -> X end, x]}, {with, [x, #{}]},
                           {without, [[a], x]}, {intersect, [x, #{}]}, {intersect, [#{}, y]},
                           {merge_with, [x, #{}, #{}]}, {iterator, [x]}, {next, [x]},
                           {groups_from_list, [x, []]}]],
    ok.

walk(Mod, M) -> walk_it(Mod, Mod:next(Mod:iterator(M))).
walk_it(_, none) -> [];
walk_it(Mod, {K, V, I}) -> [{K, V} | walk_it(Mod, Mod:next(I))].
