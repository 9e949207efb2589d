%% gen_event: event managers and their handlers (Ferl's own, basic implementation).
%%
%% API: start/0,1,2, start_link/0,1,2, start_monitor/0,1,2, stop/1,3, add_handler/3,
%% add_sup_handler/3, delete_handler/3, swap_handler/3, swap_sup_handler/3, notify/2,
%% sync_notify/2, call/3,4, which_handlers/1, send_request/3,5, wait_response/2,3,
%% receive_response/2,3, check_response/2,3, reqids_new/0, reqids_add/3, reqids_size/1,
%% reqids_to_list/1. Handlers are Module or {Module, Id};
%% callbacks init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2,
%% code_change/3. A crashing handler is removed (terminate({error, {'EXIT', R}}, S)),
%% with erl's "** gen_event handler ... crashed." error report; supervised handlers send
%% {gen_event_EXIT, Handler, Reason} to their supervising process. Not covered:
%% hibernation (a no-op), format_status.
-module(gen_event).

-export([start/0, start/1, start/2, start_link/0, start_link/1, start_link/2,
         start_monitor/0, start_monitor/1, start_monitor/2, stop/1, stop/3,
         add_handler/3, add_sup_handler/3, delete_handler/3, swap_handler/3,
         swap_sup_handler/3, notify/2, sync_notify/2, call/3, call/4, which_handlers/1,
         send_request/3, send_request/5, wait_response/2, wait_response/3,
         receive_response/2, receive_response/3, check_response/2, check_response/3,
         reqids_new/0, reqids_add/3, reqids_size/1, reqids_to_list/1]).
-export([init_it/6, system_continue/3, system_terminate/4, system_code_change/4]).

-record(h, {module, id = false, state, sup = false}).

start() -> gen:start(?MODULE, nolink, ?MODULE, [], []).
start(Name) when is_tuple(Name) -> gen:start(?MODULE, nolink, Name, ?MODULE, [], []);
start(Opts) when is_list(Opts) -> gen:start(?MODULE, nolink, ?MODULE, [], Opts).
start(Name, Opts) -> gen:start(?MODULE, nolink, Name, ?MODULE, [], Opts).
start_link() -> gen:start(?MODULE, link, ?MODULE, [], []).
start_link(Name) when is_tuple(Name) -> gen:start(?MODULE, link, Name, ?MODULE, [], []);
start_link(Opts) when is_list(Opts) -> gen:start(?MODULE, link, ?MODULE, [], Opts).
start_link(Name, Opts) -> gen:start(?MODULE, link, Name, ?MODULE, [], Opts).
start_monitor() -> gen:start(?MODULE, monitor, ?MODULE, [], []).
start_monitor(Name) when is_tuple(Name) -> gen:start(?MODULE, monitor, Name, ?MODULE, [], []);
start_monitor(Opts) -> gen:start(?MODULE, monitor, ?MODULE, [], Opts).
start_monitor(Name, Opts) -> gen:start(?MODULE, monitor, Name, ?MODULE, [], Opts).

stop(M) -> gen:stop(M).
stop(M, Reason, Timeout) -> gen:stop(M, Reason, Timeout).

add_handler(M, Handler, Args) -> rpc(M, {add_handler, Handler, Args, false}).
add_sup_handler(M, Handler, Args) -> rpc(M, {add_handler, Handler, Args, self()}).
delete_handler(M, Handler, Args) -> rpc(M, {delete_handler, Handler, Args}).
swap_handler(M, {H1, A1}, {H2, A2}) -> rpc(M, {swap_handler, H1, A1, H2, A2, false}).
swap_sup_handler(M, {H1, A1}, {H2, A2}) -> rpc(M, {swap_handler, H1, A1, H2, A2, self()}).
sync_notify(M, Event) -> rpc(M, {sync_notify, Event}).
call(M, Handler, Query) -> call(M, Handler, Query, 5000).
call(M, Handler, Query, Timeout) ->
    try gen:call(M, self(), {call, Handler, Query}, Timeout) of
        {ok, Res} -> Res
    catch exit:Reason -> exit({Reason, {?MODULE, call, [M, Handler, Query, Timeout]}})
    end.
which_handlers(M) -> rpc(M, which_handlers).

send_request(M, Handler, Query) -> gen:send_request(M, self(), {call, Handler, Query}).
send_request(M, Handler, Query, Label, Coll) ->
    gen:send_request(M, self(), {call, Handler, Query}, Label, Coll).
wait_response(ReqId, Timeout) -> response(gen:wait_response(ReqId, Timeout)).
wait_response(Coll, Timeout, Delete) -> response(gen:wait_response(Coll, Timeout, Delete)).
receive_response(ReqId, Timeout) -> response(gen:receive_response(ReqId, Timeout)).
receive_response(Coll, Timeout, Delete) ->
    response(gen:receive_response(Coll, Timeout, Delete)).
check_response(Msg, ReqId) -> response(gen:check_response(Msg, ReqId)).
check_response(Msg, Coll, Delete) -> response(gen:check_response(Msg, Coll, Delete)).
reqids_new() -> gen:reqids_new().
reqids_add(ReqId, Label, Coll) -> gen:reqids_add(ReqId, Label, Coll).
reqids_size(Coll) -> gen:reqids_size(Coll).
reqids_to_list(Coll) -> gen:reqids_to_list(Coll).

%% The manager's own errors (a missing or crashed handler) come back as errors.
response({reply, {error, bad_module} = E}) -> E;
response({reply, {error, {'EXIT', _}} = E}) -> E;
response({{reply, {error, bad_module} = E}, Label, Coll}) -> {E, Label, Coll};
response({{reply, {error, {'EXIT', _}} = E}, Label, Coll}) -> {E, Label, Coll};
response(R) -> R.

notify(M, Event) -> send(M, {notify, Event}).

send({global, Name}, Msg) -> catch global:send(Name, Msg), ok;
send({via, Mod, Name}, Msg) -> catch Mod:send(Name, Msg), ok;
send(M, Msg) ->
    try M ! Msg
    catch error:_ -> ok
    end,
    ok.

rpc(M, Req) ->
    try gen:call(M, self(), Req, infinity) of
        {ok, Res} -> Res
    catch exit:Reason -> exit({Reason, {?MODULE, element(1, Req), [M]}})
    end.

%% ---------------------------------------------------------------- the manager

init_it(Starter, self, Name, Mod, Args, Opts) -> init_it(Starter, self(), Name, Mod, Args, Opts);
init_it(Starter, Parent, Name0, _Mod, _Args, Opts) ->
    process_flag(trap_exit, true),
    Name = gen:name(Name0),
    Debug = gen:debug_options(Name, Opts),
    proc_lib:init_ack(Starter, {ok, self()}),
    loop(Parent, Name, [], Debug).

loop(Parent, Name, Hs, Debug) ->
    receive
        {system, From, Req} ->
            sys:handle_system_msg(Req, From, Parent, ?MODULE, Debug, [Name, Hs]);
        {'EXIT', Parent, Reason} ->
            terminate_all(Hs, stop),
            exit(Reason);
        {notify, Event} ->
            loop(Parent, Name, event(Name, Hs, Event, handle_event), Debug);
        {Label, From, Req} when is_pid(Label) ->
            {Reply, Hs1} = request(Name, Req, Hs),
            gen:reply(From, Reply),
            loop(Parent, Name, Hs1, Debug);
        {'EXIT', Pid, Reason} = Info ->
            Hs1 = case [H || #h{sup = S} = H <- Hs, S =:= Pid] of
                      [] -> event(Name, Hs, Info, handle_info);
                      Sup ->
                          [do_terminate(H, {stop, Reason}, Name) || H <- Sup],
                          Hs -- Sup
                  end,
            loop(Parent, Name, Hs1, Debug);
        Info ->
            loop(Parent, Name, event(Name, Hs, Info, handle_info), Debug)
    end.

request(Name, {add_handler, Handler, Args, Sup}, Hs) ->
    add(Name, Handler, Args, Sup, Hs);
request(Name, {delete_handler, Handler, Args}, Hs) ->
    case take(Handler, Hs) of
        {H, Rest} -> {do_terminate(H, Args, Name), Rest};
        error -> {{error, module_not_found}, Hs}
    end;
request(Name, {swap_handler, H1, A1, H2, A2, Sup}, Hs) ->
    {State1, Hs1} = case take(H1, Hs) of
                        {H, Rest} -> {do_terminate(H, A1, Name), Rest};
                        error -> {error, Hs}
                    end,
    add(Name, H2, {A2, State1}, Sup, Hs1);
request(Name, {sync_notify, Event}, Hs) -> {ok, event(Name, Hs, Event, handle_event)};
request(Name, {call, Handler, Query}, Hs) ->
    case take(Handler, Hs) of
        error -> {{error, bad_module}, Hs};
        {H, _} ->
            try (H#h.module):handle_call(Query, H#h.state) of
                {ok, Reply, S} -> {Reply, replace(H#h{state = S}, Hs)};
                {ok, Reply, S, hibernate} -> {Reply, replace(H#h{state = S}, Hs)};
                {remove_handler, Reply} ->
                    do_terminate(H, remove_handler, Name),
                    {Reply, delete(H, Hs)}
            catch C:R:St ->
                    report(Name, H, {call, Query}, {C, R, St}),
                    do_terminate(H, {error, {'EXIT', exit_reason(C, R, St)}}, Name),
                    {{error, {'EXIT', exit_reason(C, R, St)}}, delete(H, Hs)}
            end
    end;
request(_, which_handlers, Hs) -> {[handler_id(H) || H <- Hs], Hs}.

add(_Name, Handler, Args, Sup, Hs) ->
    {Mod, Id} = case Handler of
                    {M, I} -> {M, I};
                    M -> {M, false}
                end,
    case Id =/= false andalso take(Handler, Hs) of
        {_, _} -> {{error, already_present}, Hs};
        _ ->
            try Mod:init(Args) of
                {ok, S} -> added(Mod, Id, S, Sup, Hs);
                {ok, S, hibernate} -> added(Mod, Id, S, Sup, Hs);
                Other -> {Other, Hs}
            catch
                throw:Other -> {Other, Hs};
                C:R:St -> {{'EXIT', exit_reason(C, R, St)}, Hs}
            end
    end.

added(Mod, Id, S, Sup, Hs) ->
    case Sup of
        false -> ok;
        _ -> link(Sup)
    end,
    {ok, [#h{module = Mod, id = Id, state = S, sup = Sup} | Hs]}.

exit_reason(exit, R, _) -> R;
exit_reason(error, R, St) -> {R, St};
exit_reason(throw, R, St) -> {{nocatch, R}, St}.

handler_id(#h{module = M, id = false}) -> M;
handler_id(#h{module = M, id = Id}) -> {M, Id}.

%% The first (newest) handler with this id.
take(Handler, Hs) ->
    case lists:splitwith(fun(H) -> handler_id(H) =/= Handler end, Hs) of
        {Before, [H | After]} -> {H, Before ++ After};
        {_, []} -> error
    end.

delete(H, Hs) -> lists:delete(H, Hs).
replace(H, Hs) ->
    {Before, [_ | After]} = lists:splitwith(fun(X) -> handler_id(X) =/= handler_id(H) end, Hs),
    Before ++ [H | After].

%% Handlers are kept newest first and called in that order.
event(Name, Hs, Event, Func) ->
    lists:reverse(event1(Name, Hs, Event, Func)).

event1(Name, Hs, Event, Func) ->
    lists:foldl(fun(H, Acc) ->
                        Mod = H#h.module,
                        Exported = Func =:= handle_event orelse
                            erlang:function_exported(Mod, Func, 2),
                        case Exported of
                            false -> [H | Acc];
                            true ->
                                try Mod:Func(Event, H#h.state) of
                                    {ok, S} -> [H#h{state = S} | Acc];
                                    {ok, S, hibernate} -> [H#h{state = S} | Acc];
                                    remove_handler ->
                                        do_terminate(H, remove_handler, Name),
                                        Acc;
                                    {swap_handler, A1, S, H2, A2} ->
                                        St1 = do_terminate(H#h{state = S}, A1, Name),
                                        case add(Name, H2, {A2, St1}, H#h.sup, []) of
                                            {ok, [New]} -> [New | Acc];
                                            _ -> Acc
                                        end
                                catch C:R:St ->
                                        report(Name, H, Event, {C, R, St}),
                                        do_terminate(H, {error, {'EXIT', exit_reason(C, R, St)}}, Name),
                                        Acc
                                end
                        end
                end, [], Hs).

do_terminate(#h{module = M, state = S} = H, Arg, _Name) ->
    Res = case erlang:function_exported(M, terminate, 2) of
              true -> catch M:terminate(Arg, S);
              false -> ok
          end,
    case H#h.sup of
        false -> ok;
        Sup ->
            unlink(Sup),
            Reason = case Arg of
                         {error, E} -> E;
                         {stop, R} -> {stop, R};
                         remove_handler -> normal;
                         _ -> normal
                     end,
            Sup ! {gen_event_EXIT, handler_id(H), Reason}
    end,
    Res.

terminate_all(Hs, Arg) -> [do_terminate(H, Arg, undefined) || H <- Hs].

report(Name, H, Event, {C, R, St}) ->
    logger:log(error,
               "** gen_event handler ~tp crashed.~n"
               "** Was installed in ~tp~n"
               "** Last event was: ~tp~n"
               "** When handler state == ~tp~n"
               "** Reason == ~tp~n",
               [handler_id(H), Name, Event, H#h.state, exit_reason(C, R, St)],
               #{domain => [otp], error_logger => #{tag => error}}).

system_continue(Parent, Debug, [Name, Hs]) -> loop(Parent, Name, Hs, Debug).
system_terminate(Reason, _Parent, _Debug, [_Name, Hs]) ->
    terminate_all(Hs, stop),
    exit(Reason).
system_code_change([Name, Hs], Module, OldVsn, Extra) ->
    Hs1 = [case H#h.module of
               Module ->
                   {ok, S} = Module:code_change(OldVsn, H#h.state, Extra),
                   H#h{state = S};
               _ -> H
           end || H <- Hs],
    {ok, [Name, Hs1]}.
