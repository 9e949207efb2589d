%% orddict: key-value dictionaries as lists of pairs ordered by key (Ferl's own).
%%
%% The whole OTP 25 API: append/3, append_list/3, erase/2, fetch/2, fetch_keys/1,
%% filter/2, find/2, fold/3, from_list/1, is_empty/1, is_key/2, map/2, merge/3, new/0,
%% size/1, store/3, take/2, to_list/1, update/3,4, update_counter/3. Keys are compared
%% with == for order and equality, as in OTP.
-module(orddict).

-export([append/3, append_list/3, erase/2, fetch/2, fetch_keys/1, filter/2, find/2,
         fold/3, from_list/1, is_empty/1, is_key/2, map/2, merge/3, new/0, size/1,
         store/3, take/2, to_list/1, update/3, update/4, update_counter/3]).

new() -> [].

is_key(K, [{K1, _} | _]) when K < K1 -> false;
is_key(K, [{K1, _} | D]) when K > K1 -> is_key(K, D);
is_key(_, [{_, _} | _]) -> true;
is_key(_, []) -> false.

to_list(D) -> D.

from_list([]) -> [];
from_list([{_, _}] = L) -> L;
from_list(L) -> lists:foldl(fun({K, V}, D) -> store(K, V, D) end, [], L).

size(D) -> length(D).

is_empty([]) -> true;
is_empty([_ | _]) -> false.

fetch(K, [{K1, _} | D]) when K > K1 -> fetch(K, D);
fetch(K, [{K1, V} | _]) when K == K1 -> V.

find(K, [{K1, _} | _]) when K < K1 -> error;
find(K, [{K1, _} | D]) when K > K1 -> find(K, D);
find(_, [{_, V} | _]) -> {ok, V};
find(_, []) -> error.

fetch_keys([{K, _} | D]) -> [K | fetch_keys(D)];
fetch_keys([]) -> [].

erase(K, [{K1, _} = E | D]) when K < K1 -> [E | D];
erase(K, [{K1, _} = E | D]) when K > K1 -> [E | erase(K, D)];
erase(_, [{_, _} | D]) -> D;
erase(_, []) -> [].

take(K, D) -> take(K, D, []).
take(K, [{K1, _} | _], _) when K < K1 -> error;
take(K, [{K1, _} = E | D], Acc) when K > K1 -> take(K, D, [E | Acc]);
take(_, [{_, V} | D], Acc) -> {V, lists:reverse(Acc, D)};
take(_, [], _) -> error.

store(K, V, [{K1, _} = E | D]) when K < K1 -> [{K, V}, E | D];
store(K, V, [{K1, _} = E | D]) when K > K1 -> [E | store(K, V, D)];
store(K, V, [{_, _} | D]) -> [{K, V} | D];
store(K, V, []) -> [{K, V}].

append(K, V, [{K1, _} = E | D]) when K < K1 -> [{K, [V]}, E | D];
append(K, V, [{K1, _} = E | D]) when K > K1 -> [E | append(K, V, D)];
append(K, V, [{_, Old} | D]) -> [{K, Old ++ [V]} | D];
append(K, V, []) -> [{K, [V]}].

append_list(K, Vs, [{K1, _} = E | D]) when K < K1 -> [{K, Vs}, E | D];
append_list(K, Vs, [{K1, _} = E | D]) when K > K1 -> [E | append_list(K, Vs, D)];
append_list(K, Vs, [{_, Old} | D]) -> [{K, Old ++ Vs} | D];
append_list(K, Vs, []) -> [{K, Vs}].

update(K, F, [{K1, _} = E | D]) when K > K1 -> [E | update(K, F, D)];
update(K, F, [{K1, V} | D]) when K == K1 -> [{K, F(V)} | D].

update(K, _, Init, [{K1, _} = E | D]) when K < K1 -> [{K, Init}, E | D];
update(K, F, Init, [{K1, _} = E | D]) when K > K1 -> [E | update(K, F, Init, D)];
update(K, F, _, [{_, V} | D]) -> [{K, F(V)} | D];
update(K, _, Init, []) -> [{K, Init}].

update_counter(K, Inc, [{K1, _} = E | D]) when K < K1 -> [{K, Inc}, E | D];
update_counter(K, Inc, [{K1, _} = E | D]) when K > K1 -> [E | update_counter(K, Inc, D)];
update_counter(K, Inc, [{_, V} | D]) -> [{K, V + Inc} | D];
update_counter(K, Inc, []) -> [{K, Inc}].

fold(F, Acc, [{K, V} | D]) -> fold(F, F(K, V, Acc), D);
fold(F, Acc, []) when is_function(F, 3) -> Acc.

map(F, [{K, V} | D]) -> [{K, F(K, V)} | map(F, D)];
map(F, []) when is_function(F, 2) -> [].

filter(F, [{K, V} = E | D]) ->
    case F(K, V) of
        true -> [E | filter(F, D)];
        false -> filter(F, D)
    end;
filter(F, []) when is_function(F, 2) -> [].

merge(F, [{K1, _} = E1 | D1], [{K2, _} | _] = D2) when K1 < K2 -> [E1 | merge(F, D1, D2)];
merge(F, [{K1, _} | _] = D1, [{K2, _} = E2 | D2]) when K1 > K2 -> [E2 | merge(F, D1, D2)];
merge(F, [{K1, V1} | D1], [{_, V2} | D2]) -> [{K1, F(K1, V1, V2)} | merge(F, D1, D2)];
merge(F, [], D2) when is_function(F, 3) -> D2;
merge(F, D1, []) when is_function(F, 3) -> D1.
