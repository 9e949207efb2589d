%% maps: functions on maps (Ferl's own implementation of OTP 25's maps module).
%%
%% The functions that are BIFs in OTP are native in Ferl and not defined here (see
%% docs/bifs.md): get/2, find/2, from_list/1, from_keys/2, is_key/2, keys/1, merge/2,
%% put/3, remove/2, take/2, to_list/1, update/3, values/1. Their order (to_list, keys,
%% values) is the VM's map order, which must be erl's. Iteration (iterator/next, fold,
%% foreach, map, filter, ... and ~w/~p) goes in erl 25's iterator order: to_list's order
%% for maps of up to 32 keys, its reverse for larger maps (as observed on erl 25). Defined here: new/0, get/3, size/1, filter/2, filtermap/2,
%% fold/3, foreach/2, map/2, groups_from_list/2,3, intersect/2, intersect_with/3,
%% iterator/1, next/1, merge_with/3, update_with/3,4, with/2, without/2. Errors are erl's:
%% {badmap, M}, {badkey, K}, badarg.
-module(maps).

-export([new/0, get/3, size/1, filter/2, filtermap/2, fold/3, foreach/2, map/2,
         groups_from_list/2, groups_from_list/3, intersect/2, intersect_with/3,
         iterator/1, next/1, merge_with/3, update_with/3, update_with/4, with/2,
         without/2]).

new() -> #{}.

get(Key, Map, Default) when is_map(Map) ->
    case Map of
        #{Key := V} -> V;
        _ -> Default
    end;
get(Key, Map, Default) -> erlang:error({badmap, Map}, [Key, Map, Default]).

size(Map) when is_map(Map) -> map_size(Map);
size(Map) -> erlang:error({badmap, Map}, [Map]).

filter(Pred, Map) when is_function(Pred, 2), is_map(Map) ->
    maps:from_list([{K, V} || {K, V} <- iter_order(Map), Pred(K, V)]);
filter(Pred, I) when is_function(Pred, 2), is_tuple(I) ->
    maps:from_list([{K, V} || {K, V} <- iter_list(I), Pred(K, V)]);
filter(Pred, Map) -> bad_map_or_fun(Pred, Map, 2, [Pred, Map]).

filtermap(F, Map) when is_function(F, 2), is_map(Map) ->
    maps:from_list(filtermap_list(F, iter_order(Map)));
filtermap(F, Map) -> bad_map_or_fun(F, Map, 2, [F, Map]).

filtermap_list(F, [{K, V} | T]) ->
    case F(K, V) of
        true -> [{K, V} | filtermap_list(F, T)];
        {true, V1} -> [{K, V1} | filtermap_list(F, T)];
        false -> filtermap_list(F, T)
    end;
filtermap_list(_, []) -> [].

fold(F, Acc, Map) when is_function(F, 3), is_map(Map) ->
    fold_list(F, Acc, iter_order(Map));
fold(F, Acc, I) when is_function(F, 3), is_tuple(I) -> fold_list(F, Acc, iter_list(I));
fold(F, Acc, Map) -> bad_map_or_fun(F, Map, 3, [F, Acc, Map]).

fold_list(F, Acc, [{K, V} | T]) -> fold_list(F, F(K, V, Acc), T);
fold_list(_, Acc, []) -> Acc.

foreach(F, Map) when is_function(F, 2), is_map(Map) ->
    lists:foreach(fun({K, V}) -> F(K, V) end, iter_order(Map));
foreach(F, Map) -> bad_map_or_fun(F, Map, 2, [F, Map]).

map(F, Map) when is_function(F, 2), is_map(Map) ->
    maps:from_list([{K, F(K, V)} || {K, V} <- iter_order(Map)]);
map(F, Map) -> bad_map_or_fun(F, Map, 2, [F, Map]).

bad_map_or_fun(_F, Map, _, Args) when not is_map(Map) ->
    erlang:error({badmap, Map}, Args);
bad_map_or_fun(_, _, _, Args) -> erlang:error(badarg, Args).

groups_from_list(KeyFun, List) when is_function(KeyFun, 1), is_list(List) ->
    groups(fun(X) -> {KeyFun(X), X} end, List);
groups_from_list(KeyFun, List) -> erlang:error(badarg, [KeyFun, List]).

groups_from_list(KeyFun, ValFun, List) when is_function(KeyFun, 1),
                                            is_function(ValFun, 1), is_list(List) ->
    groups(fun(X) -> {KeyFun(X), ValFun(X)} end, List);
groups_from_list(KeyFun, ValFun, List) -> erlang:error(badarg, [KeyFun, ValFun, List]).

groups(KV, List) ->
    Rev = lists:foldl(fun(X, Acc) ->
                              {K, V} = KV(X),
                              case Acc of
                                  #{K := Vs} -> Acc#{K := [V | Vs]};
                                  _ -> Acc#{K => [V]}
                              end
                      end, #{}, List),
    map(fun(_, Vs) -> lists:reverse(Vs) end, Rev).

intersect(M1, M2) when is_map(M1), is_map(M2) ->
    intersect_with(fun(_, _, V2) -> V2 end, M1, M2);
intersect(M1, M2) -> erlang:error({badmap, first_non_map(M1, M2)}, [M1, M2]).

intersect_with(F, M1, M2) when is_function(F, 3), is_map(M1), is_map(M2) ->
    maps:from_list([{K, F(K, V1, V2)} || {K, V1} <- maps:to_list(M1),
                                         V2 <- case M2 of
                                                   #{K := V} -> [V];
                                                   _ -> []
                                               end]);
intersect_with(F, M1, M2) when is_map(M1), is_map(M2) -> erlang:error(badarg, [F, M1, M2]);
intersect_with(F, M1, M2) -> erlang:error({badmap, first_non_map(M1, M2)}, [F, M1, M2]).

first_non_map(M1, _) when not is_map(M1) -> M1;
first_non_map(_, M2) -> M2.

merge_with(F, M1, M2) when is_function(F, 3), is_map(M1), is_map(M2) ->
    fold_list(fun(K, V2, Acc) ->
                      case Acc of
                          #{K := V1} -> Acc#{K := F(K, V1, V2)};
                          _ -> Acc#{K => V2}
                      end
              end, M1, maps:to_list(M2));
merge_with(F, M1, M2) when is_map(M1), is_map(M2) -> erlang:error(badarg, [F, M1, M2]);
merge_with(F, M1, M2) -> erlang:error({badmap, first_non_map(M1, M2)}, [F, M1, M2]).

update_with(Key, F, Map) when is_function(F, 1), is_map(Map) ->
    case Map of
        #{Key := V} -> Map#{Key := F(V)};
        _ -> erlang:error({badkey, Key}, [Key, F, Map])
    end;
update_with(Key, F, Map) when is_map(Map) -> erlang:error(badarg, [Key, F, Map]);
update_with(Key, F, Map) -> erlang:error({badmap, Map}, [Key, F, Map]).

update_with(Key, F, Init, Map) when is_function(F, 1), is_map(Map) ->
    case Map of
        #{Key := V} -> Map#{Key := F(V)};
        _ -> Map#{Key => Init}
    end;
update_with(Key, F, Init, Map) when is_map(Map) -> erlang:error(badarg, [Key, F, Init, Map]);
update_with(Key, F, Init, Map) -> erlang:error({badmap, Map}, [Key, F, Init, Map]).

with(Ks, Map) when is_list(Ks), is_map(Map) ->
    lists:foldl(fun(K, Acc) ->
                        case Map of
                            #{K := V} -> Acc#{K => V};
                            _ -> Acc
                        end
                end, #{}, Ks);
with(Ks, Map) when is_map(Map) -> erlang:error(badarg, [Ks, Map]);
with(Ks, Map) -> erlang:error({badmap, Map}, [Ks, Map]).

without(Ks, Map) when is_list(Ks), is_map(Map) ->
    lists:foldl(fun(K, Acc) -> maps:remove(K, Acc) end, Map, Ks);
without(Ks, Map) when is_map(Map) -> erlang:error(badarg, [Ks, Map]);
without(Ks, Map) -> erlang:error({badmap, Map}, [Ks, Map]).

%% An iterator: {ferl_map_iterator, RemainingPairs}, consumed by next/1.
iterator(Map) when is_map(Map) -> {ferl_map_iterator, iter_order(Map)};
iterator(Map) -> erlang:error({badmap, Map}, [Map]).

next({ferl_map_iterator, [{K, V} | T]}) -> {K, V, {ferl_map_iterator, T}};
next({ferl_map_iterator, []}) -> none;
next(I) -> erlang:error(badarg, [I]).

%% erl 25's iteration order: to_list's for up to 32 keys, reversed above that.
iter_order(Map) when map_size(Map) > 32 -> lists:reverse(maps:to_list(Map));
iter_order(Map) -> maps:to_list(Map).

iter_list({ferl_map_iterator, L}) -> L;
iter_list(I) -> erlang:error(badarg, [I]).
