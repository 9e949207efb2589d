%% Writes the golden term files for ferl_etf's round-trip tests: one file per term, named
%% NNN_name[.OPTS].etf, holding exactly what OTP's term_to_binary/1,2 produced.
%% OPTS: mv0 / mv2 = {minor_version, 0 | 2}; c = compressed; c1 / c9 = {compressed, Level}.
%% Run through regenerate.sh (it needs a distributed node for real pids, refs and ports).
-module(etf_golden).
-export([main/1]).

main([Dir]) ->
    ok = filelib:ensure_dir(filename:join(Dir, "x")),
    Terms = terms(),
    lists:foldl(fun({Name, Opts, T}, N) ->
                        Suffix = suffix(Opts),
                        File = io_lib:format("~3..0w_~s~s.etf", [N, Name, Suffix]),
                        ok = file:write_file(filename:join(Dir, File), term_to_binary(T, Opts)),
                        N + 1
                end, 0, Terms),
    io:format("wrote ~p files to ~s~n", [length(Terms), Dir]),
    halt(0).

suffix([]) -> "";
suffix([{minor_version, V}]) -> ".mv" ++ integer_to_list(V);
suffix([compressed]) -> ".c";
suffix([{compressed, L}]) -> ".c" ++ integer_to_list(L).

plain(Name, T) -> {Name, [], T}.

terms() ->
    Y = 5,
    Self = self(),
    Spawned = spawn(fun() -> receive stop -> ok end end),
    Port = open_port({spawn, "cat"}, []),
    Ref = make_ref(),
    Ints = [0, 1, 255, 256, -1, -128, -256, 2147483647, 2147483648, -2147483648,
            -2147483649, 1 bsl 40, -(1 bsl 40), (1 bsl 63) - 1, 1 bsl 63, -(1 bsl 63),
            -(1 bsl 63) - 1, 1 bsl 64, (1 bsl 2040) - 1, 1 bsl 2040, 1 bsl 2100,
            -(1 bsl 2100), 16#123456789abcdef0123456789],
    Floats = [0.0, -0.0, 1.5, -1.5, 1.0e300, -1.0e-300, 5.0e-324, 3.141592653589793,
              1.0e-10, 123456789.125, 2.2250738585072014e-308],
    Atoms = [a, abc, '', 'hello world', true, false, 'ünï', 'Ωmega', '日本',
             list_to_atom(lists:duplicate(255, $x)), list_to_atom(lists:duplicate(255, 16#e9)),
             list_to_atom(lists:duplicate(255, 16#65e5)), list_to_atom(lists:duplicate(100, 16#1f600))],
    Big40 = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    Mixed100 = maps:from_list([{K, V} || I <- lists:seq(1, 25),
                                         {K, V} <- [{I, a}, {integer_to_list(I), b},
                                                    {list_to_atom("k" ++ integer_to_list(I)), c},
                                                    {{I}, d}]]),
    [plain("int", I) || I <- Ints]
        ++ [plain("float", F) || F <- Floats]
        ++ [{"float", [{minor_version, 0}], F} || F <- Floats]
        ++ [plain("atom", A) || A <- Atoms]
        ++ [{"atom", [{minor_version, 2}], A} || A <- Atoms]
        ++ [plain("tuple", {}), plain("tuple", {a}), plain("tuple", {1, 2, 3}),
            plain("tuple_large", list_to_tuple(lists:seq(1, 256))),
            plain("tuple_nested", {{{{}}}, {a, {b, [c]}}})]
        ++ [plain("list", []), plain("string", "abc"), plain("list", [1, 2000]),
            plain("improper", [a | b]), plain("improper", [1, 2 | 3]),
            plain("improper_string", [1, 2 | <<3>>]),
            plain("string_max", lists:duplicate(65535, $z)),
            plain("string_over", lists:duplicate(65536, $z)),
            plain("unicode_string", "日本語"), plain("list_of_nil", [[]]),
            plain("nested_lists", lists:foldl(fun(_, Acc) -> [Acc] end, [], lists:seq(1, 50))),
            plain("mixed_list", [1, -1, 300, a, "s", <<"b">>, 2.5, {t}])]
        ++ [plain("binary", <<>>), plain("binary", <<1, 2, 3>>),
            plain("binary_large", list_to_binary(lists:seq(0, 255) ++ lists:seq(0, 255))),
            plain("bits", <<1:3>>), plain("bits", <<255, 7:5>>), plain("bits", <<0:1>>),
            plain("bits", <<"abcdef", 1:7>>)]
        ++ [plain("map", #{}), plain("map", #{a => 1}),
            plain("map", #{1 => a, a => 1, "s" => x, {t} => y, 1.0 => f, <<"b">> => [],
                           [] => nil, self() => pid}),
            plain("map_32", maps:from_list([{I, I} || I <- lists:seq(1, 32)])),
            plain("map_33", maps:from_list([{I, I} || I <- lists:seq(1, 33)])),
            plain("map_40", Big40), plain("map_100_mixed", Mixed100),
            plain("map_nested", #{a => #{b => #{c => [#{}]}}, z => Big40})]
        ++ [plain("pid", Self), plain("pid", Spawned), plain("ref", Ref),
            plain("port", Port), plain("ids", {Self, Ref, Port, node()}),
            {"ids", [{minor_version, 2}], {Self, Ref, Port, node(), fun lists:map/2,
                                           fun() -> {Self, 'ü'} end}}]
        ++ [plain("export_fun", fun lists:map/2), plain("export_fun", fun erlang:abs/1),
            plain("local_fun", fun(X) -> X end),
            plain("closure", fun(X) -> X + Y end),
            plain("closure", fun() -> {Self, Ref, "env", Y} end)]
        ++ [{"compressed", [compressed], lists:duplicate(1000, a)},
            {"compressed", [compressed], Mixed100},
            {"compressed", [{compressed, 1}], lists:seq(1, 3000)},
            {"compressed", [{compressed, 9}], lists:seq(1, 3000)},
            {"compressed", [compressed], <<1, 2, 3>>},
            {"compressed", [compressed], lists:seq(1, 100)},
            {"compressed", [{compressed, 0}], lists:duplicate(1000, a)}]
        ++ [plain("everything", {ok, [{pid, Self}, #{key => [1, 2.5, "x"]}], <<"bin">>,
                                 3.14, "string", -(1 bsl 70), Ref, fun lists:sum/1})].
