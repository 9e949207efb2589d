%% proplists: property lists (Ferl's own implementation of OTP 25's proplists).
%%
%% A property is an atom A (short for {A, true}) or a tuple whose first element is the key.
%% Covers the whole OTP 25 API: append_values/2, compact/1, delete/2, expand/2,
%% from_map/1, get_all_values/2, get_bool/2, get_keys/1, get_value/2,3, is_defined/2,
%% lookup/2, lookup_all/2, normalize/2, property/1,2, split/2, substitute_aliases/2,
%% substitute_negations/2, to_map/1,2, unfold/1.
-module(proplists).

-export([append_values/2, compact/1, delete/2, expand/2, from_map/1, get_all_values/2,
         get_bool/2, get_keys/1, get_value/2, get_value/3, is_defined/2, lookup/2,
         lookup_all/2, normalize/2, property/1, property/2, split/2,
         substitute_aliases/2, substitute_negations/2, to_map/1, to_map/2, unfold/1]).

property({Key, true}) when is_atom(Key) -> Key;
property(P) -> P.

property(Key, true) when is_atom(Key) -> Key;
property(Key, Value) -> {Key, Value}.

unfold([P | Ps]) when is_atom(P) -> [{P, true} | unfold(Ps)];
unfold([P | Ps]) -> [P | unfold(Ps)];
unfold([]) -> [].

compact(L) -> [property(P) || P <- L].

%% The key of an entry, or none.
key(A) when is_atom(A) -> {ok, A};
key(T) when is_tuple(T), tuple_size(T) >= 1 -> {ok, element(1, T)};
key(_) -> none.

has_key(Key, P) -> key(P) =:= {ok, Key}.

lookup(Key, [P | Ps]) ->
    case has_key(Key, P) of
        true when is_atom(P) -> {P, true};
        true -> P;
        false -> lookup(Key, Ps)
    end;
lookup(_, []) -> none.

lookup_all(Key, [P | Ps]) ->
    case has_key(Key, P) of
        true when is_atom(P) -> [{P, true} | lookup_all(Key, Ps)];
        true -> [P | lookup_all(Key, Ps)];
        false -> lookup_all(Key, Ps)
    end;
lookup_all(_, []) -> [].

is_defined(Key, [P | Ps]) -> has_key(Key, P) orelse is_defined(Key, Ps);
is_defined(_, []) -> false.

get_value(Key, List) -> get_value(Key, List, undefined).

get_value(Key, [P | Ps], Default) ->
    case has_key(Key, P) of
        true when is_atom(P) -> true;
        true when tuple_size(P) =:= 2 -> element(2, P);
        true -> Default;
        false -> get_value(Key, Ps, Default)
    end;
get_value(_, [], Default) -> Default.

get_all_values(Key, [{Key, V} | Ps]) -> [V | get_all_values(Key, Ps)];
get_all_values(Key, [Key | Ps]) -> [true | get_all_values(Key, Ps)];
get_all_values(Key, [_ | Ps]) -> get_all_values(Key, Ps);
get_all_values(_, []) -> [].

append_values(Key, [{Key, V} | Ps]) when is_list(V) -> V ++ append_values(Key, Ps);
append_values(Key, [{Key, V} | Ps]) -> [V | append_values(Key, Ps)];
append_values(Key, [Key | Ps]) -> [true | append_values(Key, Ps)];
append_values(Key, [_ | Ps]) -> append_values(Key, Ps);
append_values(_, []) -> [].

get_bool(Key, List) ->
    case lookup(Key, List) of
        {_, true} -> true;
        _ -> false
    end.

get_keys(List) ->
    Keys = [K || P <- List, {ok, K} <- [key(P)]],
    sets:to_list(sets:from_list(Keys)).

delete(Key, List) -> [P || P <- List, not has_key(Key, P)].

substitute_aliases(As, List) -> [substitute_alias(As, P) || P <- List].

substitute_alias([{K1, K2} | As], P) ->
    case has_key(K1, P) of
        true when is_atom(P) -> property(K2, true);
        true -> property(setelement(1, P, K2));
        false -> substitute_alias(As, P)
    end;
substitute_alias([], P) -> P.

substitute_negations(Ns, List) -> [substitute_negation(Ns, P) || P <- List].

substitute_negation([{K1, K2} | Ns], P) ->
    case has_key(K1, P) of
        true when is_atom(P) -> {K2, false};
        true ->
            case P of
                {_, true} -> {K2, false};
                _ -> K2
            end;
        false -> substitute_negation(Ns, P)
    end;
substitute_negation([], P) -> P.

expand(Es, List) ->
    L = lists:foldl(fun({Prop, Exp}, L) -> expand1(Prop, Exp, L) end, List,
                    [{property(Pr), Ex} || {Pr, Ex} <- Es]),
    [X || E <- L, X <- flatten1(E)].

expand1(Prop, Exp, L) ->
    {ok, Key} = key(Prop),
    expand2(Key, Prop, Exp, L).

expand2(Key, Prop, Exp, [P | Ps]) ->
    case has_key(Key, P) of
        true ->
            case property(P) =:= Prop of
                true -> [{'$expanded', flatten1(Exp)} | delete(Key, Ps)];
                false -> [P | Ps]
            end;
        false -> [P | expand2(Key, Prop, Exp, Ps)]
    end;
expand2(_, _, _, []) -> [].

flatten1({'$expanded', Exp}) -> Exp;
flatten1(Exp) when is_list(Exp) -> Exp;
flatten1(Exp) -> [Exp].

normalize(List, [{aliases, As} | Stages]) ->
    normalize(substitute_aliases(As, List), Stages);
normalize(List, [{expand, Es} | Stages]) ->
    normalize(expand(Es, List), Stages);
normalize(List, [{negations, Ns} | Stages]) ->
    normalize(substitute_negations(Ns, List), Stages);
normalize(List, []) -> compact(List).

split(List, Keys) ->
    {Store, Rest} = lists:foldr(
                      fun(P, {Acc, R}) ->
                              case key(P) of
                                  {ok, K} ->
                                      case lists:member(K, Keys) of
                                          true -> {Acc#{K => [P | maps:get(K, Acc, [])]}, R};
                                          false -> {Acc, [P | R]}
                                      end;
                                  none -> {Acc, [P | R]}
                              end
                      end, {#{}, []}, List),
    {[maps:get(K, Store, []) || K <- Keys], Rest}.

to_map(List) ->
    {M, _} = lists:foldl(fun(P, {M, Seen}) ->
                                 case key(P) of
                                     {ok, K} ->
                                         case Seen of
                                             #{K := _} -> {M, Seen};
                                             _ when is_atom(P) -> {M#{K => true}, Seen#{K => 1}};
                                             _ when tuple_size(P) =:= 2 ->
                                                 {M#{K => element(2, P)}, Seen#{K => 1}};
                                             _ -> {M, Seen#{K => 1}}
                                         end;
                                     none -> {M, Seen}
                                 end
                         end, {#{}, #{}}, List),
    M.

to_map(List, Stages) -> to_map(normalize(List, Stages)).

from_map(Map) -> maps:to_list(Map).
