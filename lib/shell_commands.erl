%% The shell's own commands, run in the evaluator as erl_eval's local function handler
%% ({eval, fun local/3}: they get their arguments unevaluated, so f(X) can forget X): b/0,
%% f/0,1, h/0, e/1, v/1, history/1, results/1, catch_exception/1, rd/2, rr/1,2,3, rl/0,1,
%% rf/0,1, rp/1. Any other local call goes to user_default, then shell_default. What a
%% command changes in the shell's state (bindings aside: records, settings) is collected
%% here and sent back to the shell with the command's result.
-module(shell_commands).

-export([begin_command/1, changes/0, local/3]).

%% rp/1 prints the whole term, wrapping lines as the shell's results are wrapped.
-define(LINE_MAX_CHARS, 60).

%% Called by the evaluator before each command, with the shell's state it may read.
begin_command(Context) ->
    put('$shell_context', Context),
    put('$shell_changes', #{}),
    ok.

%% The changes the command made: #{records => ..., catch_exception => ..., ...}.
changes() ->
    case get('$shell_changes') of
        undefined -> #{};
        Changes -> Changes
    end.

ctx(Key) ->
    Ctx = get('$shell_context'),
    case get('$shell_changes') of
        #{Key := Value} -> Value;
        _ -> maps:get(Key, Ctx)
    end.

change(Key, Value) ->
    put('$shell_changes', maps:put(Key, Value, get('$shell_changes'))).

local(f, [], _Bs) ->
    {value, ok, erl_eval:new_bindings()};
local(f, [{var, _, Name}], Bs) ->
    {value, ok, erl_eval:del_binding(Name, Bs)};
local(b, [], Bs) ->
    lists:foreach(fun({Name, Value}) ->
                          Prefix = io_lib:format("~ts = ", [atom_to_list(Name)]),
                          io:put_chars([Prefix, shell:pretty(Value, length(Prefix) + 1, ctx(records)), "\n"])
                  end, lists:sort(erl_eval:bindings(Bs))),
    {value, ok, Bs};
local(h, [], Bs) ->
    print_history(),
    {value, ok, Bs};
local(v, [Arg], Bs) ->
    {N, Bs1} = eval_arg(Arg, Bs),
    case lists:keyfind(shell:number(N, ctx(n)), 1, ctx(results)) of
        {_, Value} -> {value, Value, Bs1};
        false -> erlang:error({command_not_found, N})
    end;
local(e, [Arg], Bs) ->
    {N, Bs1} = eval_arg(Arg, Bs),
    case lists:keyfind(shell:number(N, ctx(n)), 1, ctx(history)) of
        {_, Exprs} -> erl_eval:exprs(Exprs, Bs1, {eval, fun local/3});
        false -> erlang:error({command_not_found, N})
    end;
local(history, [Arg], Bs) ->
    {N, Bs1} = eval_arg(Arg, Bs),
    Old = ctx(history_size),
    is_integer(N) andalso N >= 0 orelse erlang:error(badarg),
    change(history_size, N),
    {value, Old, Bs1};
local(results, [Arg], Bs) ->
    {N, Bs1} = eval_arg(Arg, Bs),
    Old = ctx(results_size),
    is_integer(N) andalso N >= 0 orelse erlang:error(badarg),
    change(results_size, N),
    {value, Old, Bs1};
local(catch_exception, [Arg], Bs) ->
    {B, Bs1} = eval_arg(Arg, Bs),
    is_boolean(B) orelse erlang:error(badarg),
    Old = ctx(catch_exception),
    change(catch_exception, B),
    {value, Old, Bs1};
local(rd, [{atom, L, Name}, Def], Bs) ->
    case shell_records:from_definition(Name, Def, L) of
        {ok, Record} ->
            change(records, lists:keystore(Name, 1, ctx(records), Record)),
            {value, Name, Bs};
        error ->
            erlang:error({bad_record_definition, Name})
    end;
local(rf, [], Bs) ->
    change(records, []),
    {value, [], Bs};
local(rf, [Arg], Bs) ->
    {Names, Bs1} = eval_arg(Arg, Bs),
    Remove = case Names of
                 '_' -> [N || {N, _} <- ctx(records)];
                 L when is_list(L) -> L;
                 A -> [A]
             end,
    change(records, [R || {N, _} = R <- ctx(records), not lists:member(N, Remove)]),
    {value, ok, Bs1};
local(rl, [], Bs) ->
    print_records(ctx(records)),
    {value, ok, Bs};
local(rl, [Arg], Bs) ->
    {Names, Bs1} = eval_arg(Arg, Bs),
    Wanted = case Names of
                 L when is_list(L) -> L;
                 A -> [A]
             end,
    print_records([R || {N, _} = R <- ctx(records), lists:member(N, Wanted)]),
    {value, ok, Bs1};
local(rr, [Arg], Bs) ->
    {What, Bs1} = eval_arg(Arg, Bs),
    {value, read_records(What, '_'), Bs1};
local(rr, [Arg, Sel], Bs) ->
    {What, Bs1} = eval_arg(Arg, Bs),
    {Selected, Bs2} = eval_arg(Sel, Bs1),
    {value, read_records(What, Selected), Bs2};
local(rr, [Arg, Sel, _Options], Bs) ->
    local(rr, [Arg, Sel], Bs);
local(rp, [Arg], Bs) ->
    {Term, Bs1} = eval_arg(Arg, Bs),
    io:put_chars([io_lib_pretty:print(Term, [{column, 1}, {line_length, shell:columns()},
                                             {depth, -1}, {line_max_chars, ?LINE_MAX_CHARS},
                                             {strings, true},
                                             {record_print_fun, shell_records:print_fun(ctx(records))},
                                             {encoding, shell:encoding()}]), "\n"]),
    {value, ok, Bs1};
local(F, ArgExprs, Bs) ->
    {Args, Bs1} = eval_args(ArgExprs, Bs),
    Arity = length(Args),
    case exported(user_default, F, Arity) of
        true ->
            {value, apply(user_default, F, Args), Bs1};
        false ->
            case exported(shell_default, F, Arity) of
                true -> {value, apply(shell_default, F, Args), Bs1};
                false -> erlang:raise(error, undef, [{shell_default, F, Args, []}])
            end
    end.

eval_arg(Expr, Bs) ->
    {value, V, Bs1} = erl_eval:expr(Expr, Bs, {eval, fun local/3}),
    {V, Bs1}.

eval_args(Exprs, Bs) ->
    lists:foldl(fun(E, {Acc, B}) ->
                        {V, B1} = eval_arg(E, B),
                        {Acc ++ [V], B1}
                end, {[], Bs}, Exprs).

exported(M, F, A) ->
    case code:ensure_loaded(M) of
        {module, M} -> erlang:function_exported(M, F, A);
        _ -> false
    end.

print_history() ->
    Results = ctx(results),
    lists:foreach(fun({N, Exprs}) ->
                          io:put_chars([integer_to_list(N), ": ", expr_text(Exprs), "\n"]),
                          case lists:keyfind(N, 1, Results) of
                              {N, Value} ->
                                  io:put_chars(["-> ", shell:pretty(Value, 4, ctx(records)), "\n"]);
                              false ->
                                  ok
                          end
                  end, lists:reverse(ctx(history))).

%% erl prints a command as erl_pp does; shell_pp does the same for short ones where the
%% standard library has no erl_pp.
expr_text(Exprs) ->
    try erl_pp:exprs(Exprs) of
        Text -> Text
    catch
        _:_ -> shell_pp:exprs(Exprs)
    end.

print_records(Records) ->
    lists:foreach(fun(R) -> io:put_chars(shell_records:format(R, 1)) end, lists:keysort(1, Records)).

%% rr(Module | File | [File], Selected): reads record definitions, returns their names.
read_records(Module, Selected) when is_atom(Module) ->
    %% A module that cannot be found is an error; files that do not exist read as empty.
    case source(Module) of
        {ok, Rs} -> keep_records(Rs, Selected);
        {error, Reason} -> {error, Reason}
    end;
read_records(What, Selected) ->
    Found = lists:append([case source(W) of
                              {ok, Rs} -> Rs;
                              {error, _} -> []
                          end || W <- sources(What)]),
    keep_records(Found, Selected).

keep_records(Found, Selected) ->
    Wanted = [R || {N, _} = R <- Found, selected(N, Selected)],
    Records = lists:foldl(fun({N, _} = R, Acc) -> lists:keystore(N, 1, Acc, R) end,
                          ctx(records), Wanted),
    change(records, Records),
    lists:usort([N || {N, _} <- Wanted]).

sources(Module) when is_atom(Module) -> [Module];
sources([C | _] = File) when is_integer(C) ->
    case catch filelib:wildcard(File) of
        [_ | _] = Files -> Files;
        _ -> [File]
    end;
sources(List) when is_list(List) -> lists:append([sources(W) || W <- List]);
sources(_) -> [].

source(Module) when is_atom(Module) -> shell_records:read_module(Module);
source(File) -> shell_records:read_file(File).

selected(_, '_') -> true;
selected(N, L) when is_list(L) -> lists:member(N, L);
selected(N, N) -> true;
selected(_, _) -> false.

