%% Differential tests of erl_eval: expressions parsed with erl_scan/erl_parse are evaluated
%% by OTP's erl_eval and by Ferl's, and the results (value and bindings, or the error
%% class and reason) compared.
-module(t_erl_eval).
-export([run/0]).

parse(S) ->
    {ok, T, _} = erl_scan:string(S),
    {ok, Es} = erl_parse:parse_exprs(T),
    Es.

%% Funs and stack traces cannot be compared: replace them.
norm(F) when is_function(F) -> '<fun>';
norm(ferl_erl_eval) -> erl_eval;
norm([{M, F, A, L} | St]) when is_atom(M), is_atom(F), is_list(L), is_list(St) -> stack;
norm([{M, F, A} | St]) when is_atom(M), is_atom(F), is_list(St) -> [{norm(M), F, A} | stack];
norm({'EXIT', {R, St}}) when is_list(St) -> {'EXIT', {norm(R), stack}};
norm(T) when is_tuple(T) -> list_to_tuple([norm(X) || X <- tuple_to_list(T)]);
norm([H | T]) -> [norm(H) | norm(T)];
norm(M) when is_map(M) -> maps:from_list([{norm(K), norm(V)} || {K, V} <- maps:to_list(M)]);
norm(X) -> X.

e(S) -> e(S, []).
e(S, Bs) ->
    Es = parse(S),
    st:same({eval, S}, norm(st:outcome(fun() -> flush(), ferl_erl_eval:exprs(Es, Bs) end)),
            norm(st:outcome(fun() -> flush(), erl_eval:exprs(Es, Bs) end))).

flush() -> receive _ -> flush() after 0 -> ok end.

run() ->
    Exprs =
        ["1 + 2.", "X = 3, Y = X * 2, {X, Y}.", "[1, 2 | [3]].", "\"abc\".", "$a.", "2.5 * 2.",
         "-(3).", "not true.", "bnot 5.", "1 bsl 100.", "7 div 2, 7 rem 2.", "1 =:= 1.0.",
         "1 == 1.0.", "a < b.", "[1] ++ [2].", "[1,2,3] -- [2].", "true andalso false.",
         "false orelse 7.", "1 andalso 2.", "true xor false.", "(fun(1) -> ok end)(2).", "X.",
         "1 = 2.", "test ! status.", "1 + a.", "foo:bar().", "case 1 of 2 -> ok end.",
         "if false -> ok end.", "try 1 of 2 -> ok catch _ -> x end.", "foo().", "length(a).",
         "[X || X <- a].", "[X || X <- [1,2], X].", "[X || X <- [1,2,3], X > 1].",
         "[{X,Y} || X <- [1,2], Y <- [a,b]].", "[X || {X, 1} <- [{a,1},{b,2},{c,1}]].",
         "<< <<X>> || X <- [1,2,3] >>.", "[X || <<X:4>> <= <<1,2>>].",
         "<< <<(X+1)>> || <<X>> <= <<1,2,3>>, X > 1 >>.", "<< <<X>> || X <- [a] >>.",
         "[X || X <- [1|2]].", "F = fun(X) -> X * 2 end, F(21).", "lists:map(fun(X) -> X + 1 end, [1,2]).",
         "A = 1, (fun() -> A end)().", "A = 1, (fun(A) -> A end)(2).", "erlang:error(foo).",
         "throw(x).", "catch 1/0.", "catch throw(t).", "catch exit(e).", "catch 5.",
         "#{a := 1} = #{}.", "M = 1, M#{a => 1}.", "#{a => 1}#{b := 2}.",
         "M = #{a => 1, b => 2}, M#{a := 3, c => 4}.", "#{a := V} = #{a => 7}, V.",
         "K = k, #{K := V} = #{k => 1}, V.", "<<X:8, R/binary>> = <<1,2,3>>, {X, R}.",
         "fun F(0) -> 1; F(N) -> N * F(N-1) end(5).", "receive after 10 -> timeout end.",
         "self() ! a, self() ! b, receive b -> got_b end.",
         "self() ! {x, 1}, receive {x, N} when N > 0 -> N end.",
         "self() ! 1, receive X when is_atom(X) -> atom after 20 -> none end.",
         "begin X = 1, X + 1 end.", "[1|2] ++ [3].", "(fun(X) -> X end)().",
         "apply(fun(X) -> X end, [1,2]).", "not 1.", "element(5, {1}).", "<<1:1>> = <<1>>.",
         "X = 1, <<X:3>>.", "<<\"abc\"/utf8>>.", "<<A/float>> = <<1.5/float>>, A.",
         "<<A:16/little-signed>> = <<255,255>>, A.", "<<A/utf8, B/binary>> = <<\"éx\"/utf8>>, {A, B}.",
         "<<S:4, B:S/binary, R/bits>> = <<3:4, \"abcde\">>, {S, B, R}.",
         "<<1:3, 2:5, 300:16/little, -1:8/signed>>.", "<<(<<\"ab\">>)/binary, 1.5:32/float>>.",
         "Bin = <<\"xyz\">>, <<Bin:2/binary>>.", "<<\"ab\", R/binary>> = <<\"abcd\">>, R.",
         "<<X:7>> = <<1>>.", "<<1:64/float>>.", "<<a:8>>.",
         "try throw(x) catch throw:Y -> {caught, Y} end.",
         "try error(e) catch error:R:S -> {R, is_list(S)} end.",
         "try exit(q) catch C:R -> {C, R} end.", "try 1 after ok end.",
         "try throw(z) catch error:_ -> no end.", "try 1 of 1 -> one catch _ -> x after 2 end.",
         "try 2 of 1 -> one after ok end.",
         "case {a, 1} of {a, N} when N > 0 -> pos; _ -> other end.",
         "case [1,2] of [H|T] -> {H, T} end.", "if 1 > 2 -> a; true -> b end.",
         "if length([]) > 0 -> a; true -> b end.", "if element(3, {}) -> a; true -> guard_fail end.",
         "\"ab\" ++ T = \"abcd\", T.", "[A, B | C] = [1, 2, 3, 4], {A, B, C}.",
         "{A, A} = {1, 1}, A.", "{A, A} = {1, 2}.", "X = 1, X = 1.0.", "-1 = -1.",
         "A = -1 * 3, A.", "fun lists:reverse/1.", "(fun lists:reverse/1)([1,2]).",
         "M = lists, F = seq, (fun M:F/2)(1, 3).", "M = lists, M:seq(1, 3).",
         "{M, F} = {lists, sum}, M:F([1,2]).", "F = fun erlang:abs/1, F(-3).",
         "self() ! hello, receive Msg -> Msg end.", "length([1,2,3]).", "hd([]).",
         "size({1,2}).", "is_integer(1) andalso is_atom(a).", "float(1).",
         "X = [1,2,3], [Y * 2 || Y <- X, Y rem 2 =:= 1].", "{1,2} = {A, B}, A + B.",
         "V = 5, case 5 of V -> same end.", "V = 5, case 6 of V -> same; _ -> diff end.",
         "F = fun(0, Acc) -> Acc; (N, Acc) -> N + Acc end, lists:foldl(F, 0, [1,2,3]).",
         "X = fun(A, B) when A > B -> A; (_, B) -> B end, {X(1, 2), X(3, 2)}.",
         "(fun(X) when X > 0 -> pos end)(-1).", "[X || X <- [1,2,3], X, true].",
         "[X || X <- [1,2,3], begin X > 1 end].", "[X || X <- [1,2,3], X + 1].",
         "receive X -> X after 0 -> empty end.", "receive after infinity -> x end = 1.",
         "receive after foo -> x end.", "1 + (2 * 3) - 4 / 2.", "abs(-5).", "self() =:= self().",
         "{'EXIT', _} = catch error(x), ok.", "map_size(#{a => 1}).", "#{1 => a, 1.0 => b}.",
         "maps:get(a, #{a => 1}).", "<<>>.", "[].", "{}.", "#{}.", "X = {}, X.",
         "'hello world'.", "1.0e10.", "16#ff.", "$\\n."],
    [e(S) || S <- Exprs],
    e("X + Y.", [{'X', 1}, {'Y', 2}]),
    e("X + Y.", #{'X' => 1, 'Y' => 2}),
    e("X = 3.", [{'X', 3}]),
    e("X = 3.", [{'X', 4}]),
    handlers(),
    bindings_api(),
    ok.

handlers() ->
    Lf = {value, fun(foo, [A]) -> {foo_called, A}; (Name, Args) -> {local, Name, Args} end},
    Ev = {eval, fun(Name, Args, Bs) -> {value, {evaled, Name, length(Args)}, Bs} end},
    Ef = {value, fun({M, F}, As) -> {nonlocal, M, F, As}; (Fun, As) -> {applied, norm(Fun), As} end},
    [begin
         Es = parse(S),
         st:cmp({lf, S}, fun norm/1, fun() -> ferl_erl_eval:exprs(Es, [], Lf) end,
                fun() -> erl_eval:exprs(Es, [], Lf) end),
         st:cmp({ev, S}, fun norm/1, fun() -> ferl_erl_eval:exprs(Es, [], Ev) end,
                fun() -> erl_eval:exprs(Es, [], Ev) end),
         st:cmp({ef, S}, fun norm/1, fun() -> ferl_erl_eval:exprs(Es, [], none, Ef) end,
                fun() -> erl_eval:exprs(Es, [], none, Ef) end),
         [E1 | _] = Es,
         st:cmp({value, S}, fun norm/1, fun() -> ferl_erl_eval:expr(E1, [], Lf, none, value) end,
                fun() -> erl_eval:expr(E1, [], Lf, none, value) end)
     end || S <- ["foo(1).", "bar(1, 2).", "lists:reverse([1]).", "length([1]).",
                  "(fun(X) -> X end)(1).", "1 + 2.", "F = fun foo/1, F(9).",
                  "X = 1, foo(X + 1)."]],
    ok.

bindings_api() ->
    B0 = ferl_erl_eval:new_bindings(),
    st:same(new_bindings, B0, erl_eval:new_bindings()),
    B1 = ferl_erl_eval:add_binding('X', 1, B0),
    O1 = erl_eval:add_binding('X', 1, erl_eval:new_bindings()),
    st:same(add_binding, B1, O1),
    st:same(binding, ferl_erl_eval:binding('X', B1), erl_eval:binding('X', O1)),
    st:same(binding_unbound, ferl_erl_eval:binding('Y', B1), erl_eval:binding('Y', O1)),
    st:same(del_binding, ferl_erl_eval:del_binding('X', B1), erl_eval:del_binding('X', O1)),
    st:same(bindings, ferl_erl_eval:bindings(B1), erl_eval:bindings(O1)),
    [E] = parse("{1, X}."),
    st:same(expr, norm(ferl_erl_eval:expr(E, B1)), norm(erl_eval:expr(E, O1))),
    st:same(expr_list, ferl_erl_eval:expr_list(parse("1, X, 3."), B1),
            erl_eval:expr_list(parse("1, X, 3."), O1)),
    [{'case', _, _, Cs}] = parse("case x of {a, Y} -> Y; b -> bb end."),
    st:same(match_clause, norm(ferl_erl_eval:match_clause(Cs, [{a, 5}], [], none)),
            norm(erl_eval:match_clause(Cs, [{a, 5}], [], none))),
    [C] = parse("1 + 2 * 3."),
    st:same(is_constant_expr, ferl_erl_eval:is_constant_expr(C), erl_eval:is_constant_expr(C)),
    F = element(2, ferl_erl_eval:exprs(parse("fun(X) -> X end."), [])),
    st:check(fun_data, element(1, ferl_erl_eval:fun_data(F)) =:= fun_data),
    ok.
