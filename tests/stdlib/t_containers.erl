%% Differential tests of orddict, ordsets, sets, dict, gb_trees, gb_sets, queue and array:
%% the same random sequence of operations runs on Ferl's module and OTP's, and every
%% observable result (converted with to_list and friends where the representation is not
%% OTP's) must agree.
-module(t_containers).
-export([run/0]).

key() -> st:pick([a, b, c, d, 1, 2, 3, 1.0, "k", {t}]).
val() -> rand:uniform(100).
ikey() -> st:pick([a, b, c, d, 1, 2, 3, "k", {t}]).

run() ->
    [begin
         seq(orddict, fun orddict_op/2, fun(M) -> M:new() end, fun(_, S) -> S end, 30),
         seq(ordsets, fun ordsets_op/2, fun(M) -> M:new() end, fun(_, S) -> S end, 30),
         seq(sets, fun sets_op/2, fun(M) -> M:new() end, fun(M, S) -> csort(M:to_list(S)) end, 30),
         seq(dict, fun dict_op/2, fun(M) -> M:new() end, fun(M, S) -> csort(M:to_list(S)) end, 30),
         seq(gb_trees, fun gb_trees_op/2, fun(M) -> M:empty() end, fun(M, S) -> M:to_list(S) end, 40),
         seq(gb_sets, fun gb_sets_op/2, fun(M) -> M:empty() end, fun(M, S) -> M:to_list(S) end, 40),
         seq(queue, fun queue_op/2, fun(M) -> M:new() end, fun(M, S) -> M:to_list(S) end, 40),
         seq(array, fun array_op/2, fun(M) -> new_array(M) end,
             fun(M, S) -> {M:size(S), M:to_list(S), M:is_fix(S), M:default(S)} end, 30)
     end || _ <- lists:seq(1, 150)],
    big(),
    ok.

%% A sort that is total on 1 and 1.0 (lists:sort/1 is not stable for them).
csort(L) -> [X || {_, X} <- lists:sort([{{X, term_to_binary(X)}, X} || X <- L])].

new_array(M) ->
    case rand:uniform(4) of
        1 -> M:new();
        2 -> M:new(5);
        3 -> M:new([{default, 0}]);
        4 -> M:new(3, [{fixed, false}, {default, x}])
    end.

%% Run N random operations on both implementations from the same seed.
seq(Mod, OpFun, New, View, N) ->
    Seed = rand:uniform(1 bsl 30),
    Run = fun(M) ->
                  rand:seed(exsss, {Seed, 1, 2}),
                  S0 = New(M),
                  {Obs, _} = lists:foldl(
                               fun(_, {Acc, S}) ->
                                       {Name, F} = OpFun(M, S),
                                       case st:outcome(F) of
                                           {ok, {R, S1}} -> {[{Name, R, View(M, S1)} | Acc], S1};
                                           Err -> {[{Name, Err} | Acc], S}
                                       end
                               end, {[], S0}, lists:seq(1, N)),
                  lists:reverse(Obs)
          end,
    Ferl = Run(list_to_atom("ferl_" ++ atom_to_list(Mod))),
    Otp = Run(Mod),
    rand:seed(exsss, {Seed, 3, 4}),
    compare(Mod, Ferl, Otp).

compare(Mod, [A | As], [A | Bs]) -> st:same({Mod, ok}, true, true), compare(Mod, As, Bs);
compare(Mod, [A | _], [B | _]) -> st:same({Mod, step}, A, B);
compare(_, [], []) -> ok.

orddict_op(M, D) ->
    K = key(), V = val(),
    st:pick([{store, fun() -> {ok, M:store(K, V, D)} end},
             {erase, fun() -> {ok, M:erase(K, D)} end},
             {find, fun() -> {M:find(K, D), D} end},
             {fetch, fun() -> {M:fetch(K, D), D} end},
             {is_key, fun() -> {M:is_key(K, D), D} end},
             {append, fun() -> {ok, M:append(K, V, D)} end},
             {append_list, fun() -> {ok, M:append_list(K, [V, V], D)} end},
             {update, fun() -> {ok, M:update(K, fun(X) -> {X} end, D)} end},
             {update4, fun() -> {ok, M:update(K, fun(X) -> {X} end, V, D)} end},
             {update_counter, fun() -> {ok, M:update_counter(K, V, D)} end},
             {take, fun() -> case M:take(K, D) of error -> {error, D}; {X, D1} -> {X, D1} end end},
             {fold, fun() -> {M:fold(fun(Kx, Vx, A) -> [{Kx, Vx} | A] end, [], D), D} end},
             {map, fun() -> {ok, M:map(fun(_, X) -> [X] end, D)} end},
             {filter, fun() -> {ok, M:filter(fun(_, X) -> is_integer(X) andalso X > 50 end, D)} end},
             {merge, fun() -> {ok, M:merge(fun(_, A, B) -> {A, B} end, D, M:from_list([{K, V}, {key(), 1}]))} end},
             {from_list, fun() -> {ok, M:from_list([{key(), val()} || _ <- lists:seq(1, 4)])} end},
             {size, fun() -> {{M:size(D), M:is_empty(D), M:fetch_keys(D)}, D} end}]).

ordsets_op(M, S) ->
    E = key(), L = [key() || _ <- lists:seq(1, rand:uniform(5))],
    S2 = M:from_list(L),
    st:pick([{add, fun() -> {ok, M:add_element(E, S)} end},
             {del, fun() -> {ok, M:del_element(E, S)} end},
             {is_element, fun() -> {M:is_element(E, S), S} end},
             {union, fun() -> {ok, M:union(S, S2)} end},
             {union1, fun() -> {ok, M:union([S, S2, M:from_list([E])])} end},
             {intersection, fun() -> {M:intersection(S, S2), S} end},
             {intersection1, fun() -> {M:intersection([S, S2]), S} end},
             {subtract, fun() -> {ok, M:subtract(S, S2)} end},
             {is_subset, fun() -> {{M:is_subset(S2, S), M:is_disjoint(S, S2)}, S} end},
             {fold, fun() -> {M:fold(fun(X, A) -> [X | A] end, [], S), S} end},
             {filter, fun() -> {ok, M:filter(fun(X) -> is_atom(X) end, S)} end},
             {size, fun() -> {{M:size(S), M:is_empty(S), M:is_set(S), M:to_list(S)}, S} end}]).

sets_op(M, S) ->
    E = key(), L = [key() || _ <- lists:seq(1, rand:uniform(5))],
    S2 = M:from_list(L),
    Srt = fun(X) -> csort(M:to_list(X)) end,
    st:pick([{add, fun() -> {ok, M:add_element(E, S)} end},
             {del, fun() -> {ok, M:del_element(E, S)} end},
             {is_element, fun() -> {M:is_element(E, S), S} end},
             {union, fun() -> {ok, M:union(S, S2)} end},
             {union1, fun() -> {ok, M:union([S, S2])} end},
             {intersection, fun() -> {Srt(M:intersection(S, S2)), S} end},
             {intersection1, fun() -> {Srt(M:intersection([S, S2, S])), S} end},
             {subtract, fun() -> {ok, M:subtract(S, S2)} end},
             {is_subset, fun() -> {{M:is_subset(S2, S), M:is_disjoint(S, S2)}, S} end},
             {fold, fun() -> {csort(M:fold(fun(X, A) -> [X | A] end, [], S)), S} end},
             {filter, fun() -> {ok, M:filter(fun(X) -> is_atom(X) end, S)} end},
             {size, fun() -> {{M:size(S), M:is_empty(S), M:is_set(S)}, S} end}]).

dict_op(M, D) ->
    K = key(), V = val(),
    Srt = fun(X) -> csort(M:to_list(X)) end,
    st:pick([{store, fun() -> {ok, M:store(K, V, D)} end},
             {erase, fun() -> {ok, M:erase(K, D)} end},
             {find, fun() -> {M:find(K, D), D} end},
             {fetch, fun() -> {M:fetch(K, D), D} end},
             {is_key, fun() -> {M:is_key(K, D), D} end},
             {append, fun() -> {ok, M:append(K, V, D)} end},
             {append_list, fun() -> {ok, M:append_list(K, [V], D)} end},
             {update, fun() -> {ok, M:update(K, fun(X) -> {X} end, D)} end},
             {update4, fun() -> {ok, M:update(K, fun(X) -> {X} end, V, D)} end},
             {update_counter, fun() -> {ok, M:update_counter(K, V, D)} end},
             {take, fun() -> case M:take(K, D) of error -> {error, D}; {X, D1} -> {X, D1} end end},
             {fold, fun() -> {csort(M:fold(fun(Kx, Vx, A) -> [{Kx, Vx} | A] end, [], D)), D} end},
             {map, fun() -> {ok, M:map(fun(_, X) -> [X] end, D)} end},
             {filter, fun() -> {ok, M:filter(fun(_, X) -> is_integer(X) andalso X > 50 end, D)} end},
             {merge, fun() -> {Srt(M:merge(fun(_, A, B) -> {A, B} end, D, M:from_list([{K, V}]))), D} end},
             {size, fun() -> {{M:size(D), M:is_empty(D), csort(M:fetch_keys(D))}, D} end}]).

gb_trees_op(M, T) ->
    K = key(), V = val(),
    Walk = fun W(I) -> case M:next(I) of none -> []; {Kx, Vx, I2} -> [{Kx, Vx} | W(I2)] end end,
    st:pick([{insert, fun() -> {ok, M:insert(K, V, T)} end},
             {enter, fun() -> {ok, M:enter(K, V, T)} end},
             {enter2, fun() -> {ok, M:enter(rand:uniform(1000), V, T)} end},
             {delete, fun() -> {ok, M:delete(K, T)} end},
             {delete_any, fun() -> {ok, M:delete_any(K, T)} end},
             {lookup, fun() -> {M:lookup(K, T), T} end},
             {get, fun() -> {M:get(K, T), T} end},
             {update, fun() -> {ok, M:update(K, V, T)} end},
             {take, fun() -> {X, T1} = M:take(K, T), {X, T1} end},
             {take_any, fun() -> case M:take_any(K, T) of error -> {error, T}; {X, T1} -> {X, T1} end end},
             {smallest, fun() -> {{M:smallest(T), M:largest(T)}, T} end},
             {take_smallest, fun() -> {A, B, T1} = M:take_smallest(T), {{A, B}, T1} end},
             {take_largest, fun() -> {A, B, T1} = M:take_largest(T), {{A, B}, T1} end},
             {iter, fun() -> {{Walk(M:iterator(T)), Walk(M:iterator_from(K, T))}, T} end},
             {balance, fun() -> {ok, M:balance(T)} end},
             {map, fun() -> {ok, M:map(fun(_, X) -> X + 1 end, T)} end},
             {info, fun() -> {{M:size(T), M:is_empty(T), M:keys(T), M:values(T), M:is_defined(K, T)}, T} end},
             {from_orddict, fun() -> {ok, M:from_orddict(orddict:from_list([{key(), val()} || _ <- lists:seq(1, 5)]))} end}]).

%% No 1.0 beside 1 here: which of two == elements union/intersection keep is not pinned.
gb_sets_op(M, S) ->
    E = ikey(), L = [ikey() || _ <- lists:seq(1, rand:uniform(5))],
    S2 = M:from_list(L),
    Walk = fun W(I) -> case M:next(I) of none -> []; {X, I2} -> [X | W(I2)] end end,
    st:pick([{insert, fun() -> {ok, M:insert(E, S)} end},
             {add, fun() -> {ok, M:add(E, S)} end},
             {add2, fun() -> {ok, M:add_element(rand:uniform(1000), S)} end},
             {delete, fun() -> {ok, M:delete(E, S)} end},
             {del, fun() -> {ok, M:del_element(E, S)} end},
             {is_element, fun() -> {{M:is_element(E, S), M:is_member(E, S)}, S} end},
             {union, fun() -> {ok, M:union(S, S2)} end},
             {union1, fun() -> {ok, M:union([S, S2])} end},
             {intersection, fun() -> {M:to_list(M:intersection(S, S2)), S} end},
             {difference, fun() -> {ok, M:difference(S, S2)} end},
             {subset, fun() -> {{M:is_subset(S2, S), M:is_disjoint(S, S2)}, S} end},
             {smallest, fun() -> {{M:smallest(S), M:largest(S)}, S} end},
             {take_smallest, fun() -> M:take_smallest(S) end},
             {take_largest, fun() -> M:take_largest(S) end},
             {iter, fun() -> {{Walk(M:iterator(S)), Walk(M:iterator_from(E, S))}, S} end},
             {fold, fun() -> {M:fold(fun(X, A) -> [X | A] end, [], S), S} end},
             {filter, fun() -> {ok, M:filter(fun(X) -> is_atom(X) end, S)} end},
             {info, fun() -> {{M:size(S), M:is_empty(S), M:is_set(S)}, S} end},
             {singleton, fun() -> {ok, M:singleton(E)} end}]).

queue_op(M, Q) ->
    X = val(),
    st:pick([{in, fun() -> {ok, M:in(X, Q)} end},
             {in_r, fun() -> {ok, M:in_r(X, Q)} end},
             {out, fun() -> {R, Q1} = M:out(Q), {R, Q1} end},
             {out_r, fun() -> {R, Q1} = M:out_r(Q), {R, Q1} end},
             {get, fun() -> {{M:get(Q), M:get_r(Q)}, Q} end},
             {peek, fun() -> {{M:peek(Q), M:peek_r(Q)}, Q} end},
             {drop, fun() -> {ok, M:drop(Q)} end},
             {drop_r, fun() -> {ok, M:drop_r(Q)} end},
             {reverse, fun() -> {ok, M:reverse(Q)} end},
             {join, fun() -> {ok, M:join(Q, M:from_list([1, 2, 3]))} end},
             {split, fun() -> {A, B} = M:split(rand:uniform(3) - 1, Q), {M:to_list(B), A} end},
             {filter, fun() -> {ok, M:filter(fun(Y) -> Y > 30 end, Q)} end},
             {filter2, fun() -> {ok, M:filter(fun(Y) -> [Y, Y] end, Q)} end},
             {filtermap, fun() -> {ok, M:filtermap(fun(Y) -> Y > 50 andalso {true, -Y} end, Q)} end},
             {fold, fun() -> {M:fold(fun(Y, A) -> [Y | A] end, [], Q), Q} end},
             {member, fun() -> {{M:member(X, Q), M:all(fun(Y) -> Y > 10 end, Q), M:any(fun(Y) -> Y > 90 end, Q)}, Q} end},
             {delete, fun() -> {ok, M:delete(X, Q)} end},
             {delete_r, fun() -> {ok, M:delete_r(X, Q)} end},
             {delete_with, fun() -> {ok, M:delete_with(fun(Y) -> Y > 50 end, Q)} end},
             {okasaki, fun() -> {{M:head(Q), M:last(Q)}, M:tail(M:liat(Q))} end},
             {cons, fun() -> {ok, M:snoc(M:cons(X, Q), X + 1)} end},
             {info, fun() -> {{M:len(Q), M:is_empty(Q), M:is_queue(Q)}, Q} end}]).

array_op(M, A) ->
    I = rand:uniform(8) - 1, V = val(),
    st:pick([{set, fun() -> {ok, M:set(I, V, A)} end},
             {set_far, fun() -> {ok, M:set(I + 20, V, A)} end},
             {get, fun() -> {M:get(I, A), A} end},
             {reset, fun() -> {ok, M:reset(I, A)} end},
             {resize, fun() -> {ok, M:resize(I + M:size(A), A)} end},
             {resize1, fun() -> {ok, M:resize(A)} end},
             {fix, fun() -> {ok, M:fix(A)} end},
             {relax, fun() -> {ok, M:relax(A)} end},
             {sparse, fun() -> {{M:sparse_size(A), M:sparse_to_list(A), M:sparse_to_orddict(A), M:to_orddict(A)}, A} end},
             {map, fun() -> {ok, M:map(fun(J, X) -> {J, X} end, A)} end},
             {sparse_map, fun() -> {ok, M:sparse_map(fun(J, X) -> {J, X} end, A)} end},
             {fold, fun() -> {{M:foldl(fun(J, X, Ac) -> [{J, X} | Ac] end, [], A),
                               M:foldr(fun(J, X, Ac) -> [{J, X} | Ac] end, [], A),
                               M:sparse_foldl(fun(J, X, Ac) -> [{J, X} | Ac] end, [], A),
                               M:sparse_foldr(fun(J, X, Ac) -> [{J, X} | Ac] end, [], A)}, A} end},
             {from_list, fun() -> {ok, M:from_list([val() || _ <- lists:seq(1, I)], 0)} end},
             {from_orddict, fun() -> {ok, M:from_orddict([{1, a}, {I + 2, b}])} end},
             {is_array, fun() -> {M:is_array(A), A} end}]).

%% Larger trees: balance is exercised.
big() ->
    Keys = [rand:uniform(100000) || _ <- lists:seq(1, 3000)],
    T1 = lists:foldl(fun(K, T) -> ferl_gb_trees:enter(K, K, T) end, ferl_gb_trees:empty(), Keys),
    T2 = lists:foldl(fun(K, T) -> gb_trees:enter(K, K, T) end, gb_trees:empty(), Keys),
    st:same(gb_big, ferl_gb_trees:to_list(T1), gb_trees:to_list(T2)),
    Sorted = lists:foldl(fun(K, T) -> ferl_gb_trees:insert(K, K, T) end, ferl_gb_trees:empty(),
                         lists:seq(1, 20000)),
    st:check(gb_height, height(element(2, Sorted)) =< 30),
    st:same(gb_sorted, ferl_gb_trees:keys(Sorted), lists:seq(1, 20000)).

height(nil) -> 0;
height({_, _, S, B}) -> 1 + max(height(S), height(B)).
