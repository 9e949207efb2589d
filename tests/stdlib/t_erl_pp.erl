%% erl_pp compared with OTP's on expressions parsed by erl_parse, and on forms.
-module(t_erl_pp).
-export([run/0]).

exprs() ->
    ["a andalso b.",
     "a orelse b.",
     "X andalso Y orelse Z.",
     "(a orelse b) andalso c.",
     "f(a andalso b).",
     "X = a andalso b.",
     "1 + 2 * 3 - 4 / 5.",
     "(1 + 2) * (3 - 4).",
     "- (1 + 2).",
     "-(-1).",
     "- - X.",
     "not not X.",
     "bnot 1.",
     "X band Y bor Z bxor W.",
     "A ++ B ++ C.",
     "(A ++ B) ++ C.",
     "A -- B -- C.",
     "X == Y andalso Y /= Z.",
     "X < Y, Y >= Z, Z =< W, W > V.",
     "catch 1 + 2.",
     "X = catch f().",
     "[catch f()].",
     "{a, catch f()}.",
     "f() ! g().",
     "A ! B ! C.",
     "<<1:8/integer-unit:1, 2.0/float, \"s\"/utf8, X:Y/little-signed-integer>>.",
     "<<(X+1):8>>.",
     "<<X/binary, Y/bits>>.",
     "#{}.",
     "#{a => 1}#{b => 2}.",
     "(f())#{a := 1}.",
     "#r{}.",
     "#r{a = 1, b = 2}.",
     "#r{_ = x}.",
     "R#r{a = 1}.",
     "(f())#r.a.",
     "#r.a.",
     "X#r.a#r.b.",
     "fun() -> ok end.",
     "fun(a) -> 1; (b) -> 2 end.",
     "fun(X) when X > 0 -> X end.",
     "fun M:F/A.",
     "fun lists:map/2.",
     "F = fun F() -> F end.",
     "receive X -> X end.",
     "receive after 1000 -> ok end.",
     "receive after T -> a, b end.",
     "try f() catch _ -> x end.",
     "try f() after g() end.",
     "try f(), g() of X -> X; Y -> Y catch C:R -> {C, R} end.",
     "try f() catch error:badarg -> a; exit:_ -> b; throw:T -> T; C:R:S when C =/= x -> S end.",
     "if true -> ok end.",
     "case f() of _ -> ok end.",
     "case X of {a, B} when B > 1; B < -1 -> B; [H|T] -> T end.",
     "[X || {X, _} <- L].",
     "[{X, Y} || X <- L1, Y <- L2, X < Y].",
     "[X || <<X>> <= B].",
     "<< <<X:8>> || X <- L >>.",
     "\"abc\" \"def\".",
     "$a.",
     "$\\n.",
     "$\\s.",
     "'a b'.",
     "'B'.",
     "[a|b].",
     "[a, b | c].",
     "{}.",
     "{a}.",
     "[].",
     "f().",
     "m:f().",
     "M:F(A).",
     "(f())().",
     "(fun() -> ok end)().",
     "F(1, 2).",
     "X#{a => 1, b => 2}.",
     "1.5.",
     "1.0e-10.",
     "123456789012345678901234567890.",
     "-0.0.",
     "2.5e300.",
     "'hello'.",
     "\"a\\\"b\\\\c\".",
     "\"\\x{100}\".",
     "a, b, c.",
     "X = Y = Z = 1.",
     "{X, Y} = {1, 2}.",
     "[H | T] = L.",
     "<<A:8, Rest/binary>> = B.",
     "#{a := A} = M.",
     "f(X = 1).",
     "f(fun(X) -> X end, 2).",
     "lists:foldl(fun(X, Acc) -> X + Acc end, 0, [1,2,3]).",
     "case X of a -> f(fun() -> ok end) end.",
     "gen_server:call(Pid, {do_something, Arg1, Arg2, Arg3}, infinity).",
     "io:format(\"~p ~p ~p~n\", [aaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccc]).",
     "{ok, Pid} = supervisor:start_child(my_supervisor, [argument_one, argument_two, argument_three]).",
     "X = #{key_one => value_one, key_two => value_two, key_three => value_three, key_four => 4}.",
     "f(#r{a = 1, b = 2}, [aaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb]).",
     "X = 1 + 2.",
     "foo(1, \"str\", 'Q', $a, 2.5, [1,2|T], {a,b}, <<1,2:3,X/binary>>).",
     "case X of 1 -> a; _ when X > 2, Y; Z -> b end.",
     "fun(X) -> X + 1 end.",
     "fun foo/1.",
     "fun m:f/2.",
     "fun F(0) -> 1; F(N) -> N * F(N-1) end.",
     "receive {a, X} -> X; b -> ok after 100 -> timeout end.",
     "try f() of X -> X catch error:R:S -> {R, S}; _ -> c after g() end.",
     "begin a, b end.",
     "if X > 1 -> a; true -> b end.",
     "<< <<X>> || <<X>> <= B >>.",
     "#{a => 1, b := 2}.",
     "M#{a => 1}.",
     "R#r.a.",
     "X = case Y of a -> 1 end.",
     "{ok, Pid} = gen_server:start_link({local, m}, m, [], []).",
     "Fun = fun() -> ok end.",
     "2#101.",
     "16#FF.",
     "X =:= Y.",
     "A div B rem C.",
     "<<\"abc\">>.",
     "<<\"abc\"/utf8>>.",
     "f(#{}).",
     "lists:seq(1, 10).",
     "[1,2,3].",
     "{a, [b, {c, d}], #{e => f}}.",
     "l(test).",
     "c:l(test).",
     "test ! status.",
     "{test, 'test1@host'} ! status.",
     "h().",
     "b().",
     "rr(\"x.hrl\").",
     "io:format(\"~p~n\", [X]).",
     "[X * 2 || X <- lists:seq(1, 10), X rem 2 =:= 0].",
     "spawn(fun() -> loop() end).",
     "Pid = spawn(test, loop, []).",
     "erlang:monitor(process, Pid).",
     "receive M -> M after 0 -> none end.",
     "self() ! hello, flush().",
     "X#person.name.",
     "#person{name = \"Bob\", age = 0}.",
     "case catch f() of {'EXIT', R} -> R; V -> V end.",
     "string:split(\"a,b,c\", \",\", all).",
     "maps:get(key, #{key => value}, default).",
     "ets:new(t, [set, public, named_table]).",
     "element(1, {a, b}) =:= a.",
     "<<X:16/big, Y/binary>> = <<1, 2, 3>>."].

rexpr(0) -> leaf();
rexpr(D) ->
    case rand:uniform(12) of
        1 -> {call, 1, {atom, 1, st:pick([f, foo, long_function_name])}, rargs(D)};
        2 -> {call, 1, {remote, 1, {atom, 1, st:pick([lists, m, erlang])},
                        {atom, 1, st:pick([map, foldl, element, monitor])}}, rargs(D)};
        3 -> {op, 1, st:pick(['+', '-', '*', 'div', '++', '==', '=:=', 'andalso', 'orelse', '!', 'band']),
              rexpr(D - 1), rexpr(D - 1)};
        4 -> {op, 1, st:pick(['-', 'not', 'bnot']), rexpr(D - 1)};
        5 -> {match, 1, {var, 1, st:pick(['X', 'Result', 'LongVariableName'])}, rexpr(D - 1)};
        6 -> {tuple, 1, rargs(D)};
        7 -> lists:foldr(fun(E, Acc) -> {cons, 1, E, Acc} end, {nil, 1}, rargs(D));
        8 -> {'case', 1, rexpr(D - 1), [{clause, 1, [leaf()], [], [rexpr(D - 1)]}
                                        || _ <- lists:seq(1, rand:uniform(2))]};
        9 -> {'fun', 1, {clauses, [{clause, 1, [{var, 1, 'X'}], [], [rexpr(D - 1)]}]}};
        10 -> {map, 1, [{map_field_assoc, 1, leaf(), rexpr(D - 1)} || _ <- lists:seq(1, rand:uniform(4))]};
        11 -> {'catch', 1, rexpr(D - 1)};
        12 -> {block, 1, [rexpr(D - 1) || _ <- lists:seq(1, rand:uniform(3))]}
    end.

rargs(D) -> [rexpr(D - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)].

leaf() ->
    case rand:uniform(3) of
        1 -> {var, 1, st:pick(['X', 'Y', 'Acc', 'SomeLongerVariable'])};
        _ -> erl_parse:abstract(st:rand_term(rand:uniform(2), 4))
    end.

forms() ->
    ["-record(person, {name, age = 0, tags = [] :: list(), id :: integer()}).",
     "-record(e, {}).", "-record(x, {a = fun() -> ok end}).", "-module(foo).",
     "-export([f/1, g/0]).", "f(X) -> X + 1.", "g() -> ok; g() -> b.",
     "-record(long_record_name, {field_one = default_value_one, field_two = default_value_two, field_three}).",
     "-record(r, {a = 1 :: integer(), b :: atom() | undefined, c = [] :: [term()]})."].

run() ->
    [begin
         {ok, T, _} = erl_scan:string(S),
         {ok, Es} = erl_parse:parse_exprs(T),
         st:cmp({erl_pp, exprs, S}, fun st:flat/1, fun() -> ferl_erl_pp:exprs(Es) end,
                fun() -> erl_pp:exprs(Es) end),
         [st:cmp({erl_pp, expr, S}, fun st:flat/1, fun() -> ferl_erl_pp:expr(E) end,
                 fun() -> erl_pp:expr(E) end) || E <- Es]
     end || S <- exprs()],
    %% random expressions
    [begin
         E = rexpr(rand:uniform(4)),
         st:cmp({erl_pp, random, E}, fun st:flat/1, fun() -> ferl_erl_pp:expr(E) end,
                fun() -> erl_pp:expr(E) end)
     end || _ <- lists:seq(1, 400)],
    [begin
         {ok, T, _} = erl_scan:string(S),
         {ok, F} = erl_parse:parse_form(T),
         st:cmp({erl_pp, form, S}, fun st:flat/1, fun() -> ferl_erl_pp:form(F) end,
                fun() -> erl_pp:form(F) end),
         case F of
             {attribute, _, _, _} ->
                 st:cmp({erl_pp, attribute, S}, fun st:flat/1,
                        fun() -> ferl_erl_pp:attribute(F) end, fun() -> erl_pp:attribute(F) end);
             _ -> ok
         end
     end || S <- forms()],
    ok.
