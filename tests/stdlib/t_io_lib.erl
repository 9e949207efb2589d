%% Differential tests of io_lib, io_lib_format and io_lib_pretty against OTP.
-module(t_io_lib).
-export([run/0]).

f(Fmt, Args) ->
    st:cmp({format, Fmt, Args}, fun st:flat/1,
           fun() -> ferl_io_lib:format(Fmt, Args) end,
           fun() -> io_lib:format(Fmt, Args) end).

run() ->
    fixed(),
    floats(),
    integers(),
    strings(),
    random_terms(),
    pretty_columns(),
    pretty_shell(),
    writers(),
    fread(),
    ok.

fixed() ->
    Cases =
        [{"~5c", [$a]}, {"~5.2c", [$a]}, {"~-5.2c", [$a]}, {"~c", [256]}, {"~tc", [256]},
         {"~c", [-1]}, {"~c", [a]}, {"~f", [1]}, {"~f", [1.0]}, {"~.0f", [1.5]},
         {"~.1f", [0.05]}, {"~3f", [1.0]}, {"~10f", [1.0]}, {"~-10f|", [1.0]}, {"~e", [1.0]},
         {"~.1e", [1.0]}, {"~.2e", [1.0]}, {"~e", [0.0]}, {"~e", [1.0e100]},
         {"~e", [-1.5e-100]}, {"~e", [5]}, {"~g", [1.0]}, {"~g", [0.01]}, {"~g", [1.0e6]},
         {"~g", [123456.0]}, {"~.2g", [100.0]}, {"~.0g", [1.0]}, {"~g", [0.1]}, {"~g", [0.0]},
         {"~.1g", [0.5]}, {"~.1g", [5.0]}, {"~3w", [12345]}, {"~-8w|", [abc]}, {"~8w|", [abc]},
         {"~8.3w|", [abc]}, {"~10.3w|", [abcdefgh]}, {"~3s", ["abcdef"]}, {"~.3s", ["abcdef"]},
         {"~10.3s|", ["abcdef"]}, {"~-10.3s|", ["abcdef"]}, {"~10..xs|", ["ab"]},
         {"~-10..xs|", ["ab"]}, {"~*.*.*s|", [6, 2, $y, "abc"]}, {"~*s|", [-6, "abc"]},
         {"~s", [abc]}, {"~s", [<<"ab">>]}, {"~s", [[1000]]}, {"~ts", [[1000]]},
         {"~s", [[<<"a">>, "b", $c]]}, {"~s", [<<200>>]}, {"~ts", [<<200>>]},
         {"~ts", [<<"é"/utf8>>]}, {"~s", [<<"é"/utf8>>]}, {"~B", [255]}, {"~.16B", [255]},
         {"~.16b", [255]}, {"~.16X", [255, "0x"]}, {"~.16x", [-255, "0x"]}, {"~.16#", [255]},
         {"~.16+", [255]}, {"~.37B", [1]}, {"~.1B", [1]}, {"~B", [1.0]}, {"~5B", [123456]},
         {"~-5B|", [12]}, {"~5..0B", [12]}, {"~5..0B", [-12]}, {"~i~w", [a, b]}, {"~n", []},
         {"~~", []}, {"~z", []}, {"~w", []}, {"~w", [a, b]}, {abc, []}, {<<"x~wy">>, [1]},
         {"~ln", []}, {"~tw", ['é']}, {"~w", ['é']}, {"~p", ['日本']}, {"~tp", ['日本']},
         {"~w", ['日本']}, {"~lp", ["abc"]}, {"~p", ["abc"]}, {"~p", [<<"abc">>]},
         {"~p", [<<"é"/utf8>>]}, {"~tp", [<<"é"/utf8>>]}, {"~tp", ["日本"]},
         {"~W", [[1, 2, 3, 4], 3]}, {"~P", [[1, 2, 3, 4], 3]}, {"~W", [{a, {b, {c}}}, 2]},
         {"~P", [<<1, 2, 3, 4, 5, 6>>, 3]}, {"~W", [#{a => 1, b => 2, c => 3}, 2]},
         {"~W", ["abcdef", 3]}, {"~P", ["abcdef", 3]}, {"~10p|", [abc]}, {"~-10p|", [abc]},
         {"~.3p|", [abc]}, {"~5w|", [[a, b, c]]}, {"~.f", [1.0]}, {"~..f", [1.0]},
         {"~0f", [1.0]}, {"~0w", [1]}, {"~0s", ["a"]}, {"~e", [1.0e-320]}, {"~.20e", [0.1]},
         {"~.20f", [0.1]}, {"~.30f", [1.0e20]}, {"~f", [1.0e200]}, {"~.3e", [9.9999]},
         {"~.5s|", ["ab"]}, {"~3.5s|", ["abc"]}, {"~5.5s|", ["abcdefg"]},
         {"~10.5.xs|", ["ab"]}, {"~s", [[a]]}, {"~s", [[1 | 2]]}, {"~ts", [<<255>>]},
         {"~ts", [[<<"é"/utf8>>, "a"]]}, {<<"é~w"/utf8>>, [1]}, {["a", <<"~w">>], [1]},
         {"~P", [[1, 2, 3], 0]}, {"~P", [[1, 2, 3], -1]}, {"~P", [[1, 2, 3], 1]},
         {"~W", [a, 0]}, {"~W", [{a}, 1]}, {"~ts", [abc]}, {"~ts", ['日本']}, {"~s", ['日本']},
         {"~-*c|", [3, $x]}, {"~*c|", [-3, $x]}, {"~p", [[a | b]]}, {"~w", [<<1:3>>]},
         {"~p", [<<"ab", 1:3>>]}, {"~p", [<<"ab\n">>]}, {"~w", [#{a => #{}}]},
         {"~w", [fun erlang:abs/1]}, {"~p", [[$a | $b]]}, {"~p", ["\e\d\^a"]},
         {"~P", [<<"abcdef">>, 2]}, {"~tP", [<<"éé"/utf8>>, 2]}, {"~s", [[256]]},
         {"~ts", [[-1]]}, {"~tc", [-1]}, {"~c", [1.0]}, {"~.3s", [abcdef]},
         {"~5.1.xs", ["abc"]}, {"~3.3s", ["a"]}, {"~p", [-0.0]}, {"~w", [1.0e22]},
         {[256, $~, $w], [a]}, {"~s", [["a" | <<"b">>]]}, {"~w", [self()]},
         {"~w", [make_ref()]}, {"~p", [{self(), make_ref()}]}, {"x~", []}, {"~", []},
         {"~w", foo}, {"~w", [a | b]}, {"~-w", [a]}, {"~.10.0B", [5]}, {"~12.4.0B", [-5]},
         {"abc~n~p", [lists:seq(1, 40)]}, {"\t~p", [lists:seq(1, 40)]},
         {"~p~p", [lists:seq(1, 30), lists:seq(1, 30)]},
         {"~s~p", [lists:duplicate(70, $x), {aaaaaaa, bbbbbbbb}]}],
    [f(F, A) || {F, A} <- Cases].

floats() ->
    [begin
         X = st:rand_float(),
         P = st:pick([none, 1, 2, 3, 5, 6, 10, 17, 20, 25]),
         W = st:pick([none, none, 5, 12, 30]),
         [begin
              Fmt = "~" ++ spec(W) ++ prec(P) ++ [C],
              f(Fmt, [X])
          end || C <- "efg"],
         f("~p ~w", [X, X])
     end || _ <- lists:seq(1, 700)].

spec(none) -> "";
spec(W) -> integer_to_list(W).
prec(none) -> "";
prec(P) -> "." ++ integer_to_list(P).

integers() ->
    [begin
         X = st:rand_int(),
         B = st:pick([2, 8, 10, 16, 36, 7]),
         W = st:pick([none, none, 3, 20]),
         [f("~" ++ spec(W) ++ "." ++ integer_to_list(B) ++ [C], [X]) || C <- "bB#+"],
         f("~" ++ spec(W) ++ "." ++ integer_to_list(B) ++ "x", [X, "0x"]),
         f("~" ++ spec(W) ++ "." ++ integer_to_list(B) ++ "X", [X, "$"]),
         f("~w|~p|~" ++ spec(W) ++ "w", [X, X, X])
     end || _ <- lists:seq(1, 300)].

strings() ->
    [begin
         S = case rand:uniform(3) of
                 1 -> st:rand_string();
                 2 -> st:rand_unicode_string();
                 3 -> list_to_binary(st:rand_string())
             end,
         W = st:pick([none, 0, 3, 10]),
         P = st:pick([none, 2, 5]),
         Pad = st:pick(["", ".x", ". "]),
         Adj = st:pick(["", "-"]),
         Spec = Adj ++ spec(W) ++ case {P, Pad} of
                                     {none, ""} -> "";
                                     {none, _} -> "." ++ Pad;
                                     _ -> prec(P) ++ Pad
                                 end,
         f("~" ++ Spec ++ "s|", [S]),
         f("~" ++ Spec ++ "ts|", [S]),
         f("~" ++ Spec ++ "c|", [st:pick([$a, 233, 8364])]),
         f("~p ~tp ~w", [S, S, S])
     end || _ <- lists:seq(1, 400)].

random_terms() ->
    [begin
         T = st:rand_term(rand:uniform(6), rand:uniform(8)),
         D = st:pick([1, 2, 3, 5, 10, 20]),
         f("~p", [T]), f("~tp", [T]), f("~w", [T]), f("~tw", [T]), f("~lp", [T]),
         f("~P", [T, D]), f("~W", [T, D]), f("~tP", [T, D]),
         f("abc: ~p~n", [T])
     end || _ <- lists:seq(1, 1500)],
    %% wide and deep terms for the layout
    [begin
         T = st:rand_term(rand:uniform(4) + 3, 12),
         f("~p", [T]), f("~tp", [T]), f("~P", [T, st:pick([5, 10, 30])])
     end || _ <- lists:seq(1, 400)].

pretty_columns() ->
    [begin
         T = st:rand_term(rand:uniform(5), 8),
         Col = rand:uniform(50),
         Ll = st:pick([40, 60, 80, 81, 100, 132]),
         st:cmp({pretty, T, Col, Ll}, fun st:flat/1,
                fun() -> ferl_io_lib_pretty:print(T, Col, Ll, -1) end,
                fun() -> io_lib_pretty:print(T, Col, Ll, -1) end),
         f("~" ++ integer_to_list(Ll) ++ "p", [T]),
         f("~." ++ integer_to_list(Col) ++ "p", [T])
     end || _ <- lists:seq(1, 500)].

%% As the shell prints results: after the prompt, with line_max_chars 30 and depth 30.
pretty_shell() ->
    L = lists:seq(1, 30) -- [3],
    Fixed = [L, lists:seq(1, 100), {L, L}, lists:seq(1, 12), lists:seq(1, 13),
             [aaaaaaaaaaaaa, bbbbbbbbbbbbbbb], #{aaaaaaaaaaaa => bbbbbbbbbbbbb},
             maps:from_list([{X, X * X} || X <- lists:seq(1, 40)]), list_to_tuple(L),
             {tag, L}, {tagtagtagtag, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
             [list_to_binary(L), L], list_to_binary(lists:seq(1, 60)), [[1, 2 | L]],
             [{a, 1}, {b, 2}, {c, 3}, {d, 4}, {e, 5}, {f, 6}, {g, 7}, {h, 8}, {i, 9}, {j, 10}],
             ["abc", "def", "ghi", "jkl", "mno", "pqr", "stu", "vwx", "yza", "bcd", "efg"],
             "a long string a long string a long string a long string a long string"],
    Random = [st:rand_term(rand:uniform(5), 8) || _ <- lists:seq(1, 600)] ++
        [maps:from_list([{X, X * X} || X <- lists:seq(1, N)]) || N <- [10, 20, 33, 40, 50]],
    [begin
         Col = st:pick([1, 4, 5, 6, 10]),
         Opts = [{column, Col}, {line_length, 80}, {depth, st:pick([30, -1])},
                 {line_max_chars, st:pick([30, 60])}, {strings, true},
                 {encoding, st:pick([latin1, unicode])}],
         st:cmp({pretty_shell, T, Opts}, fun st:flat/1,
                fun() -> ferl_io_lib_pretty:print(T, Opts) end,
                fun() -> io_lib_pretty:print(T, Opts) end)
     end || T <- Fixed ++ Random].

writers() ->
    Atoms = [st:rand_atom() || _ <- lists:seq(1, 50)] ++
        [maybe, else, 'fun', '', 'cond', 'let', 'begin', query, spec, 'A', '_', a@b],
    [begin
         st:cmp({write_atom, A}, fun st:flat/1, fun() -> ferl_io_lib:write_atom(A) end,
                fun() -> io_lib:write_atom(A) end),
         st:cmp({write_atom_as_latin1, A}, fun st:flat/1,
                fun() -> ferl_io_lib:write_atom_as_latin1(A) end,
                fun() -> io_lib:write_atom_as_latin1(A) end)
     end || A <- Atoms],
    Strs = [st:rand_string() || _ <- lists:seq(1, 100)] ++
        [st:rand_unicode_string() || _ <- lists:seq(1, 100)] ++
        [lists:seq(0, 300)],
    [begin
         [st:cmp({Fn, S}, fun st:flat/1, fun() -> ferl_io_lib:Fn(S) end,
                 fun() -> io_lib:Fn(S) end)
          || Fn <- [write_string, write_string_as_latin1, write_latin1_string,
                    printable_list, printable_latin1_list, printable_unicode_list,
                    char_list, deep_char_list, chars_length]],
         st:cmp({write_string2, S}, fun st:flat/1, fun() -> ferl_io_lib:write_string(S, $') end,
                fun() -> io_lib:write_string(S, $') end)
     end || S <- Strs],
    [st:cmp({write_char, C}, fun st:flat/1, fun() -> ferl_io_lib:write_char(C) end,
            fun() -> io_lib:write_char(C) end) || C <- [0, 7, 10, 32, $a, 127, 200, 255, 8364]],
    [st:cmp({write_char_as_latin1, C}, fun st:flat/1,
            fun() -> ferl_io_lib:write_char_as_latin1(C) end,
            fun() -> io_lib:write_char_as_latin1(C) end) || C <- [0, 10, 32, $a, 200, 8364]],
    [st:cmp({write_latin1_char, C}, fun st:flat/1,
            fun() -> ferl_io_lib:write_latin1_char(C) end,
            fun() -> io_lib:write_latin1_char(C) end) || C <- [0, 10, 32, $a, 200, 255, 256]],
    [begin
         T = st:rand_term(4),
         D = st:pick([-1, 1, 2, 3, 7]),
         st:cmp({write, T, D}, fun st:flat/1, fun() -> ferl_io_lib:write(T, D) end,
                fun() -> io_lib:write(T, D) end),
         st:cmp({print, T}, fun st:flat/1, fun() -> ferl_io_lib:print(T) end,
                fun() -> io_lib:print(T) end)
     end || _ <- lists:seq(1, 200)],
    [st:cmp({indentation, S}, fun() -> ferl_io_lib:indentation(S, 3) end,
            fun() -> io_lib:indentation(S, 3) end) || S <- ["abc", "a\tb", "x\ny", "", "\t\t"]],
    ok.

fread() ->
    Cases = [{"~d", "12"}, {"~d ~d", "12"}, {"~d ~d", "12 "}, {"~d~d", "12 34"},
             {"~d", "  -12abc"}, {"~u", "-1"}, {"~-~d", "-5"}, {"~f", "1.5"}, {"~f", "1"},
             {"~f", "1.5e3x"}, {"~s", "  abc def"}, {"~a", "abc"}, {"~c", " x"},
             {"~3c", "abcd"}, {"~3d", "12345"}, {"~*d~d", "12 34"}, {"~l", "abc"},
             {"abc~d", "abc5"}, {"abc~d", "abd5"}, {"~#", "16#ff"}, {"~d", ""}, {"~d", "x"},
             {"~s", ""}, {"a ~d", "a    7"}, {"a ~d", "a7"}, {"~d~~", "5~"}, {"~ts", "ab"},
             {"~e", "1"}, {"~2s", "abc"}, {"~d~n", "5\n"}, {"~10d", "5"}, {"~d\n~d", "1\n2"},
             {"~f", "-1.5"}, {"~f", "+1.5"}, {"~d", "+3"}, {"~s~d", "ab12"}, {" ~d", "5"},
             {"~c", ""}, {"~a~a", "a b"}, {"~d,~d", "1,2"}, {"~f", "2.5E-3 "},
             {"~s ~s", "a\tb\n"}, {"~4f", "1.25"}, {"~u", "007"}],
    [st:cmp({fread, F, S}, fun() -> ferl_io_lib:fread(F, S) end,
            fun() -> io_lib:fread(F, S) end) || {F, S} <- Cases],
    Conts = [{"~d ~d", ["1", " 2\n"]}, {"~d", ["12\n"]}, {"~s", [eof]}, {"~d", ["x\n"]},
             {"~d ~d", ["1\n", "2\n"]}, {"~a", ["abc", eof]}],
    [st:cmp({fread3, F, Ins}, fun() -> feed(fun ferl_io_lib:fread/3, F, Ins) end,
            fun() -> feed(fun io_lib:fread/3, F, Ins) end) || {F, Ins} <- Conts],
    ok.

feed(Fun, F, Ins) -> feed(Fun, F, Ins, []).
feed(_, _, [], _) -> out_of_input;
feed(Fun, F, [I | Is], Cont) ->
    case Fun(Cont, I, F) of
        {done, R, Rest} -> {R, Rest};
        {more, C} -> feed(Fun, F, Is, C)
    end.
