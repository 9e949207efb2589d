%% erl_error: the text of exceptions, as the shell and crash reports print them (Ferl's).
%%
%% format_exception/3,4 (options map) and /6,7 (indentation, stack and format funs) give "exception error: no match of right hand side value 2"
%% followed by the stack ("in function  m:f/1 (m.erl, line 3)", "in call from ...",
%% "in operator  +/2 / called as 1 + a"). Covered: the standard error reasons of erl
%% (badarg, badarith, badmatch, function_clause, undef, case_clause, if_clause,
%% try_clause, badfun, badarity, timeout_value, noproc, system_limit, badmap, badkey,
%% bad_generator, bad_filter, {badarg, V}) and exit/throw classes. Not covered: the
%% "*** argument N: ..." explanations that erl derives from error_info.
-module(erl_error).

-export([format_exception/3, format_exception/4, format_exception/6,
         format_exception/7, format_stacktrace/4]).

format_exception(Class, Reason, Stack) -> format_exception(Class, Reason, Stack, #{}).

%% Options: column (default 1), stack_trim_fun, format_fun, encoding.
format_exception(Class, Reason, Stack, Opts) when is_map(Opts) ->
    format_exception(maps:get(column, Opts, 1), Class, Reason, Stack,
                     maps:get(stack_trim_fun, Opts, fun(_, _, _) -> false end),
                     maps:get(format_fun, Opts,
                              fun(T, Col) -> io_lib_pretty:print(T, Col, 80, -1) end),
                     maps:get(encoding, Opts, latin1)).

format_exception(I, Class, Reason, Stack, StackFun, FormatFun) ->
    format_exception(I, Class, Reason, Stack, StackFun, FormatFun, latin1).

%% I: the column where the text starts (the first line is not indented by this function).
format_exception(I, Class, Reason, Stack0, StackFun, FormatFun, _Enc) ->
    Stack = skip_trailing(Stack0, StackFun),
    Prefix = "exception " ++ atom_to_list(Class) ++ ": ",
    {Msg, Rest} = explain(Class, Reason, Stack, I + length(Prefix) - 1, FormatFun),
    [Prefix, Msg, format_stacktrace(I, Rest, StackFun, FormatFun)].

skip_trailing(Stack, StackFun) ->
    lists:reverse(lists:dropwhile(fun({M, F, A, _}) -> StackFun(M, F, A);
                                     ({M, F, A}) -> StackFun(M, F, A);
                                     (_) -> false
                                  end, lists:reverse(Stack))).

%% The message, and the frames still to print.
explain(error, Reason, Stack, Col, FF) ->
    case Reason of
        badarg -> {"bad argument", Stack};
        badarith -> {"an error occurred when evaluating an arithmetic expression", Stack};
        {badmatch, V} -> {term_msg("no match of right hand side value ", V, Col, FF), Stack};
        {case_clause, V} -> {term_msg("no case clause matching ", V, Col, FF), Stack};
        {try_clause, V} -> {term_msg("no try clause matching ", V, Col, FF), Stack};
        if_clause -> {"no true branch found when evaluating an if expression", Stack};
        function_clause ->
            case Stack of
                [{M, F, As, Loc} | Rest] when is_list(As) ->
                    Call0 = lists:flatten([mf(M, F), "(", args(As), ")"]),
                    Call = [Call0, location(Loc)],
                    Text = "no function clause matching ",
                    case Col + length(Text) + length(Call0) < 80 of
                        true -> {[Text, Call], Rest};
                        false -> {[Text, $\n, lists:duplicate(Col, $\s), Call], Rest}
                    end;
                _ -> {"no function clause matching", Stack}
            end;
        undef ->
            case Stack of
                [{M, F, As, _} | Rest] ->
                    {io_lib:format("undefined function ~tw:~tw/~w", [M, F, arity(As)]), Rest};
                _ -> {"undefined function", Stack}
            end;
        {badfun, V} -> {term_msg("bad function ", V, Col, FF), Stack};
        {badarity, {Fun, As}} when is_function(Fun) ->
            {[fun_desc(Fun), " called with ", n_args(length(As))], Stack};
        timeout_value -> {"bad receive timeout value", Stack};
        noproc -> {"no such process or port", Stack};
        notalive -> {"the node cannot be part of a distributed system", Stack};
        system_limit -> {"a system limit has been reached", Stack};
        {badmap, V} -> {term_msg("bad map: ", V, Col, FF), Stack};
        {badkey, V} -> {term_msg("bad key: ", V, Col, FF), Stack};
        {bad_generator, V} -> {term_msg("bad generator ", V, Col, FF), Stack};
        {bad_filter, V} -> {term_msg("bad filter ", V, Col, FF), Stack};
        {badarg, V} -> {term_msg("bad argument: ", V, Col, FF), Stack};
        _ -> {FF(Reason, Col + 1), Stack}
    end;
explain(_, Reason, Stack, Col, FF) -> {FF(Reason, Col + 1), Stack}.

%% "text value" when the value laid out after the text takes at most two lines, else
%% the value on the next line, under the start of the text. Col: the 0-based column of
%% the text.
term_msg(Text, V, Col, FF) ->
    Here = FF(V, Col + length(Text) + 1),
    case length(string:split(lists:flatten(io_lib:format("~ts", [Here])), "\n", all)) =< 2 of
        true -> [Text, Here];
        false -> [Text, $\n, lists:duplicate(Col, $\s), FF(V, Col + 1)]
    end.

fun_desc(Fun) ->
    case erlang:fun_info(Fun, type) of
        {type, external} ->
            {module, M} = erlang:fun_info(Fun, module),
            {name, N} = erlang:fun_info(Fun, name),
            {arity, A} = erlang:fun_info(Fun, arity),
            io_lib:format("~tw:~tw/~w", [M, N, A]);
        _ ->
            {arity, A} = erlang:fun_info(Fun, arity),
            case erlang:fun_info(Fun, module) of
                {module, erl_eval} ->
                    io_lib:format("interpreted function with arity ~w", [A]);
                _ -> io_lib:format("~tw", [Fun])
            end
    end.

n_args(0) -> "no arguments";
n_args(1) -> "one argument";
n_args(N) -> io_lib:format("~w arguments", [N]).

arity(As) when is_list(As) -> length(As);
arity(A) -> A.

mf(erlang, F) -> io_lib:format("~tw", [F]);
mf(M, F) -> io_lib:format("~tw:~tw", [M, F]).

args(As) -> lists:join(",", [io_lib_pretty:print(A, 1, 10000, -1) || A <- As]).

location(Loc) when is_list(Loc) ->
    case {lists:keyfind(file, 1, Loc), lists:keyfind(line, 1, Loc)} of
        {{file, F}, {line, L}} -> io_lib:format(" (~ts, line ~w)", [F, L]);
        _ -> ""
    end;
location(_) -> "".

%% The stack lines: the first "in function", the others "in call from".
format_stacktrace(I, Stack, _StackFun, _FF) ->
    Ind = lists:duplicate(I + 1, $\s),
    {Lines, _} = lists:mapfoldl(fun(Frame, First) ->
                                        {frame(Frame, First, Ind), false}
                                end, true, Stack),
    Lines.

frame({M, F, As, Loc}, First, Ind) when is_list(As) ->
    What = if First -> "in function  "; true -> "in call from " end,
    case operator(M, F, As) of
        {true, Op} ->
            [$\n, Ind, "in operator  ", io_lib:format("~ts/~w", [F, length(As)]),
             $\n, Ind, "   called as ", Op];
        false ->
            [$\n, Ind, What, mf(M, F), io_lib:format("/~w", [length(As)]), location(Loc),
             $\n, Ind, "   called as ", mf(M, F), "(", args(As), ")"]
    end;
frame({M, F, A, Loc}, First, Ind) ->
    What = if First -> "in function  "; true -> "in call from " end,
    [$\n, Ind, What, mf(M, F), io_lib:format("/~w", [A]),
     case location(Loc) of
         "" -> " ";
         L -> L
     end];
frame({M, F, A}, First, Ind) -> frame({M, F, A, []}, First, Ind);
frame(_, _, _) -> [].

operator(erlang, F, [A, B]) ->
    case lists:member(F, ['+', '-', '*', '/', 'div', 'rem', 'band', 'bor', 'bxor', 'bsl',
                          'bsr', 'and', 'or', 'xor', '==', '/=', '=<', '<', '>=', '>',
                          '=:=', '=/=', '++', '--', '!']) of
        true -> {true, io_lib:format("~tw ~ts ~tw", [A, F, B])};
        false -> false
    end;
operator(erlang, F, [A]) ->
    case lists:member(F, ['-', '+', 'not', 'bnot']) of
        true -> {true, io_lib:format("~ts ~tw", [F, A])};
        false -> false
    end;
operator(_, _, _) -> false.
