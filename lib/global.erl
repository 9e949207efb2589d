%% global: names registered across the connected Ferl nodes (a minimal version: no locks,
%% no name resolution on conflicts, no synchronisation with real erl nodes).
%%
%% Every node keeps a table of the global names it knows in a process registered as
%% global_name_server (started on first use). Registering asks every connected node that
%% the name is free, then records it everywhere; lookups ask the local table first and the
%% other nodes after.
-module(global).
-export([register_name/2, register_name/3, re_register_name/2, re_register_name/3,
         unregister_name/1, whereis_name/1, send/2, registered_names/0, sync/0,
         local_whereis/1, local_register/2, local_unregister/1, local_names/0]).

register_name(Name, Pid) -> register_name(Name, Pid, fun random_exit_name/3).

register_name(Name, Pid, _Resolve) when is_pid(Pid) ->
    case whereis_name(Name) of
        undefined ->
            _ = rpc:multicall([node() | nodes()], global, local_register, [Name, Pid]),
            yes;
        _ ->
            no
    end.

re_register_name(Name, Pid) -> re_register_name(Name, Pid, fun random_exit_name/3).

re_register_name(Name, Pid, _Resolve) when is_pid(Pid) ->
    _ = rpc:multicall([node() | nodes()], global, local_register, [Name, Pid]),
    yes.

unregister_name(Name) ->
    _ = rpc:multicall([node() | nodes()], global, local_unregister, [Name]),
    ok.

whereis_name(Name) ->
    case local_whereis(Name) of
        undefined -> ask(nodes(), Name);
        Pid -> Pid
    end.

ask([], _Name) -> undefined;
ask([N | Ns], Name) ->
    case rpc:call(N, global, local_whereis, [Name]) of
        Pid when is_pid(Pid) ->
            local_register(Name, Pid),
            Pid;
        _ -> ask(Ns, Name)
    end.

send(Name, Msg) ->
    case whereis_name(Name) of
        undefined -> exit({badarg, {Name, Msg}});
        Pid -> Pid ! Msg, Pid
    end.

registered_names() ->
    {Lists, _} = rpc:multicall([node() | nodes()], global, local_names, []),
    lists:usort(lists:append([L || L <- Lists, is_list(L)])).

sync() -> ok.

random_exit_name(_Name, Pid1, Pid2) ->
    exit(Pid2, kill),
    Pid1.

%% ---- the table on this node ----

local_whereis(Name) -> call({whereis, Name}).
local_register(Name, Pid) -> call({register, Name, Pid}).
local_unregister(Name) -> call({unregister, Name}).
local_names() -> call(names).

call(Request) ->
    Server = server(),
    Ref = erlang:monitor(process, Server),
    Server ! {global_call, self(), Ref, Request},
    receive
        {Ref, Reply} -> erlang:demonitor(Ref, [flush]), Reply;
        {'DOWN', Ref, _, _, _} -> call(Request)
    end.

server() ->
    case whereis(global_name_server) of
        undefined ->
            Pid = spawn(fun() -> init() end),
            case catch register(global_name_server, Pid) of
                true -> Pid;
                _ -> exit(Pid, kill), server()
            end;
        Pid -> Pid
    end.

init() ->
    process_flag(trap_exit, true),
    loop(#{}).

loop(Names) ->
    receive
        {global_call, From, Ref, Request} ->
            {Reply, Names1} = handle(Request, Names),
            From ! {Ref, Reply},
            loop(Names1);
        {'DOWN', _, process, Pid, _} ->
            loop(maps:filter(fun(_, P) -> P =/= Pid end, Names));
        _ ->
            loop(Names)
    end.

handle({whereis, Name}, Names) ->
    {maps:get(Name, Names, undefined), Names};
handle({register, Name, Pid}, Names) ->
    _ = erlang:monitor(process, Pid),
    {yes, Names#{Name => Pid}};
handle({unregister, Name}, Names) ->
    {ok, maps:remove(Name, Names)};
handle(names, Names) ->
    {maps:keys(Names), Names}.
