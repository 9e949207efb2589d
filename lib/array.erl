%% array: functional, extendible arrays indexed from 0 (Ferl's own implementation).
%%
%% OTP 25's API: default/1, fix/1, foldl/3, foldr/3, from_list/1,2, from_orddict/1,2,
%% get/2, is_array/1, is_fix/1, map/2, new/0,1,2, relax/1, reset/2, resize/1,2, set/3,
%% size/1, sparse_foldl/3, sparse_foldr/3, sparse_map/2, sparse_size/1,
%% sparse_to_list/1, sparse_to_orddict/1, to_list/1, to_orddict/1. Sparse functions skip
%% entries equal (=:=) to the default value. Errors are badarg, as in OTP. Known
%% differences: shrinking with resize/2 drops the entries beyond the new size (OTP may
%% keep some and show them again after growing); the representation ({array, Size, Fixed, Default, Map}) is not OTP's
%% tuple tree (visible only when an array is printed).
-module(array).

-export([default/1, fix/1, foldl/3, foldr/3, from_list/1, from_list/2, from_orddict/1,
         from_orddict/2, get/2, is_array/1, is_fix/1, map/2, new/0, new/1, new/2,
         relax/1, reset/2, resize/1, resize/2, set/3, size/1, sparse_foldl/3,
         sparse_foldr/3, sparse_map/2, sparse_size/1, sparse_to_list/1,
         sparse_to_orddict/1, to_list/1, to_orddict/1]).

-record(array, {size = 0, fixed = false, default = undefined, elements = #{}}).

new() -> #array{}.

new(Opts) -> new_opts(if is_list(Opts) -> Opts; true -> [Opts] end, #array{}, [Opts]).

new(Size, Opts) -> new_opts([{size, Size} | if is_list(Opts) -> Opts; true -> [Opts] end],
                            #array{}, [Size, Opts]).

new_opts([N | Os], A, Args) when is_integer(N), N >= 0 ->
    new_opts(Os, A#array{size = N, fixed = true}, Args);
new_opts([{size, N} | Os], A, Args) when is_integer(N), N >= 0 ->
    new_opts(Os, A#array{size = N, fixed = true}, Args);
new_opts([fixed | Os], A, Args) -> new_opts(Os, A#array{fixed = true}, Args);
new_opts([{fixed, B} | Os], A, Args) when is_boolean(B) -> new_opts(Os, A#array{fixed = B}, Args);
new_opts([{default, D} | Os], A, Args) -> new_opts(Os, A#array{default = D}, Args);
new_opts([], A, _) -> A;
new_opts(_, _, Args) -> erlang:error(badarg, Args).

is_array(#array{}) -> true;
is_array(_) -> false.

size(#array{size = S}) -> S;
size(A) -> erlang:error(badarg, [A]).

default(#array{default = D}) -> D;
default(A) -> erlang:error(badarg, [A]).

fix(#array{} = A) -> A#array{fixed = true};
fix(A) -> erlang:error(badarg, [A]).

relax(#array{} = A) -> A#array{fixed = false};
relax(A) -> erlang:error(badarg, [A]).

is_fix(#array{fixed = F}) -> F;
is_fix(A) -> erlang:error(badarg, [A]).

get(I, #array{size = S, fixed = F, default = D, elements = E} = A) when is_integer(I), I >= 0 ->
    if I < S -> maps:get(I, E, D);
       F -> erlang:error(badarg, [I, A]);
       true -> D
    end;
get(I, A) -> erlang:error(badarg, [I, A]).

set(I, V, #array{size = S, fixed = F, elements = E} = A) when is_integer(I), I >= 0 ->
    if I < S -> A#array{elements = E#{I => V}};
       F -> erlang:error(badarg, [I, V, A]);
       true -> A#array{size = I + 1, elements = E#{I => V}}
    end;
set(I, V, A) -> erlang:error(badarg, [I, V, A]).

reset(I, #array{size = S, fixed = F, elements = E} = A) when is_integer(I), I >= 0 ->
    if I < S -> A#array{elements = maps:remove(I, E)};
       F -> erlang:error(badarg, [I, A]);
       true -> A
    end;
reset(I, A) -> erlang:error(badarg, [I, A]).

resize(#array{} = A) -> resize(sparse_size(A), A);
resize(A) -> erlang:error(badarg, [A]).

resize(N, #array{size = S, elements = E} = A) when is_integer(N), N >= 0 ->
    E1 = case N < S of
             true -> maps:filter(fun(I, _) -> I < N end, E);
             false -> E
         end,
    A#array{size = N, elements = E1};
resize(N, A) -> erlang:error(badarg, [N, A]).

%% The indices of the explicitly set, non-default entries, ascending.
sparse_entries(#array{default = D, elements = E}) ->
    lists:sort([{I, V} || {I, V} <- maps:to_list(E), V =/= D]).

sparse_size(#array{} = A) ->
    case sparse_entries(A) of
        [] -> 0;
        L -> element(1, lists:last(L)) + 1
    end;
sparse_size(A) -> erlang:error(badarg, [A]).

to_list(#array{size = S} = A) -> [get(I, A) || I <- lists:seq(0, S - 1)];
to_list(A) -> erlang:error(badarg, [A]).

sparse_to_list(#array{} = A) -> [V || {_, V} <- sparse_entries(A)];
sparse_to_list(A) -> erlang:error(badarg, [A]).

to_orddict(#array{size = S} = A) -> [{I, get(I, A)} || I <- lists:seq(0, S - 1)];
to_orddict(A) -> erlang:error(badarg, [A]).

sparse_to_orddict(#array{} = A) -> sparse_entries(A);
sparse_to_orddict(A) -> erlang:error(badarg, [A]).

from_list(L) -> from_list(L, undefined).
from_list(L, D) when is_list(L) ->
    {N, E} = lists:foldl(fun(V, {I, M}) -> {I + 1, M#{I => V}} end, {0, #{}}, L),
    #array{size = N, default = D, elements = E};
from_list(L, D) -> erlang:error(badarg, [L, D]).

from_orddict(L) -> from_orddict(L, undefined).
from_orddict(L, D) when is_list(L) ->
    case ordered_indices(L, -1) of
        {ok, Last} ->
            #array{size = Last + 1, default = D, elements = maps:from_list(L)};
        error -> erlang:error(badarg, [L, D])
    end;
from_orddict(L, D) -> erlang:error(badarg, [L, D]).

ordered_indices([{I, _} | L], Prev) when is_integer(I), I > Prev -> ordered_indices(L, I);
ordered_indices([], Prev) -> {ok, Prev};
ordered_indices(_, _) -> error.

map(F, #array{size = S} = A) when is_function(F, 2) ->
    E = maps:from_list([{I, F(I, get(I, A))} || I <- lists:seq(0, S - 1)]),
    A#array{elements = E};
map(F, A) -> erlang:error(badarg, [F, A]).

sparse_map(F, #array{} = A) when is_function(F, 2) ->
    E = maps:from_list([{I, F(I, V)} || {I, V} <- sparse_entries(A)]),
    A#array{elements = E};
sparse_map(F, A) -> erlang:error(badarg, [F, A]).

foldl(F, Acc, #array{} = A) when is_function(F, 3) ->
    lists:foldl(fun({I, V}, Ac) -> F(I, V, Ac) end, Acc, to_orddict(A));
foldl(F, Acc, A) -> erlang:error(badarg, [F, Acc, A]).

foldr(F, Acc, #array{} = A) when is_function(F, 3) ->
    lists:foldr(fun({I, V}, Ac) -> F(I, V, Ac) end, Acc, to_orddict(A));
foldr(F, Acc, A) -> erlang:error(badarg, [F, Acc, A]).

sparse_foldl(F, Acc, #array{} = A) when is_function(F, 3) ->
    lists:foldl(fun({I, V}, Ac) -> F(I, V, Ac) end, Acc, sparse_entries(A));
sparse_foldl(F, Acc, A) -> erlang:error(badarg, [F, Acc, A]).

sparse_foldr(F, Acc, #array{} = A) when is_function(F, 3) ->
    lists:foldr(fun({I, V}, Ac) -> F(I, V, Ac) end, Acc, sparse_entries(A));
sparse_foldr(F, Acc, A) -> erlang:error(badarg, [F, Acc, A]).
