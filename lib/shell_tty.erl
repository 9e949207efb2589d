%% The one process that talks to the terminal (the native module ferl_tty, which drives
%% the line editor of crate ferl_shell). It runs the shell jobs, each a shell with its
%% own io server (ferl_group), passes the current job's reads to the terminal and every
%% job's output to the screen, and runs erl's job control on Ctrl-G ("User switch
%% command", the " --> " prompt).
%%
%% Natives used (see docs/shell-natives.md): ferl_tty:open/0, ferl_tty:request/2,
%% ferl_tty:put_chars/1, ferl_tty:set_variables/1, ferl_tty:size/0. Events arrive as
%% {ferl_tty, {line, Binary}}, {ferl_tty, eof}, {ferl_tty, job_control} and
%% {ferl_tty, cancelled}.
-module(shell_tty).

-export([start/0, start/1, start_shell/0, init/2]).

-define(SHELL, shell).

-record(job, {id :: pos_integer(),
              group :: pid(),
              shell :: pid() | undefined,
              desc :: term(),
              %% When its shell was last started, and how many times in a row it died
              %% at once: a shell that cannot live is not started forever.
              started = 0 :: integer(),
              quick_deaths = 0 :: non_neg_integer()}).

%% A shell dying within this many milliseconds of its start died "at once".
-define(QUICK_DEATH_MS, 2000).
-define(MAX_QUICK_DEATHS, 3).

-record(st, {tty :: boolean(),
             jobs = [] :: [#job{}],
             current :: pos_integer() | undefined,
             %% Reads asked for and not yet answered: #{Group => {Prompt, Kind}}.
             pending = #{} :: map(),
             %% Whose read the terminal is doing: {group, Group}, job_control or none.
             outstanding = none,
             %% Output of jobs in the background, shown when they are connected.
             held = #{} :: map(),
             options = [] :: list(),
             %% The terminal's input has ended.
             eof = false :: boolean(),
             %% Groups told of an interrupt (job control's i) that have not answered.
             interrupting = [] :: [pid()]}).

%% Starts the terminal side of the shell and returns its pid once `user' is registered
%% (or {error, Reason} when there is no terminal). Options:
%%   {remsh, Node}         the shell evaluates on Node (its io stays here);
%%   {start_shell, false}  no shell yet: the terminal and the first job's io server (as
%%                         `user') only, for init to run -s/-eval commands through them,
%%                         as erl does, before it calls start_shell/0.
start() ->
    start([]).

start(Options) ->
    Pid = spawn(?MODULE, init, [Options, self()]),
    Ref = erlang:monitor(process, Pid),
    receive
        {Pid, started} ->
            erlang:demonitor(Ref, [flush]),
            Pid;
        {Pid, {error, _} = Error} ->
            erlang:demonitor(Ref, [flush]),
            Error;
        {'DOWN', Ref, process, Pid, Reason} ->
            {error, Reason}
    end.

%% Starts the first job's shell, after start([{start_shell, false}]).
start_shell() ->
    ?MODULE ! start_shell,
    ok.

init(Options, Parent) ->
    process_flag(trap_exit, true),
    catch register(?MODULE, self()),
    Tty = case ferl_tty:open() of
              {ok, #{tty := T}} ->
                  T;
              {ok, _} ->
                  false;
              {error, Reason} ->
                  Parent ! {self(), {error, Reason}},
                  exit(normal)
          end,
    case Tty of
        true -> put_chars([erlang:system_info(system_version), "\n"]);
        false -> ok
    end,
    Shell = proplists:get_value(start_shell, Options, true),
    St = start_job(first_desc(Options), Options, Shell, #st{tty = Tty, options = Options}),
    #job{group = Group} = hd(St#st.jobs),
    case whereis(user) of
        undefined -> catch register(user, Group);
        _ -> ok
    end,
    Parent ! {self(), started},
    loop(connect(1, St)).

first_desc(Options) ->
    case proplists:get_value(remsh, Options) of
        undefined -> {shell, start, [init]};
        Node -> {Node, shell, start, []}
    end.

put_chars(Chars) ->
    ferl_tty:put_chars(unicode:characters_to_binary(Chars)).

loop(St) ->
    receive
        Msg -> loop(handle(Msg, St))
    end.

handle({Group, put_chars, Bin}, St) when is_pid(Group), is_binary(Bin) ->
    output(Group, Bin, St);
handle({Group, read, Prompt, Kind}, St) when is_pid(Group) ->
    issue(St#st{pending = maps:put(Group, {Prompt, Kind}, St#st.pending)});
handle({Group, size}, St) when is_pid(Group) ->
    Group ! {shell_tty, size, ferl_tty:size()},
    St;
handle({Group, interrupted, Cancelled}, St) when is_pid(Group) ->
    interrupted(Group, Cancelled, St);
handle({Group, variables, Names}, St) when is_pid(Group) ->
    case current_group(St) of
        Group -> ferl_tty:set_variables(Names);
        _ -> ok
    end,
    St;
handle({ferl_tty, Event}, St) ->
    event(Event, St);
handle(start_shell, St) ->
    first_shell(St);
handle({'EXIT', Pid, _Reason}, St) ->
    exited(Pid, St);
handle(_, St) ->
    St.

%%% Terminal events

event({line, Bin}, #st{outstanding = {group, Group}} = St) ->
    Group ! {shell_tty, input, {line, Bin}},
    issue(St#st{outstanding = none, pending = maps:remove(Group, St#st.pending)});
event({line, Bin}, #st{outstanding = job_control} = St) ->
    job_control(string:lexemes(unicode:characters_to_list(Bin), " \t\r\n"),
                St#st{outstanding = none});
event(eof, #st{outstanding = {group, Group}} = St) ->
    %% End of input (Ctrl-D on an empty line, or stdin closed): the shell gets what was
    %% typed before it, then eof, and stops; then the runtime ends, as erl's does.
    Group ! {shell_tty, input, eof},
    St#st{outstanding = none, pending = maps:remove(Group, St#st.pending), eof = true};
event(eof, St) ->
    terminate(St);
event(job_control, St) ->
    %% At the prompt the line editor has ended the line; while the shell evaluates (the
    %% terminal saw Ctrl-G through a signal) erl starts with a new line too.
    case St#st.outstanding of
        {group, _} -> put_chars("User switch command\n");
        _ -> put_chars("\nUser switch command\n")
    end,
    jc_prompt(St#st{outstanding = none});
event(cancelled, #st{outstanding = {group, _}} = St) ->
    %% A read the terminal refused because job control had begun; the read stays pending
    %% and is asked for again when a job is connected.
    St#st{outstanding = none};
event(_, St) ->
    St.

%% Gives the terminal to the current job's pending read, if the terminal is free.
issue(#st{outstanding = none} = St) ->
    Group = current_group(St),
    case lists:member(Group, St#st.interrupting) orelse maps:find(Group, St#st.pending) of
        {ok, {Prompt, Kind}} ->
            ferl_tty:request(Prompt, Kind),
            St#st{outstanding = {group, Group}};
        _ ->
            %% Nothing to read, or an interrupt not yet answered.
            St
    end;
issue(St) ->
    St.

output(Group, Bin, St) ->
    %% During job control every job's output waits, as in erl, until a job is connected.
    Current = case St#st.outstanding of
                  job_control -> none;
                  _ -> current_group(St)
              end,
    case Current of
        Group ->
            ferl_tty:put_chars(Bin),
            St;
        _ ->
            case lists:keymember(Group, #job.group, St#st.jobs) of
                true ->
                    Held = maps:get(Group, St#st.held, []),
                    St#st{held = maps:put(Group, [Held, Bin], St#st.held)};
                false ->
                    ferl_tty:put_chars(Bin),
                    St
            end
    end.

current_group(#st{current = Id, jobs = Jobs}) ->
    case lists:keyfind(Id, #job.id, Jobs) of
        #job{group = Group} -> Group;
        false -> undefined
    end.

%%% Jobs

start_job(Desc, Options, St) ->
    start_job(Desc, Options, true, St).

start_job(Desc, Options, WithShell, St) ->
    Id = lists:max([0 | [J#job.id || J <- St#st.jobs]]) + 1,
    Group = ferl_group:start(self(), St#st.tty),
    Shell = case WithShell of
                true -> start_shell(Desc, Group, Options);
                false -> undefined
            end,
    St#st{jobs = St#st.jobs ++ [#job{id = Id, group = Group, shell = Shell, desc = Desc,
                                     started = now_ms()}]}.

now_ms() ->
    erlang:monotonic_time(millisecond).

start_shell({Node, Module, start, _}, Group, _Options) ->
    start_shell_on(Node, Module, Group);
start_shell({Module, start, _}, Group, _Options) ->
    start_shell_on(node(), Module, Group).

start_shell_on(Node, Module, Group) when Node =/= node() ->
    %% A remote shell: its evaluations run on Node, its io stays here.
    case net_kernel:connect_node(Node) of
        true ->
            start_shell_there(Node, Module, Group);
        _ ->
            put_chars("*** ERROR: Shell process terminated! (^G to start new job) ***\n"),
            undefined
    end;
start_shell_on(Node, Module, Group) ->
    start_shell_there(Node, Module, Group).

start_shell_there(Node, shell, Group) when Node =/= node() ->
    %% shell:start() on Node, run (as rpc runs calls) with our group leader, so that the
    %% shell it starts reads and writes here: this works whether Node runs Ferl's shell
    %% or OTP's (hence module shell by name).
    Old = group_leader(),
    group_leader(Group, self()),
    Result = (catch rpc:call(Node, shell, start, [])),
    group_leader(Old, self()),
    case Result of
        Pid when is_pid(Pid) ->
            link(Pid),
            Pid;
        _ ->
            spawn_link(Node, ?SHELL, server, [Group, []])
    end;
start_shell_there(Node, shell, Group) ->
    spawn_link(Node, ?SHELL, server, [Group, []]);
start_shell_there(Node, Module, Group) ->
    %% A shell of the user's: started with the job's io server as group leader.
    spawn_link(Node, erlang, apply, [fun() ->
                                             group_leader(Group, self()),
                                             Module:start()
                                     end, []]).

connect(Id, St) ->
    case lists:keyfind(Id, #job.id, St#st.jobs) of
        #job{group = Group} ->
            St1 = St#st{current = Id},
            case maps:take(Group, St1#st.held) of
                {Held, Rest} ->
                    ferl_tty:put_chars(iolist_to_binary(Held)),
                    issue(St1#st{held = Rest});
                error ->
                    issue(St1)
            end;
        false ->
            put_chars("Unknown job\n"),
            jc_prompt(St)
    end.

first_shell(#st{jobs = [#job{shell = undefined, group = Group} = Job | Jobs]} = St) ->
    Shell = start_shell(Job#job.desc, Group, St#st.options),
    St#st{jobs = [Job#job{shell = Shell, started = now_ms()} | Jobs]};
first_shell(St) ->
    St.

terminate(St) ->
    put_chars(["*** Terminating erlang (", atom_to_list(node()), ")\n"]),
    erlang:halt(),
    St.

exited(_Pid, #st{eof = true} = St) ->
    terminate(St);
exited(Pid, St) ->
    case lists:keyfind(Pid, #job.shell, St#st.jobs) of
        #job{id = Id, group = Group} = Job when Id =:= St#st.current ->
            %% The current shell died: erl says so and starts another in the same job,
            %% unless it keeps dying as soon as it starts.
            Quick = case now_ms() - Job#job.started < ?QUICK_DEATH_MS of
                        true -> Job#job.quick_deaths + 1;
                        false -> 0
                    end,
            Job1 = case Quick >= ?MAX_QUICK_DEATHS of
                       true ->
                           put_chars("*** ERROR: Shell process terminated! "
                                     "(^G to start new job) ***\n"),
                           Job#job{shell = undefined, quick_deaths = 0};
                       false ->
                           put_chars("*** ERROR: Shell process terminated! ***\n"),
                           Job#job{shell = start_shell(Job#job.desc, Group, St#st.options),
                                   started = now_ms(), quick_deaths = Quick}
                   end,
            Jobs = lists:keyreplace(Id, #job.id, St#st.jobs, Job1),
            St#st{jobs = Jobs, pending = maps:remove(Group, St#st.pending),
                  outstanding = drop_outstanding(Group, St#st.outstanding)};
        #job{id = Id, group = Group} ->
            exit(Group, kill),
            forget(Id, St);
        false ->
            case lists:keyfind(Pid, #job.group, St#st.jobs) of
                #job{id = Id} -> forget(Id, St);
                false -> St
            end
    end.

drop_outstanding(Group, {group, Group}) -> none;
drop_outstanding(_, Outstanding) -> Outstanding.

forget(Id, St) ->
    case lists:keyfind(Id, #job.id, St#st.jobs) of
        #job{group = Group} ->
            St#st{jobs = lists:keydelete(Id, #job.id, St#st.jobs),
                  pending = maps:remove(Group, St#st.pending),
                  held = maps:remove(Group, St#st.held),
                  outstanding = drop_outstanding(Group, St#st.outstanding),
                  current = case St#st.current of
                                Id -> undefined;
                                Other -> Other
                            end};
        false ->
            St
    end.

%%% Job control (Ctrl-G)

jc_prompt(St) ->
    ferl_tty:request(<<" --> ">>, line),
    St#st{outstanding = job_control}.

job_control([], St) ->
    jc_prompt(St);
job_control(["c" | Args], St) ->
    with_job(Args, St, fun(Id, S) -> connect(Id, S) end);
job_control(["i" | Args], St) ->
    with_job(Args, St, fun(Id, S) -> jc_prompt(interrupt(Id, S)) end);
job_control(["k" | Args], St) ->
    with_job(Args, St, fun(Id, S) ->
                               #job{shell = Shell, group = Group} =
                                   lists:keyfind(Id, #job.id, S#st.jobs),
                               unlink(Shell),
                               unlink(Group),
                               exit(Shell, kill),
                               exit(Group, kill),
                               jc_prompt(forget(Id, S))
                       end);
job_control(["j"], St) ->
    lists:foreach(fun(#job{id = Id, desc = Desc}) ->
                          Mark = case Id =:= St#st.current of
                                     true -> "*";
                                     false -> " "
                                 end,
                          put_chars(io_lib:format("~4w~ts ~tw~n", [Id, Mark, Desc]))
                  end, St#st.jobs),
    jc_prompt(St);
job_control(["s"], St) ->
    jc_prompt(start_job({shell, start, []}, [], St));
job_control(["s", Module], St) ->
    jc_prompt(start_job({list_to_atom(Module), start, []}, [], St));
job_control(["r"], St) ->
    jc_prompt(start_job({node(), shell, start, []}, [], St));
job_control(["r", Node | _], St) ->
    jc_prompt(start_job({list_to_atom(Node), shell, start, []}, [], St));
job_control(["q"], St) ->
    erlang:halt(),
    St;
job_control([H], St) when H =:= "h"; H =:= "?" ->
    put_chars("  c [nn]            - connect to job\n"
              "  i [nn]            - interrupt job\n"
              "  k [nn]            - kill job\n"
              "  j                 - list all jobs\n"
              "  s [shell]         - start local shell\n"
              "  r [node [shell]]  - start remote shell\n"
              "  q                 - quit erlang\n"
              "  ? | h             - this message\n"),
    jc_prompt(St);
job_control(_, St) ->
    put_chars("Unknown command\n"),
    jc_prompt(St).

%% The job's io server drops the read of the evaluation being interrupted (so that its
%% prompt is not asked for again) and passes the interrupt to the shell.
%% Until it answers, that group's pending read is not given the terminal.
interrupt(Id, St) ->
    #job{shell = Shell, group = Group} = lists:keyfind(Id, #job.id, St#st.jobs),
    Group ! {shell_tty, interrupt, Shell},
    St#st{interrupting = [Group | St#st.interrupting]}.

interrupted(Group, Cancelled, St) ->
    Pending = case Cancelled of
                  true -> maps:remove(Group, St#st.pending);
                  false -> St#st.pending
              end,
    issue(St#st{pending = Pending, interrupting = lists:delete(Group, St#st.interrupting)}).

with_job([], St, Fun) ->
    case St#st.current of
        undefined ->
            put_chars("Unknown job\n"),
            jc_prompt(St);
        Id ->
            Fun(Id, St)
    end;
with_job([Arg | _], St, Fun) ->
    case catch list_to_integer(Arg) of
        Id when is_integer(Id) ->
            case lists:keymember(Id, #job.id, St#st.jobs) of
                true ->
                    Fun(Id, St);
                false ->
                    put_chars("Unknown job\n"),
                    jc_prompt(St)
            end;
        _ ->
            put_chars("Unknown job\n"),
            jc_prompt(St)
    end.
