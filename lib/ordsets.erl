%% ordsets: sets as ordered lists without duplicates (Ferl's own implementation).
%%
%% The whole OTP 25 API: add_element/2, del_element/2, filter/2, fold/3, from_list/1,
%% intersection/1,2, is_disjoint/2, is_element/2, is_empty/1, is_set/1, is_subset/2,
%% new/0, size/1, subtract/2, to_list/1, union/1,2, map/2 and filtermap/2 (OTP 25).
%% Elements are compared with == (1 and 1.0 are the same element), as in OTP.
-module(ordsets).

-export([add_element/2, del_element/2, filter/2, filtermap/2, fold/3, from_list/1,
         intersection/1, intersection/2, is_disjoint/2, is_element/2, is_empty/1,
         is_set/1, is_subset/2, map/2, new/0, size/1, subtract/2, to_list/1, union/1,
         union/2]).

new() -> [].

is_set([E | Es]) -> is_set(E, Es);
is_set([]) -> true;
is_set(_) -> false.
is_set(E1, [E2 | Es]) when E1 < E2 -> is_set(E2, Es);
is_set(_, [_ | _]) -> false;
is_set(_, []) -> true.

size(S) -> length(S).

is_empty(S) -> S =:= [].

to_list(S) -> S.

from_list(L) -> lists:usort(L).

is_element(E, [H | _]) when E < H -> false;
is_element(E, [H | S]) when E > H -> is_element(E, S);
is_element(_, [_ | _]) -> true;
is_element(_, []) -> false.

add_element(E, [H | _] = S) when E < H -> [E | S];
add_element(E, [H | S]) when E > H -> [H | add_element(E, S)];
add_element(_, [_ | _] = S) -> S;
add_element(E, []) -> [E].

del_element(E, [H | _] = S) when E < H -> S;
del_element(E, [H | S]) when E > H -> [H | del_element(E, S)];
del_element(_, [_ | S]) -> S;
del_element(_, []) -> [].

union([H1 | T1], [H2 | _] = S2) when H1 < H2 -> [H1 | union(T1, S2)];
union([H1 | _] = S1, [H2 | T2]) when H1 > H2 -> [H2 | union(S1, T2)];
union([H1 | T1], [_ | T2]) -> [H1 | union(T1, T2)];
union([], S2) -> S2;
union(S1, []) -> S1.

union(Ss) -> lists:foldl(fun(S, Acc) -> union(Acc, S) end, [], Ss).

intersection([H1 | T1], [H2 | _] = S2) when H1 < H2 -> intersection(T1, S2);
intersection([H1 | _] = S1, [H2 | T2]) when H1 > H2 -> intersection(S1, T2);
intersection([H1 | T1], [_ | T2]) -> [H1 | intersection(T1, T2)];
intersection([], _) -> [];
intersection(_, []) -> [].

intersection([S | Ss]) -> lists:foldl(fun(X, Acc) -> intersection(Acc, X) end, S, Ss).

is_disjoint([H1 | T1], [H2 | _] = S2) when H1 < H2 -> is_disjoint(T1, S2);
is_disjoint([H1 | _] = S1, [H2 | T2]) when H1 > H2 -> is_disjoint(S1, T2);
is_disjoint([_ | _], [_ | _]) -> false;
is_disjoint([], _) -> true;
is_disjoint(_, []) -> true.

subtract([H1 | T1], [H2 | _] = S2) when H1 < H2 -> [H1 | subtract(T1, S2)];
subtract([H1 | _] = S1, [H2 | T2]) when H1 > H2 -> subtract(S1, T2);
subtract([_ | T1], [_ | T2]) -> subtract(T1, T2);
subtract([], _) -> [];
subtract(S1, []) -> S1.

is_subset([H1 | _], [H2 | _]) when H1 < H2 -> false;
is_subset([H1 | _] = S1, [H2 | T2]) when H1 > H2 -> is_subset(S1, T2);
is_subset([_ | T1], [_ | T2]) -> is_subset(T1, T2);
is_subset([], _) -> true;
is_subset(_, []) -> false.

fold(F, Acc, [E | S]) -> fold(F, F(E, Acc), S);
fold(F, Acc, []) when is_function(F, 2) -> Acc.

filter(F, S) when is_function(F, 1) -> [E || E <- S, F(E)].

map(F, S) when is_function(F, 1) -> lists:usort([F(E) || E <- S]).

filtermap(F, S) when is_function(F, 1) -> lists:usort(lists:filtermap(F, S)).
