%% The Erlang shell: reads expressions at numbered prompts, evaluates them with erl_eval
%% in an evaluator process, prints their values as ~p does, and formats exceptions with
%% erl_error, all as erl's shell does. Bindings, the command history (e/1, v/1, h/0) and
%% record definitions live in the shell process; the evaluator gets them with each
%% command, so that a crash of the evaluated code (or of a process linked to it) loses
%% nothing but the evaluator, which is started again.
%%
%% Local calls that are not BIFs go to the shell's own commands (shell_commands: b/0,
%% f/0,1, e/1, v/1, h/0, history/1, results/1, catch_exception/1, records), then to
%% user_default, then to shell_default.
-module(shell).

-export([start/0, start/1, start/2, server/2, help/0, prompt/1]).
-export([evaluator/1]).
%% For shell_commands.
-export([pretty/3, columns/0, encoding/0, number/2]).

-define(DEPTH, 30).
-define(LINE_MAX_CHARS, 60).
-define(DEFAULT_HISTORY, 20).

-record(sh, {n = 1 :: pos_integer(),
             bindings = [],
             %% [{N, Exprs}], newest first.
             history = [],
             %% [{N, Value}], newest first; exceptions are kept as {'EXIT', Reason}.
             results = [],
             history_size = ?DEFAULT_HISTORY,
             results_size = ?DEFAULT_HISTORY,
             records = [],
             catch_exception = false,
             eval :: pid() | undefined}).

%% Starts a shell whose group leader is the caller's, as OTP's shell:start/0 does.
start() ->
    start(false, false).

start(NoCtrlG) ->
    start(NoCtrlG, false).

start(_NoCtrlG, _StartSync) ->
    spawn(?MODULE, server, [group_leader(), []]).

%% The shell process: Group is its io server (on this node or, for a remote shell, on
%% the node with the terminal).
server(Group, Options) ->
    group_leader(Group, self()),
    process_flag(trap_exit, true),
    case proplists:get_bool(no_banner, Options) of
        true -> ok;
        false -> io:format("Eshell V~ts  (abort with ^G)~n", [erlang:system_info(version)])
    end,
    loop(new_evaluator(#sh{bindings = erl_eval:new_bindings()})).

prompt(N) ->
    case node() of
        nonode@nohost -> io_lib:format("~w> ", [N]);
        Node -> io_lib:format("(~ts)~w> ", [atom_to_list(Node), N])
    end.

%%% The read-eval-print loop

loop(St) ->
    report_variables(St),
    case read(prompt(St#sh.n), St) of
        {ok, Tokens, St1} ->
            loop(safe_command(Tokens, St1));
        {error, Text, St1} ->
            put_error(Text),
            loop(St1);
        {eof, St1} ->
            %% At the end of its input the shell stops (and with it, for the terminal's
            %% shell, the runtime).
            unlink(St1#sh.eval),
            exit(St1#sh.eval, kill),
            exit(normal)
    end.

%% Reads one expression; handles the evaluator's death and interrupts meanwhile.
read(Prompt, St) ->
    Group = group_leader(),
    Ref = erlang:monitor(process, Group),
    %% The io protocol's usual way to read an expression, which every io server knows
    %% (OTP's too, for a remote shell); ferl_group serves it without erl_scan:tokens/3.
    Group ! {io_request, self(), Ref, {get_until, unicode, Prompt, erl_scan, tokens, [{1, 1}]}},
    wait_read(Ref, Group, St).

wait_read(Ref, Group, St) ->
    receive
        {io_reply, Ref, {ok, Tokens, _End}} ->
            erlang:demonitor(Ref, [flush]),
            {ok, Tokens, St};
        {io_reply, Ref, {error, {Loc, Mod, Error}, _End}} ->
            erlang:demonitor(Ref, [flush]),
            {error, located(Loc, Mod, Error), St};
        {io_reply, Ref, eof} ->
            erlang:demonitor(Ref, [flush]),
            {eof, St};
        {io_reply, Ref, {error, _} = Error} ->
            erlang:demonitor(Ref, [flush]),
            {error, io_lib:format("~tp", [Error]), St};
        {io_reply, Ref, {eof, _}} ->
            erlang:demonitor(Ref, [flush]),
            {eof, St};
        {'DOWN', Ref, process, Group, _} ->
            exit(normal);
        {'EXIT', Eval, Reason} when Eval =:= St#sh.eval ->
            %% The evaluator died between commands (a linked process took it along):
            %% say so, as erl does, and carry on with a new one.
            print_exit(Reason),
            wait_read(Ref, Group, new_evaluator(St));
        {shell_tty, interrupt} ->
            wait_read(Ref, Group, St);
        {'EXIT', _, _} ->
            wait_read(Ref, Group, St)
    end.

%% A failure of the shell's own machinery (the scanner, the parser, a formatter) is
%% reported and survived: the shell keeps its bindings and its history.
safe_command(Tokens, St) ->
    try
        command(Tokens, St)
    catch
        Class:Reason:Stack ->
            io:format("*** shell internal error: ~ts~n",
                      [safe_print({Class, Reason, Stack}, [])]),
            St
    end.

command(Tokens, St) ->
    case parse(Tokens) of
        {ok, Exprs} ->
            case expand(Exprs, St) of
                {ok, Expanded, Recorded} ->
                    eval(Expanded, Recorded, St);
                {not_found, Text} ->
                    put_error(Text),
                    St;
                {error, Text, Recorded} ->
                    %% Like erl, a command that does not pass the checks (an unbound
                    %% variable, an unknown record) still takes its number.
                    put_error(Text),
                    next(add_history(St#sh.n, Recorded, St))
            end;
        {error, Text} ->
            put_error(Text),
            St
    end.

parse(Tokens) ->
    case erl_parse:parse_exprs(Tokens) of
        {ok, Exprs} -> {ok, Exprs};
        {error, {Loc, Mod, Error}} -> {error, located(Loc, Mod, Error)}
    end.

located(Loc, Mod, Error) ->
    [location(Loc), ": ", format_error(Mod, Error)].

%% Mod:format_error/1, or, where the module has none, the message itself (erl_parse's
%% is a list of strings, as "syntax error before: " and the token).
format_error(Mod, Error) ->
    try
        Mod:format_error(Error)
    catch
        _:_ when is_list(Error) ->
            case catch unicode:characters_to_list(Error) of
                Text when is_list(Text) -> Text;
                _ -> io_lib:format("~tp", [Error])
            end;
        _:_ ->
            io_lib:format("~tp", [Error])
    end.

location({Line, Col}) -> io_lib:format("~w:~w", [Line, Col]);
location(Line) -> io_lib:format("~w", [Line]).

put_error(Text) ->
    io:put_chars(["* ", Text, "\n"]).

%% Before evaluation: e(N) becomes command N and v(-1) becomes v(N) (the history keeps
%% them so), records become tuples, and unbound variables are reported with their
%% position.
expand(Exprs, St) ->
    try replace_history(splice_e(Exprs, St), St) of
        Recorded ->
            try
                E2 = case shell_records:uses_records(Recorded) of
                         true ->
                             case shell_records:expand(Recorded, St#sh.records) of
                                 {ok, Es} -> Es;
                                 {error, {Loc, Why}} -> throw({shell_error, [location(Loc), ": ", Why]})
                             end;
                         false ->
                             Recorded
                     end,
                case check_command(E2, St#sh.bindings) of
                    ok -> {ok, E2, Recorded};
                    {error, Unbound} -> {error, Unbound, Recorded}
                end
            catch
                throw:{shell_error, Text} -> {error, Text, Recorded}
            end
    catch
        throw:{shell_error, NotFound} -> {not_found, NotFound}
    end.

%% A command that is only e(N) is command N again, as erl records it.
splice_e([{call, _, {atom, _, e}, [Arg]}], St) ->
    case literal_integer(Arg) of
        {ok, N} ->
            case lists:keyfind(number(N, St#sh.n), 1, St#sh.history) of
                {_, Exprs} -> Exprs;
                false -> throw({shell_error, [integer_to_list(N), ": command not found"]})
            end;
        error ->
            [{call, 1, {atom, 1, e}, [Arg]}]
    end;
splice_e(Exprs, _) ->
    Exprs.

replace_history({call, L, {atom, _, e}, [Arg]} = Call, St) ->
    case literal_integer(Arg) of
        {ok, N} ->
            case lists:keyfind(number(N, St#sh.n), 1, St#sh.history) of
                {_, Exprs} -> {block, L, Exprs};
                false -> throw({shell_error, [integer_to_list(N), ": command not found"]})
            end;
        error ->
            Call
    end;
replace_history({call, L, {atom, _, v} = V, [Arg]} = Call, St) ->
    case literal_integer(Arg) of
        {ok, N} ->
            Abs = number(N, St#sh.n),
            case lists:keymember(Abs, 1, St#sh.results) of
                true -> {call, L, V, [{integer, element(2, Arg), Abs}]};
                false -> throw({shell_error, [integer_to_list(N), ": command not found"]})
            end;
        error ->
            Call
    end;
replace_history(T, St) when is_tuple(T) ->
    list_to_tuple([replace_history(X, St) || X <- tuple_to_list(T)]);
replace_history(L, St) when is_list(L) ->
    [replace_history(X, St) || X <- L];
replace_history(X, _) ->
    X.

literal_integer({integer, _, N}) -> {ok, N};
literal_integer({op, _, '-', {integer, _, N}}) -> {ok, -N};
literal_integer(_) -> error.

%% v(0) and e(-1) count back from the current command.
number(N, Current) when N =< 0 -> Current + N;
number(N, _) -> N.

%% erl reports unbound variables before evaluating anything; erl_eval:check_command/2
%% does it where the standard library has it.
check_command(Exprs, Bindings) ->
    case erlang:function_exported(erl_eval, check_command, 2) orelse
        (code:ensure_loaded(erl_eval) =:= {module, erl_eval} andalso
         erlang:function_exported(erl_eval, check_command, 2)) of
        true ->
            try erl_eval:check_command(Exprs, Bindings) of
                ok -> ok;
                {error, {Loc, Mod, Error}} -> {error, located(Loc, Mod, Error)};
                _ -> ok
            catch
                _:_ -> ok
            end;
        false ->
            case shell_check:patterns(Exprs) of
                ok -> ok;
                {error, Loc} -> {error, [location(Loc), ": illegal pattern"]}
            end
    end.

%%% Evaluation

eval(Exprs, Recorded, #sh{eval = Eval} = St) ->
    Eval ! {shell_eval, self(), Exprs, context(St)},
    N = St#sh.n,
    St1 = add_history(N, Recorded, St),
    wait_eval(Eval, St1).

%% What the evaluator needs besides the expressions.
context(St) ->
    #{bindings => St#sh.bindings,
      results => St#sh.results,
      history => St#sh.history,
      n => St#sh.n,
      records => St#sh.records,
      catch_exception => St#sh.catch_exception,
      history_size => St#sh.history_size,
      results_size => St#sh.results_size}.

wait_eval(Eval, St) ->
    receive
        {shell_rep, Eval, {value, Value, Changes}} ->
            St1 = apply_changes(Changes, St),
            next(add_result(St1#sh.n, Value, St1));
        {shell_rep, Eval, {exception, Reason, Changes, Alive}} ->
            %% The evaluator printed the exception; unless exceptions are caught, it is
            %% going away.
            St1 = apply_changes(Changes, St),
            St2 = case Alive of
                      true ->
                          St1;
                      false ->
                          receive {'EXIT', Eval, _} -> ok after 1000 -> ok end,
                          new_evaluator(St1)
                  end,
            next(add_result(St2#sh.n, {'EXIT', Reason}, St2));
        {'EXIT', Eval, Reason} ->
            print_exit(Reason),
            next(add_result(St#sh.n, {'EXIT', Reason}, new_evaluator(St)));
        {shell_tty, interrupt} ->
            exit(Eval, kill),
            wait_eval(Eval, St);
        {'EXIT', _, _} ->
            wait_eval(Eval, St)
    end.

next(St) ->
    St#sh{n = St#sh.n + 1}.

print_exit(Reason) ->
    print_exception(exit, Reason, [], [], false).


apply_changes(Changes, St) ->
    maps:fold(fun(bindings, Bs, S) -> S#sh{bindings = Bs};
                 (records, Rs, S) -> S#sh{records = Rs};
                 (catch_exception, B, S) -> S#sh{catch_exception = B};
                 (history_size, H, S) -> trim_history(S#sh{history_size = H});
                 (results_size, R, S) -> trim_history(S#sh{results_size = R});
                 (_, _, S) -> S
              end, St, Changes).

add_history(N, Exprs, St) ->
    trim_history(St#sh{history = [{N, Exprs} | St#sh.history]}).

add_result(N, Value, St) ->
    trim_history(St#sh{results = [{N, Value} | St#sh.results]}).

trim_history(St) ->
    St#sh{history = lists:sublist(St#sh.history, St#sh.history_size),
          results = lists:sublist(St#sh.results, St#sh.results_size)}.

new_evaluator(St) ->
    Shell = self(),
    Eval = spawn_link(?MODULE, evaluator, [Shell]),
    St#sh{eval = Eval}.

%% Tells the io server which variables are bound, for Tab completion (a message only
%% ferl_group understands; other io servers ignore it).
report_variables(St) ->
    Names = lists:sort([atom_to_binary(Name, utf8)
                        || {Name, _} <- erl_eval:bindings(St#sh.bindings), is_atom(Name)]),
    case get('$shell_reported') of
        Names ->
            ok;
        _ ->
            put('$shell_reported', Names),
            group_leader() ! {ferl_variables, Names},
            ok
    end.

%%% The evaluator process

%% Only commands are taken from the mailbox: any other message is the user's, for
%% receive or flush() at the prompt.
evaluator(Shell) ->
    receive
        {shell_eval, Shell, Exprs, Ctx} ->
            shell_commands:begin_command(Ctx),
            try erl_eval:exprs(Exprs, maps:get(bindings, Ctx), {eval, fun shell_commands:local/3}) of
                {value, Value, Bindings} ->
                    Changes = maps:put(bindings, Bindings, shell_commands:changes()),
                    print_value(Value, maps:get(records, Changes, maps:get(records, Ctx))),
                    Shell ! {shell_rep, self(), {value, Value, Changes}},
                    evaluator(Shell)
            catch
                Class:Reason:Stack ->
                    failed(Class, Reason, Stack, Exprs, Ctx, Shell)
            end
    end.

failed(error, {unbound_var, Name}, [{erl_eval, _, _, _} | _] = Stack, Exprs, _Ctx, Shell) ->
    %% Where the standard library has no erl_eval:check_command/2, an unbound variable is
    %% found by evaluating; say it as erl's check does, at the variable's first use, and
    %% keep the evaluator.
    case first_use(Name, Exprs) of
        {ok, Loc} ->
            io:put_chars(["* ", location(Loc), ": variable '", atom_to_list(Name),
                          "' is unbound\n"]);
        error ->
            print_exception(error, {unbound_var, Name}, Stack, [], false)
    end,
    Shell ! {shell_rep, self(), {exception, {unbound_var, Name}, shell_commands:changes(), true}},
    evaluator(Shell);
failed(Class, Reason, Stack, _Exprs, Ctx, Shell) ->
    Changes = shell_commands:changes(),
    Records = maps:get(records, Changes, maps:get(records, Ctx)),
    print_exception(Class, Reason, Stack, Records, maps:get(catch_exception, Ctx)),
    Exit = exit_reason(Class, Reason, Stack),
    Alive = maps:get(catch_exception, Changes, maps:get(catch_exception, Ctx)),
    Shell ! {shell_rep, self(), {exception, Exit, Changes, Alive}},
    case Alive of
        true -> evaluator(Shell);
        false -> exit(normal)
    end.

%% The location of the first occurrence of variable Name in an abstract form.
first_use(Name, {var, Loc, Name}) ->
    {ok, Loc};
first_use(Name, T) when is_tuple(T) ->
    first_use(Name, tuple_to_list(T));
first_use(Name, [H | T]) ->
    case first_use(Name, H) of
        {ok, _} = Found -> Found;
        error -> first_use(Name, T)
    end;
first_use(_, _) ->
    error.

exit_reason(error, Reason, Stack) -> {Reason, Stack};
exit_reason(exit, Reason, _) -> Reason;
exit_reason(throw, Reason, _) -> {nocatch, Reason}.

print_value(Value, Records) ->
    io:put_chars([pretty(Value, 1, Records), "\n"]).

pretty(Value, Column, Records) ->
    Options = [{column, Column},
               {line_length, columns()},
               {depth, ?DEPTH},
               {line_max_chars, ?LINE_MAX_CHARS},
               {strings, true},
               {record_print_fun, shell_records:print_fun(Records)},
               {encoding, encoding()}],
    safe_print(Value, Options).

%% The pretty printer, or plainer printing should it fail: the shell must always be able
%% to show a value.
safe_print(Value, Options) ->
    try
        unicode:characters_to_list(io_lib_pretty:print(Value, Options))
    catch
        _:_ ->
            try lists:flatten(io_lib:format("~tp", [Value]))
            catch _:_ -> lists:flatten(io_lib:write(Value))
            end
    end.

columns() ->
    case io:columns() of
        {ok, N} when is_integer(N), N > 0 -> N;
        _ -> 80
    end.

encoding() ->
    case lists:keyfind(encoding, 1, io:getopts()) of
        {encoding, latin1} -> latin1;
        _ -> unicode
    end.

print_exception(error, undef, [{shell_default, F, Args, _} | _], _Records, Caught) ->
    io:format("~ts exception error: undefined shell command ~ts/~w~n",
              [stars(Caught), io_lib:write_atom(F), arity(Args)]);
print_exception(Class, Reason, Stack0, Records, Caught) ->
    Stack = user_frames(Reason, Stack0),
    Text = try
               unicode:characters_to_list(
                 erl_error:format_exception(Class, Reason, Stack,
                                            #{column => 4,
                                              stack_trim_fun => fun trim_frame/3,
                                              format_fun => format_fun(Records)}))
           catch
               _:_ ->
                   io_lib:format("exception ~w: ~ts", [Class, safe_print(Reason, [])])
           end,
    io:put_chars([stars(Caught), " ", Text, "\n"]).

arity(Args) when is_list(Args) -> length(Args);
arity(A) -> A.

%% With catch_exception(true) erl marks exceptions with one star, else two.
stars(true) -> "*";
stars(false) -> "**".

%% The evaluator's frames between the user's (an interpreted fun called from compiled
%% code) are not shown, as erl shows none; the top frame stays, whatever it is.
%% The frames worth showing: those of compiled code the command called. The evaluator's
%% own frames go, and so do frames of compiled code the evaluator called for its own
%% purposes (the caller of a frame is the next one): the user's calls reach compiled
%% code through erl_eval's do_apply. The top frame stays when the explanation names it
%% ("no function clause matching erl_eval:'-inside-an-interpreted-fun-'(1)").
user_frames(function_clause, [{_, _, Args, _} = Top | Rest]) when is_list(Args), is_list(Rest) ->
    [Top | keep_user_frames(Rest)];
user_frames(_, [Top | Rest]) when is_list(Rest) ->
    case is_evaluator_frame(Top) of
        true -> keep_user_frames(Rest);
        false -> [Top | keep_user_frames(Rest)]
    end;
user_frames(_, Stack) ->
    Stack.

keep_user_frames([Frame | Callers]) ->
    Keep = case {is_evaluator_frame(Frame), Callers} of
               {true, _} -> false;
               {false, [{_, do_apply, _, _} | _]} -> true;
               {false, [Caller | _]} -> not is_evaluator_frame(Caller);
               {false, []} -> true
           end,
    case Keep of
        true -> [Frame | keep_user_frames(Callers)];
        false -> keep_user_frames(Callers)
    end;
keep_user_frames([]) ->
    [].

is_evaluator_frame({M, _, _, _}) -> trim_frame(M, x, 0);
is_evaluator_frame(_) -> false.

%% The frames of the shell and the evaluator itself are not the user's.
trim_frame(M, _F, _A) ->
    M =:= erl_eval orelse M =:= ?MODULE orelse M =:= shell_records.

format_fun(Records) ->
    fun(Term, Column) ->
            safe_print(Term, [{column, Column},
                              {line_length, 80},
                              {depth, ?DEPTH},
                              {line_max_chars, ?LINE_MAX_CHARS},
                              {strings, true},
                              {record_print_fun, shell_records:print_fun(Records)},
                              {encoding, unicode}])
    end.

%% The shell's own part of help/0; shell_default:help/0 prints it before c's.
help() ->
    io:put_chars(
      "** shell internal commands **\n"
      "b()        -- display all variable bindings\n"
      "e(N)       -- repeat the expression in query <N>\n"
      "f()        -- forget all variable bindings\n"
      "f(X)       -- forget the binding of variable X\n"
      "h()        -- history\n"
      "history(N) -- set how many previous commands to keep\n"
      "results(N) -- set how many previous command results to keep\n"
      "catch_exception(B) -- how exceptions are handled\n"
      "v(N)       -- use the value of query <N>\n"
      "rd(R,D)    -- define a record\n"
      "rf()       -- remove all record information\n"
      "rf(R)      -- remove record information about R\n"
      "rl()       -- display all record information\n"
      "rl(R)      -- display record information about R\n"
      "rp(Term)   -- display Term using the shell's record information\n"
      "rr(File)   -- read record information from File (wildcards allowed)\n"
      "rr(F,R)    -- read selected record information from file(s)\n"
      "rr(F,R,O)  -- read selected record information with options\n"),
    true.
