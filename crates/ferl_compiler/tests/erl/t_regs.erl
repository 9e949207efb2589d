-module(t_regs).
-export([main/0]).

%% Register allocation corner cases: values that must survive branches, joins and
%% calls in every position.
main() ->
    [io:format("~p~n", [neg(X)]) || X <- [0.0, -0.0, 1.0, -1.0]],
    io:format("~p~n", [swap3(1, 2, 3)]),
    io:format("~p~n", [rot({a, b, c, d})]),
    io:format("~p~n", [{joins(1, 2), joins(2, 3), joins(3, 4)}]),
    io:format("~p~n", [deep_case(5)]),
    io:format("~p~n", [across_call(7)]),
    io:format("~p~n", [many_live(1, 2, 3, 4, 5, 6)]),
    io:format("~p~n", [gc_pressure(2000, [])]),
    io:format("~p~n", [{exported(a), exported(b)}]),
    ok.

neg(X) ->
    case X < 0 orelse (X == 0 andalso <<X/float>> =/= <<0.0/float>>) of
        true -> neg;
        false -> nonneg
    end.

swap3(A, B, C) -> s3(C, A, B).
s3(A, B, C) -> {A, B, C}.

rot({A, B, C, D}) -> r4(D, C, B, A).
r4(A, B, C, D) -> [A, B, C, D].

joins(X, Y) ->
    Z = case X of
            1 -> Y + 1;
            2 -> id(Y) * 2;
            _ -> X + Y
        end,
    {X, Y, Z}.

deep_case(N) ->
    R = case N > 3 of
            true ->
                case id(N) of
                    5 -> A = five, {A, N};
                    _ -> other
                end;
            false -> small
        end,
    {R, N}.

across_call(N) ->
    A = N + 1,
    B = id(A) + N,
    C = id(B) + A,
    [A, B, C, N].

many_live(A, B, C, D, E, F) ->
    G = id(A + B),
    H = {C, D, G},
    I = [E, F | id([H])],
    {A, B, C, D, E, F, G, H, I}.

gc_pressure(0, Acc) -> length(Acc);
gc_pressure(N, Acc) ->
    T = {N, [N, N + 1], <<N:32>>, #{n => N}},
    gc_pressure(N - 1, [T | Acc]).

exported(K) ->
    case K of
        a -> V = 1, W = x;
        b -> V = 2, W = y
    end,
    {V, W}.

id(X) -> X.
