%% gb_sets: ordered sets as general balanced trees (Ferl's own implementation).
%%
%% A set is {Size, Node}, Node = nil | {Element, Smaller, Bigger}; elements compared with
%% < and >. Same balancing as gb_trees. OTP 25's API: add/2, add_element/2, balance/1,
%% del_element/2, delete/2, delete_any/2, difference/2, empty/0, filter/2, filtermap/2,
%% fold/3, from_list/1, from_ordset/1, insert/2, intersection/1,2, is_disjoint/2,
%% is_element/2, is_empty/1, is_member/2, is_set/1, is_subset/2, iterator/1,
%% iterator_from/2, larger/2, largest/1, map/2, new/0, next/1, singleton/1, size/1,
%% smaller/2, smallest/1, subtract/2, take_largest/1, take_smallest/1, to_list/1,
%% union/1,2. Known differences: tree shapes may differ from OTP's (visible when printed);
%% when two sets hold elements that are == but not =:= (1 and 1.0), which one union and
%% intersection keep may differ.
-module(gb_sets).

-export([add/2, add_element/2, balance/1, del_element/2, delete/2, delete_any/2,
         difference/2, empty/0, filter/2, filtermap/2, fold/3, from_list/1,
         from_ordset/1, insert/2, intersection/1, intersection/2, is_disjoint/2,
         is_element/2, is_empty/1, is_member/2, is_set/1, is_subset/2, iterator/1,
         iterator_from/2, larger/2, largest/1, map/2, new/0, next/1, singleton/1, size/1,
         smaller/2, smallest/1, subtract/2, take_largest/1, take_smallest/1, to_list/1,
         union/1, union/2]).

empty() -> {0, nil}.
new() -> empty().

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) -> Size.

singleton(K) -> {1, {K, nil, nil}}.

is_element(K, {_, T}) -> is_member_1(K, T).
is_member(K, S) -> is_element(K, S).
is_member_1(K, {K1, Sm, _}) when K < K1 -> is_member_1(K, Sm);
is_member_1(K, {K1, _, Bi}) when K > K1 -> is_member_1(K, Bi);
is_member_1(_, {_, _, _}) -> true;
is_member_1(_, nil) -> false.

insert(K, {S, T}) ->
    S1 = S + 1,
    {S1, case insert_1(K, T, 1, S1) of
             {rebalance, T1, _, _} -> T1;
             T1 -> T1
         end}.

insert_1(K, {K1, Sm, Bi}, D, S) when K < K1 ->
    case insert_1(K, Sm, D + 1, S) of
        {rebalance, T1, H1, S1} -> scapegoat({K1, T1, Bi}, H1, S1 + count(Bi) + 1);
        T1 -> {K1, T1, Bi}
    end;
insert_1(K, {K1, Sm, Bi}, D, S) when K > K1 ->
    case insert_1(K, Bi, D + 1, S) of
        {rebalance, T1, H1, S1} -> scapegoat({K1, Sm, T1}, H1, S1 + count(Sm) + 1);
        T1 -> {K1, Sm, T1}
    end;
insert_1(K, nil, D, S) ->
    case (1 bsl D) > S * S of
        true -> {rebalance, {K, nil, nil}, 1, 1};
        false -> {K, nil, nil}
    end;
insert_1(K, _, _, _) -> erlang:error({key_exists, K}).

scapegoat(T, H1, Size) ->
    H = H1 + 1,
    case (1 bsl H) > Size * Size of
        true -> balance_node(T, Size);
        false -> {rebalance, T, H, Size}
    end.

count({_, S, B}) -> count(S) + count(B) + 1;
count(nil) -> 0.

add(K, S) -> add_element(K, S).
add_element(K, S) ->
    case is_element(K, S) of
        true -> S;
        false -> insert(K, S)
    end.

balance({S, T}) -> {S, balance_node(T, S)}.
balance_node(T, S) ->
    {T1, []} = build(S, to_list_1(T, [])),
    T1.

build(0, L) -> {nil, L};
build(N, L) ->
    NS = (N - 1) div 2,
    {Sm, [K | L1]} = build(NS, L),
    {Bi, L2} = build(N - 1 - NS, L1),
    {{K, Sm, Bi}, L2}.

from_ordset(L) ->
    S = length(L),
    {T, []} = build(S, L),
    {S, T}.

from_list(L) -> from_ordset(lists:usort(L)).

is_set({S, T}) when is_integer(S), S >= 0 -> T =:= nil orelse is_tuple(T);
is_set(_) -> false.

delete_any(K, S) ->
    case is_element(K, S) of
        true -> delete(K, S);
        false -> S
    end.
del_element(K, S) -> delete_any(K, S).

delete(K, {S, T}) -> {S - 1, delete_1(K, T)}.
delete_1(K, {K1, Sm, Bi}) when K < K1 -> {K1, delete_1(K, Sm), Bi};
delete_1(K, {K1, Sm, Bi}) when K > K1 -> {K1, Sm, delete_1(K, Bi)};
delete_1(_, {_, Sm, Bi}) -> merge(Sm, Bi).

merge(Sm, nil) -> Sm;
merge(nil, Bi) -> Bi;
merge(Sm, Bi) ->
    {K, Bi1} = take_smallest1(Bi),
    {K, Sm, Bi1}.

take_smallest({S, T}) ->
    {K, T1} = take_smallest1(T),
    {K, {S - 1, T1}}.
take_smallest1({K, nil, Bi}) -> {K, Bi};
take_smallest1({K, Sm, Bi}) ->
    {K1, Sm1} = take_smallest1(Sm),
    {K1, {K, Sm1, Bi}}.

take_largest({S, T}) ->
    {K, T1} = take_largest1(T),
    {K, {S - 1, T1}}.
take_largest1({K, Sm, nil}) -> {K, Sm};
take_largest1({K, Sm, Bi}) ->
    {K1, Bi1} = take_largest1(Bi),
    {K1, {K, Sm, Bi1}}.

smallest({_, T}) -> smallest_1(T).
smallest_1({K, nil, _}) -> K;
smallest_1({_, Sm, _}) -> smallest_1(Sm).

largest({_, T}) -> largest_1(T).
largest_1({K, _, nil}) -> K;
largest_1({_, _, Bi}) -> largest_1(Bi).

smaller(K, {_, T}) -> smaller_1(K, T).
smaller_1(_, nil) -> none;
smaller_1(K, {K1, _, Bi}) when K > K1 ->
    case smaller_1(K, Bi) of
        none -> {found, K1};
        R -> R
    end;
smaller_1(K, {_, Sm, _}) -> smaller_1(K, Sm).

larger(K, {_, T}) -> larger_1(K, T).
larger_1(_, nil) -> none;
larger_1(K, {K1, Sm, _}) when K < K1 ->
    case larger_1(K, Sm) of
        none -> {found, K1};
        R -> R
    end;
larger_1(K, {_, _, Bi}) -> larger_1(K, Bi).

to_list({_, T}) -> to_list_1(T, []).
to_list_1({K, Sm, Bi}, L) -> to_list_1(Sm, [K | to_list_1(Bi, L)]);
to_list_1(nil, L) -> L.

iterator({_, T}) -> iter_down(T, []).
iter_down({_, nil, _} = N, As) -> [N | As];
iter_down({_, Sm, _} = N, As) -> iter_down(Sm, [N | As]);
iter_down(nil, As) -> As.

iterator_from(K, {_, T}) -> iter_from(K, T, []).
iter_from(K, {K1, _, Bi}, As) when K > K1 -> iter_from(K, Bi, As);
iter_from(K, {K1, Sm, _} = N, As) when K < K1 -> iter_from(K, Sm, [N | As]);
iter_from(_, {_, _, _} = N, As) -> [N | As];
iter_from(_, nil, As) -> As.

next([{K, _, Bi} | As]) -> {K, iter_down(Bi, As)};
next([]) -> none.

union(S1, S2) -> from_ordset(ordsets:union(to_list(S2), to_list(S1))).
union(Ss) -> lists:foldl(fun(S, Acc) -> union(Acc, S) end, empty(), Ss).

intersection(S1, S2) -> from_ordset(ordsets:intersection(to_list(S2), to_list(S1))).
intersection([S | Ss]) -> lists:foldl(fun(X, Acc) -> intersection(Acc, X) end, S, Ss).

is_disjoint(S1, S2) -> ordsets:is_disjoint(to_list(S1), to_list(S2)).

difference(S1, S2) -> subtract(S1, S2).
subtract(S1, S2) -> from_ordset(ordsets:subtract(to_list(S1), to_list(S2))).

is_subset(S1, S2) -> ordsets:is_subset(to_list(S1), to_list(S2)).

fold(F, Acc, S) when is_function(F, 2) -> lists:foldl(F, Acc, to_list(S)).

filter(F, S) when is_function(F, 1) -> from_ordset([E || E <- to_list(S), F(E)]).

filtermap(F, S) when is_function(F, 1) -> from_list(lists:filtermap(F, to_list(S))).

map(F, S) when is_function(F, 1) -> from_list(lists:map(F, to_list(S))).
