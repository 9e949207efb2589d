%% global: a global name registry, minimal (Ferl's own implementation).
%%
%% register_name/2,3, re_register_name/2,3, unregister_name/1, whereis_name/1, send/2,
%% registered_names/0, sync/0, trans/2,3,4 (runs the fun; no real lock), set_lock/1,2,3
%% and del_lock/1,2 (always granted). Each node runs global_name_server (started on
%% demand); a registration is checked and stored on every visible node that runs Ferl's
%% server, and a name disappears when its process dies. Not covered: erl's locker and
%% name resolution protocol (init_connect messages from erl nodes are ignored), so erl
%% and Ferl nodes do not share names.
-module(global).
-behaviour(gen_server).

-export([register_name/2, register_name/3, re_register_name/2, re_register_name/3,
         unregister_name/1, whereis_name/1, send/2, registered_names/0, sync/0,
         trans/2, trans/3, trans/4, set_lock/1, set_lock/2, set_lock/3, del_lock/1,
         del_lock/2, start/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(SERVER, global_name_server).

start() ->
    case whereis(?SERVER) of
        undefined ->
            case gen_server:start({local, ?SERVER}, ?MODULE, [], []) of
                {ok, P} -> {ok, P};
                {error, {already_started, P}} -> {ok, P}
            end;
        P -> {ok, P}
    end.

local_call(Req) ->
    {ok, _} = start(),
    gen_server:call(?SERVER, Req, infinity).

register_name(Name, Pid) -> register_name(Name, Pid, fun(_, P, _) -> P end).
register_name(Name, Pid, _Resolve) when is_pid(Pid) ->
    case local_call({register, Name, Pid}) of
        yes ->
            Others = other_servers(),
            {_, Bad} = gen_server:multi_call(Others, ?SERVER, {register, Name, Pid}, 5000),
            Refused = [N || {N, no} <- element(1, gen_server:multi_call(Others, ?SERVER,
                                                                        {check, Name, Pid}, 5000))],
            case Refused of
                [] -> _ = Bad, yes;
                _ ->
                    unregister_name(Name),
                    no
            end;
        no -> no
    end.

re_register_name(Name, Pid) -> re_register_name(Name, Pid, fun(_, P, _) -> P end).
re_register_name(Name, Pid, _Resolve) when is_pid(Pid) ->
    unregister_name(Name),
    register_name(Name, Pid).

unregister_name(Name) ->
    local_call({unregister, Name}),
    gen_server:multi_call(other_servers(), ?SERVER, {unregister, Name}, 5000),
    ok.

whereis_name(Name) -> local_call({whereis, Name}).

send(Name, Msg) ->
    case whereis_name(Name) of
        Pid when is_pid(Pid) -> Pid ! Msg, Pid;
        undefined -> exit({badarg, {Name, Msg}})
    end.

registered_names() -> local_call(registered_names).

sync() -> ok.

trans(Id, Fun) -> trans(Id, Fun, [node() | nodes()], infinity).
trans(Id, Fun, Nodes) -> trans(Id, Fun, Nodes, infinity).
trans(_Id, Fun, _Nodes, _Retries) -> Fun().

set_lock(_) -> true.
set_lock(_, _) -> true.
set_lock(_, _, _) -> true.
del_lock(_) -> true.
del_lock(_, _) -> true.

%% The nodes whose global_name_server is Ferl's (answers {check, ...}).
other_servers() -> nodes().

%% ---------------------------------------------------------------- server

init([]) -> {ok, #{}}.

handle_call({register, Name, Pid}, _From, Names) ->
    case Names of
        #{Name := {P, _}} when P =/= Pid -> {reply, no, Names};
        #{Name := _} -> {reply, yes, Names};
        _ ->
            case [N || {N, {P, _}} <- maps:to_list(Names), P =:= Pid] of
                [_ | _] when node(Pid) =:= node() -> {reply, no, Names};
                _ ->
                    Ref = erlang:monitor(process, Pid),
                    {reply, yes, Names#{Name => {Pid, Ref}}}
            end
    end;
handle_call({check, Name, Pid}, _From, Names) ->
    case Names of
        #{Name := {Pid, _}} -> {reply, yes, Names};
        #{Name := _} -> {reply, no, Names};
        _ -> {reply, yes, Names}
    end;
handle_call({unregister, Name}, _From, Names) ->
    case maps:take(Name, Names) of
        {{_, Ref}, Rest} ->
            erlang:demonitor(Ref, [flush]),
            {reply, ok, Rest};
        error -> {reply, ok, Names}
    end;
handle_call({whereis, Name}, _From, Names) ->
    case Names of
        #{Name := {P, _}} -> {reply, P, Names};
        _ -> {reply, undefined, Names}
    end;
handle_call(registered_names, _From, Names) -> {reply, maps:keys(Names), Names}.

handle_cast(_, Names) -> {noreply, Names}.

handle_info({'DOWN', Ref, process, _, _}, Names) ->
    {noreply, maps:filter(fun(_, {_, R}) -> R =/= Ref end, Names)};
handle_info(_, Names) -> {noreply, Names}.
