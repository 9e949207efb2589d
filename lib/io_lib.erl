%% io_lib: formatting terms into character lists (Ferl's own implementation).
%%
%% Covers OTP 25's documented API: format/2,3 and fwrite/2,3 (the directives themselves are
%% in io_lib_format, the ~p layout in io_lib_pretty), write/1,2,3, print/1,4,
%% write_atom/1, write_atom_as_latin1/1, write_string/1,2, write_latin1_string/1,2,
%% write_string_as_latin1/1,2, write_char/1, write_latin1_char/1, write_char_as_latin1/1,
%% nl/0, indentation/2, chars_length/1, char_list/1, deep_char_list/1,
%% deep_latin1_char_list/1, latin1_char_list/1, deep_unicode_char_list/1,
%% printable_list/1, printable_latin1_list/1, printable_unicode_list/1, fread/2,3
%% (in io_lib_fread) and quote_atom/2.
%% Not covered: the chars_limit option (accepted and ignored), scan_format/unscan_format/
%% build_text, limit_term/2, collect_line/collect_chars (the io server has its own).
-module(io_lib).

-export([format/2, format/3, fwrite/2, fwrite/3, write/1, write/2, write/3,
         print/1, print/4, write_atom/1, write_atom_as_latin1/1, quote_atom/2,
         write_string/1, write_string/2, write_latin1_string/1, write_latin1_string/2,
         write_string_as_latin1/1, write_string_as_latin1/2,
         write_char/1, write_latin1_char/1, write_char_as_latin1/1,
         nl/0, indentation/2, chars_length/1,
         char_list/1, deep_char_list/1, latin1_char_list/1, deep_latin1_char_list/1,
         deep_unicode_char_list/1,
         printable_list/1, printable_latin1_list/1, printable_unicode_list/1,
         fread/2, fread/3, write_binary/3,
         scan_format/2, unscan_format/1, build_text/1, build_text/2,
         write_unicode_char/1, write_unicode_string/1, format_prompt/1, format_prompt/2,
         collect_line/3, collect_line/4, collect_chars/3, collect_chars/4]).

%% ---------------------------------------------------------------- format

format(Format, Args) -> fwrite(Format, Args).
format(Format, Args, Opts) -> fwrite(Format, Args, Opts).

fwrite(Format, Args) ->
    try io_lib_format:fwrite(Format, Args)
    catch _:_ -> erlang:error(badarg, [Format, Args])
    end.

fwrite(Format, Args, Opts) ->
    try io_lib_format:fwrite(Format, Args, Opts)
    catch _:_ -> erlang:error(badarg, [Format, Args, Opts])
    end.

print(Term) -> io_lib_pretty:print(Term).
print(Term, Column, LineLength, Depth) ->
    io_lib_pretty:print(Term, Column, LineLength, Depth).

fread(Format, Chars) -> io_lib_fread:fread(Format, Chars).
fread(Cont, Chars, Format) -> io_lib_fread:fread(Cont, Chars, Format).

nl() -> "\n".

%% ---------------------------------------------------------------- write (~w)

write(Term) -> write(Term, -1, latin1).

write(Term, Depth) when is_integer(Depth) -> write(Term, Depth, latin1);
write(Term, Opts) when is_list(Opts) ->
    Depth = proplists:get_value(depth, Opts, -1),
    Enc = proplists:get_value(encoding, Opts, latin1),
    write(Term, Depth, Enc).

write(Term, Depth, Enc) when is_integer(Depth) -> w(Term, Depth, Enc).

w(_, 0, _) -> "...";
w(T, _, _) when is_integer(T) -> integer_to_list(T);
w(T, _, _) when is_float(T) -> io_lib_format:fwrite_g(T);
w(T, _, latin1) when is_atom(T) -> write_atom_as_latin1(T);
w(T, _, _) when is_atom(T) -> write_atom(T);
w(T, _, _) when is_pid(T) -> pid_to_list(T);
w(T, _, _) when is_port(T) -> erlang:port_to_list(T);
w(T, _, _) when is_reference(T) -> erlang:ref_to_list(T);
w(T, _, _) when is_function(T) -> erlang:fun_to_list(T);
w(T, D, E) when is_list(T) -> w_list(T, D, E);
w(T, D, E) when is_tuple(T) -> w_tuple(T, D, E);
w(T, D, E) when is_map(T) -> w_map(T, D, E);
w(T, D, _) when is_bitstring(T) -> write_binary(T, D, []).

w_list([], _, _) -> "[]";
w_list(_, 1, _) -> "[...]";
w_list([H | T], D, E) -> [$[, w(H, D - 1, E), w_tail(T, D - 1, E), $]].

w_tail([], _, _) -> [];
w_tail(_, 1, _) -> "|...";
w_tail([H | T], D, E) -> [$,, w(H, D - 1, E) | w_tail(T, D - 1, E)];
w_tail(Other, D, E) -> [$|, w(Other, D - 1, E)].

w_tuple({}, _, _) -> "{}";
w_tuple(_, 1, _) -> "{...}";
w_tuple(T, D, E) ->
    [H | Rest] = tuple_to_list(T),
    [${, w(H, D - 1, E), w_elems(Rest, D - 1, E), $}].

w_elems([], _, _) -> [];
w_elems(_, 1, _) -> ",...";
w_elems([H | T], D, E) -> [$,, w(H, D - 1, E) | w_elems(T, D - 1, E)].

w_map(M, _, _) when map_size(M) =:= 0 -> "#{}";
w_map(_, 1, _) -> "#{}";
w_map(M, D, E) ->
    Pairs = map_iter_order(M),
    ["#{", w_pairs(Pairs, D - 1, D - 1, E), $}].

w_pairs([], _, _, _) -> [];
w_pairs(_, 0, _, _) -> "...";
w_pairs([{K, V} | T], N, D, E) ->
    Pair = [w(K, D, E), " => ", w(V, D, E)],
    case {T, N - 1} of
        {[], 0} -> [Pair, ",..."];
        {[], _} -> [Pair];
        {_, 0} -> [Pair, ",..."];
        _ -> [Pair, $, | w_pairs(T, N - 1, D, E)]
    end.

%% <<1,2,3:3>>; Depth limits the number of segments.
write_binary(B, D, _) ->
    [$<, $<, bin_body(B, D), $>, $>].

bin_body(<<>>, _) -> [];
bin_body(_, 1) -> "...";
bin_body(<<X:8>>, _) -> integer_to_list(X);
bin_body(<<X:8, Rest/bitstring>>, D) ->
    [integer_to_list(X), $, | bin_body(Rest, D - 1)];
bin_body(B, _) ->
    N = bit_size(B),
    <<X:N>> = B,
    [integer_to_list(X), $:, integer_to_list(N)].

%% ---------------------------------------------------------------- atoms

write_atom(A) -> write_possibly_quoted_atom(A, fun write_string/2).

write_atom_as_latin1(A) -> write_possibly_quoted_atom(A, fun write_string_as_latin1/2).

write_possibly_quoted_atom(A, PFun) ->
    Chars = atom_to_list(A),
    case quote_atom(A, Chars) of
        true -> PFun(Chars, $');
        false -> Chars
    end.

%% True if the atom must be quoted to read back as itself.
quote_atom(A, Chars) ->
    case Chars of
        [C | Cs] ->
            not (lower_start(C) andalso lists:all(fun name_char/1, Cs))
                orelse reserved_word(A);
        [] -> true
    end.

lower_start(C) -> (C >= $a andalso C =< $z) orelse (C >= 223 andalso C =< 255 andalso C =/= 247).

name_char(C) when C >= $a, C =< $z -> true;
name_char(C) when C >= $A, C =< $Z -> true;
name_char(C) when C >= $0, C =< $9 -> true;
name_char($_) -> true;
name_char($@) -> true;
name_char(C) when C >= 192, C =< 255, C =/= 215, C =/= 247 -> true;
name_char(_) -> false.

reserved_word(A) ->
    lists:member(A, ['after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl',
                     'bsr', 'bxor', 'case', 'catch', 'cond', 'div', 'end', 'fun', 'if',
                     'let', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when',
                     'xor']).

%% ---------------------------------------------------------------- strings

write_string(S) -> write_string(S, $").
write_string(S, Q) -> [Q | write_chars(S, Q, unicode)].

write_latin1_string(S) -> write_latin1_string(S, $").
write_latin1_string(S, Q) -> [Q | write_chars(S, Q, latin1)].

write_string_as_latin1(S) -> write_string_as_latin1(S, $").
write_string_as_latin1(S, Q) -> [Q | write_chars(S, Q, as_latin1)].

write_chars([], Q, _) -> [Q];
write_chars([C | Cs], Q, Mode) -> escape(C, Q, Mode) ++ write_chars(Cs, Q, Mode).

escape(Q, Q, _) -> [$\\, Q];
escape($\\, _, _) -> "\\\\";
escape($\b, _, _) -> "\\b";
escape($\t, _, _) -> "\\t";
escape($\n, _, _) -> "\\n";
escape($\v, _, _) -> "\\v";
escape($\f, _, _) -> "\\f";
escape($\r, _, _) -> "\\r";
escape($\e, _, _) -> "\\e";
escape(127, _, _) -> "\\d";
escape(C, _, _) when C >= 0, C < 32; C >= 128, C < 160 -> octal(C);
escape(C, _, _) when C < 256 -> [C];
escape(C, _, as_latin1) -> "\\x{" ++ integer_to_list(C, 16) ++ "}";
escape(C, _, latin1) when C > 255 -> erlang:error(function_clause);
escape(C, _, _) -> [C].

octal(C) -> [$\\, $0 + (C bsr 6) band 7, $0 + (C bsr 3) band 7, $0 + C band 7].

write_char($\s) -> "$\\s";
write_char(C) when is_integer(C), C >= 0 -> [$$ | escape(C, -1, unicode)].

%% As erl: only write_char/1 writes a space as $\s.
write_latin1_char(C) when is_integer(C), C >= 0, C =< 255 -> [$$ | escape(C, -1, unicode)].

write_char_as_latin1(C) when is_integer(C), C >= 0 -> [$$ | escape(C, -1, as_latin1)].

%% ---------------------------------------------------------------- char lists

char_list(L) -> unicode_list(L, false).
latin1_char_list(L) -> latin1_list(L, false).
deep_char_list(L) -> unicode_list(L, true).
deep_latin1_char_list(L) -> latin1_list(L, true).

latin1_list([], _) -> true;
latin1_list([C | Cs], Deep) when is_integer(C), C >= 0, C =< 255 -> latin1_list(Cs, Deep);
latin1_list([L | Cs], true) when is_list(L) ->
    latin1_list(L, true) andalso latin1_list(Cs, true);
latin1_list(_, _) -> false.

unicode_list([], _) -> true;
unicode_list([C | Cs], Deep) when is_integer(C), C >= 0, C < 16#D800;
                                  is_integer(C), C > 16#DFFF, C < 16#110000 ->
    unicode_list(Cs, Deep);
unicode_list([L | Cs], true) when is_list(L) ->
    unicode_list(L, true) andalso unicode_list(Cs, true);
unicode_list(_, _) -> false.

deep_unicode_char_list(L) -> unicode_list(L, true).

%% ---------------------------------------------------------------- printable

printable_list(L) ->
    case io:printable_range() of
        unicode -> printable_unicode_list(L);
        _ -> printable_latin1_list(L)
    end.

printable_latin1_list([C | Cs]) when is_integer(C), C >= $\s, C =< $~ -> printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when is_integer(C), C >= 160, C =< 255 -> printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v;
                                     C =:= $\b; C =:= $\f; C =:= $\e ->
    printable_latin1_list(Cs);
printable_latin1_list([]) -> true;
printable_latin1_list(_) -> false.

printable_unicode_list([C | Cs]) when is_integer(C), C >= $\s, C =< $~ -> printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when is_integer(C), C >= 160, C < 16#D800;
                                      is_integer(C), C > 16#DFFF, C < 16#FFFE;
                                      is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v;
                                      C =:= $\b; C =:= $\f; C =:= $\e ->
    printable_unicode_list(Cs);
printable_unicode_list([]) -> true;
printable_unicode_list(_) -> false.

%% ---------------------------------------------------------------- lengths

%% The column reached after printing Chars starting at column Col (tabs to multiples of 8).
indentation(Chars, Col) -> io_lib_format:indentation(Chars, Col).

chars_length(S) ->
    try iolist_size(S)
    catch _:_ -> string:length(S)
    end.

%% ---------------------------------------------------------------- format lists

scan_format(Format, Args) ->
    try io_lib_format:scan(Format, Args)
    catch _:_ -> erlang:error(badarg, [Format, Args])
    end.

unscan_format(FormatList) -> io_lib_format:unscan(FormatList).

build_text(FormatList) -> io_lib_format:build(FormatList).
build_text(FormatList, _Opts) -> io_lib_format:build(FormatList).

write_unicode_char(C) -> write_char(C).
write_unicode_string(S) -> write_string(S).

%% ---------------------------------------------------------------- io server helpers

%% The text of a prompt: a string, atom, binary, {format, F, A} or any term (written).
%% Characters the encoding cannot show make it "???", as erl.
format_prompt(Prompt) -> format_prompt(Prompt, latin1).
format_prompt(Prompt, Enc) ->
    Chars = prompt_chars(Prompt, Enc),
    Max = case Enc of latin1 -> 256; unicode -> 16#110000 end,
    case not lists:all(fun(C) -> C >= 0 andalso C < Max end, lists:flatten(Chars)) of
        true -> "???";
        false -> Chars
    end.

prompt_chars({format, F, A}, _) -> format(F, A);
prompt_chars(P, _) when is_atom(P) -> atom_to_list(P);
prompt_chars(P, latin1) when is_binary(P) -> binary_to_list(P);
prompt_chars(P, unicode) when is_binary(P) -> unicode:characters_to_list(P);
prompt_chars(P, _) when is_list(P) ->
    try lists:flatten(P) of
        Flat ->
            case lists:all(fun(C) -> is_integer(C) end, Flat) of
                true -> Flat;
                false -> [-1]
            end
    catch _:_ -> [-1]
    end;
prompt_chars(P, Enc) -> prompt_term(P, Enc).

prompt_term(P, latin1) -> format("~p", [P]);
prompt_term(P, unicode) -> format("~tp", [P]).

%% get_until helpers for io servers, with erl's states and answers. collect_line: from
%% start (or []), a list state is the line so far reversed, a binary state the chunks
%% so far (latest first, a trailing "\r" kept apart); the answer is the state or
%% {stop, Line, Rest}, "\r\n" becoming "\n".
collect_line(State, Data, Unused) -> collect_line(State, Data, latin1, Unused).

collect_line(start, eof, _, _) -> {stop, eof, eof};
collect_line(start, Data, Enc, U) when is_binary(Data) -> bin_line([], Data, Enc, U);
collect_line(start, Data, Enc, U) -> collect_line([], Data, Enc, U);
collect_line([], Data, Enc, U) when is_binary(Data) -> bin_line([], Data, Enc, U);
collect_line([B | _] = Stack, eof, _, _) when is_binary(B) ->
    {stop, iolist_to_binary(lists:reverse(Stack)), eof};
collect_line([B | _] = Stack, Data, Enc, U) when is_binary(B), is_binary(Data) ->
    bin_line(Stack, Data, Enc, U);
collect_line(State, eof, _, _) -> {stop, lists:reverse(State), eof};
collect_line(State, [$\r, $\n | Rest], _, _) -> {stop, lists:reverse(State, "\n"), Rest};
collect_line(State, [$\n | Rest], _, _) -> {stop, lists:reverse(State, "\n"), Rest};
collect_line(State, [C | Rest], Enc, U) -> collect_line([C | State], Rest, Enc, U);
collect_line(State, [], _, _) -> State.

bin_line(Stack0, Data, _Enc, _U) ->
    %% a "\r" left at the end of the previous chunk joins this one
    {Stack, Data1} = case Stack0 of
                         [<<"\r">> | S] -> {S, <<"\r", Data/binary>>};
                         _ -> {Stack0, Data}
                     end,
    case binary:match(Data1, <<"\n">>) of
        {Pos, 1} ->
            <<Line0:Pos/binary, _, Rest/binary>> = Data1,
            Line = case Line0 of
                       <<L:(Pos - 1)/binary, $\r>> -> L;
                       _ -> Line0
                   end,
            {stop, iolist_to_binary(lists:reverse(Stack, [Line, <<"\n">>])), Rest};
        nomatch ->
            Size = byte_size(Data1),
            case Data1 of
                <<Front:(Size - 1)/binary, $\r>> -> [<<"\r">>, Front | Stack];
                _ -> [Data1 | Stack]
            end
    end.

%% collect_chars: N characters. From start the state is {binary, Chunks, Left} or
%% {list, RevChars, Left} and the answer {stop, Chars, Rest} (Rest eof when a binary is
%% used up); from [] the state is {Left, RevChars} and the answer {done, Chars, Rest} or
%% {more, State}; at eof {done, Chars | eof, []}.
collect_chars(State, Data, N) -> collect_chars(State, Data, latin1, N).

collect_chars(start, eof, _, _) -> {stop, eof, eof};
collect_chars(start, Data, Enc, N) when is_binary(Data) ->
    collect_chars({binary, [], N}, Data, Enc, N);
collect_chars(start, Data, Enc, N) when is_list(Data) ->
    collect_chars({list, [], N}, Data, Enc, N);
collect_chars({binary, Stack, _}, eof, _, _) ->
    {stop, iolist_to_binary(lists:reverse(Stack)), eof};
collect_chars({binary, Stack, Left}, Data, Enc, _) ->
    Cs = bin_chars(Data, Enc),
    case length(Cs) of
        Len when Len < Left -> {binary, [Data | Stack], Left - Len};
        _ ->
            {Take, Rest} = lists:split(Left, Cs),
            RestB = case Rest of
                        [] -> eof;
                        _ -> chars_bin(Rest, Enc)
                    end,
            {stop, iolist_to_binary(lists:reverse(Stack, [chars_bin(Take, Enc)])), RestB}
    end;
collect_chars({list, Rev, _}, eof, _, _) -> {stop, lists:reverse(Rev), eof};
collect_chars({list, Rev, Left}, Data, _, _) ->
    case take_chars(Left, Data, Rev) of
        {done, Cs, Rest} -> {stop, Cs, Rest};
        {more, {L, R}} -> {list, R, L}
    end;
collect_chars([], eof, _, _) -> {done, eof, []};
collect_chars({_, Acc}, eof, _, _) -> {done, lists:reverse(Acc), []};
collect_chars([], Data, Enc, N) when is_list(Data) -> collect_chars({N, []}, Data, Enc, N);
collect_chars({Left, Acc}, Data, _, _) when is_integer(Left), is_list(Data) ->
    take_chars(Left, Data, Acc).

take_chars(0, Rest, Acc) -> {done, lists:reverse(Acc), Rest};
take_chars(N, [C | Cs], Acc) -> take_chars(N - 1, Cs, [C | Acc]);
take_chars(N, [], Acc) -> {more, {N, Acc}}.

bin_chars(B, unicode) -> unicode:characters_to_list(B);
bin_chars(B, latin1) -> binary_to_list(B).

chars_bin(Cs, unicode) -> unicode:characters_to_binary(Cs);
chars_bin(Cs, latin1) -> list_to_binary(Cs).

%% Maps are written in erl 25's iteration order: that of maps:to_list/1 for up to 32
%% keys, reversed for larger maps.
map_iter_order(M) when map_size(M) > 32 -> lists:reverse(maps:to_list(M));
map_iter_order(M) -> maps:to_list(M).
