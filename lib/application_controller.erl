%% application_controller: the state behind the application module (Ferl's own).
%%
%% A gen_server registered as application_controller, owning the ETS table application_controller:
%% {{loaded, App}, Props}, {{env, App, Key}, Value}, {{running, App}, {Master, Mod, State}}.
%% Reads (get_env/2, get_key/2, ...) go to the table directly. kernel and stdlib are
%% loaded and running from the start. start/0 starts it unregistered-safe (idempotent).
-module(application_controller).
-behaviour(gen_server).

-export([start/0, load/1, unload/1, start/2, stop/1, get_env/2, get_all_env/1,
         set_env/3, unset_env/2, get_key/2, get_all_key/1, app_of_master/1,
         app_of_module/1, which_applications/0, loaded_applications/0, running/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, master_init/3]).

-define(TAB, ?MODULE).

start() ->
    case whereis(?MODULE) of
        undefined -> gen_server:start({local, ?MODULE}, ?MODULE, [], []);
        Pid -> {ok, Pid}
    end.

ensure() ->
    case whereis(?MODULE) of
        undefined -> {ok, _} = start(), ok;
        _ -> ok
    end.

call(Req) ->
    ensure(),
    gen_server:call(?MODULE, Req, infinity).

load(AppOrSpec) -> call({load, AppOrSpec}).
unload(App) -> call({unload, App}).
start(App, Type) -> call({start, App, Type}).
stop(App) -> call({stop, App}).
set_env(App, K, V) -> call({set_env, App, K, V}).
unset_env(App, K) -> call({unset_env, App, K}).

lookup(Key) ->
    ensure(),
    case ets:lookup(?TAB, Key) of
        [{_, V}] -> {ok, V};
        [] -> undefined
    end.

get_env(App, Key) -> lookup({env, App, Key}).

get_all_env(App) ->
    ensure(),
    lists:sort([{K, V} || [K, V] <- ets:match(?TAB, {{env, App, '$1'}, '$2'})]).

get_key(App, Key) ->
    case lookup({loaded, App}) of
        {ok, Props} ->
            case lists:keyfind(Key, 1, all_keys(App, Props)) of
                {Key, V} -> {ok, V};
                false -> undefined
            end;
        undefined -> undefined
    end.

get_all_key(App) ->
    case lookup({loaded, App}) of
        {ok, Props} -> {ok, all_keys(App, Props)};
        undefined -> undefined
    end.

all_keys(_App, Props) ->
    Defaults = [{description, ""}, {vsn, ""}, {id, []}, {modules, []}, {maxP, infinity},
                {maxT, infinity}, {registered, []}, {included_applications, []},
                {applications, []}, {env, []}, {mod, []}, {start_phases, undefined}],
    [{K, proplists:get_value(K, Props, D)} || {K, D} <- Defaults].

app_of_master(GL) ->
    ensure(),
    case ets:lookup(?TAB, {master, GL}) of
        [{_, App}] -> {ok, App};
        [] -> undefined
    end.

app_of_module(Module) ->
    ensure(),
    Apps = [{A, P} || [A, P] <- ets:match(?TAB, {{loaded, '$1'}, '$2'})],
    case [A || {A, P} <- Apps, lists:member(Module, proplists:get_value(modules, P, []))] of
        [A | _] -> {ok, A};
        [] -> undefined
    end.

which_applications() ->
    ensure(),
    Running = [A || [A] <- ets:match(?TAB, {{running, '$1'}, '_'})],
    [{A, proplists:get_value(description, P, ""), proplists:get_value(vsn, P, "")}
     || A <- lists:reverse(lists:sort(Running)), {ok, P} <- [lookup({loaded, A})]].

loaded_applications() ->
    ensure(),
    [{A, proplists:get_value(description, P, ""), proplists:get_value(vsn, P, "")}
     || [A, P] <- ets:match(?TAB, {{loaded, '$1'}, '$2'})].

running() ->
    ensure(),
    [{A, M} || [A, M] <- ets:match(?TAB, {{running, '$1'}, {'$2', '_', '_'}})].

%% ---------------------------------------------------------------- server

init([]) ->
    process_flag(trap_exit, true),
    ets:new(?TAB, [set, named_table, public, {read_concurrency, true}]),
    [begin
         ets:insert(?TAB, {{loaded, A}, [{description, D}, {vsn, V}]}),
         ets:insert(?TAB, {{running, A}, {undefined, undefined, undefined}})
     end || {A, D, V} <- [{kernel, "ERTS  CXC 138 10", "8.5.3"},
                          {stdlib, "ERTS  CXC 138 10", "4.2"}]],
    {ok, #{}}.

handle_call({load, Spec}, _From, S) -> {reply, do_load(Spec), S};
handle_call({unload, App}, _From, S) ->
    Reply = case {ets:member(?TAB, {loaded, App}), ets:member(?TAB, {running, App})} of
                {false, _} -> {error, {not_loaded, App}};
                {_, true} -> {error, {running, App}};
                _ ->
                    ets:delete(?TAB, {loaded, App}),
                    ets:match_delete(?TAB, {{env, App, '_'}, '_'}),
                    ok
            end,
    {reply, Reply, S};
handle_call({start, App, _Type}, _From, S) -> {reply, do_start(App), S};
handle_call({stop, App}, _From, S) -> {reply, do_stop(App), S};
handle_call({set_env, App, K, V}, _From, S) ->
    ets:insert(?TAB, {{env, App, K}, V}),
    {reply, ok, S};
handle_call({unset_env, App, K}, _From, S) ->
    ets:delete(?TAB, {env, App, K}),
    {reply, ok, S}.

handle_cast(_, S) -> {noreply, S}.

handle_info({'EXIT', Master, Reason}, S) ->
    case ets:match(?TAB, {{running, '$1'}, {Master, '_', '_'}}) of
        [[App]] ->
            ets:delete(?TAB, {running, App}),
            exit_report(App, Reason),
            {noreply, S};
        _ -> {noreply, S}
    end;
handle_info(_, S) -> {noreply, S}.

do_load({application, App, Props} = Spec) when is_atom(App), is_list(Props) ->
    case ets:member(?TAB, {loaded, App}) of
        true -> {error, {already_loaded, Spec}};
        false ->
            ets:insert(?TAB, {{loaded, App}, Props}),
            [ets:insert_new(?TAB, {{env, App, K}, V})
             || {K, V} <- proplists:get_value(env, Props, [])],
            ok
    end;
do_load(App) when is_atom(App) ->
    case ets:member(?TAB, {loaded, App}) of
        true -> {error, {already_loaded, App}};
        false ->
            File = atom_to_list(App) ++ ".app",
            case code:where_is_file(File) of
                non_existing -> {error, {"no such file or directory", File}};
                Path ->
                    case file:consult(Path) of
                        {ok, [{application, App, Props}]} -> do_load({application, App, Props});
                        {ok, _} -> {error, {bad_application, App}};
                        {error, R} -> {error, {R, File}}
                    end
            end
    end;
do_load(Other) -> {error, {bad_application, Other}}.

do_start(App) ->
    Loaded = case ets:member(?TAB, {loaded, App}) of
                 true -> ok;
                 false -> do_load(App)
             end,
    case {Loaded, ets:member(?TAB, {running, App})} of
        {_, true} -> {error, {already_started, App}};
        {ok, false} ->
            {ok, Props} = lookup({loaded, App}),
            Deps = proplists:get_value(applications, Props, []),
            case [D || D <- Deps, not ets:member(?TAB, {running, D})] of
                [D | _] -> {error, {not_started, D}};
                [] -> start_master(App, Props)
            end;
        {Error, false} -> Error
    end.

start_master(App, Props) ->
    case proplists:get_value(mod, Props, []) of
        [] ->
            ets:insert(?TAB, {{running, App}, {undefined, undefined, undefined}}),
            ok;
        {Mod, Args} ->
            Self = self(),
            Master = spawn_link(?MODULE, master_init, [Self, App, {Mod, Args}]),
            receive
                {Master, {ok, State}} ->
                    ets:insert(?TAB, {{running, App}, {Master, Mod, State}}),
                    ok;
                {Master, {error, Reason}} ->
                    {error, {Reason, {Mod, start, [normal, Args]}}}
            end
    end.

do_stop(App) ->
    case lookup({running, App}) of
        undefined -> {error, {not_started, App}};
        {ok, {undefined, _, _}} ->
            ets:delete(?TAB, {running, App}),
            ok;
        {ok, {Master, Mod, _State}} ->
            ets:delete(?TAB, {running, App}),
            unlink(Master),
            Master ! {stop, self()},
            receive
                {Master, stopped} -> ok
            after 10000 -> exit(Master, kill)
            end,
            _ = Mod,
            exit_report(App, stopped),
            ok
    end.

%% The application master: group leader of the application's processes; forwards io to
%% its own group leader. Mod:start/2 runs in a starter process whose group leader is the
%% master (so the top supervisor and its children inherit it).
master_init(Controller, App, {Mod, Args}) ->
    process_flag(trap_exit, true),
    Self = self(),
    ets:insert(?TAB, {{master, Self}, App}),
    Starter = spawn_link(fun() ->
                                 group_leader(Self, self()),
                                 Self ! {start_result, self(), start_result(Mod, Args)},
                                 receive stop -> ok end
                         end),
    wait_start(Controller, Mod, Starter).

wait_start(Controller, Mod, Starter) ->
    receive
        {io_request, _, _, _} = Io ->
            forward_io(Io),
            wait_start(Controller, Mod, Starter);
        {start_result, Starter, {ok, Pid, State}} ->
            link(Pid),
            Controller ! {self(), {ok, State}},
            master_loop(Pid, Mod, State, Starter);
        {start_result, Starter, {error, R}} ->
            Controller ! {self(), {error, R}},
            exit(normal);
        {'EXIT', Starter, R} ->
            Controller ! {self(), {error, R}},
            exit(normal)
    end.

start_result(Mod, Args) ->
    try Mod:start(normal, Args) of
        {ok, Pid} when is_pid(Pid) -> {ok, Pid, undefined};
        {ok, Pid, State} when is_pid(Pid) -> {ok, Pid, State};
        {error, Reason} -> {error, Reason};
        Other -> {error, {bad_return, Other}}
    catch C:R0:St -> {error, {C, R0, St}}
    end.

master_loop(Top, Mod, State, Starter) ->
    receive
        {io_request, _, _, _} = Io ->
            forward_io(Io),
            master_loop(Top, Mod, State, Starter);
        {stop, From} ->
            catch Mod:prep_stop(State),
            unlink(Top),
            exit(Top, shutdown),
            wait_exit(Top),
            catch Mod:stop(State),
            exit(Starter, kill),
            ets:delete(?TAB, {master, self()}),
            From ! {self(), stopped},
            exit(normal);
        {'EXIT', Top, Reason} ->
            catch Mod:stop(State),
            ets:delete(?TAB, {master, self()}),
            exit(Reason);
        _ -> master_loop(Top, Mod, State, Starter)
    end.

wait_exit(Pid) ->
    Mref = monitor(process, Pid),
    receive {'DOWN', Mref, _, _, _} -> ok
    after 5000 -> exit(Pid, kill)
    end.

forward_io({io_request, From, ReplyAs, Req}) ->
    case group_leader() of
        GL when GL =/= self() -> GL ! {io_request, From, ReplyAs, Req};
        _ -> From ! {io_reply, ReplyAs, {error, enotsup}}
    end.

exit_report(App, Reason) ->
    logger:log(notice, #{label => {application_controller, exit},
                         report => [{application, App}, {exited, Reason}, {type, temporary}]},
               #{domain => [otp], error_logger => #{tag => info_report, type => std_info}}).
