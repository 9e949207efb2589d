%% Support for the stdlib differential tests: comparing Ferl's result with OTP's, counting,
%% printing short diffs, and generating random terms.
-module(st).
-export([reset/0, counts/0, cmp/3, cmp/4, same/3, check/2, outcome/1,
         rand_term/1, rand_term/2, rand_atom/0, rand_int/0, rand_float/0,
         rand_string/0, rand_unicode_string/0, rand_list/2, pick/1, seed/1,
         flat/1]).

reset() ->
    put(st_pass, 0), put(st_fail, 0), put(st_shown, 0),
    seed(42).

seed(N) -> rand:seed(exsss, {N, N * 7 + 1, N * 13 + 5}).

counts() -> {get(st_pass), get(st_fail)}.

%% The outcome of a call: {ok, Value} or {Class, Reason} (stack traces are not compared).
outcome(F) ->
    try {ok, F()}
    catch C:R -> {C, R}
    end.

%% Compare Ferl's F1 with OTP's F2.
cmp(Label, F1, F2) -> cmp(Label, fun(X) -> X end, F1, F2).

%% Compare after normalizing successful values with Norm.
cmp(Label, Norm, F1, F2) ->
    R1 = norm(Norm, outcome(F1)),
    R2 = norm(Norm, outcome(F2)),
    same(Label, R1, R2).

norm(Norm, {ok, V}) -> {ok, Norm(V)};
norm(_, E) -> E.

same(Label, R1, R2) ->
    case R1 =:= R2 of
        true -> put(st_pass, get(st_pass) + 1), true;
        false ->
            put(st_fail, get(st_fail) + 1),
            Shown = get(st_shown),
            put(st_shown, Shown + 1),
            Max = case os:getenv("ST_SHOW") of false -> 8; M -> list_to_integer(M) end,
            if Shown < Max -> show(Label, R1, R2);
               true -> ok
            end,
            false
    end.

%% A plain assertion (for things with no OTP counterpart to compare with).
check(Label, true) -> same(Label, true, true);
check(Label, Other) -> same(Label, Other, true).

show(Label, {ok, S1}, {ok, S2}) when is_list(S1), is_list(S2) ->
    Flat = fun(S) -> lists:all(fun erlang:is_integer/1, S) end,
    case Flat(S1) andalso Flat(S2) andalso catch {unicode:characters_to_binary(S1), unicode:characters_to_binary(S2)} of
        {B1, B2} when is_binary(B1), is_binary(B2) ->
            L1 = string:split(B1, "\n", all),
            L2 = string:split(B2, "\n", all),
            I = first_diff(L1, L2, 1),
            Ctx = fun(L) -> lists:sublist(L, max(1, I - 2), 4) end,
            io:format("MISMATCH ~ts~n--- ferl (from line ~w):~n~ts~n--- otp:~n~ts~n---~n",
                      [string:slice(lists:flatten(label(Label)), 0, 300), max(1, I - 2),
                       lists:join("\n", Ctx(L1)), lists:join("\n", Ctx(L2))]);
        _ -> show2(Label, {ok, S1}, {ok, S2})
    end;
show(Label, R1, R2) -> show2(Label, R1, R2).

first_diff([A | As], [A | Bs], I) -> first_diff(As, Bs, I + 1);
first_diff(_, _, I) -> I.

show2(Label, R1, R2) ->
    io:format("MISMATCH ~ts~n  ferl: ~tP~n  otp:  ~tP~n", [label(Label), R1, 30, R2, 30]).

label(L) when is_list(L) -> try io_lib:format("~ts", [L]) catch _:_ -> io_lib:format("~tp", [L]) end;
label(L) -> io_lib:format("~tP", [L, 20]).

flat(X) when is_list(X) ->
    case catch unicode:characters_to_list(X) of
        L when is_list(L) -> L;
        _ -> lists:flatten(X)
    end;
flat(X) -> X.

pick(L) -> lists:nth(rand:uniform(length(L)), L).

rand_int() ->
    case rand:uniform(6) of
        1 -> rand:uniform(10) - 5;
        2 -> rand:uniform(1000) - 500;
        3 -> rand:uniform(1 bsl 40) - (1 bsl 39);
        4 -> (rand:uniform(1 bsl 100) - (1 bsl 99)) * rand:uniform(1 bsl 60);
        5 -> rand:uniform(255);
        6 -> pick([0, -1, 1 bsl 59, -(1 bsl 59), 1 bsl 64, 576460752303423488])
    end.

rand_float() ->
    case rand:uniform(6) of
        1 -> rand:uniform() * 100;
        2 -> (rand:uniform() - 0.5) * math:pow(10, rand:uniform(600) - 300);
        3 -> float(rand:uniform(1000) - 500);
        4 -> pick([0.0, -0.0, 1.0e-320, 5.0e-324, 1.7976931348623157e308, 0.1, 1.0e15,
                   1.0e16, 123456789.0, 1.0e-5, 3.14, 2.5, 0.5, 1.5e300]);
        5 -> rand:uniform(100) / 8;
        6 -> (rand:uniform() - 0.5) * 1.0e22
    end.

rand_atom() ->
    pick(['a', 'abc', 'ok', 'Abc', 'with space', '', 'a@b', 'x.y', 'é', 'ünï',
          '日本', 'true', 'and', 'receive', 'hello_world', 'a1', '_x', '\n', 'quo\'te',
          'back\\slash', 'a-b', '[]', 'café', 'zero\0', 'tab\t', 'nonode@nohost', 'foo@bar',
          'A', 'when']).

rand_string() ->
    N = rand:uniform(12) - 1,
    [pick([$a, $b, $z, $A, $0, $\s, $\n, $\t, $", $\\, $', 233, 255, 127, 31, $~, $$, $!])
     || _ <- lists:seq(1, N)].

rand_unicode_string() ->
    N = rand:uniform(10) - 1,
    [pick([$a, $b, 233, 8364, 12354, 1046, 955, 128512, $\s, $\n, 255, 256, 127, 160])
     || _ <- lists:seq(1, N)].

rand_list(D, W) -> [rand_term(D - 1, W) || _ <- lists:seq(1, rand:uniform(W + 1) - 1)].

rand_term(D) -> rand_term(D, 5).

rand_term(D, _W) when D =< 0 -> rand_leaf();
rand_term(D, W) ->
    case rand:uniform(14) of
        1 -> rand_list(D, W);
        2 -> list_to_tuple(rand_list(D, W));
        3 -> maps:from_list([{rand_term(D - 2, 3), rand_term(D - 1, W)}
                             || _ <- lists:seq(1, rand:uniform(W + 1) - 1)]);
        4 -> rand_string();
        5 -> rand_unicode_string();
        6 -> [rand_term(D - 1, W) | rand_leaf()];
        7 -> {rand_atom(), rand_term(D - 1, W)};
        8 -> [rand_string() || _ <- lists:seq(1, rand:uniform(4))];
        _ -> rand_leaf()
    end.

rand_leaf() ->
    case rand:uniform(12) of
        1 -> rand_int();
        2 -> rand_float();
        3 -> rand_atom();
        4 -> rand_string();
        5 -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(8) - 1)]);
        6 -> list_to_binary(rand_string());
        7 -> unicode:characters_to_binary(rand_unicode_string());
        8 -> <<(rand:uniform(255)):(rand:uniform(20))>>;
        9 -> [];
        10 -> {};
        11 -> #{};
        12 -> rand_int()
    end.
