%% Differential tests of string against OTP's (flat lists and binaries).
-module(t_string).
-export([run/0]).

c(F, Args) ->
    st:cmp({string, F, Args}, fun() -> apply(ferl_string, F, Args) end,
           fun() -> apply(string, F, Args) end).

rchar() -> st:pick([$a, $b, $c, $\s, $\s, $,, $-, $\t, $\n, "\r\n", $A, $Z, $0, $9, 233, 201, 223,
                    255, 8364, 955, 931, 1046, 1078, 256, 257, 321, 322, 376, 304, 305, 962]).
rstr() -> lists:flatten([rchar() || _ <- lists:seq(1, rand:uniform(12) - 1)]).
rnum() -> st:pick(["12", "-3ab", "+7", "1.5", "-2.25e3x", "1,5", "abc", "", " 4", "0.5E-2", "1e3",
                   "3.", ".5", "007"]).

run() ->
    [begin
         S0 = rstr(), S = case rand:uniform(3) of 1 -> unicode:characters_to_binary(S0); _ -> S0 end,
         P = st:pick([",", "a", "ab", " ", "-", "\r\n", "\n", [233]]),
         N = rand:uniform(6) - 1,
         [c(F, [S]) || F <- [casefold, chomp, is_empty, length, lowercase, next_codepoint,
                            next_grapheme, reverse, titlecase, to_graphemes, trim, uppercase]],
         c(equal, [S, S0]), c(equal, [S, string:uppercase(S0), true]),
         c(find, [S, P]), c(find, [S, P, trailing]), c(lexemes, [S, " ,"]),
         c(lexemes, [S, [$\s, [$\r, $\n]]]),
         c(nth_lexeme, [S, N + 1, " ,"]), c(pad, [S, N + 3]), c(pad, [S, N + 3, leading]),
         c(pad, [S, N * 2, both, $x]), c(prefix, [S, lists:sublist(S0, 2)]), c(prefix, [S, P]),
         c(replace, [S, P, "XY"]), c(replace, [S, P, "XY", all]), c(replace, [S, P, "", trailing]),
         c(slice, [S, N]), c(slice, [S, N, 2]), c(split, [S, P]), c(split, [S, P, all]),
         c(split, [S, P, trailing]), c(take, [S, "abc "]), c(take, [S, "abc ", true]),
         c(take, [S, "abc ", false, trailing]), c(trim, [S, leading]), c(trim, [S, trailing, "a "]),
         c(to_integer, [rnum()]), c(to_float, [rnum()]),
         c(to_integer, [unicode:characters_to_binary(rnum())]),
         L = [C || C <- S0, C < 256],
         [c(F, [L]) || F <- [len, to_lower, to_upper, strip, words]],
         c(chr, [L, $a]), c(rchr, [L, $a]), c(str, [L, "ab"]), c(rstr, [L, "a"]),
         c(span, [L, "ab"]), c(cspan, [L, " "]), c(substr, [L, N + 1]), c(substr, [L, N + 1, 2]),
         c(sub_string, [L, N + 1, N + 3]), c(tokens, [L, " ,"]), c(chars, [$x, N]),
         c(chars, [$x, N, "tail"]), c(copies, [L, N]), c(words, [L, $a]),
         c(sub_word, [L, N + 1]), c(sub_word, [L, 2, $a]), c(strip, [L, left]),
         c(strip, [L, right, $a]), c(left, [L, N + 2]), c(left, [L, N, $.]), c(right, [L, N + 2]),
         c(right, [L, N, $.]), c(centre, [L, N + 3]), c(centre, [L, N, $*]),
         c(join, [[L, "x", L], ", "]), c(concat, [L, "z"])
     end || _ <- lists:seq(1, 600)],
    ok.
