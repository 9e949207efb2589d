%% Formats an exception (class, reason, stack trace) the way the shell prints it:
%%
%%   exception error: bad argument
%%        in function  list_to_atom/1
%%           called as list_to_atom(1)
%%           *** argument 1: not a list
%%
%% The wording and the layout follow erl's, recorded case by case (tests/shell/erl_error/).
%% Extra descriptions of a failing call come from the `error_info' of its stack frame
%% (EEP 54): Module:format_error(Reason, StackTrace) returns a map of argument positions,
%% `general' and `reason' to texts.
-module(erl_error).

-export([format_exception/3, format_exception/4,
         format_exception/6, format_exception/7,
         format_stacktrace/4, format_stacktrace/5]).

-define(LINE_LENGTH, 80).

%% The options map: column (1-based start column), stack_trim_fun (drops frames from
%% the end of the stack trace while it returns true), format_fun (prints a term at a
%% column).
format_exception(Class, Reason, Stack) ->
    format_exception(Class, Reason, Stack, #{}).

format_exception(Column, Class, Reason, Stack) when is_integer(Column) ->
    %% An older positional form some callers use: (Column, Class, Reason, Stack).
    format(Column, Class, Reason, Stack, fun(_, _, _) -> false end, fun default_format/2);
format_exception(Class, Reason, Stack, Options) when is_map(Options) ->
    Column = maps:get(column, Options, 1),
    Trim = maps:get(stack_trim_fun, Options, fun(_, _, _) -> false end),
    Format = maps:get(format_fun, Options, fun default_format/2),
    format(Column, Class, Reason, Stack, Trim, Format).

%% The older positional form: (Column, Class, Reason, Stack, TrimFun, FormatFun[, Enc]).
format_exception(Column, Class, Reason, Stack, Trim, Format) ->
    format(Column, Class, Reason, Stack, Trim, Format).

format_exception(Column, Class, Reason, Stack, Trim, Format, _Encoding) ->
    format(Column, Class, Reason, Stack, Trim, Format).

%% The stack trace alone, as format_exception prints it below the first line (without
%% the newline before its first frame).
format_stacktrace(Column, Stack, Trim, Format) ->
    case is_stack(Stack) of
        true ->
            case frames(trim(Stack, Trim), #{}, Column, Format, first) of
                ["\n" | Lines] -> Lines;
                Lines -> Lines
            end;
        false ->
            ""
    end.

format_stacktrace(Column, Stack, Trim, Format, _Encoding) ->
    format_stacktrace(Column, Stack, Trim, Format).

default_format(Term, Column) ->
    io_lib:print(Term, Column, ?LINE_LENGTH, 30).

format(Column, Class, Reason0, Stack0, Trim, Format) ->
    %% erl reads a "stack trace" that is not one as part of the reason.
    {Reason, Stack} = case is_stack(Stack0) of
                          true -> {Reason0, Stack0};
                          false -> {{Reason0, Stack0}, []}
                      end,
    Head = "exception " ++ atom_to_list(Class) ++ ": ",
    At = Column + length(Head),
    Described = error_info(Class, Reason, Stack),
    {Explanation, Frames} =
        case Described of
            #{reason := Text} -> {indent_text(Text, At - 1), Stack};
            _ -> explain(Class, Reason, Stack, Column, At, Format)
        end,
    %% The frame an explanation names ("undefined function m:f/1") is never trimmed.
    Lines = frames(trim(Frames, Trim), Described, Column, Format, first),
    [Head, Explanation | Lines].

is_stack(Stack) when is_list(Stack) ->
    lists:all(fun is_frame/1, Stack);
is_stack(_) ->
    false.

is_frame({M, F, A, Info}) when is_atom(M), is_atom(F), is_list(Info),
                               (is_integer(A) orelse is_list(A)) ->
    true;
is_frame(_) ->
    false.

%% Drops frames from the end of the stack while the trim fun says so (the shell drops its
%% own frames and the evaluator's).
trim(Stack, Trim) ->
    lists:reverse(trim_rev(lists:reverse(Stack), Trim)).

trim_rev([{M, F, A, _} = Frame | Rest], Trim) ->
    case catch Trim(M, F, A) of
        true -> trim_rev(Rest, Trim);
        _ -> [Frame | Rest]
    end;
trim_rev([], _) ->
    [].

arity(Args) when is_list(Args) -> length(Args);
arity(Arity) -> Arity.

%% The first line's text after "exception Class: ", and the frames still to print.
explain(error, undef, [{M, F, A, _} | Rest], _Column, _At, _Format) ->
    {["undefined function ", mfa(M, F, arity(A))], Rest};
explain(error, function_clause, [{M, F, Args, Info} | Rest], Column, At, Format)
  when is_list(Args) ->
    Text = "no function clause matching ",
    Start = At + length(Text),
    Inline = call(M, F, Args, Start, Format),
    Call = case long_name(M, F, Args, Start) orelse is_multiline(Inline) of
               false -> Inline;
               true -> ["\n", spaces(Column + 16), call(M, F, Args, Column + 17, Format)]
           end,
    {[Text, Call, " ", location(Info)], Rest};
explain(error, Reason, Stack, Column, At, Format) ->
    {reason(Reason, Column, At, Format), Stack};
explain(_Class, Reason, Stack, _Column, At, Format) ->
    {Format(Reason, At), Stack}.

reason(badarg, _, _, _) ->
    "bad argument";
reason({badarg, Term}, _, At, Format) ->
    inline("bad argument: ", Term, At, Format);
reason(badarith, _, _, _) ->
    "an error occurred when evaluating an arithmetic expression";
reason({badarity, {Fun, Args}}, _, _, _) when is_function(Fun), is_list(Args) ->
    [fun_description(Fun), " called with ", argument_count(length(Args))];
reason({bad_generator, Term}, _, At, Format) ->
    inline("bad generator ", Term, At, Format);
reason({bad_filter, Term}, _, At, Format) ->
    inline("bad filter ", Term, At, Format);
reason({badfun, Term}, _, At, Format) ->
    inline("bad function ", Term, At, Format);
reason({badmatch, Term}, Column, At, Format) ->
    moving("no match of right hand side value ", Term, Column, At, Format);
reason({case_clause, Term}, Column, At, Format) ->
    moving("no case clause matching ", Term, Column, At, Format);
reason({try_clause, Term}, Column, At, Format) ->
    moving("no try clause matching ", Term, Column, At, Format);
reason(if_clause, _, _, _) ->
    "no true branch found when evaluating an if expression";
reason(noproc, _, _, _) ->
    "no such process or port";
reason(notalive, _, _, _) ->
    "the node cannot be part of a distributed system";
reason(system_limit, _, _, _) ->
    "a system limit has been reached";
reason(timeout_value, _, _, _) ->
    "bad receive timeout value";
reason({badkey, Key}, _, At, Format) ->
    inline("bad key: ", Key, At, Format);
reason({badmap, Term}, _, At, Format) ->
    inline("bad map: ", Term, At, Format);
reason(Other, _, At, Format) ->
    Format(Other, At).

%% "bad key: " and friends: the term follows on the same line, wrapping below it.
inline(Text, Term, At, Format) ->
    [Text, Format(Term, At + length(Text))].

%% "no case clause matching " and friends: the term moves to a line of its own when it
%% does not fit on the first one.
moving(Text, Term, Column, At, Format) ->
    [Text, fit(fun(Col) -> Format(Term, Col) end, At + length(Text), Column)].

fit(Print, At, Column) ->
    Inline = Print(At),
    case is_multiline(Inline) of
        false -> Inline;
        true -> ["\n", spaces(Column + 16), Print(Column + 17)]
    end.

is_multiline(Chars) ->
    lists:member($\n, flat(Chars)).

flat(Chars) ->
    unicode:characters_to_list(Chars).

fun_description(Fun) ->
    case erlang:fun_info(Fun, module) of
        {module, erl_eval} ->
            {arity, Arity} = erlang:fun_info(Fun, arity),
            ["interpreted function with arity ", integer_to_list(Arity)];
        {module, M} ->
            {name, Name} = erlang:fun_info(Fun, name),
            {arity, Arity} = erlang:fun_info(Fun, arity),
            mfa(M, Name, Arity)
    end.

argument_count(0) -> "no arguments";
argument_count(1) -> "one argument";
argument_count(2) -> "two arguments";
argument_count(N) -> [integer_to_list(N), " arguments"].

%% The stack frames: the first one as "in function" (with "called as" and the error_info
%% descriptions when it holds the arguments of the call that failed), the others as
%% "in call from".
frames([{M, F, Args, _Info} | Rest], Described, Column, Format, Which)
  when is_list(Args) ->
    Operator = is_operator(M, F, length(Args)),
    Kind = case {Which, Operator} of
               {next, _} -> "in call from ";
               {first, true} -> "in operator  ";
               {first, false} -> "in function  "
           end,
    CalledAt = Column + 3,
    Prefix = [spaces(CalledAt + 1), "called as "],
    Start = CalledAt + 12,
    Call = case Operator of
               true ->
                   operator_call(F, Args, Start, Format);
               false ->
                   case long_name(M, F, Args, Start) of
                       %% erl starts the call on a line of its own, after a
                       %% second "called as".
                       true -> ["\n", Prefix, call(M, F, Args, Start, Format)];
                       false -> call(M, F, Args, Start, Format)
                   end
           end,
    ["\n", spaces(Column + 1), Kind, mfa(M, F, length(Args)),
     "\n", Prefix, Call, describe(Described, length(Args), CalledAt)
     | frames(Rest, #{}, Column, Format, next)];
frames([{M, F, A, Info} | Rest], Described, Column, Format, Which) ->
    Kind = case Which of
               first -> "in function  ";
               next -> "in call from "
           end,
    ["\n", spaces(Column + 1), Kind, mfa(M, F, arity(A)), " ", location(Info)
     | frames(Rest, Described, Column, Format, next)];
frames([], _, _, _, _) ->
    [].

location(Info) ->
    case {proplists:get_value(file, Info), proplists:get_value(line, Info)} of
        {File, Line} when File =/= undefined, is_integer(Line) ->
            ["(", File, ", line ", integer_to_list(Line), ")"];
        _ ->
            ""
    end.

%% The texts the failing module gives for the arguments of the call that failed
%% (EEP 54), for errors only: a map, empty when there is none.
error_info(error, Reason, [{_M, _F, Args, Info} | _] = Stack) when is_list(Args) ->
    case proplists:get_value(error_info, Info) of
        #{module := Module} = ErrorInfo ->
            Function = maps:get(function, ErrorInfo, format_error),
            try Module:Function(Reason, Stack) of
                Map when is_map(Map) -> Map;
                _ -> #{}
            catch
                _:_ -> #{}
            end;
        _ ->
            #{}
    end;
error_info(_, _, _) ->
    #{}.

describe(Map, Arity, CalledAt) ->
    Indent = spaces(CalledAt + 1),
    Args = [begin
                Label = "*** argument " ++ integer_to_list(N) ++ ": ",
                ["\n", Indent, Label,
                 indent_text(maps:get(N, Map), CalledAt + 1 + length(Label))]
            end
            || N <- lists:seq(1, Arity), maps:is_key(N, Map)],
    General = case Map of
                  #{general := Text} ->
                      [["\n", Indent, "*** ", indent_text(Text, CalledAt + 5)]];
                  _ ->
                      []
              end,
    Args ++ General.

%% A text over several lines, its later lines starting at column Indent + 1.
indent_text(Text, Indent) ->
    lists:flatmap(fun($\n) -> [$\n | spaces(Indent)];
                     (C) -> [C]
                  end, flat(Text)).

%% "m:f(Arg1,Arg2)": the arguments printed as a list at the column of the "(", whose
%% brackets are then dropped, so that a long argument list wraps aligned after "(".
call(M, F, Args, Column, Format) ->
    Name = flat(function_name(M, F, length(Args))),
    Open = Column + length(Name),
    Printed = flat(Format(Args, Open)),
    [Name, "(", strip_brackets(Printed), ")"].

%% erl moves a call whose "(" would fall right of column 66.
long_name(M, F, Args, Column) ->
    Column - 1 + length(flat(function_name(M, F, length(Args)))) >= 66.

strip_brackets([$[ | Rest]) ->
    case lists:reverse(Rest) of
        [$] | Body] -> lists:reverse(Body);
        _ -> Rest
    end;
strip_brackets(Other) ->
    Other.

operator_call(Op, [A], Column, Format) ->
    Name = atom_to_list(Op),
    [Name, " ", Format(A, Column + length(Name) + 1)];
operator_call(Op, [A, B], Column, Format) ->
    Name = atom_to_list(Op),
    Left = flat(Format(A, Column)),
    Vertical = fun() ->
                       Indent = spaces(Column - 1),
                       [Left, "\n", Indent, Name, "\n", Indent, Format(B, Column)]
               end,
    case is_multiline(Left) of
        true ->
            Vertical();
        false ->
            Right = Format(B, Column + length(Left) + length(Name) + 2),
            case is_multiline(Right) of
                true -> Vertical();
                false -> [Left, " ", Name, " ", Right]
            end
    end.

is_operator(erlang, F, 1) ->
    lists:member(F, ['+', '-', 'not', 'bnot']);
is_operator(erlang, F, 2) ->
    lists:member(F, ['+', '-', '*', '/', 'div', 'rem', 'band', 'bor', 'bxor',
                     'bsl', 'bsr', 'and', 'or', 'xor', '==', '/=', '=<', '<',
                     '>=', '>', '=:=', '=/=', '++', '--', '!']);
is_operator(_, _, _) ->
    false.

mfa(M, F, Arity) ->
    case is_operator(M, F, Arity) of
        true when F =:= '/' -> ["'/'/", integer_to_list(Arity)];
        true -> [atom_to_list(F), "/", integer_to_list(Arity)];
        false -> [function_name(M, F, Arity), "/", integer_to_list(Arity)]
    end.

%% Auto-imported BIFs are printed without "erlang:", as they are called.
function_name(erlang, F, Arity) ->
    case is_auto_imported(F, Arity) of
        true -> io_lib:write_atom(F);
        false -> [io_lib:write_atom(erlang), ":", io_lib:write_atom(F)]
    end;
function_name(M, F, _Arity) ->
    [io_lib:write_atom(M), ":", io_lib:write_atom(F)].

is_auto_imported(F, Arity) ->
    try erl_internal:bif(F, Arity) of
        Bool -> Bool =:= true
    catch
        _:_ -> false
    end.

spaces(N) when N > 0 ->
    lists:duplicate(N, $\s);
spaces(_) ->
    "".
