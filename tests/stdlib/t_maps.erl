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
