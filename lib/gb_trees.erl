%% gb_trees: general balanced trees (Ferl's own implementation of OTP 25's API).
%%
%% A tree is {Size, Node}, Node = nil | {Key, Value, Smaller, Bigger}, keys compared with
%% < and > (1 and 1.0 are the same key). Insertion rebuilds the lowest subtree on the
%% path whose height H exceeds 2*log2(size) (Andersson's general balanced trees); deletion
%% never rebalances (balance/1 does). The API is OTP 25's: balance/1, delete/2,
%% delete_any/2, empty/0, enter/3, from_orddict/1, get/2, insert/3, is_defined/2,
%% is_empty/1, iterator/1, iterator_from/2, keys/1, larger/2, largest/1, lookup/2,
%% map/2, next/1, size/1, smaller/2, smallest/1, take/2, take_any/2, take_largest/1,
%% take_smallest/1, to_list/1, update/3, values/1. Known difference: the exact shape of
%% the tree after insertions may differ from OTP's (visible only when printed).
-module(gb_trees).

-export([balance/1, delete/2, delete_any/2, empty/0, enter/3, from_orddict/1, get/2,
         insert/3, is_defined/2, is_empty/1, iterator/1, iterator_from/2, keys/1,
         larger/2, largest/1, lookup/2, map/2, next/1, size/1, smaller/2, smallest/1,
         take/2, take_any/2, take_largest/1, take_smallest/1, to_list/1, update/3,
         values/1]).

empty() -> {0, nil}.

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) when is_integer(Size), Size >= 0 -> Size.

lookup(K, {_, T}) -> lookup_1(K, T).
lookup_1(K, {K1, _, S, _}) when K < K1 -> lookup_1(K, S);
lookup_1(K, {K1, _, _, B}) when K > K1 -> lookup_1(K, B);
lookup_1(_, {_, V, _, _}) -> {value, V};
lookup_1(_, nil) -> none.

is_defined(K, {_, T}) -> lookup_1(K, T) =/= none.

get(K, {_, T}) -> get_1(K, T).
get_1(K, {K1, _, S, _}) when K < K1 -> get_1(K, S);
get_1(K, {K1, _, _, B}) when K > K1 -> get_1(K, B);
get_1(_, {_, V, _, _}) -> V.

update(K, V, {S, T}) -> {S, update_1(K, V, T)}.
update_1(K, V, {K1, V1, S, B}) when K < K1 -> {K1, V1, update_1(K, V, S), B};
update_1(K, V, {K1, V1, S, B}) when K > K1 -> {K1, V1, S, update_1(K, V, B)};
update_1(K, V, {_, _, S, B}) -> {K, V, S, B}.

enter(K, V, T) ->
    case is_defined(K, T) of
        true -> update(K, V, T);
        false -> insert(K, V, T)
    end.

insert(K, V, {S, T}) when is_integer(S) ->
    S1 = S + 1,
    {S1, case insert_1(K, V, T, 1, S1) of
             {T1, _, _} -> T1;
             T1 -> T1
         end}.

%% Returns the new node, or {Node, Height, Size} while the path is too deep and the
%% subtree to rebuild has not been found yet.
insert_1(K, V, {K1, V1, Sm, Bi}, D, S) when K < K1 ->
    case insert_1(K, V, Sm, D + 1, S) of
        {T1, H1, S1} -> scapegoat({K1, V1, T1, Bi}, H1, S1 + count(Bi) + 1);
        T1 -> {K1, V1, T1, Bi}
    end;
insert_1(K, V, {K1, V1, Sm, Bi}, D, S) when K > K1 ->
    case insert_1(K, V, Bi, D + 1, S) of
        {T1, H1, S1} -> scapegoat({K1, V1, Sm, T1}, H1, S1 + count(Sm) + 1);
        T1 -> {K1, V1, Sm, T1}
    end;
insert_1(K, V, nil, D, S) ->
    case too_high(D, S) of
        true -> {{K, V, nil, nil}, 1, 1};
        false -> {K, V, nil, nil}
    end;
insert_1(K, _, _, _, _) -> erlang:error({key_exists, K}).

scapegoat(T, H1, Size) ->
    H = H1 + 1,
    case too_high(H, Size) of
        true -> balance_node(T, Size);
        false -> {T, H, Size}
    end.

too_high(H, S) -> (1 bsl H) > S * S.

count({_, _, S, B}) -> count(S) + count(B) + 1;
count(nil) -> 0.

balance({S, T}) -> {S, balance_node(T, S)}.

balance_node(T, S) ->
    {T1, []} = build(S, to_list_1(T, [])),
    T1.

build(0, L) -> {nil, L};
build(N, L) ->
    NS = (N - 1) div 2,
    NB = N - 1 - NS,
    {Sm, [{K, V} | L1]} = build(NS, L),
    {Bi, L2} = build(NB, L1),
    {{K, V, Sm, Bi}, L2}.

from_orddict(L) ->
    S = length(L),
    {T, []} = build(S, L),
    {S, T}.

delete_any(K, T) ->
    case is_defined(K, T) of
        true -> delete(K, T);
        false -> T
    end.

delete(K, {S, T}) -> {S - 1, delete_1(K, T)}.
delete_1(K, {K1, V1, Sm, Bi}) when K < K1 -> {K1, V1, delete_1(K, Sm), Bi};
delete_1(K, {K1, V1, Sm, Bi}) when K > K1 -> {K1, V1, Sm, delete_1(K, Bi)};
delete_1(_, {_, _, Sm, Bi}) -> merge(Sm, Bi).

merge(Sm, nil) -> Sm;
merge(nil, Bi) -> Bi;
merge(Sm, Bi) ->
    {K, V, Bi1} = take_smallest1(Bi),
    {K, V, Sm, Bi1}.

take(K, T) -> {get(K, T), delete(K, T)}.

take_any(K, T) ->
    case lookup(K, T) of
        {value, V} -> {V, delete(K, T)};
        none -> error
    end.

take_smallest({S, T}) ->
    {K, V, T1} = take_smallest1(T),
    {K, V, {S - 1, T1}}.
take_smallest1({K, V, nil, Bi}) -> {K, V, Bi};
take_smallest1({K, V, Sm, Bi}) ->
    {K1, V1, Sm1} = take_smallest1(Sm),
    {K1, V1, {K, V, Sm1, Bi}}.

take_largest({S, T}) ->
    {K, V, T1} = take_largest1(T),
    {K, V, {S - 1, T1}}.
take_largest1({K, V, Sm, nil}) -> {K, V, Sm};
take_largest1({K, V, Sm, Bi}) ->
    {K1, V1, Bi1} = take_largest1(Bi),
    {K1, V1, {K, V, Sm, Bi1}}.

smallest({_, T}) -> smallest_1(T).
smallest_1({K, V, nil, _}) -> {K, V};
smallest_1({_, _, Sm, _}) -> smallest_1(Sm).

largest({_, T}) -> largest_1(T).
largest_1({K, V, _, nil}) -> {K, V};
largest_1({_, _, _, Bi}) -> largest_1(Bi).

smaller(K, {_, T}) -> smaller_1(K, T).
smaller_1(_, nil) -> none;
smaller_1(K, {K1, V1, _, Bi}) when K > K1 ->
    case smaller_1(K, Bi) of
        none -> {K1, V1};
        R -> R
    end;
smaller_1(K, {_, _, Sm, _}) -> smaller_1(K, Sm).

larger(K, {_, T}) -> larger_1(K, T).
larger_1(_, nil) -> none;
larger_1(K, {K1, V1, Sm, _}) when K < K1 ->
    case larger_1(K, Sm) of
        none -> {K1, V1};
        R -> R
    end;
larger_1(K, {_, _, _, Bi}) -> larger_1(K, Bi).

to_list({_, T}) -> to_list_1(T, []).
to_list_1({K, V, Sm, Bi}, L) -> to_list_1(Sm, [{K, V} | to_list_1(Bi, L)]);
to_list_1(nil, L) -> L.

keys({_, T}) -> [K || {K, _} <- to_list_1(T, [])].
values({_, T}) -> [V || {_, V} <- to_list_1(T, [])].

map(F, {S, T}) when is_function(F, 2) -> {S, map_1(F, T)}.
map_1(F, {K, V, Sm, Bi}) -> {K, F(K, V), map_1(F, Sm), map_1(F, Bi)};
map_1(_, nil) -> nil.

%% An iterator is the stack of nodes still to visit (their smaller side done).
iterator({_, T}) -> iter_down(T, []).
iter_down({_, _, nil, _} = N, As) -> [N | As];
iter_down({_, _, Sm, _} = N, As) -> iter_down(Sm, [N | As]);
iter_down(nil, As) -> As.

iterator_from(K, {_, T}) -> iter_from(K, T, []).
iter_from(K, {K1, _, _, Bi}, As) when K > K1 -> iter_from(K, Bi, As);
iter_from(K, {K1, _, Sm, _} = N, As) when K < K1 -> iter_from(K, Sm, [N | As]);
iter_from(_, {_, _, _, _} = N, As) -> [N | As];
iter_from(_, nil, As) -> As.

next([{K, V, _, Bi} | As]) -> {K, V, iter_down(Bi, As)};
next([]) -> none.
