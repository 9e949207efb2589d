%% lists: list processing (Ferl's own implementation of OTP 25's lists module).
%%
%% Every function of OTP 25's lists API. reverse/2, member/2, keyfind/3, keysearch/3 and
%% keymember/3 are BIFs in OTP; they are written here in Erlang and the VM may override
%% them natively. Sorting functions are stable merge sorts (equal elements keep their
%% order; the u* variants keep the first of equal elements), as OTP's are observed to be.
%% Known difference: OTP's sort/1 is not stable for elements that are == but not =:=
%% (1 and 1.0); Ferl approximates its order (see sort/1), exact on lists of up to 4
%% elements, not on all longer ones.
%% Bad arguments fail like OTP's (mostly function_clause).
-module(lists).

-export([append/1, append/2, concat/1, delete/2, droplast/1, dropwhile/2, duplicate/2,
         enumerate/1, enumerate/2, filter/2, filtermap/2, flatlength/1, flatmap/2,
         flatten/1, flatten/2, foldl/3, foldr/3, foreach/2, join/2, keydelete/3,
         keyfind/3, keymap/3, keymember/3, keymerge/3, keyreplace/4, keysearch/3,
         keysort/2, keystore/4, keytake/3, last/1, map/2, mapfoldl/3, mapfoldr/3, max/1,
         member/2, merge/1, merge/2, merge/3, merge3/3, min/1, nth/2, nthtail/2,
         partition/2, prefix/2, reverse/1, reverse/2, search/2, seq/2, seq/3, sort/1,
         sort/2, split/2, splitwith/2, sublist/2, sublist/3, subtract/2, suffix/2, sum/1,
         takewhile/2, ukeymerge/3, ukeysort/2, umerge/1, umerge/2, umerge/3, umerge3/3,
         uniq/1, uniq/2, unzip/1, unzip3/1, usort/1, usort/2, zf/2, zip/2, zip3/3,
         zipwith/3, zipwith3/4, all/2, any/2]).

%% ---------------------------------------------------------------- the BIFs

reverse(L) when is_list(L) -> reverse(L, []).

reverse(L, Acc) ->
    case reverse1(L, Acc) of
        badarg -> erlang:error(badarg, [L, Acc]);
        R -> R
    end.

reverse1([H | T], Acc) -> reverse1(T, [H | Acc]);
reverse1([], Acc) -> Acc;
reverse1(_, _) -> badarg.

member(E, L) ->
    case member1(E, L) of
        badarg -> erlang:error(badarg, [E, L]);
        R -> R
    end.

member1(E, [E | _]) -> true;
member1(E, [_ | T]) -> member1(E, T);
member1(_, []) -> false;
member1(_, _) -> badarg.

keyfind(K, N, L) when is_integer(N), N > 0 ->
    case keyfind1(K, N, L) of
        badarg -> erlang:error(badarg, [K, N, L]);
        R -> R
    end;
keyfind(K, N, L) -> erlang:error(badarg, [K, N, L]).

keyfind1(K, N, [T | Ts]) when is_tuple(T), tuple_size(T) >= N ->
    case element(N, T) == K of
        true -> T;
        false -> keyfind1(K, N, Ts)
    end;
keyfind1(K, N, [_ | Ts]) -> keyfind1(K, N, Ts);
keyfind1(_, _, []) -> false;
keyfind1(_, _, _) -> badarg.

keysearch(K, N, L) ->
    case keyfind(K, N, L) of
        false -> false;
        T -> {value, T}
    end.

keymember(K, N, L) -> keyfind(K, N, L) =/= false.

%% ---------------------------------------------------------------- basics

append(Ls) -> append_all(Ls).

append_all([L]) -> L;
append_all([L | Ls]) -> append(L, append_all(Ls));
append_all([]) -> [].

append(L1, L2) -> L1 ++ L2.

concat(Things) -> flatten([thing_to_list(T) || T <- Things]).

thing_to_list(X) when is_integer(X) -> integer_to_list(X);
thing_to_list(X) when is_float(X) -> float_to_list(X);
thing_to_list(X) when is_atom(X) -> atom_to_list(X);
thing_to_list(X) when is_list(X) -> X.

delete(E, [E | T]) -> T;
delete(E, [H | T]) -> [H | delete(E, T)];
delete(_, []) -> [].

droplast([_]) -> [];
droplast([H | T]) -> [H | droplast(T)].

dropwhile(P, [H | T] = L) ->
    case P(H) of
        true -> dropwhile(P, T);
        false -> L
    end;
dropwhile(P, []) when is_function(P, 1) -> [].

takewhile(P, [H | T]) ->
    case P(H) of
        true -> [H | takewhile(P, T)];
        false -> []
    end;
takewhile(P, []) when is_function(P, 1) -> [].

duplicate(N, X) when is_integer(N), N >= 0 -> duplicate(N, X, []).
duplicate(0, _, Acc) -> Acc;
duplicate(N, X, Acc) -> duplicate(N - 1, X, [X | Acc]).

enumerate(L) -> enumerate(1, L).
enumerate(I, L) when is_integer(I), is_list(L) -> enumerate1(I, L).
enumerate1(I, [H | T]) -> [{I, H} | enumerate1(I + 1, T)];
enumerate1(_, []) -> [].

filter(P, L) when is_function(P, 1) -> [X || X <- L, P(X)].

filtermap(F, [H | T]) ->
    case F(H) of
        true -> [H | filtermap(F, T)];
        {true, V} -> [V | filtermap(F, T)];
        false -> filtermap(F, T)
    end;
filtermap(F, []) when is_function(F, 1) -> [].

zf(F, L) -> filtermap(F, L).

flatlength(L) -> flatlength(L, 0).
flatlength([H | T], N) when is_list(H) -> flatlength(T, flatlength(H, N));
flatlength([_ | T], N) -> flatlength(T, N + 1);
flatlength([], N) -> N.

flatmap(F, [H | T]) -> F(H) ++ flatmap(F, T);
flatmap(F, []) when is_function(F, 1) -> [].

flatten(L) when is_list(L) -> do_flatten(L, []).
flatten(L, Tail) when is_list(L), is_list(Tail) -> do_flatten(L, Tail).

do_flatten([H | T], Tail) when is_list(H) -> do_flatten(H, do_flatten(T, Tail));
do_flatten([H | T], Tail) -> [H | do_flatten(T, Tail)];
do_flatten([], Tail) -> Tail.

foldl(F, Acc, [H | T]) -> foldl(F, F(H, Acc), T);
foldl(F, Acc, []) when is_function(F, 2) -> Acc.

foldr(F, Acc, [H | T]) -> F(H, foldr(F, Acc, T));
foldr(F, Acc, []) when is_function(F, 2) -> Acc.

foreach(F, [H | T]) -> F(H), foreach(F, T);
foreach(F, []) when is_function(F, 1) -> ok.

join(_Sep, []) -> [];
join(Sep, [H | T]) -> [H | join_prepend(Sep, T)].
join_prepend(_, []) -> [];
join_prepend(Sep, [H | T]) -> [Sep, H | join_prepend(Sep, T)].

last([E]) -> E;
last([_ | T]) -> last(T).

map(F, [H | T]) -> [F(H) | map(F, T)];
map(F, []) when is_function(F, 1) -> [].

mapfoldl(F, Acc, [H | T]) ->
    {R, Acc1} = F(H, Acc),
    {Rs, Acc2} = mapfoldl(F, Acc1, T),
    {[R | Rs], Acc2};
mapfoldl(F, Acc, []) when is_function(F, 2) -> {[], Acc}.

mapfoldr(F, Acc, [H | T]) ->
    {Rs, Acc1} = mapfoldr(F, Acc, T),
    {R, Acc2} = F(H, Acc1),
    {[R | Rs], Acc2};
mapfoldr(F, Acc, []) when is_function(F, 2) -> {[], Acc}.

max([H | T]) -> max(T, H).
max([H | T], M) when H > M -> max(T, H);
max([_ | T], M) -> max(T, M);
max([], M) -> M.

min([H | T]) -> min(T, H).
min([H | T], M) when H < M -> min(T, H);
min([_ | T], M) -> min(T, M);
min([], M) -> M.

nth(1, [H | _]) -> H;
nth(N, [_ | T]) when N > 1 -> nth(N - 1, T).

nthtail(0, L) when is_list(L) -> L;
nthtail(N, [_ | T]) when N > 0 -> nthtail(N - 1, T).

partition(P, L) -> partition(P, L, [], []).
partition(P, [H | T], As, Bs) ->
    case P(H) of
        true -> partition(P, T, [H | As], Bs);
        false -> partition(P, T, As, [H | Bs])
    end;
partition(P, [], As, Bs) when is_function(P, 1) -> {reverse(As), reverse(Bs)}.

prefix([X | T1], [X | T2]) -> prefix(T1, T2);
prefix([], L) when is_list(L) -> true;
prefix([_ | _], L) when is_list(L) -> false.

suffix(Suffix, L) ->
    Delta = length(L) - length(Suffix),
    Delta >= 0 andalso nthtail(Delta, L) =:= Suffix.

search(P, [H | T]) ->
    case P(H) of
        true -> {value, H};
        false -> search(P, T)
    end;
search(P, []) when is_function(P, 1) -> false.

seq(First, Last) when is_integer(First), is_integer(Last), First - 1 =< Last ->
    seq_up(First, Last, []).
seq_up(First, Last, Acc) when Last >= First -> seq_up(First, Last - 1, [Last | Acc]);
seq_up(_, _, Acc) -> Acc.

seq(First, Last, Inc) when is_integer(First), is_integer(Last), is_integer(Inc) ->
    if Inc > 0, First - Inc =< Last; Inc < 0, First - Inc >= Last ->
            N = (Last - First + Inc) div Inc,
            [First + I * Inc || I <- seq_up(0, N - 1, [])];
       Inc =:= 0, First =:= Last -> [First];
       true -> erlang:error(badarg, [First, Last, Inc])
    end.

split(N, L) when is_integer(N), N >= 0, is_list(L) ->
    case split(N, L, []) of
        {_, _} = R -> R;
        error -> erlang:error(badarg, [N, L])
    end;
split(N, L) -> erlang:error(badarg, [N, L]).
split(0, L, Acc) -> {reverse(Acc), L};
split(N, [H | T], Acc) -> split(N - 1, T, [H | Acc]);
split(_, _, _) -> error.

splitwith(P, L) when is_function(P, 1) -> splitwith(P, L, []).
splitwith(P, [H | T], Acc) ->
    case P(H) of
        true -> splitwith(P, T, [H | Acc]);
        false -> {reverse(Acc), [H | T]}
    end;
splitwith(_, [], Acc) -> {reverse(Acc), []}.

sublist(L, Len) when is_integer(Len), Len >= 0 -> sublist1(L, Len).
sublist1(_, 0) -> [];
sublist1([H | T], N) -> [H | sublist1(T, N - 1)];
sublist1([], _) -> [].

sublist(L, Start, Len) when is_integer(Start), Start >= 1, is_integer(Len), Len >= 0 ->
    sublist(drop(Start - 1, L), Len).

drop(0, L) -> L;
drop(N, [_ | T]) -> drop(N - 1, T);
drop(_, []) -> [].

subtract(A, B) -> A -- B.

sum(L) -> sum(L, 0).
sum([H | T], S) -> sum(T, S + H);
sum([], S) -> S.

all(P, [H | T]) ->
    case P(H) of
        true -> all(P, T);
        false -> false
    end;
all(P, []) when is_function(P, 1) -> true.

any(P, [H | T]) ->
    case P(H) of
        true -> true;
        false -> any(P, T)
    end;
any(P, []) when is_function(P, 1) -> false.

uniq(L) -> uniq1(L, #{}).
uniq1([H | T], Seen) ->
    case Seen of
        #{H := _} -> uniq1(T, Seen);
        _ -> [H | uniq1(T, Seen#{H => true})]
    end;
uniq1([], _) -> [].

uniq(F, L) when is_function(F, 1) -> uniq2(F, L, #{}).
uniq2(F, [H | T], Seen) ->
    K = F(H),
    case Seen of
        #{K := _} -> uniq2(F, T, Seen);
        _ -> [H | uniq2(F, T, Seen#{K => true})]
    end;
uniq2(_, [], _) -> [].

%% ---------------------------------------------------------------- zips

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip([], []) -> [].

zip3([A | As], [B | Bs], [C | Cs]) -> [{A, B, C} | zip3(As, Bs, Cs)];
zip3([], [], []) -> [].

zipwith(F, [A | As], [B | Bs]) -> [F(A, B) | zipwith(F, As, Bs)];
zipwith(F, [], []) when is_function(F, 2) -> [].

zipwith3(F, [A | As], [B | Bs], [C | Cs]) -> [F(A, B, C) | zipwith3(F, As, Bs, Cs)];
zipwith3(F, [], [], []) when is_function(F, 3) -> [].

unzip(Ts) -> unzip(Ts, [], []).
unzip([{A, B} | Ts], As, Bs) -> unzip(Ts, [A | As], [B | Bs]);
unzip([], As, Bs) -> {reverse(As), reverse(Bs)}.

unzip3(Ts) -> unzip3(Ts, [], [], []).
unzip3([{A, B, C} | Ts], As, Bs, Cs) -> unzip3(Ts, [A | As], [B | Bs], [C | Cs]);
unzip3([], As, Bs, Cs) -> {reverse(As), reverse(Bs), reverse(Cs)}.

%% ---------------------------------------------------------------- key functions

keydelete(K, N, L) when is_integer(N), N > 0 -> keydelete1(K, N, L).
keydelete1(K, N, [H | T]) when is_tuple(H), tuple_size(H) >= N, element(N, H) == K -> T;
keydelete1(K, N, [H | T]) -> [H | keydelete1(K, N, T)];
keydelete1(_, _, []) -> [].

keyreplace(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) -> keyreplace1(K, N, L, New).
keyreplace1(K, N, [H | T], New) when is_tuple(H), tuple_size(H) >= N, element(N, H) == K ->
    [New | T];
keyreplace1(K, N, [H | T], New) -> [H | keyreplace1(K, N, T, New)];
keyreplace1(_, _, [], _) -> [].

keystore(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) -> keystore1(K, N, L, New).
keystore1(K, N, [H | T], New) when is_tuple(H), tuple_size(H) >= N, element(N, H) == K ->
    [New | T];
keystore1(K, N, [H | T], New) -> [H | keystore1(K, N, T, New)];
keystore1(_, _, [], New) -> [New].

keytake(K, N, L) when is_integer(N), N > 0 -> keytake1(K, N, L, []).
keytake1(K, N, [H | T], Acc) when is_tuple(H), tuple_size(H) >= N, element(N, H) == K ->
    {value, H, reverse(Acc, T)};
keytake1(K, N, [H | T], Acc) -> keytake1(K, N, T, [H | Acc]);
keytake1(_, _, [], _) -> false.

keymap(F, N, [H | T]) -> [setelement(N, H, F(element(N, H))) | keymap(F, N, T)];
keymap(F, N, []) when is_integer(N), N > 0, is_function(F, 1) -> [].

%% ---------------------------------------------------------------- sorting

%% erl's sort/1 is not stable for elements that compare equal without being identical
%% (1 and 1.0): as observed, when the first unequal neighbours of the list descend, the
%% equal elements mostly come out in reverse order. Ferl reproduces that rule (a stable
%% sort of the reversed list); erl's exact order differs on some lists with runs of
%% equal elements.
sort(L) ->
    Le = fun(A, B) -> A =< B end,
    case L of
        [_, _, _, _ | _] -> Descends = first_step_descends(L);
        _ -> Descends = false
    end,
    case Descends of
        true -> msort(Le, reverse(L));
        false -> msort(Le, L)
    end.
sort(F, L) when is_function(F, 2) -> msort(F, L).

first_step_descends([X, Y | T]) when X == Y -> first_step_descends([Y | T]);
first_step_descends([X, Y | _]) -> X > Y;
first_step_descends(_) -> false.

usort(L) -> dedup(fun(A, B) -> A == B end, msort(fun(A, B) -> A =< B end, L)).
usort(F, L) when is_function(F, 2) ->
    dedup(fun(A, B) -> F(A, B) andalso F(B, A) end, msort(F, L)).

keysort(N, L) when is_integer(N), N > 0 ->
    msort(fun(A, B) -> element(N, A) =< element(N, B) end, L).

ukeysort(N, L) when is_integer(N), N > 0 ->
    dedup(fun(A, B) -> element(N, A) == element(N, B) end, keysort(N, L)).

dedup(Eq, [H | T]) -> [H | dedup(Eq, H, T)];
dedup(_, []) -> [].
dedup(Eq, Prev, [H | T]) ->
    case Eq(Prev, H) of
        true -> dedup(Eq, Prev, T);
        false -> [H | dedup(Eq, H, T)]
    end;
dedup(_, _, []) -> [].

%% Stable bottom-up merge sort: Le(A, B) true means A may precede B.
msort(_, []) -> [];
msort(_, [_] = L) -> L;
msort(Le, L) ->
    Runs = [[X] || X <- L],
    merge_passes(Le, Runs).

merge_passes(_, [R]) -> R;
merge_passes(Le, Runs) -> merge_passes(Le, merge_pairs(Le, Runs)).

merge_pairs(Le, [A, B | Rest]) -> [fmerge(Le, A, B) | merge_pairs(Le, Rest)];
merge_pairs(_, Rest) -> Rest.

%% Merge two sorted lists; on ties the element of the first list comes first.
fmerge(Le, [A | As] = L1, [B | Bs] = L2) ->
    case Le(A, B) of
        true -> [A | fmerge(Le, As, L2)];
        false -> [B | fmerge(Le, L1, Bs)]
    end;
fmerge(_, [], L2) -> L2;
fmerge(_, L1, []) -> L1.

merge(Ls) -> foldl(fun(L, Acc) -> merge(Acc, L) end, [], Ls).

merge(L1, L2) when is_list(L1), is_list(L2) -> fmerge(fun(A, B) -> A =< B end, L1, L2).
merge(F, L1, L2) when is_function(F, 2), is_list(L1), is_list(L2) -> fmerge(F, L1, L2).

merge3(L1, L2, L3) -> merge(merge(L1, L2), L3).

keymerge(N, L1, L2) when is_integer(N), N > 0, is_list(L1), is_list(L2) ->
    fmerge(fun(A, B) -> element(N, A) =< element(N, B) end, L1, L2).

umerge(Ls) -> foldl(fun(L, Acc) -> umerge(Acc, L) end, [], Ls).

umerge(L1, L2) when is_list(L1), is_list(L2) ->
    umerge_by(fun(A, B) -> A =< B end, fun(A, B) -> A == B end, L1, L2).

umerge(F, L1, L2) when is_function(F, 2), is_list(L1), is_list(L2) ->
    umerge_by(F, fun(A, B) -> F(A, B) andalso F(B, A) end, L1, L2).

umerge3(L1, L2, L3) -> umerge(umerge(L1, L2), L3).

ukeymerge(N, L1, L2) when is_integer(N), N > 0, is_list(L1), is_list(L2) ->
    umerge_by(fun(A, B) -> element(N, A) =< element(N, B) end,
              fun(A, B) -> element(N, A) == element(N, B) end, L1, L2).

%% Merge keeping one of equal elements (the one of the first list).
umerge_by(Le, Eq, [A | As] = L1, [B | Bs] = L2) ->
    case Eq(A, B) of
        true -> [A | umerge_by(Le, Eq, As, Bs)];
        false ->
            case Le(A, B) of
                true -> [A | umerge_by(Le, Eq, As, L2)];
                false -> [B | umerge_by(Le, Eq, L1, Bs)]
            end
    end;
umerge_by(_, _, [], L2) -> L2;
umerge_by(_, _, L1, []) -> L1.
