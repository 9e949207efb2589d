%% queue: double-ended FIFO queues (Ferl's own implementation of OTP 25's queue API).
%%
%% A queue is {Rear, Front}: Front in order, Rear reversed; when one side runs empty the
%% other is split in two. Original API: new/0, is_queue/1, is_empty/1, len/1, in/2,
%% in_r/2, out/1, out_r/1, from_list/1, to_list/1, reverse/1, split/2, join/2, filter/2,
%% filtermap/2, fold/3, all/2, any/2, delete/2, delete_r/2, delete_with/2,
%% delete_with_r/2, member/2. Extended API: get/1, get_r/1, peek/1, peek_r/1, drop/1,
%% drop_r/1. Okasaki API: cons/2, head/1, tail/1, snoc/2, daeh/1, last/1, liat/1,
%% lait/1, init/1. Errors as in OTP: badarg for a non-queue, empty for an empty queue.
%% The exact split points differ from OTP's, so the internal lists (visible only when a
%% queue is printed) may differ.
-module(queue).

-export([new/0, is_queue/1, is_empty/1, len/1, in/2, in_r/2, out/1, out_r/1,
         from_list/1, to_list/1, reverse/1, split/2, join/2, filter/2, filtermap/2,
         fold/3, all/2, any/2, delete/2, delete_r/2, delete_with/2, delete_with_r/2,
         member/2, get/1, get_r/1, peek/1, peek_r/1, drop/1, drop_r/1, cons/2, head/1,
         tail/1, snoc/2, daeh/1, last/1, liat/1, lait/1, init/1]).

-compile({no_auto_import, [get/1]}).

new() -> {[], []}.

is_queue({R, F}) when is_list(R), is_list(F) -> true;
is_queue(_) -> false.

is_empty({[], []}) -> true;
is_empty({R, F}) when is_list(R), is_list(F) -> false;
is_empty(Q) -> erlang:error(badarg, [Q]).

len({R, F}) when is_list(R), is_list(F) -> length(R) + length(F);
len(Q) -> erlang:error(badarg, [Q]).

to_list({R, F}) when is_list(R), is_list(F) -> F ++ lists:reverse(R);
to_list(Q) -> erlang:error(badarg, [Q]).

from_list(L) when is_list(L) -> balance([], L);
from_list(L) -> erlang:error(badarg, [L]).

%% Rebuild a queue so that both sides are non-empty when it has two or more elements.
balance([], []) -> {[], []};
balance([], [X]) -> {[X], []};
balance([], F) ->
    {F1, R1} = lists:split(length(F) div 2, F),
    {lists:reverse(R1), F1};
balance(R, []) when length(R) >= 2 ->
    {R1, F1} = lists:split(length(R) div 2, R),
    {R1, lists:reverse(F1)};
balance(R, F) -> {R, F}.

in(X, {R, F}) when is_list(R), is_list(F) -> balance([X | R], F);
in(X, Q) -> erlang:error(badarg, [X, Q]).

in_r(X, {R, F}) when is_list(R), is_list(F) -> balance(R, [X | F]);
in_r(X, Q) -> erlang:error(badarg, [X, Q]).

out({[], []} = Q) -> {empty, Q};
out({R, [X | F]}) when is_list(R) -> {{value, X}, balance(R, F)};
out({[X], []}) -> {{value, X}, {[], []}};
out({R, []} = Q) when is_list(R) -> out(balance(R, []));
out(Q) -> erlang:error(badarg, [Q]).

out_r({[], []} = Q) -> {empty, Q};
out_r({[X | R], F}) when is_list(F) -> {{value, X}, balance(R, F)};
out_r({[], [X]}) -> {{value, X}, {[], []}};
out_r({[], F} = Q) when is_list(F) -> out_r(balance([], F));
out_r(Q) -> erlang:error(badarg, [Q]).

get(Q) ->
    case out(checked(Q, [Q])) of
        {{value, X}, _} -> X;
        {empty, _} -> erlang:error(empty, [Q])
    end.

get_r(Q) ->
    case out_r(checked(Q, [Q])) of
        {{value, X}, _} -> X;
        {empty, _} -> erlang:error(empty, [Q])
    end.

peek(Q) ->
    case out(checked(Q, [Q])) of
        {{value, X}, _} -> {value, X};
        {empty, _} -> empty
    end.

peek_r(Q) ->
    case out_r(checked(Q, [Q])) of
        {{value, X}, _} -> {value, X};
        {empty, _} -> empty
    end.

drop(Q) ->
    case out(checked(Q, [Q])) of
        {{value, _}, Q1} -> Q1;
        {empty, _} -> erlang:error(empty, [Q])
    end.

drop_r(Q) ->
    case out_r(checked(Q, [Q])) of
        {{value, _}, Q1} -> Q1;
        {empty, _} -> erlang:error(empty, [Q])
    end.

checked(Q, Args) ->
    case is_queue(Q) of
        true -> Q;
        false -> erlang:error(badarg, Args)
    end.

reverse({R, F}) when is_list(R), is_list(F) -> {F, R};
reverse(Q) -> erlang:error(badarg, [Q]).

join({R1, F1}, {R2, F2}) when is_list(R1), is_list(F1), is_list(R2), is_list(F2) ->
    balance(R2 ++ lists:reverse(F2, R1), F1);
join(Q1, Q2) -> erlang:error(badarg, [Q1, Q2]).

split(N, {R, F} = Q) when is_integer(N), N >= 0, is_list(R), is_list(F) ->
    L = to_list(Q),
    case N =< length(L) of
        true ->
            {A, B} = lists:split(N, L),
            {from_list(A), from_list(B)};
        false -> erlang:error(badarg, [N, Q])
    end;
split(N, Q) -> erlang:error(badarg, [N, Q]).

filter(Fun, {R, F} = Q) when is_function(Fun, 1), is_list(R), is_list(F) ->
    from_list(lists:flatmap(fun(X) ->
                                    case Fun(X) of
                                        true -> [X];
                                        false -> [];
                                        L when is_list(L) -> L
                                    end
                            end, to_list(Q)));
filter(Fun, Q) -> erlang:error(badarg, [Fun, Q]).

filtermap(Fun, {R, F} = Q) when is_function(Fun, 1), is_list(R), is_list(F) ->
    from_list(lists:filtermap(Fun, to_list(Q)));
filtermap(Fun, Q) -> erlang:error(badarg, [Fun, Q]).

fold(Fun, Acc, {R, F} = Q) when is_function(Fun, 2), is_list(R), is_list(F) ->
    lists:foldl(Fun, Acc, to_list(Q));
fold(Fun, Acc, Q) -> erlang:error(badarg, [Fun, Acc, Q]).

all(P, {R, F} = Q) when is_function(P, 1), is_list(R), is_list(F) -> lists:all(P, to_list(Q));
all(P, Q) -> erlang:error(badarg, [P, Q]).

any(P, {R, F} = Q) when is_function(P, 1), is_list(R), is_list(F) -> lists:any(P, to_list(Q));
any(P, Q) -> erlang:error(badarg, [P, Q]).

member(X, {R, F}) when is_list(R), is_list(F) -> lists:member(X, F) orelse lists:member(X, R);
member(X, Q) -> erlang:error(badarg, [X, Q]).

delete(X, {R, F} = Q) when is_list(R), is_list(F) -> from_list(lists:delete(X, to_list(Q)));
delete(X, Q) -> erlang:error(badarg, [X, Q]).

delete_r(X, {R, F} = Q) when is_list(R), is_list(F) ->
    from_list(lists:reverse(lists:delete(X, lists:reverse(to_list(Q)))));
delete_r(X, Q) -> erlang:error(badarg, [X, Q]).

delete_with(P, {R, F} = Q) when is_function(P, 1), is_list(R), is_list(F) ->
    from_list(delete_first(P, to_list(Q)));
delete_with(P, Q) -> erlang:error(badarg, [P, Q]).

delete_with_r(P, {R, F} = Q) when is_function(P, 1), is_list(R), is_list(F) ->
    from_list(lists:reverse(delete_first(P, lists:reverse(to_list(Q)))));
delete_with_r(P, Q) -> erlang:error(badarg, [P, Q]).

delete_first(P, [X | Xs]) ->
    case P(X) of
        true -> Xs;
        false -> [X | delete_first(P, Xs)]
    end;
delete_first(_, []) -> [].

%% Okasaki API
cons(X, Q) -> in_r(X, Q).
head(Q) -> get(Q).
tail(Q) -> drop(Q).
snoc(Q, X) -> in(X, Q).
daeh(Q) -> get_r(Q).
last(Q) -> get_r(Q).
liat(Q) -> drop_r(Q).
lait(Q) -> drop_r(Q).
init(Q) -> drop_r(Q).
