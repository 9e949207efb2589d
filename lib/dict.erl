%% dict: key-value dictionaries (Ferl's own implementation of OTP 25's dict API).
%%
%% API: append/3, append_list/3, erase/2, fetch/2, fetch_keys/1, filter/2, find/2,
%% fold/3, from_list/1, is_empty/1, is_key/2, map/2, merge/3, new/0, size/1, store/3,
%% take/2, to_list/1, update/3,4, update_counter/3. Keys are compared with =:=.
%% Known difference: a dict is {dict, Map} here; OTP's is a hash table, so to_list/1,
%% fetch_keys/1 and fold/3 visit keys in a different order.
-module(dict).

-export([append/3, append_list/3, erase/2, fetch/2, fetch_keys/1, filter/2, find/2,
         fold/3, from_list/1, is_empty/1, is_key/2, map/2, merge/3, new/0, size/1,
         store/3, take/2, to_list/1, update/3, update/4, update_counter/3]).

new() -> {dict, #{}}.

is_key(K, {dict, M}) -> is_map_key(K, M).

to_list({dict, M}) -> maps:to_list(M).

from_list(L) -> lists:foldl(fun({K, V}, D) -> store(K, V, D) end, new(), L).

size({dict, M}) -> map_size(M).

is_empty({dict, M}) -> map_size(M) =:= 0.

fetch(K, {dict, M}) ->
    case M of
        #{K := V} -> V;
        _ -> erlang:error(badarg, [K, {dict, M}])
    end.

find(K, {dict, M}) ->
    case M of
        #{K := V} -> {ok, V};
        _ -> error
    end.

fetch_keys({dict, M}) -> maps:keys(M).

erase(K, {dict, M}) -> {dict, maps:remove(K, M)}.

take(K, {dict, M}) ->
    case M of
        #{K := V} -> {V, {dict, maps:remove(K, M)}};
        _ -> error
    end.

store(K, V, {dict, M}) -> {dict, M#{K => V}}.

append(K, V, {dict, M}) ->
    case M of
        #{K := Old} -> {dict, M#{K := Old ++ [V]}};
        _ -> {dict, M#{K => [V]}}
    end.

append_list(K, Vs, {dict, M}) ->
    case M of
        #{K := Old} -> {dict, M#{K := Old ++ Vs}};
        _ -> {dict, M#{K => Vs}}
    end.

update(K, F, {dict, M} = D) ->
    case M of
        #{K := V} -> {dict, M#{K := F(V)}};
        _ -> erlang:error(badarg, [K, F, D])
    end.

update(K, F, Init, {dict, M}) ->
    case M of
        #{K := V} -> {dict, M#{K := F(V)}};
        _ -> {dict, M#{K => Init}}
    end.

update_counter(K, Inc, {dict, M}) when is_number(Inc) ->
    case M of
        #{K := V} -> {dict, M#{K := V + Inc}};
        _ -> {dict, M#{K => Inc}}
    end.

fold(F, Acc, {dict, M}) when is_function(F, 3) -> maps:fold(F, Acc, M).

map(F, {dict, M}) when is_function(F, 2) -> {dict, maps:map(F, M)}.

filter(F, {dict, M}) when is_function(F, 2) -> {dict, maps:filter(F, M)}.

merge(F, {dict, M1}, {dict, M2}) when is_function(F, 3) ->
    {dict, maps:merge_with(F, M1, M2)}.
