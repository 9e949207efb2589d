%% io_lib_fread: formatted input (io_lib:fread/2,3 and io:fread/3), Ferl's own.
%%
%% Directives: whitespace (skips any whitespace), ~d ~u ~- ~# ~f ~s ~a ~c ~l ~~, the field
%% width, the `*` (suppress) flag and the `t` modifier; other characters must match.
%% fread/2 returns {ok, Results, Rest} | {more, RestFormat, NChars, Stack} |
%% {error, {fread, What}}; fread/3 is the get_until continuation used by io servers.
-module(io_lib_fread).

-export([fread/2, fread/3]).

%% ---------------------------------------------------------------- continuation form

fread([], Chars, Format) -> fread({[], Format}, Chars, Format);
fread({Acc, Format}, eof, _) ->
    case Acc of
        [] -> {done, eof, eof};
        _ ->
            case fread(Format, Acc) of
                {ok, Res, Rest} -> {done, {ok, Res}, Rest};
                {more, _, _, _} -> {done, {error, {fread, input}}, []};
                {error, _} = E -> {done, E, []}
            end
    end;
fread({Acc, Format}, Chars, _) ->
    All = Acc ++ Chars,
    case lists:member($\n, Chars) of
        false -> {more, {All, Format}};
        true ->
            case fread(Format, All) of
                {ok, Res, Rest} -> {done, {ok, Res}, after_line(Rest)};
                {more, _, _, _} -> {more, {All, Format}};
                {error, _} = E -> {done, E, []}
            end
    end.

%% The rest of the line read is dropped.
after_line(Rest) ->
    case lists:dropwhile(fun(C) -> C =/= $\n end, Rest) of
        [$\n | R] -> R;
        [] -> []
    end.

%% ---------------------------------------------------------------- fread/2

fread(Format, Chars) ->
    try scan(Format, Chars, 0, []) of
        R -> R
    catch throw:{fread, What} -> {error, {fread, What}}
    end.

scan([], Rest, _, Stack) -> {ok, lists:reverse(Stack), Rest};
scan([$~ | Fmt], In, N, Stack) ->
    {Supp, Width, C, Fmt1} = directive(Fmt),
    case In of
        [] when C =/= $l, C =/= $~ -> {more, [$~ | Fmt], N, Stack};
        _ ->
            {Val, In1, N1} = field(C, Width, In, N),
            case In1 of
                [] when C =:= $s; C =:= $a -> more_or_ok(Fmt1, Supp, Val, N1, Stack);
                _ -> scan(Fmt1, In1, N1, push(Supp orelse C =:= $~, Val, Stack))
            end
    end;
scan([W | Fmt], In, N, Stack) when W =:= $\s; W =:= $\t; W =:= $\n ->
    {In1, N1} = skip_white(In, N),
    scan(skip_white_fmt(Fmt), In1, N1, Stack);
scan([C | Fmt], [C | In], N, Stack) -> scan(Fmt, In, N + 1, Stack);
scan([_ | _] = Fmt, [], N, Stack) -> {more, Fmt, N, Stack};
scan(_, _, _, _) -> throw({fread, input}).

%% A string or atom that reached the end of the input may continue in more input.
more_or_ok([], Supp, Val, _, Stack) -> {ok, lists:reverse(push(Supp, Val, Stack)), []};
more_or_ok(Fmt, Supp, Val, N, Stack) -> {more, Fmt, N, push(Supp, Val, Stack)}.

push(true, _, Stack) -> Stack;
push(false, Val, Stack) -> [Val | Stack].

skip_white_fmt([W | Fmt]) when W =:= $\s; W =:= $\t; W =:= $\n -> skip_white_fmt(Fmt);
skip_white_fmt(Fmt) -> Fmt.

directive(Fmt0) ->
    {Supp, Fmt1} = case Fmt0 of
                       [$* | R] -> {true, R};
                       _ -> {false, Fmt0}
                   end,
    {Width, Fmt2} = width(Fmt1, none),
    Fmt3 = case Fmt2 of
               [$t | R3] -> R3;
               _ -> Fmt2
           end,
    case Fmt3 of
        [C | Fmt4] ->
            case lists:member(C, "du-#fsacl~") of
                true -> {Supp, Width, C, Fmt4};
                false -> throw({fread, format})
            end;
        [] -> throw({fread, format})
    end.

width([D | Fmt], W) when D >= $0, D =< $9 ->
    width(Fmt, case W of none -> D - $0; _ -> W * 10 + D - $0 end);
width(Fmt, W) -> {W, Fmt}.

is_white(C) -> C =:= $\s orelse C =:= $\t orelse C =:= $\n orelse C =:= $\r.

skip_white([C | In], N) -> case is_white(C) of
                               true -> skip_white(In, N + 1);
                               false -> {[C | In], N}
                           end;
skip_white([], N) -> {[], N}.

%% Take the field: Width characters, or the longest run satisfying Pred.
take(none, Pred, In) -> lists:splitwith(Pred, In);
take(W, _, In) when length(In) >= W -> lists:split(W, In);
take(_, _, _) -> short.

field($~, _, [$~ | In], N) -> {'~', In, N + 1};
field($~, _, _, _) -> throw({fread, input});
field($l, _, In, N) -> {N, In, N};
field($c, W, In, N) ->
    Len = case W of none -> 1; _ -> W end,
    case take(Len, fun(_) -> true end, In) of
        short -> throw({fread, character});
        {Cs, Rest} -> {Cs, Rest, N + Len}
    end;
field(C, W, In0, N0) when C =:= $s; C =:= $a ->
    {In, N} = skip_white(In0, N0),
    NotWhite = fun(X) -> not is_white(X) end,
    case take(W, NotWhite, In) of
        short -> throw({fread, what(C)});
        {[], _} -> throw({fread, what(C)});
        {Cs, Rest} when C =:= $s -> {Cs, Rest, N + length(Cs)};
        {Cs, Rest} -> {list_to_atom(Cs), Rest, N + length(Cs)}
    end;
field(C, W, In0, N0) ->
    {In, N} = skip_white(In0, N0),
    {Field, After} = case W of
                         none -> {In, []};
                         _ ->
                             case take(W, fun(_) -> true end, In) of
                                 short -> throw({fread, what(C)});
                                 FR -> FR
                             end
                     end,
    case number(C, Field) of
        {Val, Unused} when W =:= none -> {Val, Unused, N + length(Field) - length(Unused)};
        {Val, []} -> {Val, After, N + W};
        _ -> throw({fread, what(C)})
    end.

what($d) -> integer;
what($u) -> unsigned;
what($-) -> sign;
what($#) -> based;
what($f) -> float;
what($s) -> string;
what($a) -> atom.

number($-, [$- | R]) -> {-1, R};
number($-, [$+ | R]) -> {1, R};
number($-, R) -> {1, R};
number($u, Cs) ->
    case digits(Cs) of
        {[], _} -> throw({fread, unsigned});
        {Ds, R} -> {list_to_integer(Ds), R}
    end;
number($d, Cs) ->
    {Sign, Cs1} = sign(Cs),
    case digits(Cs1) of
        {[], _} -> throw({fread, integer});
        {Ds, R} -> {Sign * list_to_integer(Ds), R}
    end;
number($#, Cs) ->
    {Sign, Cs1} = sign(Cs),
    case digits(Cs1) of
        {[_ | _] = BDs, [$# | R1]} ->
            Base = list_to_integer(BDs),
            (Base >= 2 andalso Base =< 36) orelse throw({fread, based}),
            {Ds, R} = lists:splitwith(fun(X) -> digit_value(X) < Base end, R1),
            Ds =/= [] orelse throw({fread, based}),
            {Sign * list_to_integer(Ds, Base), R};
        _ -> throw({fread, based})
    end;
number($f, Cs) ->
    {Sign, Cs1} = sign(Cs),
    case digits(Cs1) of
        {[_ | _] = I, [$. | R1]} ->
            case digits(R1) of
                {[_ | _] = F, R2} ->
                    {Exp, R3} = exponent(R2),
                    {Sign * list_to_float(I ++ "." ++ F ++ Exp), R3};
                _ -> throw({fread, float})
            end;
        _ -> throw({fread, float})
    end.

exponent([E | R] = Cs) when E =:= $e; E =:= $E ->
    {S, R1} = case R of
                  [$- | X] -> {"-", X};
                  [$+ | X] -> {"", X};
                  _ -> {"", R}
              end,
    case digits(R1) of
        {[_ | _] = Ds, R2} -> {"e" ++ S ++ Ds, R2};
        _ -> {"", Cs}
    end;
exponent(Cs) -> {"", Cs}.

sign([$- | R]) -> {-1, R};
sign([$+ | R]) -> {1, R};
sign(R) -> {1, R}.

digits(Cs) -> lists:splitwith(fun(X) -> X >= $0 andalso X =< $9 end, Cs).

digit_value(C) when C >= $0, C =< $9 -> C - $0;
digit_value(C) when C >= $a, C =< $z -> C - $a + 10;
digit_value(C) when C >= $A, C =< $Z -> C - $A + 10;
digit_value(_) -> 99.
