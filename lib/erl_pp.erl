%% erl_pp: the text of abstract-format expressions and forms (Ferl's own implementation).
%%
%% API: exprs/1,2,3, expr/1,2,3,4, form/1,2, attribute/1,2, function/1,2, guard/1,2
%% (options, hooks and the indentation argument accepted; the encoding option chooses
%% how strings and atoms are escaped). Results are deep character lists.
%% The layout follows erl 25's as observed, with lines of at most 72 columns: a term
%% that fits stays on its line; clause bodies (case, if, receive, try, fun) always go on
%% lines of their own, 4 columns in; andalso/orelse put each operand on its own line;
%% list comprehensions are spread over lines; broken lists, tuples and argument lists
%% are filled, maps and records get a field per line; a match whose right side would
%% need fewer lines starting 4 columns in goes there.
%% Known differences (tests/stdlib/known_failures, t_erl_pp): where long lists, tuples
%% and arguments of mixed items break, erl sometimes keeps fewer items per line; long
%% case patterns and map keys are not broken; the text is the same, only line breaks
%% differ, and only in expressions wider than a line. Not covered: type specs beyond
%% simple types, hooks (ignored), -spec/-type forms (printed roughly).
-module(erl_pp).

-export([exprs/1, exprs/2, exprs/3, expr/1, expr/2, expr/3, expr/4, form/1, form/2,
         attribute/1, attribute/2, function/1, function/2, guard/1, guard/2]).

-define(W, 72).

%% ---------------------------------------------------------------- API

exprs(Es) -> exprs(Es, 0, []).
exprs(Es, Opts) -> exprs(Es, 0, Opts).
exprs(Es, Ind, Opts) ->
    setup(Opts),
    join_lines(seq_lines(Es, Ind, ", ", Ind), Ind).

expr(E) -> expr(E, 0, []).
expr(E, Opts) -> expr(E, 0, Opts).
expr(E, Ind, Opts) -> expr(E, Ind, 0, Opts).
expr(E, Ind, _Prec, Opts) ->
    setup(Opts),
    join_lines(r(E, Ind), Ind).

guard(G) -> guard(G, []).
guard(G, Opts) ->
    setup(Opts),
    guard_text(G).

form(F) -> form(F, []).
form(F, Opts) ->
    setup(Opts),
    form_text(F).

attribute(A) -> attribute(A, []).
attribute(A, Opts) ->
    setup(Opts),
    form_text(A).

function(F) -> function(F, []).
function(F, Opts) ->
    setup(Opts),
    form_text(F).

setup(Opts) when is_list(Opts) ->
    put('$ferl_erl_pp_enc', proplists:get_value(encoding, Opts, latin1));
setup(_) -> put('$ferl_erl_pp_enc', latin1).

enc() ->
    case get('$ferl_erl_pp_enc') of
        unicode -> unicode;
        _ -> latin1
    end.

%% Lines: the first continues at the current column, the others carry their own
%% indentation. join_lines gives the text.
join_lines(Lines, _Ind) -> lists:join($\n, Lines).

%% ---------------------------------------------------------------- forms

form_text({attribute, _, record, {Name, Fields}}) ->
    Head = ["-record(", atom(Name), ",{"],
    Col = flen(Head),
    FTexts = [record_def_field(F, Col) || F <- Fields],
    Flat = lists:join(", ", [flatten_lines(T) || T <- FTexts]),
    Body = case Fields =/= [] andalso
               (lists:any(fun(T) -> length(T) > 1 end, FTexts) orelse
                Col + flen(Flat) + 3 > ?W) of
               false -> [Flat];
               true -> stack(FTexts, ",", Col)
           end,
    [lists:join($\n, append_last(prepend(Head, Body), "}).")), $\n];
form_text({attribute, _, module, M}) -> ["-module(", atom(M), ").\n"];
form_text({attribute, _, export, Fs}) ->
    ["-export([", lists:join(",", [[atom(F), $/, integer_to_list(A)] || {F, A} <- Fs]), "]).\n"];
form_text({attribute, _, import, {M, Fs}}) ->
    ["-import(", atom(M), ",[", lists:join(",", [[atom(F), $/, integer_to_list(A)] || {F, A} <- Fs]),
     "]).\n"];
form_text({attribute, _, Name, Term}) ->
    [$-, atom(Name), $(, io_lib:write(Term), ").\n"];
form_text({function, _, Name, _Arity, Clauses}) ->
    Cls = [clause_lines(C, 0, atom(Name), head) || C <- Clauses],
    [lists:join($\n, join_clauses(Cls)), ".\n"];
form_text({eof, _}) -> "\n";
form_text({error, E}) -> io_lib:format("~p~n", [{error, E}]);
form_text({warning, W}) -> io_lib:format("~p~n", [{warning, W}]);
form_text(Other) -> io_lib:format("~p~n", [Other]).

record_def_field({typed_record_field, F, Type}, Col) ->
    append_last(record_def_field(F, Col), [" :: ", type_text(Type)]);
record_def_field({record_field, _, Name}, _) -> [expr_flat(Name)];
record_def_field({record_field, _, Name, Default}, Col) ->
    N = [expr_flat(Name), " = "],
    prepend(N, r(Default, Col + flen(N))).

type_text({type, _, union, Ts}) -> lists:join(" | ", [type_text(T) || T <- Ts]);
type_text({type, _, tuple, any}) -> "tuple()";
type_text({type, _, tuple, Ts}) -> ["{", lists:join(", ", [type_text(T) || T <- Ts]), "}"];
type_text({type, _, list, [T]}) -> ["[", type_text(T), "]"];
type_text({type, _, nil, []}) -> "[]";
type_text({type, _, map, any}) -> "map()";
type_text({type, _, range, [A, B]}) -> [type_text(A), "..", type_text(B)];
type_text({type, _, Name, Args}) when is_list(Args) ->
    [atom(Name), "(", lists:join(", ", [type_text(T) || T <- Args]), ")"];
type_text({user_type, _, Name, Args}) ->
    [atom(Name), "(", lists:join(", ", [type_text(T) || T <- Args]), ")"];
type_text({remote_type, _, [M, N, Args]}) ->
    [type_text(M), ":", type_text(N), "(", lists:join(", ", [type_text(T) || T <- Args]), ")"];
type_text({ann_type, _, [V, T]}) -> [type_text(V), " :: ", type_text(T)];
type_text({var, _, V}) -> atom_to_list(V);
type_text(Other) -> expr_flat(Other).

%% ---------------------------------------------------------------- flat text

%% The one-line text of an expression, or throw(multi) if it always takes lines.
flat(E) -> lists:flatten(f(E)).

expr_flat(E) ->
    try flat(E)
    catch throw:multi -> flatten_lines(r(E, 0))
    end.

flatten_lines(Lines) -> lists:flatten(lists:join(" ", [string:trim(L, leading) || L <- Lines])).

f({var, _, V}) -> atom_to_list(V);
f({atom, _, A}) -> atom(A);
f({integer, _, I}) -> integer_to_list(I);
f({float, _, F}) -> io_lib:write(F);
f({char, _, C}) -> char(C);
f({string, _, S}) -> string(S);
f({nil, _}) -> "[]";
f({cons, _, _, _} = L) -> list_flat(L);
f({tuple, _, Es}) -> ["{", lists:join(", ", [f(E) || E <- Es]), "}"];
f({bin, _, Es}) -> ["<<", lists:join(",", [bin_elem(E) || E <- Es]), ">>"];
f({map, _, Assocs}) -> ["#{", lists:join(", ", [assoc(A) || A <- Assocs]), "}"];
f({map, _, M, Assocs}) -> [base(M), "#{", lists:join(", ", [assoc(A) || A <- Assocs]), "}"];
f({record, _, Name, Fields}) ->
    ["#", atom(Name), "{", lists:join(", ", [rfield(F) || F <- Fields]), "}"];
f({record, _, R, Name, Fields}) ->
    [base(R), "#", atom(Name), "{", lists:join(", ", [rfield(F) || F <- Fields]), "}"];
f({record_field, _, R, Name, Field}) -> [base(R), "#", atom(Name), ".", f(Field)];
f({record_index, _, Name, Field}) -> ["#", atom(Name), ".", f(Field)];
f({match, _, P, E}) -> [operand(P, 101, left), " = ", operand(E, 100, right)];
f({op, _, Op, L, R}) when Op =:= 'andalso'; Op =:= 'orelse' ->
    _ = {L, R},
    throw(multi);
f({op, _, Op, L, R}) ->
    {LP, _P, RP} = binary_prec(Op),
    [operand(L, LP, left), " ", atom_to_list(Op), " ", operand(R, RP, right)];
f({op, _, Op, A}) ->
    Sep = case Op of
              '-' -> "";
              '+' -> "";
              _ -> " "
          end,
    Operand = case A of
                  {'catch', _, _} -> f(A);
                  _ -> operand(A, 601, unary)
              end,
    [atom_to_list(Op), Sep, Operand];
f({'catch', _, E}) -> ["catch ", operand(E, 0, right)];
f({call, L, {remote, _, {atom, _, erlang}, {atom, _, F} = FA}, Args}) ->
    %% as erl: an auto-imported BIF is written without erlang:
    case erl_internal:bif(F, length(Args)) of
        true -> f({call, L, FA, Args});
        false -> [atom(erlang), ":", call_head(FA), "(", lists:join(", ", [f(A) || A <- Args]), ")"]
    end;
f({call, _, {remote, _, M, F}, Args}) ->
    [call_head(M), ":", call_head(F), "(", lists:join(", ", [f(A) || A <- Args]), ")"];
f({call, _, F, Args}) -> [call_head(F), "(", lists:join(", ", [f(A) || A <- Args]), ")"];
f({'fun', _, {function, F, A}}) -> ["fun ", atom(F), "/", integer_to_list(A)];
f({'fun', _, {function, M, F, A}}) -> ["fun ", fa(M), ":", fa(F), "/", fa(A)];
f({block, _, [E]}) -> ["begin ", f(E), " end"];
f({'receive', _, [], T, [B]}) -> ["receive after ", f(T), " -> ", f(B), " end"];
f({'try', _, Body, [], [], After}) when After =/= [] ->
    ["try ", lists:join(", ", [f(E) || E <- Body]), " after ",
     lists:join(", ", [f(E) || E <- After]), " end"];
f(_) -> throw(multi).

fa({atom, _, A}) -> atom(A);
fa({var, _, V}) -> atom_to_list(V);
fa({integer, _, I}) -> integer_to_list(I);
fa(A) when is_atom(A) -> atom(A);
fa(I) when is_integer(I) -> integer_to_list(I);
fa(E) -> f(E).

%% The head of a call: names and variables as they are, other expressions in
%% parentheses (a fun expression is not, as erl).
call_head({atom, _, A}) -> atom(A);
call_head({var, _, V}) -> atom_to_list(V);
call_head({'fun', _, {clauses, _}} = F) -> f(F);
call_head(E) -> ["(", f(E), ")"].

%% The expression before # in a record or map expression.
base({var, _, V}) -> atom_to_list(V);
base(E) -> ["(", f(E), ")"].

list_flat(L) ->
    {Es, Tail} = cons_elems(L),
    ["[", lists:join(", ", [f(E) || E <- Es]),
     case Tail of
         {nil, _} -> "";
         T -> [" | ", f(T)]
     end, "]"].

cons_elems({cons, _, H, T}) ->
    {Es, Tail} = cons_elems(T),
    {[H | Es], Tail};
cons_elems(T) -> {[], T}.

bin_elem({bin_element, _, V, Size, Types}) ->
    VT = case V of
             {op, _, _, _, _} -> ["(", f(V), ")"];
             {op, _, _, _} -> ["(", f(V), ")"];
             _ -> f(V)
         end,
    ST = case Size of
             default -> "";
             {integer, _, _} -> [":", f(Size)];
             {var, _, _} -> [":", f(Size)];
             _ -> [":(", f(Size), ")"]
         end,
    TT = case Types of
             default -> "";
             _ -> ["/", lists:join("-", [btype(T) || T <- Types])]
         end,
    [VT, ST, TT].

btype({unit, U}) -> ["unit:", integer_to_list(U)];
btype(T) -> atom_to_list(T).

assoc({map_field_assoc, _, K, V}) -> [f(K), " => ", f(V)];
assoc({map_field_exact, _, K, V}) -> [f(K), " := ", f(V)].

rfield({record_field, _, F, V}) -> [f(F), " = ", f(V)].

%% Operator precedences: {LeftMin, Prec, RightMin}; an operand below its minimum gets
%% parentheses.
binary_prec('=') -> {101, 100, 100};
binary_prec('!') -> {101, 100, 100};
binary_prec('orelse') -> {161, 160, 160};
binary_prec('andalso') -> {181, 180, 180};
binary_prec(Op) when Op =:= '=='; Op =:= '/='; Op =:= '=<'; Op =:= '<'; Op =:= '>=';
                     Op =:= '>'; Op =:= '=:='; Op =:= '=/=' -> {201, 200, 201};
binary_prec(Op) when Op =:= '++'; Op =:= '--' -> {301, 300, 300};
binary_prec(Op) when Op =:= '+'; Op =:= '-'; Op =:= 'bor'; Op =:= 'bxor'; Op =:= 'bsl';
                     Op =:= 'bsr'; Op =:= 'or'; Op =:= 'xor' -> {400, 400, 401};
binary_prec(_) -> {500, 500, 501}.

prec({op, _, Op, _, _}) -> element(2, binary_prec(Op));
prec({op, _, _, _}) -> 600;
prec({match, _, _, _}) -> 100;
prec({'catch', _, _}) -> 0;
prec(_) -> 1000.

operand(E, Min, Pos) ->
    P = prec(E),
    Prefix = case E of
                 {op, _, _, _} -> true;
                 {'catch', _, _} -> true;
                 _ -> false
             end,
    case P < Min andalso not (Prefix andalso Pos =:= right) of
        true -> ["(", f(E), ")"];
        false -> f(E)
    end.

atom(A) ->
    case enc() of
        unicode -> io_lib:write_atom(A);
        latin1 -> io_lib:write_atom_as_latin1(A)
    end.

string(S) ->
    case enc() of
        unicode -> io_lib:write_string(S);
        latin1 -> io_lib:write_string_as_latin1(S)
    end.

char(C) -> io_lib:write_char_as_latin1(C).

%% ---------------------------------------------------------------- layout

flen(Chars) -> length(lists:flatten(Chars)).

%% r(E, Col): the lines of E starting at column Col (0-based).
r(E, Col) ->
    case try {ok, flat(E)} catch throw:multi -> multi end of
        {ok, F} when Col + length(F) =< ?W -> [F];
        _ -> broken(E, Col)
    end.

broken({match, _, P, E}, Col) ->
    %% the right side goes 4 columns in on the next line, unless it starts there anyway
    Lhs = [flat_or(P), " ="],
    case flen(Lhs) + 1 =< 4 of
        true -> prepend([Lhs, " "], r(E, Col + 4));
        false -> [lists:flatten(Lhs) | indent_first(r(E, Col + 4), Col + 4)]
    end;
broken({op, _, Op, L, R}, Col) when Op =:= 'andalso'; Op =:= 'orelse' ->
    {LP, _, RP} = binary_prec(Op),
    operand_lines(L, LP, Col) ++ [indent(Col, atom_to_list(Op))] ++
        indent_first(operand_lines(R, RP, Col), Col);
broken({op, _, Op, L, R}, Col) ->
    {LP, _, RP} = binary_prec(Op),
    operand_lines(L, LP, Col) ++ [indent(Col, atom_to_list(Op))] ++
        indent_first(operand_lines(R, RP, Col), Col);
broken({op, _, Op, A}, Col) ->
    Pre = case Op of
              '-' -> "-";
              '+' -> "+";
              _ -> [atom_to_list(Op), " "]
          end,
    case A of
        {'catch', _, _} -> prepend(Pre, r(A, Col + flen(Pre)));
        _ -> prepend(Pre, operand_lines(A, 601, Col + flen(Pre)))
    end;
broken({'catch', _, E}, Col) -> ["catch" | indent_first(r(E, Col + 4), Col + 4)];
broken({call, L, {remote, _, {atom, _, erlang}, {atom, _, F} = FA}, Args}, Col) ->
    case erl_internal:bif(F, length(Args)) of
        true -> broken({call, L, FA, Args}, Col);
        false ->
            Head = "erlang:" ++ lists:flatten([call_head(FA), "("]),
            prepend(Head, args(Args, Col + length(Head), ")"))
    end;
broken({call, _, {remote, _, M, F}, Args}, Col) ->
    Head = [call_head(M), ":", call_head(F), "("],
    prepend(Head, args(Args, Col + flen(Head), ")"));
broken({call, _, F, Args}, Col) ->
    Head = case F of
               {'fun', _, {clauses, _}} -> none;
               _ -> [call_head(F), "("]
           end,
    case Head of
        none ->
            append_last(r(F, Col), ["(", lists:join(", ", [flat_or(A) || A <- Args]), ")"]);
        _ -> prepend(Head, args(Args, Col + flen(Head), ")"))
    end;
broken({cons, _, _, _} = L, Col) ->
    {Es, Tail} = cons_elems(L),
    Items = [fun(C) -> r(E, C) end || E <- Es],
    case Tail of
        {nil, _} -> prepend("[", fill(Items, Col + 1, "]"));
        T ->
            Head = fill(Items, Col + 1, " |"),
            Last = lists:flatten(lists:last(Head)),
            LastCol = case Head of
                          [_] -> Col + 1 + length(Last);
                          _ -> length(Last)
                      end,
            case r(T, LastCol + 1) of
                [TF] when LastCol + 1 + length(TF) + 1 =< ?W ->
                    prepend("[", append_last(Head, [" ", TF, "]"]));
                _ -> prepend("[", Head ++ indent_first(append_last(r(T, Col + 1), "]"), Col + 1))
            end
    end;
broken({tuple, _, Es}, Col) ->
    prepend("{", fill([fun(C) -> r(E, C) end || E <- Es], Col + 1, "}"));
broken({bin, _, Es}, Col) ->
    Texts = [lists:flatten(bin_elem(E)) || E <- Es],
    close(prepend("<<", pack(Texts, Col + 2, "", ",")), ">>");
broken({map, _, Assocs}, Col) ->
    close(prepend("#{", stack([assoc_lines(A, Col + 2) || A <- Assocs], ",", Col + 2)), "}");
broken({map, _, M, Assocs}, Col) ->
    Head = [base(M), "#{"],
    C = Col + flen(Head),
    close(prepend(Head, stack([assoc_lines(A, C) || A <- Assocs], ",", C)), "}");
broken({record, _, Name, Fields}, Col) ->
    Head = ["#", atom(Name), "{"],
    C = Col + flen(Head),
    close(prepend(Head, stack([rfield_lines(F, C) || F <- Fields], ",", C)), "}");
broken({record, _, R, Name, Fields}, Col) ->
    Head = [base(R), "#", atom(Name), "{"],
    C = Col + flen(Head),
    close(prepend(Head, stack([rfield_lines(F, C) || F <- Fields], ",", C)), "}");
broken({'case', _, E, Clauses}, Col) ->
    Head = case r(E, Col + 5) of
               [F] when Col + 5 + 3 =< ?W - 0, length([F]) =:= 1 ->
                   case Col + 5 + flen(F) + 3 =< ?W of
                       true -> [["case ", F, " of"]];
                       false -> case_head(E, Col)
                   end;
               _ -> case_head(E, Col)
           end,
    Head ++ clauses(Clauses, Col + 4, case_clause) ++ [indent(Col, "end")];
broken({'if', _, Clauses}, Col) ->
    ["if" | clauses(Clauses, Col + 4, if_clause)] ++ [indent(Col, "end")];
broken({'receive', _, Clauses, T, After}, Col) ->
    Cls = case Clauses of
              [] -> [];
              _ -> clauses(Clauses, Col + 4, case_clause)
          end,
    Aft = case T of
              undefined -> [];
              _ -> [indent(Col, "after") | after_lines(T, After, Col + 4)]
          end,
    ["receive" | Cls] ++ Aft ++ [indent(Col, "end")];
broken({'receive', L, Clauses}, Col) -> broken({'receive', L, Clauses, undefined, []}, Col);
broken({'try', _, Body, Of, Catch, After}, Col) ->
    Head = case {Of, Body} of
               {[_ | _], [E]} ->
                   append_last(prepend("try ", r(E, Col + 4)), " of");
               {[_ | _], _} ->
                   ["try" | body(Body, Col + 4)] ++ [indent(Col, "of")];
               _ -> ["try" | body(Body, Col + 4)]
           end,
    OfL = case Of of
              [] -> [];
              _ -> clauses(Of, Col + 4, case_clause)
          end,
    CatchL = case Catch of
                 [] -> [];
                 _ -> [indent(Col, "catch") | clauses(Catch, Col + 4, catch_clause)]
             end,
    AfterL = case After of
                 [] -> [];
                 _ -> [indent(Col, "after") | body(After, Col + 4)]
             end,
    Head ++ OfL ++ CatchL ++ AfterL ++ [indent(Col, "end")];
broken({block, _, Es}, Col) -> ["begin" | body(Es, Col + 4)] ++ [indent(Col, "end")];
broken({'fun', _, {clauses, Cls}}, Col) ->
    prepend("fun", fun_clauses(Cls, Col + 3, "")) ++ [indent(Col, "end")];
broken({named_fun, _, Name, Cls}, Col) ->
    prepend("fun ", fun_clauses(Cls, Col + 4, atom_to_list(Name))) ++ [indent(Col, "end")];
broken({lc, _, E, Quals}, Col) ->
    ["[ ", indent(Col + 1, [flat_or(E), " ||"]) | quals(Quals, Col + 5)] ++ [indent(Col, "]")];
broken({bc, _, E, Quals}, Col) ->
    ["<< ", indent(Col + 2, [flat_or(E), " ||"]) | quals(Quals, Col + 6)] ++ [indent(Col, ">>")];
broken(E, _Col) -> [flat_or(E)].

close(Lines, C) -> append_last(Lines, C).

case_head(E, Col) -> ["case" | indent_first(r(E, Col + 4), Col + 4)] ++ [indent(Col, "of")].

after_lines(T, [B], Col) ->
    case try {ok, lists:flatten([f(T), " -> ", f(B)])} catch throw:multi -> multi end of
        {ok, F} when Col + length(F) =< ?W -> [indent(Col, F)];
        _ -> [indent(Col, [flat_or(T), " ->"]) | body([B], Col + 4)]
    end;
after_lines(T, Body, Col) -> [indent(Col, [flat_or(T), " ->"]) | body(Body, Col + 4)].

quals([Q], Col) -> [indent(Col, qual(Q))];
quals([Q | Qs], Col) -> [indent(Col, [qual(Q), ","]) | quals(Qs, Col)].

qual({generate, _, P, E}) -> [flat_or(P), " <- ", flat_or(E)];
qual({b_generate, _, P, E}) -> [flat_or(P), " <= ", flat_or(E)];
qual(E) -> flat_or(E).

flat_or(E) ->
    try flat(E)
    catch throw:multi -> flatten_lines(r(E, 0))
    end.

operand_lines(E, Min, Col) ->
    Prefix = case E of
                 {op, _, _, _} -> true;
                 {'catch', _, _} -> true;
                 _ -> false
             end,
    case prec(E) < Min andalso not (Prefix andalso Min =< 401) of
        true ->
            append_last(prepend("(", r(E, Col + 1)), ")");
        false -> r(E, Col)
    end.

assoc_lines({map_field_assoc, _, K, V}, Col) -> assoc_lines(K, " =>", V, Col);
assoc_lines({map_field_exact, _, K, V}, Col) -> assoc_lines(K, " :=", V, Col).

%% Key and value on one line when the value fits after the key, else the value on the
%% next line, 4 columns in from the key.
assoc_lines(K, Op, V, Col) ->
    KL = append_last(r(K, Col), Op),
    Last = lists:flatten(lists:last(KL)),
    VCol = case KL of
               [_] -> Col + length(Last) + 1;
               _ -> length(Last) + 1
           end,
    case {KL, r(V, VCol)} of
        {[_], [VF]} -> append_last(KL, [" ", VF]);
        _ -> KL ++ indent_first(r(V, Col + 4), Col + 4)
    end.

rfield_lines({record_field, _, F, V}, Col) ->
    FT = [flat_or(F), " = "],
    prepend(FT, r(V, Col + flen(FT))).

%% Arguments of a call starting at Col: filled when all are one line, else one per line.
args([], _, Close) -> [Close];
args(Args, Col, Close) ->
    fill([fun(C) -> r(A, C) end || A <- Args], Col, Close).

%% Items (functions of the column giving their lines), separated by ", ": packed on
%% lines while they fit when every item is one line, else one per line.
fill(Items, Col, Close) ->
    Ls = [I(Col) || I <- Items],
    case lists:all(fun(L) -> length(L) =:= 1 end, Ls) of
        true ->
            Packed = pack([lists:flatten(L) || [L] <- Ls], Col, Close),
            %% erl fills only when the first line takes at least two items
            case Packed of
                [First | _] when length(Ls) > 1 ->
                    case length(string:split(lists:flatten(First), ", ", all)) >= 2 orelse
                        length(Packed) =:= 1 of
                        true -> Packed;
                        false -> append_last(stack(Ls, ",", Col), Close)
                    end;
                _ -> Packed
            end;
        false -> append_last(stack(Ls, ",", Col), Close)
    end.

pack(Texts, Col, Close) -> pack(Texts, Col, Close, ", ").

%% Texts packed on lines of at most ?W columns, separated by Sep (its comma ends a line).
pack(Texts, Col, Close, Sep) -> pack(Texts, Col, lists:flatten([Close]), Sep, [], Col).

pack([T], Col, Close, Sep, Cur, CurCol) ->
    Gap = length(Sep) - 1,
    case Cur =:= [] orelse CurCol + Gap + length(T) + length(Close) =< ?W of
        true -> [add(Cur, T, Sep) ++ Close];
        false -> [Cur, indent(Col, T ++ Close)]
    end;
pack([T | Ts], Col, Close, Sep, Cur, CurCol) ->
    Gap = length(Sep) - 1,
    case Cur =:= [] of
        true -> pack(Ts, Col, Close, Sep, T ++ ",", Col + length(T) + 1);
        false ->
            case CurCol + Gap + length(T) + 1 =< ?W of
                true ->
                    pack(Ts, Col, Close, Sep, Cur ++ lists:duplicate(Gap, $\s) ++ T ++ ",",
                         CurCol + Gap + length(T) + 1);
                false ->
                    [First | Rest] = pack(Ts, Col, Close, Sep, T ++ ",", Col + length(T) + 1),
                    [Cur, indent(Col, First) | Rest]
            end
    end.

add([], T, _) -> T;
add(Cur, T, Sep) -> Cur ++ lists:duplicate(length(Sep) - 1, $\s) ++ T.

lines_of(Text, More) -> [Text | More].

%% Items one per line, each but the last followed by Sep; the first continues the line.
stack([L], _, _) -> L;
stack([L | Ls], Sep, Col) ->
    append_last(L, Sep) ++ indent_first(stack(Ls, Sep, Col), Col).

%% Clauses at column Col, separated by ";".
clauses(Cls, Col, Kind) ->
    join_clauses([indent_first(clause_lines(C, Col, "", Kind), Col) || C <- Cls]).

join_clauses([C]) -> C;
join_clauses([C | Cs]) -> append_last(C, ";") ++ join_clauses(Cs).

%% A clause's lines: the head at column Col (first line without indentation when Kind
%% is fun_clause or head, since the caller places it), the body 4 columns in.
clause_lines({clause, _, Ps, G, Body}, Col, Name, Kind) ->
    HeadText = case Kind of
                   case_clause -> [flat_or(hd(Ps))];
                   catch_clause -> catch_pattern(hd(Ps));
                   if_clause -> [];
                   _ -> [Name, "(", lists:join(", ", [flat_or(P) || P <- Ps]), ")"]
               end,
    GuardText = case {Kind, G} of
                    {if_clause, _} -> guard_text(G);
                    {_, []} -> [];
                    _ -> [" when ", guard_text(G)]
                end,
    Head = lists:flatten([HeadText, GuardText, " ->"]),
    [Head | body(Body, Col + 4)].

catch_pattern({tuple, _, [C, R, {var, _, '_'}]}) -> [flat_or(C), ":", flat_or(R)];
catch_pattern({tuple, _, [C, R, S]}) -> [flat_or(C), ":", flat_or(R), ":", flat_or(S)];
catch_pattern(P) -> flat_or(P).

%% A body: one expression per line at Col, separated by commas.
body(Es, Col) -> indent_all(seq_lines(Es, Col, ",", Col), Col).

seq_lines([E], Col, _, _) -> r(E, Col);
seq_lines([E | Es], Col, Sep, Ind) when Sep =:= ", " ->
    %% exprs/1: on one line while everything fits
    First = r(E, Col),
    case First of
        [F] ->
            case seq_lines(Es, Col + length(lists:flatten(F)) + 2, Sep, Ind) of
                [R1 | Rest] -> [[F, ", ", R1] | Rest]
            end;
        _ -> append_last(First, ",") ++ indent_first(seq_lines(Es, Ind, Sep, Ind), Ind)
    end;
seq_lines([E | Es], Col, Sep, Ind) ->
    append_last(r(E, Col), Sep) ++ indent_first(seq_lines(Es, Ind, Sep, Ind), Ind).

indent_all([First | Rest], Col) -> [indent(Col, First) | Rest].

guard_text(Seq) ->
    lists:join("; ", [lists:join(", ", [flat_or(T) || T <- Tests]) || Tests <- Seq]).

%% ---------------------------------------------------------------- line helpers

indent(Col, Text) -> [lists:duplicate(Col, $\s), Text].

%% The first line given its own indentation (the others already have it).
indent_first([First | Rest], Col) -> [indent(Col, First) | Rest].

prepend(Text, [First | Rest]) -> [[Text, First] | Rest].

append_last(Lines, Text) ->
    [Last | Rev] = lists:reverse(Lines),
    lists:reverse([[Last, Text] | Rev]).

%% The clauses of a fun: the first head continues the line, the others at Col.
fun_clauses([C | Cs], Col, Name) ->
    join_clauses([clause_lines(C, Col, Name, fun_clause) |
                  [indent_first(clause_lines(C1, Col, Name, fun_clause), Col) || C1 <- Cs]]).
