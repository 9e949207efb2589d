-module(exprs).
-export([f/1, g/2, h/0]).
-compile([export_all, {inline, [f/1]}]).
-vsn("1.0").
-on_load(h/0).
-my_attr({a, [1, 2.5, "s", <<"bin">>, -3, $c], #{k => v}}).
-record(r, {a, b = 1 :: integer(), c :: atom() | undefined, d = "x"}).
-record(empty, {}).

f(X) when is_integer(X), X > 0; X =:= -1 ->
    Y = X + 1 * 2 - 3 div 4 rem 5 band 6 bor 7 bxor 8 bsl 1 bsr 2,
    Z = -Y, W = not true, V = bnot 3, U = +4,
    A = X andalso Y orelse Z,
    B = [1, 2 | [3]] ++ [4] -- [5],
    C = {X, Y, Z, W, V, U, A, B},
    self() ! C,
    catch X = 1,
    D = 1 + catch 2,
    case X of
        {ok, _} = M when M =/= 1 -> M;
        [H | T] -> {H, T};
        <<Bin:8/binary-unit:1, Rest/bits>> -> {Bin, Rest};
        #{a := 1, b := B2} -> B2;
        #r{a = 1, _ = '_'} -> r;
        #r.a -> idx;
        "abc" ++ Tail -> Tail;
        _ -> D
    end.

g(F, L) ->
    G = fun (0) -> zero; (N) when N > 0 -> pos end,
    Fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
    R1 = fun f/1, R2 = fun lists:map/2, M = lists, Fn = map, Ar = 2,
    R3 = fun M:Fn/Ar,
    Lc = [{X, Y} || X <- L, Y <- L, X < Y],
    Bc = << <<X:8>> || <<X>> <= <<1, 2, 3>> >>,
    Lb = [X || <<X:4>> <= <<"ab">>, X > 1],
    Rec = #r{a = 1, b = 2},
    Rec2 = Rec#r{c = ok},
    Fa = Rec2#r.a,
    Map = #{a => 1, "b" => [2]},
    Map2 = Map#{a := 2, c => 3},
    Mm = #{}#{x => y},
    Call = F:g(1, 2),
    Call2 = (F(1))(2),
    Call3 = erlang:'+'(1, 2),
    Str = "con" "cat" "enated",
    Chars = [$a, $\n, $\^A, $\x{41}, $\101, $\s, $\\],
    Nums = [16#ff, 2#1010, 36#zz, 1_000_000, 1.5e10, 2.0e-3, 1.0, 123456789012345678901234567890],
    Qa = 'quoted atom', Qb = 'with\'quote',
    {G, Fact, R1, R2, R3, Lc, Bc, Lb, Fa, Map2, Mm, Call, Call2, Call3, Str, Chars, Nums, Qa, Qb}.

h() ->
    receive
        {msg, X} -> X;
        Other when is_atom(Other) -> Other
    after 100 ->
        timeout
    end,
    receive after 0 -> ok end,
    try h() of
        ok -> ok;
        _ -> err
    catch
        throw:T -> T;
        error:E:Stack -> {E, Stack};
        exit:_ -> exit;
        Other2 -> Other2
    after
        done
    end,
    try h() catch _:_ -> ok end,
    try h() after ok end,
    if
        1 > 2 -> a;
        true -> b
    end,
    begin x, y end,
    X = Y = 3,
    X ! Y ! z,
    ok.
