%% init: the first process of a Ferl node (Ferl's own implementation).
%%
%% The VM calls init:boot(Args) in its first process, with the command line as a list of
%% strings or binaries (after the VM has taken its own emulator flags). init registers itself,
%% records the arguments, starts the core processes (user, code_server with "." and the
%% -pa/-pz directories on the path, application_controller, the rex server), then runs
%% the -s, -run and -eval commands in the order given, in a boot process. If one fails,
%% it prints {"init terminating in do_boot", Reason} with erlang:display/1 and halts with
%% a slogan (exit status 1), as erl does. Afterwards init keeps serving stop requests:
%% the node runs until init:stop/0,1, halt/0,1 or erlang:halt.
%% API: boot/1, get_argument/1, get_arguments/0, get_plain_arguments/0, stop/0,1,
%% reboot/0, restart/0 (stops), get_status/0, script_id/0, parse_args/1 (for tests).
%% Flags: -Flag Value... (get_argument/1 gives [[Value...]] per occurrence), -extra
%% (the rest are plain arguments), -s M [F [Arg...]] (atoms), -run M [F [Arg...]]
%% (strings), -eval Expr, -pa/-pz Dir..., -noshell, -noinput.
-module(init).

-export([boot/1, get_argument/1, get_arguments/0, get_plain_arguments/0, stop/0,
         stop/1, reboot/0, restart/0, get_status/0, script_id/0, parse_args/1,
         run_commands/1]).

-define(ARGS, {?MODULE, arguments}).

%% ---------------------------------------------------------------- arguments

%% {Flags, Plain, Commands}: Flags = [{Flag, [Value]}] in order; Commands = the -s,
%% -run and -eval commands in order.
parse_args(Args) -> parse_args(Args, [], []).

parse_args([], Flags, Plain) -> finish(lists:reverse(Flags), lists:reverse(Plain));
parse_args(["-extra" | Rest], Flags, Plain) ->
    finish(lists:reverse(Flags), lists:reverse(Plain) ++ Rest);
parse_args(["--" | Rest], Flags, Plain) ->
    parse_args(Rest, Flags, Plain);
parse_args([[$- | Name] | Rest], Flags, Plain) when Name =/= [] ->
    {Values, Rest1} = lists:splitwith(fun([$- | _]) -> false; (_) -> true end, Rest),
    parse_args(Rest1, [{list_to_atom(Name), Values} | Flags], Plain);
parse_args([[$+ | _] | Rest], Flags, Plain) ->
    parse_args(Rest, Flags, Plain);
parse_args([Arg | Rest], Flags, Plain) ->
    parse_args(Rest, Flags, [Arg | Plain]).

finish(Flags, Plain) ->
    Commands = [C || {F, Vs} <- Flags, C <- command(F, Vs)],
    {Flags, Plain, Commands}.

command(s, [M | Rest]) -> [{s, list_to_atom(M), fun_and_args(Rest, atom)}];
command(run, [M | Rest]) -> [{run, list_to_atom(M), fun_and_args(Rest, string)}];
command(eval, [Expr]) -> [{eval, Expr}];
command(eval, Exprs) when Exprs =/= [] -> [{eval, lists:join(" ", Exprs)}];
command(_, _) -> [].

fun_and_args([], _) -> {start, none};
fun_and_args([F], _) -> {list_to_atom(F), none};
fun_and_args([F | Args], atom) -> {list_to_atom(F), [list_to_atom(A) || A <- Args]};
fun_and_args([F | Args], string) -> {list_to_atom(F), Args}.

to_list(B) when is_binary(B) -> unicode:characters_to_list(B);
to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(L) when is_list(L) -> L.

arguments() -> persistent_term:get(?ARGS, {[], [], []}).

get_argument(Flag) when is_atom(Flag) ->
    {Flags, _, _} = arguments(),
    case [Vs || {F, Vs} <- Flags, F =:= Flag] of
        [] -> error;
        Values -> {ok, Values}
    end.

get_arguments() ->
    {Flags, _, _} = arguments(),
    Flags.

get_plain_arguments() ->
    {_, Plain, _} = arguments(),
    Plain.

%% ---------------------------------------------------------------- boot

boot(Args0) ->
    Args = [to_list(A) || A <- Args0],
    Parsed = parse_args(Args),
    persistent_term:put(?ARGS, Parsed),
    catch register(?MODULE, self()),
    process_flag(trap_exit, true),
    start_core(),
    Shell = start_terminal(),
    {_, _, Commands} = Parsed,
    Boot = spawn_link(?MODULE, run_commands, [Commands ++ Shell]),
    loop(Boot).

%% Without -noshell (or -noinput), the terminal is started before the commands run and
%% the shell after them, as erl does: [{shell}] is the command that starts the shell.
start_terminal() ->
    case get_argument(noshell) =:= error andalso get_argument(noinput) =:= error of
        true ->
            Options = case get_argument(remsh) of
                          {ok, [[Node | _] | _]} -> [{remsh, list_to_atom(Node)}];
                          _ -> []
                      end,
            case catch shell_tty:start([{start_shell, false} | Options]) of
                Pid when is_pid(Pid) -> [shell];
                _ -> []
            end;
        false ->
            []
    end.

start_core() ->
    case whereis(user) of
        undefined -> user:start();
        _ -> ok
    end,
    case whereis(standard_error) of
        undefined -> user:start_standard_error();
        _ -> ok
    end,
    case whereis(user) of
        User when is_pid(User) -> group_leader(User, self());
        _ -> ok
    end,
    _ = code_server:start(),
    [code:add_patha(D) || {pa, Ds} <- get_arguments(), D <- lists:reverse(Ds)],
    [code:add_pathz(D) || {pz, Ds} <- get_arguments(), D <- Ds],
    _ = application_controller:start(),
    _ = rpc:start_rex(),
    %% A distributed node keeps the global name table other nodes register into.
    _ = case is_alive() of
            true -> global:start();
            false -> ok
        end,
    ok.

run_commands(Commands) ->
    [run_command(C) || C <- Commands],
    ok.

run_command(Command) ->
    try do_command(Command)
    catch
        error:R:St -> exit({R, St});
        exit:R -> exit(R);
        throw:T:St -> exit({{nocatch, T}, St})
    end.

do_command({s, M, {F, none}}) -> M:F();
do_command({s, M, {F, Args}}) -> M:F(Args);
do_command(shell) -> shell_tty:start_shell();
do_command({run, M, {F, none}}) -> M:F();
do_command({run, M, {F, Args}}) -> M:F(Args);
do_command({eval, Expr}) ->
    {ok, Tokens, End} = erl_scan:string(Expr),
    Tokens1 = case lists:reverse(Tokens) of
                  [{dot, _} | _] -> Tokens;
                  _ -> Tokens ++ [{dot, End}]
              end,
    {ok, Exprs} = erl_parse:parse_exprs(Tokens1),
    erl_eval:exprs(Exprs, erl_eval:new_bindings()).

loop(Boot) ->
    receive
        {'EXIT', Boot, normal} -> loop(none);
        {'EXIT', Boot, Reason} when Boot =/= none -> boot_failed(Reason);
        {stop, Status} -> do_stop(Status);
        {From, get_status} when is_pid(From) ->
            From ! {?MODULE, {started, started}},
            loop(Boot);
        _ -> loop(Boot)
    end.

boot_failed(Reason) ->
    erlang:display({"init terminating in do_boot", Reason}),
    Slogan = lists:flatten(io_lib:format("init terminating in do_boot (~P)", [Reason, 8])),
    erlang:halt(Slogan).

%% ---------------------------------------------------------------- stopping

stop() -> stop(0).
stop(Status) when is_integer(Status), Status >= 0; is_list(Status); Status =:= abort ->
    case whereis(?MODULE) of
        undefined -> do_stop(Status);
        Init -> Init ! {stop, Status}
    end,
    ok.

reboot() -> stop().
restart() -> stop().

get_status() -> {started, started}.

script_id() -> {"Ferl", "25"}.

do_stop(Status) ->
    Apps = [A || {A, _, _} <- catch_list(fun application:which_applications/0),
                 A =/= kernel, A =/= stdlib],
    [catch application:stop(A) || A <- Apps],
    %% Let the io server write what it has before the node goes.
    case whereis(user) of
        U when is_pid(U) -> catch io:request(U, getopts);
        _ -> ok
    end,
    erlang:halt(Status).

catch_list(F) ->
    try F() of
        L when is_list(L) -> L;
        _ -> []
    catch _:_ -> []
    end.
