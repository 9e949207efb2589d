%% gen_server: the generic server behaviour (Ferl's own implementation).
%%
%% API: start/3,4, start_link/3,4, start_monitor/3,4, stop/1,3, call/2,3, cast/2,
%% reply/2, abcast/2,3, multi_call/2,3,4, enter_loop/3,4,5, send_request/2,
%% wait_response/2, receive_response/2, check_response/2, and the request-id
%% collections (send_request/4, wait_response/3, receive_response/3, check_response/3,
%% reqids_new/0, reqids_add/3, reqids_size/1, reqids_to_list/1). Callbacks: init/1,
%% handle_call/3, handle_cast/2, handle_info/2, handle_continue/2, terminate/2,
%% code_change/3, format_status/2 (all called fully qualified, so a reload takes effect
%% at the next message). Timeouts, {continue, C}, hibernate (the process hibernates with
%% erlang:hibernate/3), system messages through sys (suspend, resume, change_code
%% accepted only while suspended, get_state, replace_state, get_status), trapped exits
%% from the parent. A crash logs erl's "** Generic server X terminating" error report
%% and proc_lib's crash report.
-module(gen_server).

-export([start/3, start/4, start_link/3, start_link/4, start_monitor/3, start_monitor/4,
         stop/1, stop/3, call/2, call/3, cast/2, reply/2, abcast/2, abcast/3,
         multi_call/2, multi_call/3, multi_call/4, enter_loop/3, enter_loop/4,
         enter_loop/5, send_request/2, wait_response/2, receive_response/2,
         check_response/2, send_request/4, wait_response/3, receive_response/3,
         check_response/3, reqids_new/0, reqids_add/3, reqids_size/1, reqids_to_list/1]).
-export([init_it/6, wake_hib/6, system_continue/3, system_terminate/4,
         system_code_change/4, system_get_state/1, system_replace_state/2,
         format_status/2]).

-callback init(Args :: term()) -> term().
-callback handle_call(Request :: term(), From :: term(), State :: term()) -> term().
-callback handle_cast(Request :: term(), State :: term()) -> term().
-optional_callbacks([handle_info/2, handle_continue/2, terminate/2, code_change/3,
                     format_status/2]).
-callback handle_info(Info :: term(), State :: term()) -> term().
-callback handle_continue(Info :: term(), State :: term()) -> term().
-callback terminate(Reason :: term(), State :: term()) -> term().
-callback code_change(OldVsn :: term(), State :: term(), Extra :: term()) -> term().
-callback format_status(Opt :: term(), StatusData :: list()) -> term().

%% ---------------------------------------------------------------- API

start(Mod, Args, Opts) -> gen:start(?MODULE, nolink, Mod, Args, Opts).
start(Name, Mod, Args, Opts) -> gen:start(?MODULE, nolink, Name, Mod, Args, Opts).
start_link(Mod, Args, Opts) -> gen:start(?MODULE, link, Mod, Args, Opts).
start_link(Name, Mod, Args, Opts) -> gen:start(?MODULE, link, Name, Mod, Args, Opts).
start_monitor(Mod, Args, Opts) -> gen:start(?MODULE, monitor, Mod, Args, Opts).
start_monitor(Name, Mod, Args, Opts) -> gen:start(?MODULE, monitor, Name, Mod, Args, Opts).

stop(Name) -> gen:stop(Name).
stop(Name, Reason, Timeout) -> gen:stop(Name, Reason, Timeout).

call(Name, Request) ->
    try gen:call(Name, '$gen_call', Request) of
        {ok, Res} -> Res
    catch exit:Reason ->
            exit({Reason, {?MODULE, call, [Name, Request]}})
    end.

call(Name, Request, Timeout) ->
    try gen:call(Name, '$gen_call', Request, Timeout) of
        {ok, Res} -> Res
    catch exit:Reason ->
            exit({Reason, {?MODULE, call, [Name, Request, Timeout]}})
    end.

send_request(Name, Request) -> gen:send_request(Name, '$gen_call', Request).
wait_response(ReqId, Timeout) -> gen:wait_response(ReqId, Timeout).
receive_response(ReqId, Timeout) -> gen:receive_response(ReqId, Timeout).
check_response(Msg, ReqId) -> gen:check_response(Msg, ReqId).
send_request(Name, Request, Label, Coll) ->
    gen:send_request(Name, '$gen_call', Request, Label, Coll).
wait_response(Coll, Timeout, Delete) -> gen:wait_response(Coll, Timeout, Delete).
receive_response(Coll, Timeout, Delete) -> gen:receive_response(Coll, Timeout, Delete).
check_response(Msg, Coll, Delete) -> gen:check_response(Msg, Coll, Delete).
reqids_new() -> gen:reqids_new().
reqids_add(ReqId, Label, Coll) -> gen:reqids_add(ReqId, Label, Coll).
reqids_size(Coll) -> gen:reqids_size(Coll).
reqids_to_list(Coll) -> gen:reqids_to_list(Coll).

cast({global, Name}, Request) ->
    catch global:send(Name, cast_msg(Request)), ok;
cast({via, Mod, Name}, Request) ->
    catch Mod:send(Name, cast_msg(Request)), ok;
cast({Name, Node} = Dest, Request) when is_atom(Name), is_atom(Node) ->
    do_send(Dest, cast_msg(Request));
cast(Dest, Request) when is_atom(Dest); is_pid(Dest) ->
    do_send(Dest, cast_msg(Request)).

cast_msg(Request) -> {'$gen_cast', Request}.

do_send(Dest, Msg) ->
    try erlang:send(Dest, Msg)
    catch error:_ -> ok
    end,
    ok.

reply(From, Reply) -> gen:reply(From, Reply).

abcast(Name, Request) when is_atom(Name) -> abcast([node() | nodes()], Name, Request).
abcast(Nodes, Name, Request) when is_list(Nodes), is_atom(Name) ->
    [do_send({Name, Node}, cast_msg(Request)) || Node <- Nodes],
    abcast.

multi_call(Name, Request) -> multi_call([node() | nodes()], Name, Request, infinity).
multi_call(Nodes, Name, Request) -> multi_call(Nodes, Name, Request, infinity).
multi_call(Nodes, Name, Request, Timeout) when is_list(Nodes), is_atom(Name) ->
    Self = self(),
    Refs = [{Node, spawn_monitor(fun() ->
                                         R = (catch gen:call({Name, Node}, '$gen_call',
                                                             Request, Timeout)),
                                         Self ! {self(), multi_reply, R}
                                 end)} || Node <- Nodes],
    lists:foldr(fun({Node, {Pid, Mref}}, {Good, Bad}) ->
                        receive
                            {Pid, multi_reply, {ok, Reply}} ->
                                erlang:demonitor(Mref, [flush]),
                                {[{Node, Reply} | Good], Bad};
                            {Pid, multi_reply, _} ->
                                erlang:demonitor(Mref, [flush]),
                                {Good, [Node | Bad]};
                            {'DOWN', Mref, _, _, _} -> {Good, [Node | Bad]}
                        end
                end, {[], []}, Refs).

enter_loop(Mod, Opts, State) -> enter_loop(Mod, Opts, State, self(), infinity).
enter_loop(Mod, Opts, State, ServerName = {Scope, _}) when Scope =:= local;
                                                          Scope =:= global;
                                                          Scope =:= via ->
    enter_loop(Mod, Opts, State, ServerName, infinity);
enter_loop(Mod, Opts, State, Timeout) -> enter_loop(Mod, Opts, State, self(), Timeout).
enter_loop(Mod, Opts, State, ServerName, Timeout) ->
    case ServerName =:= self() orelse gen:where(ServerName) =:= self() of
        true -> ok;
        false -> exit(process_not_registered)
    end,
    Name = gen:name(ServerName),
    Parent = gen:get_parent(),
    Debug = gen:debug_options(Name, Opts),
    HibAfter = gen:hibernate_after(Opts),
    loop(Parent, Name, State, Mod, Timeout, HibAfter, Debug).

%% ---------------------------------------------------------------- initialization

init_it(Starter, self, Name, Mod, Args, Opts) -> init_it(Starter, self(), Name, Mod, Args, Opts);
init_it(Starter, Parent, Name0, Mod, Args, Opts) ->
    Name = gen:name(Name0),
    Debug = gen:debug_options(Name, Opts),
    HibAfter = gen:hibernate_after(Opts),
    try Mod:init(Args) of
        {ok, State} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            loop(Parent, Name, State, Mod, infinity, HibAfter, Debug);
        {ok, State, TimeoutHibCont} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            loop(Parent, Name, State, Mod, TimeoutHibCont, HibAfter, Debug);
        {stop, Reason} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, Reason}),
            exit(Reason);
        ignore ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, ignore),
            exit(normal);
        Else ->
            Error = {bad_return_value, Else},
            proc_lib:init_ack(Starter, {error, Error}),
            exit(Error)
    catch
        throw:{stop, Reason} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, Reason}),
            exit(Reason);
        throw:Value ->
            Error = {bad_return_value, Value},
            proc_lib:init_ack(Starter, {error, Error}),
            exit(Error);
        Class:Reason:Stack ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, terminate_reason(Class, Reason, Stack)}),
            erlang:raise(Class, Reason, Stack)
    end.

%% ---------------------------------------------------------------- the loop

loop(Parent, Name, State, Mod, {continue, Cont} = Msg, HibAfter, Debug) ->
    Reply = try_dispatch(Mod, handle_continue, Cont, State),
    handle_common_reply(Reply, Parent, Name, undefined, Msg, Mod, HibAfter, State, Debug);
loop(Parent, Name, State, Mod, hibernate, HibAfter, Debug) ->
    proc_lib:hibernate(?MODULE, wake_hib, [Parent, Name, State, Mod, HibAfter, Debug]);
loop(Parent, Name, State, Mod, infinity, HibAfter, Debug) when HibAfter =/= infinity ->
    receive
        Msg -> decode_msg(Msg, Parent, Name, State, Mod, infinity, HibAfter, Debug, false)
    after HibAfter ->
            loop(Parent, Name, State, Mod, hibernate, HibAfter, Debug)
    end;
loop(Parent, Name, State, Mod, Time, HibAfter, Debug) ->
    Msg = receive
              Input -> Input
          after Time -> {'$gen_timeout', timeout}
          end,
    case Msg of
        {'$gen_timeout', timeout} ->
            decode_msg(timeout, Parent, Name, State, Mod, Time, HibAfter, Debug, false);
        _ -> decode_msg(Msg, Parent, Name, State, Mod, Time, HibAfter, Debug, false)
    end.

wake_hib(Parent, Name, State, Mod, HibAfter, Debug) ->
    Msg = receive
              Input -> Input
          end,
    decode_msg(Msg, Parent, Name, State, Mod, hibernate, HibAfter, Debug, true).

decode_msg(Msg, Parent, Name, State, Mod, Time, HibAfter, Debug, Hib) ->
    case Msg of
        {system, From, Req} ->
            sys:handle_system_msg(Req, From, Parent, ?MODULE, Debug,
                                  [Name, State, Mod, Time, HibAfter], Hib);
        {'EXIT', Parent, Reason} ->
            terminate(Reason, [], Name, undefined, Msg, Mod, State, Debug);
        _ -> handle_msg(Msg, Parent, Name, State, Mod, HibAfter, Debug)
    end.

handle_msg({'$gen_call', From, Request} = Msg, Parent, Name, State, Mod, HibAfter, Debug) ->
    Result = try_handle_call(Mod, Request, From, State),
    case Result of
        {ok, {reply, Reply, NState}} ->
            reply(From, Reply),
            loop(Parent, Name, NState, Mod, infinity, HibAfter, Debug);
        {ok, {reply, Reply, NState, TimeoutHibCont}} ->
            reply(From, Reply),
            loop(Parent, Name, NState, Mod, TimeoutHibCont, HibAfter, Debug);
        {ok, {stop, Reason, Reply, NState}} ->
            try terminate(Reason, [], Name, From, Msg, Mod, NState, Debug)
            after reply(From, Reply)
            end;
        Other ->
            handle_common_reply(Other, Parent, Name, From, Msg, Mod, HibAfter, State, Debug)
    end;
handle_msg({'$gen_cast', Cast} = Msg, Parent, Name, State, Mod, HibAfter, Debug) ->
    Reply = try_dispatch(Mod, handle_cast, Cast, State),
    handle_common_reply(Reply, Parent, Name, undefined, Msg, Mod, HibAfter, State, Debug);
handle_msg(Info, Parent, Name, State, Mod, HibAfter, Debug) ->
    Reply = try_dispatch(Mod, handle_info, Info, State),
    handle_common_reply(Reply, Parent, Name, undefined, Info, Mod, HibAfter, State, Debug).

try_handle_call(Mod, Request, From, State) ->
    try {ok, Mod:handle_call(Request, From, State)}
    catch
        throw:R -> {ok, R};
        Class:R:Stack -> {'EXIT', Class, R, Stack}
    end.

try_dispatch(Mod, handle_info, Msg, State) ->
    case erlang:function_exported(Mod, handle_info, 2) of
        true -> try_dispatch1(Mod, handle_info, Msg, State);
        false ->
            logger:log(warning, "** Undefined handle_info in ~tp~n** Unhandled message: ~tp~n",
                       [Mod, Msg], #{domain => [otp], error_logger => #{tag => warning_msg}}),
            {ok, {noreply, State}}
    end;
try_dispatch(Mod, Func, Msg, State) -> try_dispatch1(Mod, Func, Msg, State).

try_dispatch1(Mod, Func, Msg, State) ->
    try {ok, Mod:Func(Msg, State)}
    catch
        throw:R -> {ok, R};
        Class:R:Stack -> {'EXIT', Class, R, Stack}
    end.

handle_common_reply(Reply, Parent, Name, From, Msg, Mod, HibAfter, State, Debug) ->
    case Reply of
        {ok, {noreply, NState}} ->
            loop(Parent, Name, NState, Mod, infinity, HibAfter, Debug);
        {ok, {noreply, NState, TimeoutHibCont}} ->
            loop(Parent, Name, NState, Mod, TimeoutHibCont, HibAfter, Debug);
        {ok, {stop, Reason, NState}} ->
            terminate(Reason, [], Name, From, Msg, Mod, NState, Debug);
        {'EXIT', Class, Reason, Stack} ->
            terminate(Class, Reason, Stack, Name, From, Msg, Mod, State, Debug);
        {ok, BadReply} ->
            terminate({bad_return_value, BadReply}, [], Name, From, Msg, Mod, State, Debug)
    end.

%% ---------------------------------------------------------------- termination

terminate(Reason, Stack, Name, From, Msg, Mod, State, Debug) ->
    terminate(exit, Reason, Stack, Name, From, Msg, Mod, State, Debug).

terminate(Class, Reason, Stack, Name, From, Msg, Mod, State, _Debug) ->
    Reason1 = terminate_reason(Class, Reason, Stack),
    case erlang:function_exported(Mod, terminate, 2) of
        true ->
            try Mod:terminate(Reason1, State)
            catch
                throw:_ -> ok;
                C:R:S ->
                    error_info(terminate_reason(C, R, S), Name, From, Msg, Mod, State),
                    erlang:raise(C, R, S)
            end;
        false -> ok
    end,
    case Reason of
        normal -> ok;
        shutdown -> ok;
        {shutdown, _} -> ok;
        _ -> error_info(Reason1, Name, From, Msg, Mod, State)
    end,
    case Stack of
        [] -> erlang:raise(exit, Reason1, []);
        _ -> erlang:raise(Class, Reason, Stack)
    end.

terminate_reason(error, Reason, Stack) -> {Reason, Stack};
terminate_reason(exit, Reason, _) -> Reason;
terminate_reason(throw, Reason, Stack) -> {{nocatch, Reason}, Stack}.

%% The "** Generic server X terminating" report.
error_info(Reason, Name, From, Msg, Mod, State) ->
    Status = format_state(Mod, State),
    {Fmt, Args} = client_info(From),
    Last = case Msg of
               {'$gen_call', _, Req} -> Req;
               {'$gen_cast', C} -> {'$gen_cast', C};
               _ -> Msg
           end,
    logger:log(error,
               "** Generic server ~tp terminating \n"
               "** Last message in was ~tp~n"
               "** When Server state == ~tp~n"
               "** Reason for termination ==~n** ~tp~n" ++ Fmt,
               [Name, Last, Status, Reason | Args],
               #{domain => [otp], error_logger => #{tag => error}}),
    ok.

client_info(undefined) -> {"", []};
client_info({Pid, _Tag}) when is_pid(Pid), node(Pid) =:= node() ->
    case is_process_alive(Pid) of
        false -> {"** Client ~tp is dead~n", [Pid]};
        true ->
            St = try process_info(Pid, current_stacktrace) of
                     {current_stacktrace, S} -> S;
                     _ -> []
                 catch error:_ -> []
                 end,
            {"** Client ~tp stacktrace~n** ~tp~n", [Pid, St]}
    end;
client_info({Pid, _Tag}) when is_pid(Pid) ->
    {"** Client ~tp is remote on node ~tp~n", [Pid, node(Pid)]};
client_info(_) -> {"", []}.

format_state(Mod, State) ->
    case erlang:function_exported(Mod, format_status, 2) of
        true ->
            try Mod:format_status(terminate, [get(), State]) of
                S -> S
            catch _:_ -> State
            end;
        false -> State
    end.

%% ---------------------------------------------------------------- sys callbacks

system_continue(Parent, Debug, [Name, State, Mod, Time, HibAfter]) ->
    loop(Parent, Name, State, Mod, Time, HibAfter, Debug).

system_terminate(Reason, _Parent, Debug, [Name, State, Mod, _Time, _HibAfter]) ->
    terminate(Reason, [], Name, undefined, [], Mod, State, Debug).

system_code_change([Name, State, Mod, Time, HibAfter], _Module, OldVsn, Extra) ->
    case catch Mod:code_change(OldVsn, State, Extra) of
        {ok, NewState} -> {ok, [Name, NewState, Mod, Time, HibAfter]};
        Else -> Else
    end.

system_get_state([_Name, State, _Mod, _Time, _HibAfter]) -> {ok, State}.

system_replace_state(StateFun, [Name, State, Mod, Time, HibAfter]) ->
    NState = StateFun(State),
    {ok, NState, [Name, NState, Mod, Time, HibAfter]}.

format_status(Opt, [PDict, SysState, Parent, Debug, [Name, State, Mod, _Time, _HibAfter]]) ->
    Header = gen:format_status_header("Status for generic server", Name),
    Specific = case erlang:function_exported(Mod, format_status, 2) of
                   true ->
                       case catch Mod:format_status(Opt, [PDict, State]) of
                           {'EXIT', _} -> [{data, [{"State", State}]}];
                           Else when is_list(Else) -> Else;
                           Else -> [Else]
                       end;
                   false -> [{data, [{"State", State}]}]
               end,
    [{header, Header},
     {data, [{"Status", SysState}, {"Parent", Parent},
             {"Logged events", sys:format_debug_events(Debug)}]}
     | Specific].
