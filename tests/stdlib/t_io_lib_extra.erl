%% io_lib's format lists (scan_format/unscan_format/build_text), prompts and the
%% collect_* helpers of io servers, compared with OTP's.
-module(t_io_lib_extra).
-export([run/0]).

c(F, Args) ->
    st:cmp({io_lib, F, Args}, fun() -> flat(apply(ferl_io_lib, F, Args)) end,
           fun() -> flat(apply(io_lib, F, Args)) end).

flat(L) when is_list(L) ->
    try lists:flatten(L) catch _:_ -> L end;
flat(X) -> X.

run() ->
    Fmts = [{"a~p~-10.3.xs~n~*w~ts", [x, "str", 5, y, "u"]}, {"~w~~~c", [1, $a]},
            {"~10.5e|~-12f|~.3g", [1.5, 2.25, 3.0]}, {"~lp ~tlp ~.2p", [[65], [66], {a, b}]},
            {"~*.*.0f", [10, 2, 3.14159]}, {"~..xs", ["ab"]}, {"~10..*s", ["ab"]},
            {<<"~w">>, [bin]}, {abc, []}, {"~i~w", [skip, shown]}, {"~#~+", [255, 256]},
            {"~w", []}, {"~q", [1]}],
    [begin
         c(scan_format, [F, A]),
         case catch io_lib:scan_format(F, A) of
             L when is_list(L) ->
                 c(unscan_format, [L]), c(build_text, [L]);
             _ -> ok
         end
     end || {F, A} <- Fmts],
    [c(format_prompt, [P]) || P <- ["abc> ", abc, <<"bin> ">>, {format, "~w> ", [1]}, 42,
                                    {a, b}, ["deep", [$>]], '', [1046], <<208, 150>>,
                                    [a, "b"], "x" ++ [300]]],
    [c(format_prompt, [P, E]) || P <- [[1046], <<208, 150>>, 'a\x{416}', "ab", {1046}],
                                 E <- [latin1, unicode]],
    c(write_unicode_string, [[1046, $a]]), c(write_unicode_char, [1046]),
    S1 = io_lib:collect_line([], "abc", latin1, x),
    [c(collect_line, A) || A <- [[[], "abc\ndef", latin1, x], [[], "abc", latin1, x],
                                 [S1, "de\nfg", latin1, x], [S1, eof, latin1, x],
                                 [[], eof, latin1, x], [[], <<"ab\ncd">>, latin1, x],
                                 [[], <<"ab\ncd">>, unicode, x], [[], "ab\r\ncd", latin1, x],
                                 [[], <<"ab\r\ncd">>, unicode, x], [start, "abc\ndef", latin1, x],
                                 [start, <<"abc\r\ndef">>, latin1, x], [start, <<"\nx">>, latin1, x],
                                 [start, <<"abc">>, latin1, x], [start, "abc", latin1, x],
                                 [[], "abc\ndef", x], [start, <<208, 150, $\n>>, unicode, x]]],
    {more, S2} = io_lib:collect_chars([], "ab", latin1, 3),
    [c(collect_chars, A) || A <- [[[], "abcdef", latin1, 3], [[], "ab", latin1, 3],
                                  [S2, "cdef", latin1, 3], [S2, eof, latin1, 3],
                                  [[], eof, latin1, 3], [start, <<"abcdef">>, unicode, 3],
                                  [start, <<"abcdef">>, latin1, 3], [start, "abcdef", 3],
                                  [[], "abcdef", 3], [start, <<"ab">>, latin1, 3],
                                  [start, "ab", latin1, 3], [start, <<208, 150, 208, 151>>, unicode, 1],
                                  [[], <<"abcd">>, latin1, 2], [[], "abc", latin1, 3]]],
    B = io_lib:collect_chars(start, <<"ab">>, latin1, 3),
    L = io_lib:collect_chars(start, "ab", latin1, 3),
    U = io_lib:collect_chars(start, <<208, 150>>, unicode, 2),
    [c(collect_chars, A) || A <- [[B, <<"cdef">>, latin1, 3], [B, <<"c">>, latin1, 3],
                                  [B, eof, latin1, 3], [start, eof, latin1, 3],
                                  [L, "cdef", latin1, 3], [L, "c", latin1, 3], [L, eof, latin1, 3],
                                  [U, <<208, 151, $x>>, unicode, 2], [start, <<"abc">>, latin1, 3],
                                  [start, "abc", latin1, 3]]],
    CL = io_lib:collect_line(start, <<"abc">>, latin1, x),
    CR = io_lib:collect_line(start, <<"ab\r">>, latin1, x),
    [c(collect_line, A) || A <- [[CL, <<"de\nfg">>, latin1, x], [CL, <<"de">>, latin1, x],
                                 [CL, eof, latin1, x], [start, eof, latin1, x],
                                 [start, <<"ab\r">>, latin1, x], [CR, <<"\nc">>, latin1, x],
                                 [start, <<208, 150, "\n">>, unicode, x],
                                 [start, [1046, $\n], unicode, x], [[<<"ab">>], <<"\r\ncd">>, latin1, x],
                                 [start, <<"\r">>, latin1, x], [start, <<"a\r\r">>, latin1, x],
                                 [start, <<>>, latin1, x]]],
    ok.
