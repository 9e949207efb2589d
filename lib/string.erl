%% string: the OTP 20+ Unicode string API and the obsolete Latin-1 one (Ferl's own).
%%
%% Unicode API: casefold/1, chomp/1, equal/2,3,4, find/2,3, is_empty/1, length/1,
%% lexemes/2, lowercase/1, next_codepoint/1, next_grapheme/1, nth_lexeme/3, pad/2,3,4,
%% prefix/2, replace/3,4, reverse/1, slice/2,3, split/2,3, take/2,3,4, titlecase/1,
%% to_float/1, to_graphemes/1, to_integer/1, trim/1,2,3, uppercase/1.
%% Obsolete API: centre/2,3, chars/2,3, chr/2, concat/2, copies/2, cspan/2, join/2,
%% left/2,3, len/1, rchr/2, right/2,3, rstr/2, span/2, str/2, strip/1,2,3, sub_string/2,3,
%% sub_word/2,3, substr/2,3, to_lower/1, to_upper/1, tokens/2, words/1,2.
%%
%% Approximations, documented: a grapheme cluster is a code point, except CR LF which is
%% one grapheme (combining marks are not joined; a lone CR before another character in a
%% binary makes OTP return a list from slice/2,3, Ferl a binary); case mapping (uppercase, lowercase,
%% titlecase, casefold) covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (see
%% string_case), other characters are left unchanged; normalization forms are not
%% applied in equal/4. A flat string or a binary in gives the same type out, as in OTP;
%% deeper chardata is flattened to a list first (OTP keeps some of its structure).
-module(string).

-export([casefold/1, chomp/1, equal/2, equal/3, equal/4, find/2, find/3, is_empty/1,
         length/1, lexemes/2, lowercase/1, next_codepoint/1, next_grapheme/1,
         nth_lexeme/3, pad/2, pad/3, pad/4, prefix/2, replace/3, replace/4, reverse/1,
         slice/2, slice/3, split/2, split/3, take/2, take/3, take/4, titlecase/1,
         to_float/1, to_graphemes/1, to_integer/1, trim/1, trim/2, trim/3, uppercase/1]).
-export([centre/2, centre/3, chars/2, chars/3, chr/2, concat/2, copies/2, cspan/2,
         join/2, left/2, left/3, len/1, rchr/2, right/2, right/3, rstr/2, span/2, str/2,
         strip/1, strip/2, strip/3, sub_string/2, sub_string/3, sub_word/2, sub_word/3,
         substr/2, substr/3, to_lower/1, to_upper/1, tokens/2, words/1, words/2]).

-compile({no_auto_import, [length/1]}).

%% ---------------------------------------------------------------- representation

%% {Type, Chars}: binary inputs come back as binaries, anything else as lists.
in(B) when is_binary(B) ->
    case unicode:characters_to_list(B) of
        L when is_list(L) -> {bin, L};
        _ -> erlang:error(badarg)
    end;
in(L) when is_list(L) ->
    case flat_chars(L) of
        true -> {list, L};
        false ->
            case unicode:characters_to_list(L) of
                R when is_list(R) -> {list, R};
                _ -> erlang:error(badarg)
            end
    end.

flat_chars([C | T]) when is_integer(C) -> flat_chars(T);
flat_chars([]) -> true;
flat_chars(_) -> false.

chars(S) -> element(2, in(S)).

out(bin, L) -> unicode:characters_to_binary(L);
out(list, L) -> L.

%% Graphemes: code points, except CR LF.
graphemes([$\r, $\n | T]) -> [[$\r, $\n] | graphemes(T)];
graphemes([C | T]) -> [C | graphemes(T)];
graphemes([]) -> [].

glen(L) -> glen(L, 0).
glen([$\r, $\n | T], N) -> glen(T, N + 1);
glen([_ | T], N) -> glen(T, N + 1);
glen([], N) -> N.

%% Split after N graphemes.
gsplit(L, N) -> gsplit(L, N, []).
gsplit(L, 0, Acc) -> {lists:reverse(Acc), L};
gsplit([$\r, $\n | T], N, Acc) -> gsplit(T, N - 1, [$\n, $\r | Acc]);
gsplit([C | T], N, Acc) -> gsplit(T, N - 1, [C | Acc]);
gsplit([], _, Acc) -> {lists:reverse(Acc), []}.

%% ---------------------------------------------------------------- Unicode API

length(S) -> glen(chars(S)).

is_empty(S) -> chars(S) =:= [].

to_graphemes(S) -> graphemes(chars(S)).

equal(A, B) -> chars(A) =:= chars(B).
equal(A, B, false) -> equal(A, B);
equal(A, B, true) -> casefold(chars(A)) =:= casefold(chars(B)).
equal(A, B, IgnoreCase, _Norm) -> equal(A, B, IgnoreCase).

reverse(S) -> lists:reverse(graphemes(chars(S))).

slice(S, Start) -> slice(S, Start, infinity).
slice(S, Start, Len) when is_integer(Start), Start >= 0,
                          Len =:= infinity orelse is_integer(Len) andalso Len >= 0 ->
    {T, L} = in(S),
    {_, Rest} = gsplit(L, Start),
    R = case Len of
            infinity -> Rest;
            _ -> element(1, gsplit(Rest, Len))
        end,
    out(T, R).

pad(S, Len) -> pad(S, Len, trailing, $\s).
pad(S, Len, Dir) -> pad(S, Len, Dir, $\s).
pad(S, Len, Dir, Char) when is_integer(Len), Len >= 0 ->
    N = max(0, Len - glen(chars(S))),
    if Dir =:= trailing -> [S | lists:duplicate(N, Char)];
       Dir =:= leading -> [lists:duplicate(N, Char), S];
       Dir =:= both ->
            Half = lists:duplicate(N div 2, Char),
            [Half, S, Half | lists:duplicate(N rem 2, Char)]
    end.

trim(S) -> trim(S, both).
trim(S, Dir) -> trim(S, Dir, [[$\r, $\n] | whitespace()]).
trim(S, Dir, Seps) ->
    {T, L} = in(S),
    out(T, trim_l(Dir, L, sep_set(Seps))).

trim_l(leading, L, Seps) -> drop_seps(L, Seps);
trim_l(trailing, L, Seps) -> lists:reverse(drop_seps_rev(lists:reverse(L), Seps));
trim_l(both, L, Seps) -> trim_l(trailing, trim_l(leading, L, Seps), Seps).

whitespace() -> [$\s, $\t, $\n, $\v, $\f, $\r, 16#85, 16#200E, 16#200F, 16#2028, 16#2029].

%% Separators: a list of characters (or CR LF pairs).
sep_set(Seps) -> Seps.

is_sep(C, Seps) -> lists:member(C, Seps).

drop_seps([$\r, $\n | T] = L, Seps) ->
    case is_sep([$\r, $\n], Seps) of
        true -> drop_seps(T, Seps);
        false -> L
    end;
drop_seps([C | T] = L, Seps) ->
    case is_sep(C, Seps) of
        true -> drop_seps(T, Seps);
        false -> L
    end;
drop_seps([], _) -> [].

drop_seps_rev([$\n, $\r | T] = L, Seps) ->
    case is_sep([$\r, $\n], Seps) of
        true -> drop_seps_rev(T, Seps);
        false -> L
    end;
drop_seps_rev([C | T] = L, Seps) ->
    case is_sep(C, Seps) of
        true -> drop_seps_rev(T, Seps);
        false -> L
    end;
drop_seps_rev([], _) -> [].

chomp(S) ->
    {T, L} = in(S),
    out(T, lists:reverse(chomp_rev(lists:reverse(L)))).
chomp_rev([$\n, $\r | R]) -> chomp_rev(R);
chomp_rev([$\n | R]) -> chomp_rev(R);
chomp_rev(R) -> R.

take(S, Chars) -> take(S, Chars, false, leading).
take(S, Chars, Complement) -> take(S, Chars, Complement, leading).
take(S, Chars, Complement, Dir) ->
    {T, L} = in(S),
    Sel = fun(C) -> lists:member(C, Chars) =/= Complement end,
    case Dir of
        leading ->
            {A, B} = lists:splitwith(Sel, L),
            {out(T, A), out(T, B)};
        trailing ->
            {B, A} = lists:splitwith(Sel, lists:reverse(L)),
            {out(T, lists:reverse(A)), out(T, lists:reverse(B))}
    end.

lexemes(S, Seps) ->
    {T, L} = in(S),
    [out(T, X) || X <- lexemes_l(L, Seps, [], []), X =/= []].

lexemes_l([$\r, $\n | Cs] = L, Seps, Cur, Acc) ->
    case is_sep([$\r, $\n], Seps) of
        true -> lexemes_l(Cs, Seps, [], [lists:reverse(Cur) | Acc]);
        false -> lexemes_1(L, Seps, Cur, Acc)
    end;
lexemes_l(L, Seps, Cur, Acc) -> lexemes_1(L, Seps, Cur, Acc).

lexemes_1([C | Cs], Seps, Cur, Acc) ->
    case is_sep(C, Seps) of
        true -> lexemes_l(Cs, Seps, [], [lists:reverse(Cur) | Acc]);
        false -> lexemes_l(Cs, Seps, [C | Cur], Acc)
    end;
lexemes_1([], _, Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]).

nth_lexeme(S, N, Seps) when is_integer(N), N > 0 ->
    Ls = lexemes(S, Seps),
    case erlang:length(Ls) >= N of
        true -> lists:nth(N, Ls);
        false -> out(element(1, in(S)), [])
    end.

split(S, Pattern) -> split(S, Pattern, leading).
split(S, Pattern, Where) ->
    {T, L} = in(S),
    P = chars(Pattern),
    Parts = case P of
                [] -> [L];
                _ -> split_l(L, P, Where)
            end,
    [out(T, X) || X <- Parts].

split_l(L, P, leading) ->
    case find_l(L, P, []) of
        {Before, After} -> [Before, After];
        nomatch -> [L]
    end;
split_l(L, P, trailing) ->
    case find_last(L, P) of
        {Before, After} -> [Before, After];
        nomatch -> [L]
    end;
split_l(L, P, all) ->
    case find_l(L, P, []) of
        {Before, After} -> [Before | split_l(After, P, all)];
        nomatch -> [L]
    end.

%% {Before, AfterPattern} for the first occurrence of P in L that does not cut a CR LF.
find_l(L, P, Acc) ->
    case lists:prefix(P, L) andalso boundary([], P, L) of
        true -> {lists:reverse(Acc), lists:nthtail(erlang:length(P), L)};
        false ->
            case L of
                [C | T] -> find_l(T, P, [C | Acc]);
                [] -> nomatch
            end
    end.

find_last(L, P) ->
    case find_l(lists:reverse(L), lists:reverse(P), []) of
        {RevAfter, RevBefore} -> {lists:reverse(RevBefore), lists:reverse(RevAfter)};
        nomatch -> nomatch
    end.

replace(S, Pattern, Replacement) -> replace(S, Pattern, Replacement, leading).
replace(S, Pattern, Replacement, Where) ->
    lists:join(Replacement, split(S, Pattern, Where)).

find(S, Pattern) -> find(S, Pattern, leading).
find(S, Pattern, Dir) ->
    {T, L} = in(S),
    P = chars(Pattern),
    R = case {P, Dir} of
            {[], _} -> {ok, L};
            {_, leading} ->
                case find_l(L, P, []) of
                    {Before, _} -> {ok, lists:nthtail(erlang:length(Before), L)};
                    nomatch -> nomatch
                end;
            {_, trailing} ->
                case find_last(L, P) of
                    {Before, _} -> {ok, lists:nthtail(erlang:length(Before), L)};
                    nomatch -> nomatch
                end
        end,
    case R of
        {ok, X} -> out(T, X);
        nomatch -> nomatch
    end.

%% A match of P at the head of L (Before reversed before it) must not split CR LF.
boundary([$\r | _], [$\n | _], _) -> false;
boundary(_, P, L) ->
    case {lists:last(P), lists:nthtail(erlang:length(P), L)} of
        {$\r, [$\n | _]} -> false;
        _ -> true
    end.

prefix(S, Prefix) ->
    {T, L} = in(S),
    P = chars(Prefix),
    case lists:prefix(P, L) andalso (P =:= [] orelse boundary([], P, L)) of
        true -> out(T, lists:nthtail(erlang:length(P), L));
        false -> nomatch
    end.

next_grapheme(S) ->
    {T, L} = in(S),
    case L of
        [$\r, $\n | R] -> [[$\r, $\n] | out(T, R)];
        [C | R] -> [C | out(T, R)];
        [] -> []
    end.

next_codepoint(S) ->
    {T, L} = in(S),
    case L of
        [C | R] -> [C | out(T, R)];
        [] -> []
    end.

uppercase(S) -> map_case(S, fun string_case:upper/1).
lowercase(S) -> map_case(S, fun string_case:lower/1).
casefold(S) -> map_case(S, fun string_case:fold/1).

titlecase(S) ->
    {T, L} = in(S),
    case L of
        [C | R] -> out(T, string_case:title(C) ++ R);
        [] -> out(T, [])
    end.

map_case(S, F) ->
    {T, L} = in(S),
    out(T, lists:flatmap(F, L)).

to_integer(S) ->
    {T, L} = in(S),
    {Sign, L1} = case L of
                     [$- | R] -> {-1, R};
                     [$+ | R] -> {1, R};
                     _ -> {1, L}
                 end,
    case lists:splitwith(fun is_digit/1, L1) of
        {[], _} -> {error, no_integer};
        {Ds, Rest} -> {Sign * list_to_integer(Ds), out(T, Rest)}
    end.

to_float(S) ->
    {T, L} = in(S),
    {Sign, L1} = case L of
                     [$- | R] -> {-1, R};
                     [$+ | R] -> {1, R};
                     _ -> {1, L}
                 end,
    case lists:splitwith(fun is_digit/1, L1) of
        {[_ | _] = I, [Dot | R1]} when Dot =:= $.; Dot =:= $, ->
            case lists:splitwith(fun is_digit/1, R1) of
                {[_ | _] = F, R2} ->
                    {Exp, Rest} = exponent(R2),
                    {Sign * list_to_float(I ++ "." ++ F ++ Exp), out(T, Rest)};
                _ -> {error, no_float}
            end;
        _ -> {error, no_float}
    end.

exponent([E | R] = L) when E =:= $e; E =:= $E ->
    {S, R1} = case R of
                  [$- | X] -> {"-", X};
                  [$+ | X] -> {"+", X};
                  _ -> {"", R}
              end,
    case lists:splitwith(fun is_digit/1, R1) of
        {[_ | _] = Ds, R2} -> {"e" ++ S ++ Ds, R2};
        _ -> {"", L}
    end;
exponent(L) -> {"", L}.

is_digit(C) -> C >= $0 andalso C =< $9.

%% ---------------------------------------------------------------- obsolete API

len(S) -> erlang:length(S).

concat(A, B) -> A ++ B.

chr(S, C) -> chr(S, C, 1).
chr([C | _], C, I) -> I;
chr([_ | T], C, I) -> chr(T, C, I + 1);
chr([], _, _) -> 0.

rchr(S, C) -> rchr(S, C, 1, 0).
rchr([C | T], C, I, _) -> rchr(T, C, I + 1, I);
rchr([_ | T], C, I, L) -> rchr(T, C, I + 1, L);
rchr([], _, _, L) -> L.

str(S, Sub) -> str(S, Sub, 1).
str([C | S], [C | Sub], I) ->
    case lists:prefix(Sub, S) of
        true -> I;
        false -> str(S, [C | Sub], I + 1)
    end;
str([_ | S], Sub, I) -> str(S, Sub, I + 1);
str([], _, _) -> 0.

rstr(S, Sub) -> rstr(S, Sub, 1, 0).
rstr([C | S], [C | Sub], I, L) ->
    case lists:prefix(Sub, S) of
        true -> rstr(S, [C | Sub], I + 1, I);
        false -> rstr(S, [C | Sub], I + 1, L)
    end;
rstr([_ | S], Sub, I, L) -> rstr(S, Sub, I + 1, L);
rstr([], _, _, L) -> L.

span(S, Cs) -> erlang:length(element(1, lists:splitwith(fun(C) -> lists:member(C, Cs) end, S))).
cspan(S, Cs) -> erlang:length(element(1, lists:splitwith(fun(C) -> not lists:member(C, Cs) end, S))).

substr(S, Start) when is_integer(Start), Start >= 1 -> substr2(S, Start).
substr(S, Start, Len) when is_integer(Start), Start >= 1, is_integer(Len), Len >= 0 ->
    lists:sublist(substr2(S, Start), Len).

substr2(S, 1) -> S;
substr2([_ | S], N) -> substr2(S, N - 1).

sub_string(S, Start) -> substr(S, Start).
sub_string(S, Start, Stop) -> substr(S, Start, Stop - Start + 1).

tokens(S, Seps) -> [T || T <- lexemes_l(S, Seps, [], []), T =/= []].

chars(C, N) -> chars(C, N, []).
chars(C, N, Tail) when is_integer(N), N >= 0 -> lists:duplicate(N, C) ++ Tail.

copies(S, N) when is_integer(N), N >= 0 -> lists:append(lists:duplicate(N, S)).

words(S) -> words(S, $\s).
words(S, C) -> max(1, erlang:length(tokens(S, [C]))).

sub_word(S, N) -> sub_word(S, N, $\s).
sub_word(S, N, C) when is_integer(N), N >= 1 ->
    case tokens(S, [C]) of
        Ws when erlang:length(Ws) >= N -> lists:nth(N, Ws);
        _ -> []
    end.

strip(S) -> strip(S, both).
strip(S, Dir) -> strip(S, Dir, $\s).
strip(S, left, C) -> lists:dropwhile(fun(X) -> X =:= C end, S);
strip(S, right, C) -> lists:reverse(strip(lists:reverse(S), left, C));
strip(S, both, C) -> strip(strip(S, left, C), right, C).

left(S, N) -> left(S, N, $\s).
left(S, N, C) when is_integer(N), N >= 0 ->
    L = erlang:length(S),
    if L >= N -> lists:sublist(S, N);
       true -> S ++ lists:duplicate(N - L, C)
    end.

right(S, N) -> right(S, N, $\s).
right(S, N, C) when is_integer(N), N >= 0 ->
    L = erlang:length(S),
    if L >= N -> lists:nthtail(L - N, S);
       true -> lists:duplicate(N - L, C) ++ S
    end.

centre(S, N) -> centre(S, N, $\s).
centre(S, 0, _) when is_list(S) -> [];
centre(S, N, C) when is_integer(N), N > 0 ->
    L = erlang:length(S),
    if L > N -> lists:sublist(S, (L - N) div 2 + 1, N);
       true ->
            Left = (N - L) div 2,
            lists:duplicate(Left, C) ++ S ++ lists:duplicate(N - L - Left, C)
    end.

join([], _) -> [];
join([H | T], Sep) -> H ++ lists:append([Sep ++ X || X <- T]).

to_lower(S) when is_list(S) -> [string_case:latin1_lower(C) || C <- S];
to_lower(C) when is_integer(C) -> string_case:latin1_lower(C).

to_upper(S) when is_list(S) -> [string_case:latin1_upper(C) || C <- S];
to_upper(C) when is_integer(C) -> string_case:latin1_upper(C).
