%% sets: sets of terms (Ferl's own implementation of OTP 25's sets API).
%%
%% API: add_element/2, del_element/2, filter/2, fold/3, from_list/1,2, intersection/1,2,
%% is_disjoint/2, is_element/2, is_empty/1, is_set/1, is_subset/2, new/0,1, size/1,
%% subtract/2, to_list/1, union/1,2. Elements are compared with =:= (unlike ordsets).
%% Known difference: both versions are represented as maps (#{Element => []}, OTP's
%% version 2 representation); OTP 25's default version 1 is a hash table whose to_list/1
%% order differs (Ferl's follows the map order). new/1 and from_list/2 accept
%% [{version, 1 | 2}].
-module(sets).

-export([add_element/2, del_element/2, filter/2, fold/3, from_list/1, from_list/2,
         intersection/1, intersection/2, is_disjoint/2, is_element/2, is_empty/1,
         is_set/1, is_subset/2, new/0, new/1, size/1, subtract/2, to_list/1, union/1,
         union/2]).

new() -> #{}.
new([{version, V}]) when V =:= 1; V =:= 2 -> #{};
new(Opts) -> erlang:error(badarg, [Opts]).

from_list(L) -> maps:from_keys(L, []).
from_list(L, [{version, V}]) when V =:= 1; V =:= 2 -> from_list(L).

is_set(S) -> is_map(S).

size(S) -> map_size(S).

is_empty(S) -> map_size(S) =:= 0.

to_list(S) -> maps:keys(S).

is_element(E, S) -> is_map_key(E, S).

add_element(E, S) -> S#{E => []}.

del_element(E, S) -> maps:remove(E, S).

union(S1, S2) -> maps:merge(S1, S2).

union(Ss) -> lists:foldl(fun(S, Acc) -> maps:merge(Acc, S) end, #{}, Ss).

intersection(S1, S2) when map_size(S1) > map_size(S2) -> intersection(S2, S1);
intersection(S1, S2) -> maps:filter(fun(E, _) -> is_map_key(E, S2) end, S1).

intersection([S | Ss]) -> lists:foldl(fun(X, Acc) -> intersection(Acc, X) end, S, Ss).

is_disjoint(S1, S2) when map_size(S1) > map_size(S2) -> is_disjoint(S2, S1);
is_disjoint(S1, S2) -> not lists:any(fun(E) -> is_map_key(E, S2) end, maps:keys(S1)).

subtract(S1, S2) -> maps:filter(fun(E, _) -> not is_map_key(E, S2) end, S1).

is_subset(S1, S2) -> lists:all(fun(E) -> is_map_key(E, S2) end, maps:keys(S1)).

fold(F, Acc, S) when is_function(F, 2) ->
    lists:foldl(F, Acc, maps:keys(S)).

filter(F, S) when is_function(F, 1) -> maps:filter(fun(E, _) -> F(E) end, S).
