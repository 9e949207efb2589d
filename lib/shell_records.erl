%% Records at the shell prompt. erl_eval knows nothing of records, so the shell rewrites
%% record syntax into tuples before evaluating (#person{name = N} becomes
%% {person, N, undefined}, P#person.name becomes element(2, P), ...), using the record
%% definitions the user gave with rd/2 or read with rr/1,2. It also reads definitions from
%% source files and prints them for rl/0,1.
%%
%% Definitions are kept as [{Name, [Field]}] with Field = {FieldName, DefaultExpr | none}.
-module(shell_records).

-export([expand/2, uses_records/1, from_definition/3, read_file/1, read_module/1,
         format/2, print_fun/1]).

%%% Rewriting

%% Rewrites the record syntax in a list of expressions: {ok, Exprs} or
%% {error, {Location, Text}} for an undefined record or field.
expand(Exprs, Records) ->
    try
        {ok, [expr(E, Records) || E <- Exprs]}
    catch
        throw:{record_error, Loc, Text} -> {error, {Loc, Text}}
    end.

uses_records(Term) when is_tuple(Term) ->
    case Term of
        {call, _, {atom, _, is_record}, [_, {atom, _, _}]} -> true;
        {record, _, _, _} -> true;
        {record, _, _, _, _} -> true;
        {record_field, _, _, _, _} -> true;
        {record_index, _, _, _} -> true;
        _ -> uses_records(tuple_to_list(Term))
    end;
uses_records([H | T]) ->
    uses_records(H) orelse uses_records(T);
uses_records(_) ->
    false.

%% Expressions.
expr({record, L, Name, Fields}, Rs) when is_atom(Name) ->
    Def = definition(Name, L, Rs),
    Wild = wildcard(Fields),
    Values = [case field_value(F, Fields) of
                  {ok, V} -> expr(V, Rs);
                  error when Wild =/= none -> expr(Wild, Rs);
                  error -> default(Default, L)
              end || {F, Default} <- Def],
    check_fields(Fields, Def, Name),
    {tuple, L, [{atom, L, Name} | Values]};
expr({record, L, Expr, Name, Fields}, Rs) when is_atom(Name) ->
    Def = definition(Name, L, Rs),
    check_fields(Fields, Def, Name),
    lists:foldl(fun({record_field, FL, {atom, _, F}, V}, Acc) ->
                        {call, FL, {atom, FL, setelement},
                         [{integer, FL, position(F, Def, Name, FL)}, Acc, expr(V, Rs)]}
                end, checked(expr(Expr, Rs), Name, length(Def), L), Fields);
expr({record_field, L, Expr, Name, {atom, FL, F}}, Rs) when is_atom(Name) ->
    Def = definition(Name, L, Rs),
    {call, L, {atom, L, element},
     [{integer, L, position(F, Def, Name, FL)}, checked(expr(Expr, Rs), Name, length(Def), L)]};
expr({record_index, L, Name, {atom, FL, F}}, Rs) ->
    Def = definition(Name, L, Rs),
    {integer, L, position(F, Def, Name, FL)};
expr({call, L, {atom, _, is_record} = Fun, [E, {atom, _, Name} = A]}, Rs) ->
    case lists:keyfind(Name, 1, Rs) of
        {Name, Def} -> {call, L, Fun, [expr(E, Rs), A, {integer, L, length(Def) + 1}]};
        false -> {call, L, Fun, [expr(E, Rs), A]}
    end;
expr({match, L, P, E}, Rs) ->
    {match, L, pattern(P, Rs), expr(E, Rs)};
expr({clause, L, Ps, Gs, Body}, Rs) ->
    {clause, L, [pattern(P, Rs) || P <- Ps], [[expr(G, Rs) || G <- Gs1] || Gs1 <- Gs],
     [expr(B, Rs) || B <- Body]};
expr({generate, L, P, E}, Rs) ->
    {generate, L, pattern(P, Rs), expr(E, Rs)};
expr({b_generate, L, P, E}, Rs) ->
    {b_generate, L, pattern(P, Rs), expr(E, Rs)};
expr(T, Rs) when is_tuple(T) ->
    list_to_tuple([expr(X, Rs) || X <- tuple_to_list(T)]);
expr(L, Rs) when is_list(L) ->
    [expr(X, Rs) || X <- L];
expr(X, _) ->
    X.

%% Patterns: unmentioned fields match anything.
pattern({record, L, Name, Fields}, Rs) when is_atom(Name) ->
    Def = definition(Name, L, Rs),
    check_fields(Fields, Def, Name),
    Wild = wildcard(Fields),
    Values = [case field_value(F, Fields) of
                  {ok, V} -> pattern(V, Rs);
                  error when Wild =/= none -> pattern(Wild, Rs);
                  error -> {var, L, '_'}
              end || {F, _} <- Def],
    {tuple, L, [{atom, L, Name} | Values]};
pattern({record_index, L, Name, {atom, _, F}}, Rs) ->
    {integer, L, position(F, definition(Name, L, Rs), Name, L)};
pattern(T, Rs) when is_tuple(T) ->
    list_to_tuple([pattern(X, Rs) || X <- tuple_to_list(T)]);
pattern(L, Rs) when is_list(L) ->
    [pattern(X, Rs) || X <- L];
pattern(X, _) ->
    X.

%% A record access checks that it is given a record of the right kind, as compiled code
%% does: {badrecord, Value} otherwise. The check is a fun applied on the spot, so that its
%% variable stays out of the shell's bindings.
checked(Expr, Name, Size, L) ->
    Var = {var, L, 'Record'},
    Check = {'fun', L,
             {clauses,
              [{clause, L, [Var],
                [[{call, L, {atom, L, is_record}, [Var, {atom, L, Name}, {integer, L, Size + 1}]}]],
                [Var]},
               {clause, L, [Var], [],
                [{call, L, {remote, L, {atom, L, erlang}, {atom, L, error}},
                  [{tuple, L, [{atom, L, badrecord}, Var]}]}]}]}},
    {call, L, Check, [Expr]}.

definition(Name, L, Rs) ->
    case lists:keyfind(Name, 1, Rs) of
        {Name, Def} -> Def;
        false -> throw({record_error, L, io_lib:format("record ~tw undefined", [Name])})
    end.

check_fields(Fields, Def, Name) ->
    lists:foreach(fun({record_field, _, {atom, L, F}, _}) ->
                          _ = position(F, Def, Name, L);
                     (_) ->
                          ok
                  end, Fields).

position(F, Def, Name, L) ->
    case index(F, Def, 2) of
        none -> throw({record_error, L, io_lib:format("field ~tw undefined in record ~tw", [F, Name])});
        N -> N
    end.

index(F, [{F, _} | _], N) -> N;
index(F, [_ | Rest], N) -> index(F, Rest, N + 1);
index(_, [], _) -> none.

field_value(F, [{record_field, _, {atom, _, F}, V} | _]) -> {ok, V};
field_value(F, [_ | Rest]) -> field_value(F, Rest);
field_value(_, []) -> error.

wildcard([{record_field, _, {var, _, '_'}, V} | _]) -> V;
wildcard([_ | Rest]) -> wildcard(Rest);
wildcard([]) -> none.

default(none, L) -> {atom, L, undefined};
default(Expr, _) -> Expr.

%%% Definitions

%% rd(Name, {f1 = Default, f2}): the definition from the tuple expression typed.
from_definition(Name, {tuple, _, Fields}, _L) when is_atom(Name) ->
    try
        {ok, {Name, [field(F) || F <- Fields]}}
    catch
        throw:bad_field -> error
    end;
from_definition(_, _, _) ->
    error.

field({atom, _, F}) -> {F, none};
field({match, _, {atom, _, F}, Default}) -> {F, Default};
field({typed, _, Inner, _}) -> field(Inner);
field(_) -> throw(bad_field).

%% The record definitions of a source file (without preprocessing: macros and includes
%% are not followed).
read_file(File) ->
    case file:read_file(File) of
        {ok, Bin} ->
            case unicode:characters_to_list(Bin) of
                Text when is_list(Text) -> {ok, records_in(Text)};
                _ -> {error, enoent}
            end;
        {error, Reason} ->
            {error, Reason}
    end.

%% The record definitions of a module: from its debug information when it has any, else
%% from the source file it was compiled from.
read_module(Module) ->
    FromBeam = case code:which(Module) of
                   Beam when is_list(Beam) -> from_beam(Beam);
                   _ -> error
               end,
    case FromBeam of
        {ok, Records} ->
            {ok, Records};
        error ->
            Source = try Module:module_info(compile) of
                         Info -> proplists:get_value(source, Info)
                     catch
                         _:_ -> undefined
                     end,
            case Source of
                undefined -> {error, nofile};
                _ -> read_file(Source)
            end
    end.

from_beam(Beam) ->
    try beam_lib:chunks(Beam, [abstract_code]) of
        {ok, {_, [{abstract_code, {_, Forms}}]}} ->
            {ok, [def(R) || {attribute, _, record, R} <- Forms]};
        _ ->
            error
    catch
        _:_ -> error
    end.

records_in(Text) ->
    case erl_scan:string(Text, {1, 1}) of
        {ok, Tokens, _} -> record_forms(Tokens, []);
        _ -> []
    end.

%% The -record forms among the forms of a file, as definitions.
record_forms(Tokens, Acc) ->
    case lists:splitwith(fun(T) -> element(1, T) =/= dot end, Tokens) of
        {[{'-', _}, {atom, _, record} | _] = Form, [Dot | Rest]} ->
            record_forms(Rest, record_form(Form, Dot) ++ Acc);
        {_, [_Dot | Rest]} ->
            record_forms(Rest, Acc);
        {_, []} ->
            lists:reverse(Acc)
    end.

record_form(Form, Dot) ->
    try erl_parse:parse_form(Form ++ [Dot]) of
        {ok, {attribute, _, record, R}} -> [def(R)];
        _ -> []
    catch
        error:undef -> record_form_as_expression(Form, Dot)
    end.

%% Without erl_parse:parse_form/1: -record(Name, {Fields}) read through its tuple, an
%% expression, with the fields' type annotations left out.
record_form_as_expression([{'-', _}, {atom, _, record}, {'(', _}, {atom, L, Name}, {',', _} | Rest],
                          Dot) ->
    case lists:reverse(Rest) of
        [{')', _} | RevTuple] ->
            Tuple = untyped(lists:reverse(RevTuple), 0, []),
            case erl_parse:parse_exprs(Tuple ++ [Dot]) of
                {ok, [Expr]} ->
                    case from_definition(Name, Expr, L) of
                        {ok, Def} -> [Def];
                        error -> []
                    end;
                _ ->
                    []
            end;
        _ ->
            []
    end;
record_form_as_expression(_, _) ->
    [].

%% The tokens without the "::" annotations of the record's fields (depth 1 is the
%% record's own braces).
untyped([{'::', _} | Rest], 1, Acc) ->
    untyped(skip_type(Rest, 0), 1, Acc);
untyped([T | Rest], Depth, Acc) ->
    untyped(Rest, Depth + depth_change(T), [T | Acc]);
untyped([], _, Acc) ->
    lists:reverse(Acc).

skip_type([T | Rest] = Tokens, Depth) ->
    case {element(1, T), Depth} of
        {',', 0} -> Tokens;
        {'}', 0} -> Tokens;
        _ -> skip_type(Rest, Depth + depth_change(T))
    end;
skip_type([], _) ->
    [].

depth_change(T) ->
    case element(1, T) of
        Open when Open =:= '('; Open =:= '['; Open =:= '{'; Open =:= '<<' -> 1;
        Close when Close =:= ')'; Close =:= ']'; Close =:= '}'; Close =:= '>>' -> -1;
        _ -> 0
    end.

def({Name, Fields}) ->
    {Name, [record_field(F) || F <- Fields]}.

record_field({record_field, _, {atom, _, F}}) -> {F, none};
record_field({record_field, _, {atom, _, F}, D}) -> {F, D};
record_field({typed_record_field, Inner, _}) -> record_field(Inner).

%%% Printing

%% "-record(name,{a = Default,b})." for rl/0,1.
format({Name, Fields}, _Column) ->
    Attr = {attribute, 1, record,
            {Name, [case D of
                        none -> {record_field, 1, {atom, 1, F}};
                        _ -> {record_field, 1, {atom, 1, F}, D}
                    end || {F, D} <- Fields]}},
    try erl_pp:attribute(Attr) of
        Text -> Text
    catch
        _:_ -> shell_pp:record(Name, Fields)
    end.

%% The record_print_fun io_lib_pretty takes: field names of a known record.
print_fun(Records) ->
    fun(Tag, NoFields) ->
            case lists:keyfind(Tag, 1, Records) of
                {Tag, Fields} when length(Fields) =:= NoFields -> [F || {F, _} <- Fields];
                _ -> no
            end
    end.
