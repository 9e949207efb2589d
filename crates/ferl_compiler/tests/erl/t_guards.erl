-module(t_guards).
-export([main/0]).

-record(pt, {x = 0, y = 0}).

main() ->
    Vals = [1, -1, 2.5, atom, "str", <<"bin">>, {1, 2}, {a, b, c}, [], #{k => v},
            #pt{x = 5}, self(), make_ref(), fun() -> ok end, 16#FFFFFFFFFFFFFFFFFF, true],
    [io:format("~p~n", [kind(V)]) || V <- Vals],
    io:format("~p~n", [[range(X) || X <- [0, 5, 10, 15, 100]]]),
    io:format("~p~n", [[logic(A, B) || A <- [true, false], B <- [true, false]]]),
    io:format("~p~n", [[tsz(T) || T <- [{}, {a}, {a, b}, x]]]),
    io:format("~p~n", [[xr(P) || P <- [#pt{x = 1, y = 2}, #pt{x = 3}, {pt, 1}]]]),
    io:format("~p~n", [[ar(X) || X <- [1, 2, 3, 4, 6]]]),
    ok.

kind(X) when is_integer(X), X > 0 -> pos_int;
kind(X) when is_integer(X) -> int;
kind(X) when is_float(X) -> float;
kind(X) when is_boolean(X) -> bool;
kind(X) when is_atom(X) -> atom;
kind([_ | _] = X) when length(X) > 2 -> long_list;
kind(X) when is_binary(X) -> {binary, byte_size(X)};
kind(X) when is_record(X, pt) -> {pt, X#pt.x};
kind(X) when is_tuple(X), tuple_size(X) =:= 2 -> pair;
kind(X) when is_tuple(X) -> {tuple, element(1, X)};
kind(X) when X =:= [] -> nil;
kind(X) when is_map(X), map_size(X) > 0 -> map;
kind(X) when is_pid(X) -> pid;
kind(X) when is_reference(X) -> ref;
kind(X) when is_function(X, 0) -> fun0;
kind(_) -> other.

range(X) when X >= 1, X =< 9; X >= 50 -> in;
range(X) when not (X > 12) -> low;
range(_) -> out.

logic(A, B) when A and B -> both;
logic(A, B) when A or B -> one;
logic(A, B) when not A, not B -> none.

tsz(T) when tuple_size(T) == 0 -> zero;
tsz(T) when tuple_size(T) >= 1, element(1, T) == a -> first_a;
tsz(_) -> other.

xr(P) when P#pt.x > 2 -> big;
xr(P) when is_record(P, pt) -> small;
xr(_) -> not_pt.

ar(X) when X rem 2 =:= 0 andalso X div 2 > 1 -> even_big;
ar(X) when X band 1 =:= 1 orelse X > 100 -> odd;
ar(_) -> even_small.
