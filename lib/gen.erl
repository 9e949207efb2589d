%% gen: the machinery shared by the generic behaviours (Ferl's own implementation).
%%
%% start/5,6 (names {local, N} | {global, N} | {via, M, N}, options {timeout, T},
%% {spawn_opt, Opts}, {debug, Dbg}, {hibernate_after, T}), init_it/6,7, call/3,4 (a
%% monitor with an alias; the tag is [alias | Ref] as in OTP 24+, so replies from other
%% nodes travel as ALIAS_SEND), reply/2, send_request/3, wait_response/2,
%% receive_response/2, check_response/2, the request-id collections of OTP 25
%% (send_request/5, wait_response/3, receive_response/3, check_response/3, reqids_new/0,
%% reqids_add/3, reqids_size/1, reqids_to_list/1; timeouts may be {abs, T}), stop/1,3, get_parent/0, name/1,
%% unregister_name/1, where/1, format_status_header/2, debug_options/2.
-module(gen).

-export([start/5, start/6, init_it/6, init_it/7, call/3, call/4, reply/2,
         send_request/3, wait_response/2, receive_response/2, check_response/2,
         send_request/5, wait_response/3, receive_response/3, check_response/3,
         reqids_new/0, reqids_add/3, reqids_size/1, reqids_to_list/1,
         stop/1, stop/3, get_parent/0, name/1, unregister_name/1, where/1,
         format_status_header/2, debug_options/2, hibernate_after/1, spawn_opts/1]).

%% ---------------------------------------------------------------- starting

start(GenMod, LinkP, Mod, Args, Opts) ->
    do_spawn(GenMod, LinkP, [GenMod, self(), self(), Mod, Args, Opts], Opts).

start(GenMod, LinkP, Name, Mod, Args, Opts) ->
    case where(Name) of
        undefined ->
            do_spawn(GenMod, LinkP, [GenMod, self(), self(), Name, Mod, Args, Opts], Opts);
        Pid -> {error, {already_started, Pid}}
    end.

do_spawn(_GenMod, LinkP, InitArgs, Opts) ->
    Time = timeout(Opts),
    SOpts = spawn_opts(Opts),
    case LinkP of
        link -> proc_lib:start_link(?MODULE, init_it, InitArgs, Time, SOpts);
        monitor -> proc_lib:start_monitor(?MODULE, init_it, InitArgs, Time, SOpts);
        _ -> proc_lib:start(?MODULE, init_it, InitArgs, Time, SOpts)
    end.

timeout(Opts) ->
    case lists:keyfind(timeout, 1, Opts) of
        {_, T} -> T;
        false -> infinity
    end.

spawn_opts(Opts) ->
    case lists:keyfind(spawn_opt, 1, Opts) of
        {_, SO} -> SO;
        false -> []
    end.

hibernate_after(Opts) ->
    case lists:keyfind(hibernate_after, 1, Opts) of
        {_, T} -> T;
        false -> infinity
    end.

init_it(GenMod, Starter, Parent, Mod, Args, Opts) ->
    put('$initial_call', {Mod, init, 1}),
    GenMod:init_it(Starter, Parent, self(), Mod, Args, Opts).

init_it(GenMod, Starter, Parent, Name, Mod, Args, Opts) ->
    case register_name(Name) of
        true ->
            put('$initial_call', {Mod, init, 1}),
            GenMod:init_it(Starter, Parent, Name, Mod, Args, Opts);
        {false, Pid} ->
            proc_lib:init_ack(Starter, {error, {already_started, Pid}})
    end.

register_name({local, Name} = LN) ->
    try register(Name, self()) of
        true -> true
    catch error:_ -> {false, where(LN)}
    end;
register_name({global, Name} = GN) ->
    case global:register_name(Name, self()) of
        yes -> true;
        no -> {false, where(GN)}
    end;
register_name({via, Mod, Name} = GN) ->
    case Mod:register_name(Name, self()) of
        yes -> true;
        no -> {false, where(GN)}
    end.

unregister_name({local, Name}) -> catch unregister(Name), ok;
unregister_name({global, Name}) -> catch global:unregister_name(Name), ok;
unregister_name({via, Mod, Name}) -> catch Mod:unregister_name(Name), ok;
unregister_name(Pid) when is_pid(Pid) -> ok.

where({global, Name}) -> global:whereis_name(Name);
where({via, Mod, Name}) -> Mod:whereis_name(Name);
where({local, Name}) -> whereis(Name).

name({local, Name}) -> Name;
name({global, Name}) -> Name;
name({via, _, Name}) -> Name;
name(Pid) when is_pid(Pid) -> Pid.

get_parent() ->
    case get('$ancestors') of
        [Parent | _] when is_pid(Parent) -> Parent;
        [Parent | _] when is_atom(Parent) ->
            case whereis(Parent) of
                undefined -> exit(process_not_alive);
                P -> P
            end;
        _ -> exit(process_was_not_started_by_proc_lib)
    end.

debug_options(_Name, Opts) ->
    case lists:keyfind(debug, 1, Opts) of
        {_, Dbg} -> sys:debug_options(Dbg);
        false -> []
    end.

format_status_header(TagLine, Pid) when is_pid(Pid) ->
    lists:concat([TagLine, " ", pid_to_list(Pid)]);
format_status_header(TagLine, RegName) when is_atom(RegName) ->
    lists:concat([TagLine, " ", RegName]);
format_status_header(TagLine, Name) -> {TagLine, Name}.

%% ---------------------------------------------------------------- calls

call(Process, Label, Request) -> call(Process, Label, Request, 5000).

call(Process, Label, Request, Timeout)
  when Timeout =:= infinity; is_integer(Timeout), Timeout >= 0 ->
    do_for_proc(Process, fun(P) -> do_call(P, Label, Request, Timeout) end).

do_for_proc(Pid, F) when is_pid(Pid) -> F(Pid);
do_for_proc(Name, F) when is_atom(Name) ->
    case whereis(Name) of
        undefined -> exit(noproc);
        Pid -> F(Pid)
    end;
do_for_proc({Name, Node}, F) when Node =:= node() -> do_for_proc(Name, F);
do_for_proc({_Name, Node} = P, F) when is_atom(Node) ->
    case node() of
        nonode@nohost -> exit({nodedown, Node});
        _ -> F(P)
    end;
do_for_proc({global, _} = GN, F) -> where_or_exit(GN, F);
do_for_proc({via, _, _} = GN, F) -> where_or_exit(GN, F).

where_or_exit(GN, F) ->
    case where(GN) of
        Pid when is_pid(Pid) -> F(Pid);
        _ -> exit(noproc)
    end.

%% With an infinite timeout no late reply can arrive, so no alias is needed and the tag
%% is the monitor reference itself (as erl does).
do_call(Process, Label, Request, infinity) ->
    Mref = erlang:monitor(process, Process),
    Process ! {Label, {self(), Mref}, Request},
    receive
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {ok, Reply};
        {'DOWN', Mref, _, _, noconnection} ->
            exit({nodedown, node_of(Process)});
        {'DOWN', Mref, _, _, Reason} ->
            exit(Reason)
    end;
do_call(Process, Label, Request, Timeout) ->
    {Mref, Tag} = alias_monitor(Process),
    Process ! {Label, {self(), Tag}, Request},
    receive
        {Tag, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {ok, Reply};
        {'DOWN', Mref, _, _, noconnection} ->
            exit({nodedown, node_of(Process)});
        {'DOWN', Mref, _, _, Reason} ->
            exit(Reason)
    after Timeout ->
            erlang:demonitor(Mref, [flush]),
            receive
                {Tag, Reply} -> {ok, Reply}
            after 0 -> exit(timeout)
            end
    end.

%% A monitor that is also an alias (late replies are dropped once it is removed); on a
%% runtime without aliases, a plain monitor whose reference is the tag.
alias_monitor(Process) ->
    try erlang:monitor(process, Process, [{alias, demonitor}]) of
        Mref -> {Mref, [alias | Mref]}
    catch error:undef ->
            Mref = erlang:monitor(process, Process),
            {Mref, Mref}
    end.

node_of({_, Node}) -> Node;
node_of(Pid) when is_pid(Pid) -> node(Pid);
node_of(_) -> node().

reply({_To, [alias | Alias] = Tag}, Reply) when is_reference(Alias) ->
    Alias ! {Tag, Reply},
    ok;
reply({To, Tag}, Reply) ->
    try To ! {Tag, Reply}, ok
    catch _:_ -> ok
    end.

%% ---------------------------------------------------------------- requests

send_request(Process, Label, Request) ->
    Send = fun(P) ->
                   {Mref, Tag} = alias_monitor(P),
                   P ! {Label, {self(), Tag}, Request},
                   Mref
           end,
    try do_for_proc(Process, Send)
    catch exit:Reason ->
            %% As erl: a request to a missing process answers with an error later.
            Mref = make_ref(),
            self() ! {'DOWN', Mref, process, Process, Reason},
            Mref
    end.

wait_response(Mref, Timeout) ->
    T = timeout_ms(Timeout),
    receive
        {[alias | Mref], Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {'DOWN', Mref, _, Object, Reason} ->
            {error, {Reason, Object}}
    after T -> timeout
    end.

receive_response(Mref, Timeout) ->
    T = timeout_ms(Timeout),
    receive
        {[alias | Mref], Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {'DOWN', Mref, _, Object, Reason} ->
            {error, {Reason, Object}}
    after T ->
            erlang:demonitor(Mref, [flush]),
            receive
                {[alias | Mref], Reply} -> {reply, Reply};
                {Mref, Reply} -> {reply, Reply}
            after 0 -> timeout
            end
    end.

check_response(Msg, Mref) ->
    case Msg of
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {[alias | Mref], Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {'DOWN', Mref, _, Object, Reason} ->
            {error, {Reason, Object}};
        _ -> no_reply
    end.

timeout_ms(infinity) -> infinity;
timeout_ms({abs, T}) when is_integer(T) -> max(0, T - erlang:monotonic_time(millisecond));
timeout_ms(T) when is_integer(T), T >= 0 -> T;
timeout_ms(T) -> erlang:error(badarg, [T]).

%% ---------------------------------------------------------------- request collections
%% A collection is a map from request id to label.

reqids_new() -> #{}.

reqids_add(ReqId, Label, Coll) when is_reference(ReqId), is_map(Coll) ->
    case maps:is_key(ReqId, Coll) of
        true -> erlang:error(badarg, [ReqId, Label, Coll]);
        false -> Coll#{ReqId => Label}
    end;
reqids_add(ReqId, Label, Coll) -> erlang:error(badarg, [ReqId, Label, Coll]).

reqids_size(Coll) when is_map(Coll) -> map_size(Coll);
reqids_size(Coll) -> erlang:error(badarg, [Coll]).

reqids_to_list(Coll) when is_map(Coll) -> maps:to_list(Coll);
reqids_to_list(Coll) -> erlang:error(badarg, [Coll]).

send_request(Process, Tag, Request, Label, Coll) when is_map(Coll) ->
    reqids_add(send_request(Process, Tag, Request), Label, Coll).

wait_response(Coll, Timeout, Delete) when is_map(Coll), is_boolean(Delete) ->
    collection_wait(Coll, timeout_ms(Timeout), Delete);
wait_response(Coll, Timeout, Delete) -> erlang:error(badarg, [Coll, Timeout, Delete]).

receive_response(Coll, Timeout, Delete) when is_map(Coll), is_boolean(Delete) ->
    collection_wait(Coll, timeout_ms(Timeout), Delete);
receive_response(Coll, Timeout, Delete) -> erlang:error(badarg, [Coll, Timeout, Delete]).

collection_wait(Coll, _, _) when map_size(Coll) =:= 0 -> no_request;
collection_wait(Coll, T, Delete) ->
    receive
        {[alias | Mref], Reply} when is_map_key(Mref, Coll) ->
            collected(Mref, {reply, Reply}, Coll, Delete);
        {Mref, Reply} when is_map_key(Mref, Coll) ->
            collected(Mref, {reply, Reply}, Coll, Delete);
        {'DOWN', Mref, _, Object, Reason} when is_map_key(Mref, Coll) ->
            collected(Mref, {error, {Reason, Object}}, Coll, Delete)
    after T -> timeout
    end.

collected(Mref, Response, Coll, Delete) ->
    erlang:demonitor(Mref, [flush]),
    Label = maps:get(Mref, Coll),
    New = case Delete of
              true -> maps:remove(Mref, Coll);
              false -> Coll
          end,
    {Response, Label, New}.

check_response(Msg, Coll, Delete) when is_map(Coll), is_boolean(Delete) ->
    case map_size(Coll) of
        0 -> no_request;
        _ ->
            case Msg of
                {[alias | Mref], Reply} when is_map_key(Mref, Coll) ->
                    collected(Mref, {reply, Reply}, Coll, Delete);
                {Mref, Reply} when is_reference(Mref), is_map_key(Mref, Coll) ->
                    collected(Mref, {reply, Reply}, Coll, Delete);
                {'DOWN', Mref, _, Object, Reason} when is_map_key(Mref, Coll) ->
                    collected(Mref, {error, {Reason, Object}}, Coll, Delete);
                _ -> no_reply
            end
    end;
check_response(Msg, Coll, Delete) -> erlang:error(badarg, [Msg, Coll, Delete]).

%% ---------------------------------------------------------------- stop

stop(Process) -> stop(Process, normal, infinity).

stop(Process, Reason, Timeout) ->
    do_for_proc(Process, fun(P) -> proc_lib:stop(P, Reason, Timeout) end).
