%% io_lib_format: the control sequences of io_lib:format/2,3 (Ferl's own implementation).
%%
%% A format is a string, binary or atom; each `~F.P.PadModC` sequence takes its arguments
%% from the list. Directives: ~w ~W ~p ~P ~s ~c ~e ~f ~g ~b ~B ~x ~X ~# ~+ ~i ~n ~~;
%% field width, precision and pad character, each possibly `*` (taken from the arguments),
%% a leading `-` for left adjustment, and the modifiers t (Unicode) and l (no string
%% detection in ~p/~P). Any error raises (io_lib turns it into badarg).
%% ~p output is laid out by io_lib_pretty, starting at the column reached so far on the
%% current line. Floats in ~e/~f/~g are rounded half-up from 21 significant digits, as erl.
-module(io_lib_format).

-export([fwrite/2, fwrite/3, fwrite_g/1, indentation/2, float_e/2, float_f/2,
         scan/2, unscan/1, build/1]).

-record(spec, {c, args, f = none, adj = right, p = none, pad = $\s, enc = latin1,
               strings = true}).

fwrite(Format, Args) -> fwrite(Format, Args, []).

fwrite(Format, Args, Opts) when is_list(Args), is_list(Opts) ->
    Fmt = format_chars(Format),
    Cs = collect(Fmt, Args),
    emit(Cs, 0).

format_chars(F) when is_atom(F) -> atom_to_list(F);
format_chars(F) when is_binary(F) -> binary_to_list(F);
format_chars(F) when is_list(F) -> F.

%% ---------------------------------------------------------------- scan_format
%% io_lib:scan_format/2, unscan_format/1, build_text/1: a format as a list of characters
%% and maps #{control_char, args, width, adjust, precision, pad_char, encoding, strings}.

scan(Format, Args) ->
    [case X of
         #spec{} -> spec_map(X);
         C -> C
     end || X <- collect(format_chars(Format), Args)].

spec_map(#spec{c = C, args = As, f = F, adj = Adj, p = P, pad = Pad, enc = Enc,
               strings = Str}) ->
    #{control_char => C, args => As, width => F, adjust => Adj, precision => P,
      pad_char => Pad, encoding => Enc, strings => Str}.

map_spec(#{control_char := C, args := As, width := F, adjust := Adj, precision := P,
           pad_char := Pad, encoding := Enc, strings := Str}) ->
    #spec{c = C, args = As, f = F, adj = Adj, p = P, pad = Pad, enc = Enc, strings = Str}.

unscan(List) ->
    {Fmt, Args} = lists:foldl(fun(M, {F, A}) when is_map(M) ->
                                      {[unscan_spec(M) | F], lists:reverse(maps:get(args, M), A)};
                                 (C, {F, A}) -> {[C | F], A}
                              end, {[], []}, List),
    {lists:flatten(lists:reverse(Fmt)), lists:reverse(Args)}.

unscan_spec(#{control_char := C, width := F, adjust := Adj, precision := P,
              pad_char := Pad, encoding := Enc, strings := Str}) ->
    [$~,
     case Adj of left -> "-"; right -> "" end,
     case F of none -> ""; _ -> integer_to_list(F) end,
     case {P, Pad} of
         {none, $\s} -> "";
         {none, _} -> [$., $., Pad];
         {_, $\s} -> [$. | integer_to_list(P)];
         _ -> [$., integer_to_list(P), $., Pad]
     end,
     case Enc of unicode -> "t"; latin1 -> "" end,
     case Str of false -> "l"; true -> "" end,
     C].

build(List) ->
    emit([case X of
              M when is_map(M) -> map_spec(M);
              C -> C
          end || X <- List], 0).

%% ---------------------------------------------------------------- parsing


collect([$~ | Fmt], Args) ->
    {Spec, Fmt1, Args1} = directive(Fmt, Args),
    [Spec | collect(Fmt1, Args1)];
collect([C | Fmt], Args) when is_integer(C), C >= 0 -> [C | collect(Fmt, Args)];
collect([], []) -> [].

directive(Fmt0, Args0) ->
    {Adj0, Fmt1} = case Fmt0 of
                       [$-, C0 | R] when C0 =:= $*; C0 >= $0, C0 =< $9 -> {left, [C0 | R]};
                       _ -> {right, Fmt0}
                   end,
    {F0, Fmt2, Args2} = field(Fmt1, Args0),
    {Adj, F} = case F0 of
                   N when is_integer(N), N < 0 -> {left, -N};
                   _ -> {Adj0, F0}
               end,
    {P, Fmt3, Args3} = case Fmt2 of
                           [$. | R2] -> field(R2, Args2);
                           _ -> {none, Fmt2, Args2}
                       end,
    {Pad, Fmt4, Args4} = case {P, Fmt2, Fmt3} of
                             {_, [$. | _], [$., $* | R3]} ->
                                 [PA | As] = Args3, {PA, R3, As};
                             {_, [$. | _], [$., PC | R3]} -> {PC, R3, Args3};
                             _ -> {$\s, Fmt3, Args3}
                         end,
    {Enc, Strings, Fmt5} = modifiers(Fmt4, latin1, true),
    [C | Fmt6] = Fmt5,
    {As1, Args5} = take_args(C, Args4),
    {#spec{c = C, args = As1, f = F, adj = Adj, p = P, pad = Pad, enc = Enc,
           strings = Strings}, Fmt6, Args5}.

field([$* | Fmt], [A | Args]) when is_integer(A) -> {A, Fmt, Args};
field([D | _] = Fmt, Args) when D >= $0, D =< $9 -> digits(Fmt, 0, Args);
field(Fmt, Args) -> {none, Fmt, Args}.

digits([D | Fmt], N, Args) when D >= $0, D =< $9 -> digits(Fmt, N * 10 + D - $0, Args);
digits(Fmt, N, Args) -> {N, Fmt, Args}.

modifiers([$t | Fmt], _, S) -> modifiers(Fmt, unicode, S);
modifiers([$l | Fmt], E, _) -> modifiers(Fmt, E, false);
modifiers(Fmt, E, S) -> {E, S, Fmt}.

take_args(C, Args) ->
    case n_args(C) of
        0 -> {[], Args};
        1 -> [A | As] = Args, {[A], As};
        2 -> [A, B | As] = Args, {[A, B], As}
    end.

n_args(C) when C =:= $n; C =:= $~ -> 0;
n_args(C) when C =:= $W; C =:= $P; C =:= $X; C =:= $x -> 2;
n_args(C) when C =:= $w; C =:= $p; C =:= $s; C =:= $c; C =:= $e; C =:= $f;
               C =:= $g; C =:= $b; C =:= $B; C =:= $#; C =:= $+; C =:= $i -> 1.

%% ---------------------------------------------------------------- output

%% Col is the number of characters already on the current line.
emit([], _) -> [];
emit([#spec{} = S | Rest], Col) ->
    Out = control(S, Col),
    [Out | emit(Rest, indentation(Out, Col))];
emit([C | Rest], Col) ->
    [C | emit(Rest, indentation([C], Col))].

indentation([], I) -> I;
indentation([$\n | Cs], _) -> indentation(Cs, 0);
indentation([$\t | Cs], I) -> indentation(Cs, ((I + 8) div 8) * 8);
indentation([C | Cs], I) when is_integer(C) -> indentation(Cs, I + 1);
indentation([L | Cs], I) when is_list(L) -> indentation(Cs, indentation(L, I));
indentation([B | Cs], I) when is_binary(B) ->
    indentation(Cs, indentation(unicode:characters_to_list(B), I)).

control(#spec{c = $w, args = [A], f = F, adj = Adj, p = P, pad = Pad, enc = E}, _) ->
    term(io_lib:write(A, -1, E), F, Adj, P, Pad);
control(#spec{c = $W, args = [A, D], f = F, adj = Adj, p = P, pad = Pad, enc = E}, _)
  when is_integer(D) ->
    term(io_lib:write(A, D, E), F, Adj, P, Pad);
control(#spec{c = $p, args = [A]} = S, Col) -> pretty(A, -1, S, Col);
control(#spec{c = $P, args = [A, D]} = S, Col) when is_integer(D) -> pretty(A, D, S, Col);
control(#spec{c = $s, args = [A], f = F, adj = Adj, p = P, pad = Pad, enc = E}, _) ->
    string(to_string(A, E), F, Adj, P, Pad);
control(#spec{c = $c, args = [A], f = F, adj = Adj, p = P, pad = Pad, enc = E}, _)
  when is_integer(A) ->
    C = case E of
            unicode -> A;
            latin1 -> A band 255
        end,
    N = case {P, F} of
            {none, none} -> 1;
            {none, _} -> F;
            {_, none} -> P;
            _ when P =< F -> P
        end,
    adjust(lists:duplicate(N, C), F, Adj, Pad);
control(#spec{c = $e, args = [A], f = F, adj = Adj, p = P, pad = Pad}, _) when is_float(A) ->
    term(float_e(A, default(P, 6)), F, Adj, none, Pad);
control(#spec{c = $f, args = [A], f = F, adj = Adj, p = P, pad = Pad}, _) when is_float(A) ->
    term(float_f(A, default(P, 6)), F, Adj, none, Pad);
control(#spec{c = $g, args = [A], f = F, adj = Adj, p = P, pad = Pad}, _) when is_float(A) ->
    term(float_g(A, default(P, 6)), F, Adj, none, Pad);
control(#spec{c = $b, args = [A]} = S, _) -> base(A, S, lower, "");
control(#spec{c = $B, args = [A]} = S, _) -> base(A, S, upper, "");
control(#spec{c = $x, args = [A, Pre]} = S, _) -> base(A, S, lower, prefix(Pre));
control(#spec{c = $X, args = [A, Pre]} = S, _) -> base(A, S, upper, prefix(Pre));
control(#spec{c = $#, args = [A]} = S, _) -> base(A, S, upper, radix);
control(#spec{c = $+, args = [A]} = S, _) -> base(A, S, lower, radix);
control(#spec{c = $i}, _) -> [];
control(#spec{c = $n}, _) -> "\n";
control(#spec{c = $~}, _) -> "~".

default(none, D) -> D;
default(P, _) -> P.

pretty(_, _, #spec{adj = left}, _) -> erlang:error(badarg);
pretty(A, Depth, #spec{f = F, p = P, enc = E, strings = Str}, Col) ->
    Ll = default(F, 80),
    C = default(P, Col + 1),
    io_lib_pretty:print(A, [{column, C}, {line_length, Ll}, {depth, Depth},
                            {encoding, E}, {strings, Str}]).

prefix(P) when is_atom(P) -> atom_to_list(P);
prefix(P) when is_list(P) -> lists:flatten(P).

base(A, #spec{f = F, adj = Adj, p = P, pad = Pad}, Case, Prefix) when is_integer(A) ->
    B = default(P, 10),
    true = is_integer(B) andalso B >= 2 andalso B =< 36,
    Digits0 = integer_to_list(abs(A), B),
    Digits = case Case of
                 lower -> string:to_lower(Digits0);
                 upper -> Digits0
             end,
    Pre = case Prefix of
              radix -> integer_to_list(B) ++ "#";
              _ -> Prefix
          end,
    Sign = if A < 0 -> "-"; true -> "" end,
    term([Sign, Pre, Digits], F, Adj, none, Pad).

%% A term written in a field: too long for P (or F) gives stars.
term(T, none, _, none, _) -> T;
term(T, F, Adj, none, Pad) -> term(T, F, Adj, F, Pad);
term(T, none, Adj, P, Pad) -> term(T, P, Adj, P, Pad);
term(T, F, Adj, P, Pad) when P =< F ->
    L = lists:flatten(T),
    Len = length(L),
    if Len > P -> adjust(lists:duplicate(P, $*), F, Adj, Pad);
       true -> adjust(L, F, Adj, Pad)
    end.

%% A string in a field: P truncates or pads (on the right), F adjusts.
string(S, none, _, none, _) -> S;
string(S, F, Adj, none, Pad) ->
    case length(S) > F of
        true -> lists:sublist(S, F);
        false -> adjust(S, F, Adj, Pad)
    end;
string(S, none, _, P, Pad) -> fit(S, P, Pad);
string(S, F, Adj, F, Pad) -> string(S, F, Adj, none, Pad);
string(S, F, Adj, P, Pad) when F > P -> adjust(fit(S, P, Pad), F, Adj, Pad).

fit(S, P, Pad) ->
    Len = length(S),
    if Len > P -> lists:sublist(S, P);
       true -> S ++ lists:duplicate(P - Len, Pad)
    end.

adjust(S, none, _, _) -> S;
adjust(S, F, Adj, Pad) ->
    N = F - length(lists:flatten(S)),
    if N =< 0 -> S;
       Adj =:= left -> [S, lists:duplicate(N, Pad)];
       true -> [lists:duplicate(N, Pad), S]
    end.

%% The characters of a ~s argument, checked for the encoding.
to_string(A, latin1) when is_atom(A) ->
    L = atom_to_list(A),
    true = lists:all(fun(C) -> C < 256 end, L),
    L;
to_string(A, unicode) when is_atom(A) -> atom_to_list(A);
to_string(B, latin1) when is_binary(B) -> binary_to_list(B);
to_string(B, unicode) when is_binary(B) -> utf8_or_latin1(B);
to_string(L, latin1) when is_list(L) -> binary_to_list(iolist_to_binary(L));
to_string(L, unicode) when is_list(L) -> chardata(L, []).

chardata([], Acc) -> lists:reverse(Acc);
chardata([C | T], Acc) when is_integer(C), C >= 0, C < 16#110000 -> chardata(T, [C | Acc]);
chardata([L | T], Acc) when is_list(L) -> chardata(T, lists:reverse(chardata(L, []), Acc));
chardata([B | T], Acc) when is_binary(B) -> chardata(T, lists:reverse(utf8_or_latin1(B), Acc));
chardata(B, Acc) when is_binary(B) -> lists:reverse(Acc, utf8_or_latin1(B)).

utf8_or_latin1(B) ->
    case unicode:characters_to_list(B, utf8) of
        L when is_list(L) -> L;
        _ -> binary_to_list(B)
    end.

%% ---------------------------------------------------------------- floats

%% ~w/~p of a float: the shortest representation that reads back exactly.
fwrite_g(F) -> erlang:float_to_list(F, [short]).

%% The 21 significant digits of |X| (as a list of integers 0..9) and the decimal exponent
%% of the first one.
digits21(X) ->
    S = case erlang:float_to_list(X, [{scientific, 20}]) of
            [$- | S0] -> S0;
            S0 -> S0
        end,
    {Mant, [$e | Exp]} = lists:splitwith(fun(C) -> C =/= $e end, S),
    Ds = [C - $0 || C <- Mant, C =/= $.],
    {Ds, list_to_integer(Exp)}.

sign(X) ->
    case X < 0 orelse (X == 0 andalso <<X/float>> =/= <<0.0/float>>) of
        true -> "-";
        false -> ""
    end.

%% Round a digit list to N digits, half up; returns {Digits, Carry} (Carry = 1 when the
%% rounding added a leading digit).
round_digits(Ds, N) when N =< 0 ->
    case Ds of
        [D | _] when D >= 5, N =:= 0 -> {[1], 1};
        _ -> {[], 0}
    end;
round_digits(Ds, N) ->
    Padded = Ds ++ lists:duplicate(max(0, N - length(Ds)), 0),
    {Keep, Rest} = lists:split(N, Padded),
    case Rest of
        [D | _] when D >= 5 -> increment(Keep);
        _ -> {Keep, 0}
    end.

increment(Ds) ->
    {R, C} = lists:foldr(fun(D, {Acc, Carry}) ->
                                 V = D + Carry,
                                 {[V rem 10 | Acc], V div 10}
                         end, {[], 1}, Ds),
    case C of
        1 -> {[1 | R], 1};
        0 -> {R, 0}
    end.

float_e(X, P) when is_integer(P), P >= 2 ->
    {Ds, E0} = digits21(X),
    {Rd, Carry} = round_digits(Ds, P),
    {Digits, E} = case Carry of
                      1 -> {lists:sublist(Rd, P), E0 + 1};
                      0 -> {Rd, E0}
                  end,
    E1 = case lists:all(fun(D) -> D =:= 0 end, Ds) of
             true -> 0;
             false -> E
         end,
    [D1 | Ds1] = [D + $0 || D <- Digits],
    ExpS = if E1 < 0 -> "-" ++ integer_to_list(-E1);
              true -> "+" ++ integer_to_list(E1)
           end,
    sign(X) ++ [D1, $. | Ds1] ++ "e" ++ ExpS.

float_f(X, P) when is_integer(P), P >= 1 ->
    {Ds, E} = digits21(X),
    Zero = lists:all(fun(D) -> D =:= 0 end, Ds),
    %% Number of digits before the decimal point plus P.
    {IntDs, FracDs} =
        case Zero of
            true -> {[0], lists:duplicate(P, 0)};
            false when E >= 0 ->
                {Rd, Carry} = round_digits(Ds, E + 1 + P),
                split_int(Rd, E + 1 + Carry);
            false ->
                %% 0.000ddd: prepend -E-1 zeros after the point.
                Lead = lists:duplicate(-E - 1, 0),
                {Rd, Carry} = round_digits(Lead ++ Ds, P),
                case Carry of
                    1 -> split_int(Rd, 1);
                    0 -> {[0], Rd ++ lists:duplicate(P - length(Rd), 0)}
                end
        end,
    sign(X) ++ [D + $0 || D <- IntDs] ++ "." ++ [D + $0 || D <- FracDs].

split_int(Ds, N) -> lists:split(N, Ds).

float_g(X, P) when is_integer(P), P >= 1 ->
    {_, E} = digits21(X),
    case abs(X) >= 0.1 andalso E < P - 1 andalso E < 4 of
        true -> float_f(X, P - 1 - E);
        false -> float_e(X, max(P, 2))
    end.
