%% Differential tests of lists against OTP's, on random lists and edge cases.
-module(t_lists).
-export([run/0]).

c(F, Args) ->
    st:cmp({lists, F, Args}, fun() -> apply(ferl_lists, F, Args) end,
           fun() -> apply(lists, F, Args) end).

small() -> st:pick([0, 1, 2, 3, 1.0, 2.0, a, b, -1, {x}, [], "s"]).
rl() -> [small() || _ <- lists:seq(1, rand:uniform(9) - 1)].
rints() -> [rand:uniform(10) || _ <- lists:seq(1, rand:uniform(12) - 1)].
rtuples() -> [list_to_tuple([rand:uniform(4) || _ <- lists:seq(1, rand:uniform(3))])
              || _ <- lists:seq(1, rand:uniform(8) - 1)].
deep() -> [st:pick([1, [2, [3]], [], [[]], [a | []], "ab"]) || _ <- lists:seq(1, rand:uniform(5))].

run() ->
    Le = fun(A, B) -> A >= B end,
    Le2 = fun({A, _}, {B, _}) -> A =< B; (A, B) -> A =< B end,
    Pred = fun(X) -> is_integer(X) andalso X > 1 end,
    [begin
         L = rl(), L2 = rl(), I = rints(), I2 = rints(), T = rtuples(), T2 = rtuples(),
         N = rand:uniform(5) - 1, K = rand:uniform(4),
         c(sort, [[X || X <- L, not is_float(X)]]),
         [c(F, [L]) || F <- [reverse, usort, uniq, flatten, flatlength, max, min, last,
                            droplast, enumerate]],
         c(append, [[L, L2, I]]), c(append, [L, L2]), c(concat, [[a, 1, "x", 2.5]]),
         c(delete, [small(), L]), c(dropwhile, [Pred, I]), c(takewhile, [Pred, I]),
         c(duplicate, [N, small()]), c(enumerate, [N, L]), c(filter, [Pred, L]),
         c(filtermap, [fun(X) when is_integer(X), X > 2 -> {true, X * 2};
                          (X) -> X =:= 1 end, I]),
         c(zf, [fun(X) -> X > 5 end, I]),
         c(flatmap, [fun(X) -> [X, X] end, L]), c(flatten, [deep()]), c(flatten, [deep(), L]),
         c(flatlength, [deep()]),
         c(foldl, [fun(X, A) -> [X | A] end, [], L]), c(foldr, [fun(X, A) -> [X | A] end, [], L]),
         c(join, [x, L]), c(keydelete, [K, 1, T]), c(keydelete, [K, 2, T]),
         c(keyfind, [K, 1, T]), c(keyfind, [K, 2, T]), c(keymember, [K, 2, T]),
         c(keysearch, [K, 1, T]), c(keyreplace, [K, 1, T, {new}]), c(keystore, [K, 2, T, {new}]),
         c(keytake, [K, 1, T]), c(keymap, [fun(X) -> X * 10 end, 1, T]),
         c(keysort, [1, T]), c(keysort, [2, T]), c(ukeysort, [1, T]), c(ukeysort, [2, T]),
         c(keymerge, [1, lists:keysort(1, T), lists:keysort(1, T2)]),
         c(ukeymerge, [1, lists:ukeysort(1, T), lists:ukeysort(1, T2)]),
         c(map, [fun(X) -> {X} end, L]), c(mapfoldl, [fun(X, A) -> {{X, A}, A + 1} end, 0, L]),
         c(mapfoldr, [fun(X, A) -> {{X, A}, A + 1} end, 0, L]),
         c(member, [small(), L]), c(merge, [lists:sort(L), lists:sort(L2)]),
         c(merge, [[lists:sort(L), lists:sort(L2), lists:sort(I)]]),
         c(merge, [Le, lists:sort(Le, I), lists:sort(Le, I2)]),
         c(merge3, [lists:sort(L), lists:sort(L2), lists:sort(I)]),
         c(umerge, [lists:usort(L), lists:usort(L2)]),
         c(umerge, [[lists:usort(L), lists:usort(L2), lists:usort(I)]]),
         c(umerge, [Le, lists:usort(Le, I), lists:usort(Le, I2)]),
         c(umerge3, [lists:usort(L), lists:usort(L2), lists:usort(I)]),
         c(nth, [N, L]), c(nthtail, [N, L]), c(partition, [Pred, L]),
         c(prefix, [lists:sublist(L, N), L]), c(prefix, [L2, L]), c(suffix, [lists:nthtail(min(N, length(L)), L), L]),
         c(suffix, [L2, L]), c(reverse, [L, L2]), c(search, [Pred, L]),
         c(seq, [N, K + N]), c(seq, [K, N]), c(seq, [N, K * 3, K]), c(seq, [K * 3, N, -K]),
         c(seq, [N, N, 0]), c(seq, [N, K, 0]),
         c(sort, [Le, I]), c(sort, [Le2, T]), c(usort, [Le, I]), c(usort, [Le2, T]),
         c(split, [N, L]), c(splitwith, [Pred, I]), c(sublist, [L, N]), c(sublist, [L, K, N]),
         c(subtract, [L, L2]), c(sum, [I]), c(uniq, [fun(X) -> X rem 3 end, I]),
         c(unzip, [[{X, Y} || {X, Y} <- lists:zip(I, lists:reverse(I))]]),
         c(unzip3, [[{X, Y, X} || {X, Y} <- lists:zip(I, lists:reverse(I))]]),
         c(zip, [L, L2]), c(zip, [I, lists:reverse(I)]), c(zip3, [I, I, I]),
         c(zipwith, [fun(X, Y) -> {Y, X} end, I, lists:reverse(I)]),
         c(zipwith3, [fun(X, Y, Z) -> [X, Y, Z] end, I, I, I]),
         c(all, [Pred, L]), c(any, [Pred, L]), c(foreach, [fun(X) -> X end, L]),
         c(usort, [[1.0, 1, 2, 2.0 | L]]),
         c(keysort, [1, [{1, a}, {1.0, b}, {1, c}] ++ T]), c(ukeysort, [1, [{1, a}, {1.0, b} | T]])
     end || _ <- lists:seq(1, 400)],
    %% sort/1 of ==-equal numbers (1, 1.0): all lists of up to 4 elements, and the
    %% conformance corpus's example
    Vs = [1, 1.0, 2, 2.0, 3],
    Small = lists:foldl(fun(N, Acc) -> Acc ++ [[V | X] || V <- Vs, X <- Acc, length(X) =:= N - 1] end,
                        [[]], [1, 2, 3, 4]),
    [c(sort, [X]) || X <- Small],
    c(sort, [[3, 1.0, 2, 1, 2.0]]),
    %% errors
    [c(F, A) || {F, A} <- [{nth, [0, [a]]}, {nth, [2, [a]]}, {last, [[]]}, {max, [[]]},
                           {seq, [5, 1]}, {seq, [1, 5, 0]}, {seq, [1, 5, -1]}, {split, [3, [a]]},
                           {split, [-1, [a]]}, {sublist, [[a], 0, 1]}, {sublist, [[a], 3, 1]},
                           {sublist, [[a], 2, 1]}, {nthtail, [2, [a]]}, {droplast, [[]]},
                           {duplicate, [-1, a]}, {zip, [[a], []]}, {keyfind, [a, 0, []]},
                           {flatten, [a]}, {append, [[]]}, {sum, [[a]]}, {seq, [a, 1]},
                           {reverse, [a]}, {member, [a, b]}, {enumerate, [a, []]},
                           {keystore, [a, 1, [], b]}, {delete, [a, b]}, {concat, [[{}]]}]],
    ok.
