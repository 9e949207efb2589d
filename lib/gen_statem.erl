%% gen_statem: the generic state machine behaviour (Ferl's own implementation).
%%
%% API: start/3,4, start_link/3,4, start_monitor/3,4, stop/1,3, call/2,3, cast/2,
%% reply/1,2, send_request/2,4, wait_response/1,2,3, receive_response/1,2,3,
%% check_response/2,3, reqids_new/0, reqids_add/3, reqids_size/1, reqids_to_list/1,
%% enter_loop/4,5,6.
%% Callback modes state_functions and handle_event_function, with state_enter. Events
%% {call, From}, cast, info, internal, timeout, state_timeout, {timeout, Name}.
%% Transition results: next_state, keep_state, keep_state_and_data, repeat_state,
%% repeat_state_and_data, stop, stop_and_reply. Actions: postpone, {postpone, Bool},
%% {reply, From, Reply}, {next_event, Type, Content}, hibernate (a no-op), an integer
%% (event timeout), {timeout, T, Msg}, {state_timeout, T, Msg}, {{timeout, Name}, T, Msg},
%% {change_callback_module, M}. Postponed events are retried after a state change.
%% Crashes log erl's "** State machine X terminating" report. Not covered: absolute
%% event/state timeouts, push/pop of callback modules, format_status/2 use.
-module(gen_statem).

-export([start/3, start/4, start_link/3, start_link/4, start_monitor/3, start_monitor/4,
         stop/1, stop/3, call/2, call/3, cast/2, reply/1, reply/2, send_request/2,
         wait_response/2, receive_response/2, check_response/2, send_request/4,
         wait_response/1, wait_response/3, receive_response/1, receive_response/3,
         check_response/3, reqids_new/0, reqids_add/3, reqids_size/1, reqids_to_list/1,
         enter_loop/4, enter_loop/5, enter_loop/6]).
-export([init_it/6, system_continue/3, system_terminate/4, system_code_change/4,
         system_get_state/1, system_replace_state/2]).

-record(s, {name, parent, module, mode, enter = false, state, data, postponed = [],
            queue = [], timers = #{}, debug = []}).

%% ---------------------------------------------------------------- API

start(M, A, O) -> gen:start(?MODULE, nolink, M, A, O).
start(N, M, A, O) -> gen:start(?MODULE, nolink, N, M, A, O).
start_link(M, A, O) -> gen:start(?MODULE, link, M, A, O).
start_link(N, M, A, O) -> gen:start(?MODULE, link, N, M, A, O).
start_monitor(M, A, O) -> gen:start(?MODULE, monitor, M, A, O).
start_monitor(N, M, A, O) -> gen:start(?MODULE, monitor, N, M, A, O).

stop(Name) -> gen:stop(Name).
stop(Name, Reason, Timeout) -> gen:stop(Name, Reason, Timeout).

call(Name, Request) -> call(Name, Request, infinity).
call(Name, Request, Timeout) ->
    T = case Timeout of
            {dirty_timeout, T0} -> T0;
            {clean_timeout, T0} -> T0;
            _ -> Timeout
        end,
    try gen:call(Name, '$gen_call', Request, T) of
        {ok, Reply} -> Reply
    catch exit:Reason ->
            exit({Reason, {?MODULE, call, [Name, Request, Timeout]}})
    end.

cast(Name, Msg) -> gen_server:cast(Name, Msg).

reply({To, Tag}, Reply) -> gen:reply({To, Tag}, Reply).
reply(Replies) when is_list(Replies) -> [reply(F, R) || {reply, F, R} <- Replies], ok;
reply({reply, From, Reply}) -> reply(From, Reply).

send_request(Name, Request) -> gen:send_request(Name, '$gen_call', Request).
wait_response(R, T) -> gen:wait_response(R, T).
receive_response(R, T) -> gen:receive_response(R, T).
check_response(Msg, R) -> gen:check_response(Msg, R).
wait_response(R) -> gen:wait_response(R, infinity).
receive_response(R) -> gen:receive_response(R, infinity).
send_request(Name, Request, Label, Coll) ->
    gen:send_request(Name, '$gen_call', Request, Label, Coll).
wait_response(Coll, Timeout, Delete) -> gen:wait_response(Coll, Timeout, Delete).
receive_response(Coll, Timeout, Delete) -> gen:receive_response(Coll, Timeout, Delete).
check_response(Msg, Coll, Delete) -> gen:check_response(Msg, Coll, Delete).
reqids_new() -> gen:reqids_new().
reqids_add(ReqId, Label, Coll) -> gen:reqids_add(ReqId, Label, Coll).
reqids_size(Coll) -> gen:reqids_size(Coll).
reqids_to_list(Coll) -> gen:reqids_to_list(Coll).

enter_loop(Mod, Opts, State, Data) -> enter_loop(Mod, Opts, State, Data, self(), []).
enter_loop(Mod, Opts, State, Data, Actions) when is_list(Actions) ->
    enter_loop(Mod, Opts, State, Data, self(), Actions);
enter_loop(Mod, Opts, State, Data, Server) -> enter_loop(Mod, Opts, State, Data, Server, []).
enter_loop(Mod, Opts, State, Data, Server, Actions) ->
    case Server =:= self() orelse gen:where(Server) =:= self() of
        true -> ok;
        false -> exit(process_not_registered)
    end,
    Name = gen:name(Server),
    Parent = gen:get_parent(),
    Debug = gen:debug_options(Name, Opts),
    {Mode, Enter} = callback_mode(Mod),
    S = #s{name = Name, parent = Parent, module = Mod, mode = Mode, enter = Enter,
           state = State, data = Data, debug = Debug},
    S1 = case Enter of
             true -> state_enter(State, S);
             false -> S
         end,
    apply_actions(listify(Actions), S1, none, true).

listify(L) when is_list(L) -> L;
listify(A) -> [A].

%% ---------------------------------------------------------------- init

init_it(Starter, Parent, Name0, Mod, Args, Opts) ->
    Name = gen:name(Name0),
    Debug = gen:debug_options(Name, Opts),
    try Mod:init(Args) of
        Result -> init_result(Starter, Parent, Name0, Name, Mod, Result, Debug)
    catch
        throw:Result -> init_result(Starter, Parent, Name0, Name, Mod, Result, Debug);
        Class:Reason:Stack ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, Reason}),
            erlang:raise(Class, Reason, Stack)
    end.

init_result(Starter, Parent, Name0, Name, Mod, Result, Debug) ->
    case Result of
        {ok, State, Data} -> start_loop(Starter, Parent, Name, Mod, State, Data, [], Debug);
        {ok, State, Data, Actions} ->
            start_loop(Starter, Parent, Name, Mod, State, Data, Actions, Debug);
        {stop, Reason} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, Reason}),
            exit(Reason);
        ignore ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, ignore),
            exit(normal);
        Other ->
            Error = {bad_return_from_init, Other},
            proc_lib:init_ack(Starter, {error, Error}),
            exit(Error)
    end.

start_loop(Starter, Parent, Name, Mod, State, Data, Actions, Debug) ->
    {Mode, Enter} = callback_mode(Mod),
    proc_lib:init_ack(Starter, {ok, self()}),
    S = #s{name = Name, parent = Parent, module = Mod, mode = Mode, enter = Enter,
           state = State, data = Data, debug = Debug},
    %% The initial state gets an enter call with itself as the old state.
    S1 = case Enter of
             true -> state_enter(State, S);
             false -> S
         end,
    apply_actions(Actions, S1, none, true).

callback_mode(Mod) ->
    case Mod:callback_mode() of
        M when M =:= state_functions; M =:= handle_event_function -> {M, false};
        L when is_list(L) ->
            Mode = case lists:member(handle_event_function, L) of
                       true -> handle_event_function;
                       false -> state_functions
                   end,
            {Mode, lists:member(state_enter, L)}
    end.

%% ---------------------------------------------------------------- the loop

loop(#s{queue = [{Type, Content} | Q]} = S) ->
    handle_event(Type, Content, S#s{queue = Q});
loop(S) ->
    receive
        Msg -> decode(Msg, S)
    end.

decode({system, From, Req}, S) ->
    sys:handle_system_msg(Req, From, S#s.parent, ?MODULE, S#s.debug, S);
decode({'EXIT', Parent, Reason}, #s{parent = Parent} = S) ->
    terminate(exit, Reason, [], S, {info, {'EXIT', Parent, Reason}});
decode({'$gen_call', From, Req}, S) -> handle_event({call, From}, Req, S);
decode({'$gen_cast', Msg}, S) -> handle_event(cast, Msg, S);
decode({'$statem_timeout', Ref, Type, Msg}, S) ->
    case maps:find(Type, S#s.timers) of
        {ok, {Ref, _}} ->
            handle_event(timeout_type(Type), Msg, S#s{timers = maps:remove(Type, S#s.timers)});
        _ -> loop(S)
    end;
decode(Info, S) -> handle_event(info, Info, S).

timeout_type(state_timeout) -> state_timeout;
timeout_type(timeout) -> timeout;
timeout_type({timeout, Name}) -> {timeout, Name}.

handle_event(Type, Content, S0) ->
    %% Any event cancels the event timeout.
    S = cancel_timer(timeout, S0),
    Result = call_state_function(Type, Content, S#s.state, S),
    transition(Result, Type, Content, S).

call_state_function(Type, Content, State, #s{module = M, mode = Mode, data = Data}) ->
    try
        case Mode of
            state_functions -> {ok, M:State(Type, Content, Data)};
            handle_event_function -> {ok, M:handle_event(Type, Content, State, Data)}
        end
    catch
        throw:R -> {ok, R};
        Class:R:St -> {'EXIT', Class, R, St}
    end.

transition({'EXIT', Class, R, St}, Type, Content, S) ->
    terminate(Class, R, St, S, {Type, Content});
transition({ok, Result}, Type, Content, S) ->
    Event = {Type, Content},
    case Result of
        {next_state, NState, NData} -> next(NState, NData, [], Event, S);
        {next_state, NState, NData, As} -> next(NState, NData, As, Event, S);
        {keep_state, NData} -> next(S#s.state, NData, [], Event, S);
        {keep_state, NData, As} -> next(S#s.state, NData, As, Event, S);
        keep_state_and_data -> next(S#s.state, S#s.data, [], Event, S);
        {keep_state_and_data, As} -> next(S#s.state, S#s.data, As, Event, S);
        {repeat_state, NData} -> repeat(NData, [], Event, S);
        {repeat_state, NData, As} -> repeat(NData, As, Event, S);
        repeat_state_and_data -> repeat(S#s.data, [], Event, S);
        {repeat_state_and_data, As} -> repeat(S#s.data, As, Event, S);
        stop -> terminate(exit, normal, [], S, Event);
        {stop, Reason} -> terminate(exit, Reason, [], S, Event);
        {stop, Reason, NData} -> terminate(exit, Reason, [], S#s{data = NData}, Event);
        {stop_and_reply, Reason, Replies} ->
            reply(Replies),
            terminate(exit, Reason, [], S, Event);
        {stop_and_reply, Reason, Replies, NData} ->
            reply(Replies),
            terminate(exit, Reason, [], S#s{data = NData}, Event);
        Bad -> terminate(error, {bad_return_from_state_function, Bad}, stack(), S, Event)
    end.

stack() ->
    try process_info(self(), current_stacktrace) of
        {current_stacktrace, St} -> St;
        _ -> []
    catch error:_ -> []
    end.

next(NState, NData, Actions, Event, S) ->
    Changed = NState =/= S#s.state,
    S1 = S#s{state = NState, data = NData},
    S2 = case Changed of
             true ->
                 %% A state change retries the postponed events, oldest first, and
                 %% cancels the state timeout.
                 S1b = cancel_timer(state_timeout, S1),
                 S1b#s{queue = lists:reverse(S1b#s.postponed) ++ S1b#s.queue,
                       postponed = []};
             false -> S1
         end,
    S3 = case Changed andalso S#s.enter of
             true -> state_enter_from(S#s.state, S2);
             false -> S2
         end,
    apply_actions(Actions, S3, Event, false).

repeat(NData, Actions, Event, S) ->
    S1 = S#s{data = NData},
    S2 = case S#s.enter of
             true -> state_enter_from(S#s.state, S1);
             false -> S1
         end,
    apply_actions(Actions, S2, Event, false).

state_enter(State, S) -> state_enter_from(State, S).

state_enter_from(OldState, S) ->
    case call_state_function(enter, OldState, S#s.state, S) of
        {ok, R} -> enter_result(R, S);
        {'EXIT', Class, R, St} -> terminate(Class, R, St, S, {enter, OldState})
    end.

enter_result(R, S) ->
    case R of
        {next_state, St, D} when St =:= S#s.state -> S#s{data = D};
        {next_state, St, D, As} when St =:= S#s.state -> enter_actions(As, S#s{data = D});
        {keep_state, D} -> S#s{data = D};
        {keep_state, D, As} -> enter_actions(As, S#s{data = D});
        keep_state_and_data -> S;
        {keep_state_and_data, As} -> enter_actions(As, S);
        {repeat_state, D} -> S#s{data = D};
        {repeat_state, D, As} -> enter_actions(As, S#s{data = D});
        repeat_state_and_data -> S;
        {repeat_state_and_data, As} -> enter_actions(As, S);
        {stop, Reason} -> terminate(exit, Reason, [], S, enter);
        {stop, Reason, D} -> terminate(exit, Reason, [], S#s{data = D}, enter);
        Bad -> terminate(error, {bad_state_enter_return_from_state_function, Bad}, stack(), S, enter)
    end.

%% Actions from a state enter call: no postpone, no next_event.
enter_actions(As, S) -> element(1, do_actions(list(As), S, none, [], false)).

list(L) when is_list(L) -> L;
list(X) -> [X].

apply_actions(Actions, S, Event, _Init) ->
    {S1, NextEvents} = do_actions(list(Actions), S, Event, [], false),
    S2 = S1#s{queue = NextEvents ++ S1#s.queue},
    loop(S2).

do_actions([], S, _Event, Next, _) -> {S, lists:reverse(Next)};
do_actions([A | As], S, Event, Next, Post) ->
    case A of
        postpone when Event =/= none ->
            do_actions(As, S#s{postponed = [Event | S#s.postponed]}, Event, Next, true);
        {postpone, true} when Event =/= none ->
            do_actions(As, S#s{postponed = [Event | S#s.postponed]}, Event, Next, true);
        {postpone, false} -> do_actions(As, S, Event, Next, Post);
        {reply, From, Reply} -> reply(From, Reply), do_actions(As, S, Event, Next, Post);
        {next_event, Type, Content} ->
            do_actions(As, S, Event, [{Type, Content} | Next], Post);
        hibernate -> do_actions(As, S, Event, Next, Post);
        {hibernate, _} -> do_actions(As, S, Event, Next, Post);
        {change_callback_module, M} -> do_actions(As, S#s{module = M}, Event, Next, Post);
        T when is_integer(T); T =:= infinity ->
            do_actions(As, set_timer(timeout, T, T, S), Event, Next, Post);
        {timeout, T, Msg} -> do_actions(As, set_timer(timeout, T, Msg, S), Event, Next, Post);
        {timeout, T, Msg, _Opts} ->
            do_actions(As, set_timer(timeout, T, Msg, S), Event, Next, Post);
        {state_timeout, T, Msg} ->
            do_actions(As, set_timer(state_timeout, T, Msg, S), Event, Next, Post);
        {state_timeout, T, Msg, _Opts} ->
            do_actions(As, set_timer(state_timeout, T, Msg, S), Event, Next, Post);
        {{timeout, Name}, T, Msg} ->
            do_actions(As, set_timer({timeout, Name}, T, Msg, S), Event, Next, Post);
        {{timeout, Name}, T, Msg, _Opts} ->
            do_actions(As, set_timer({timeout, Name}, T, Msg, S), Event, Next, Post);
        _ -> terminate(error, {bad_action_from_state_function, A}, stack(), S, Event)
    end.

set_timer(Type, infinity, _Msg, S) -> cancel_timer(Type, S);
set_timer(timeout, 0, Msg, S) ->
    %% A zero event timeout fires at once unless another event is queued.
    S#s{queue = S#s.queue ++ [{timeout, Msg}]};
set_timer(Type, T, Msg, S0) when is_integer(T), T >= 0 ->
    S = cancel_timer(Type, S0),
    Ref = make_ref(),
    TRef = erlang:send_after(T, self(), {'$statem_timeout', Ref, Type, Msg}),
    S#s{timers = (S#s.timers)#{Type => {Ref, TRef}}}.

cancel_timer(Type, S) ->
    case maps:take(Type, S#s.timers) of
        {{_, TRef}, Ts} ->
            erlang:cancel_timer(TRef),
            S#s{timers = Ts};
        error -> S
    end.

%% ---------------------------------------------------------------- termination

terminate(Class, Reason, Stack, S, Event) ->
    #s{module = M, state = State, data = Data} = S,
    case erlang:function_exported(M, terminate, 3) of
        true ->
            try M:terminate(Reason, State, Data)
            catch
                throw:_ -> ok;
                C:R:St ->
                    error_info(C, R, St, S, Event),
                    erlang:raise(C, R, St)
            end;
        false -> ok
    end,
    case Reason of
        normal -> ok;
        shutdown -> ok;
        {shutdown, _} -> ok;
        _ -> error_info(Class, Reason, Stack, S, Event)
    end,
    case Stack of
        [] -> erlang:raise(exit, Reason, []);
        _ -> erlang:raise(Class, Reason, Stack)
    end.

error_info(Class, Reason, Stack, #s{name = Name, module = M, mode = Mode, state = State,
                                     data = Data, queue = Q, postponed = P}, Event) ->
    {Fmt, Args} = client_info(Event),
    StackFmt = case Stack of
                   [] -> {"", []};
                   _ -> {"** Stacktrace =~n**  ~tp~n", [Stack]}
               end,
    Queued = [E || E <- Q],
    {QFmt, QArgs} = case Queued of
                        [] -> {"", []};
                        _ -> {"** Queued = ~tp~n", [Queued]}
                    end,
    {PFmt, PArgs} = case P of
                        [] -> {"", []};
                        _ -> {"** Postponed = ~tp~n", [lists:reverse(P)]}
                    end,
    logger:log(error,
               "** State machine ~tp terminating~n"
               "** Last event = ~tp~n"
               "** When server state  = ~tp~n"
               "** Reason for termination = ~tp:~tp~n"
               "** Callback modules = ~tp~n"
               "** Callback mode = ~tp~n" ++ QFmt ++ PFmt ++ element(1, StackFmt) ++ Fmt,
               [Name, Event, {State, Data}, Class, Reason, [M], Mode]
               ++ QArgs ++ PArgs ++ element(2, StackFmt) ++ Args,
               #{domain => [otp], error_logger => #{tag => error}}).

client_info({{call, {Pid, _}}, _}) when is_pid(Pid), node(Pid) =:= node() ->
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
client_info({{call, {Pid, _}}, _}) when is_pid(Pid) ->
    {"** Client ~tp is remote on node ~tp~n", [Pid, node(Pid)]};
client_info(_) -> {"", []}.

%% ---------------------------------------------------------------- sys

system_continue(_Parent, Debug, S) -> loop(S#s{debug = Debug}).

system_terminate(Reason, _Parent, _Debug, S) ->
    terminate(exit, Reason, [], S, none).

system_code_change(S, _Module, OldVsn, Extra) ->
    #s{module = M, state = State, data = Data} = S,
    case catch M:code_change(OldVsn, State, Data, Extra) of
        {ok, NState, NData} -> {ok, S#s{state = NState, data = NData}};
        Else -> Else
    end.

system_get_state(#s{state = State, data = Data}) -> {ok, {State, Data}}.

system_replace_state(F, #s{state = State, data = Data} = S) ->
    {NState, NData} = F({State, Data}),
    {ok, {NState, NData}, S#s{state = NState, data = NData}}.
