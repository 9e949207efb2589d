%% sys: the system message interface of OTP processes (Ferl's own implementation).
%%
%% Client side: suspend/1,2, resume/1,2, change_code/4,5, get_state/1,2,
%% replace_state/2,3, get_status/1,2, terminate/2,3, trace/2,3 and log/2,3 (debug options
%% are accepted; the event log is kept but not printed), statistics/2,3 (returns
%% {ok, []}), install/remove (not supported: {error, not_supported}).
%% Process side: handle_system_msg/6,7, debug_options/1, get_debug/3, handle_debug/4
%% (no-op), format_debug_events/1. Requests travel as {system, From, Msg} and are
%% answered with gen:reply/2, as in OTP. change_code is accepted only while suspended;
%% otherwise the answer is {error, {unknown_system_msg, {change_code, ...}}}.
-module(sys).

-export([suspend/1, suspend/2, resume/1, resume/2, change_code/4, change_code/5,
         get_state/1, get_state/2, replace_state/2, replace_state/3, get_status/1,
         get_status/2, terminate/2, terminate/3, trace/2, trace/3, log/2, log/3,
         statistics/2, statistics/3, no_debug/1, no_debug/2, install/2, install/3,
         remove/2, remove/3]).
-export([handle_system_msg/6, handle_system_msg/7, debug_options/1, get_debug/3,
         handle_debug/4, format_debug_events/1, print_log/1]).

%% ---------------------------------------------------------------- client side

suspend(Name) -> send_system_msg(Name, suspend).
suspend(Name, Timeout) -> send_system_msg(Name, suspend, Timeout).
resume(Name) -> send_system_msg(Name, resume).
resume(Name, Timeout) -> send_system_msg(Name, resume, Timeout).

change_code(Name, Mod, Vsn, Extra) ->
    send_system_msg(Name, {change_code, Mod, Vsn, Extra}).
change_code(Name, Mod, Vsn, Extra, Timeout) ->
    send_system_msg(Name, {change_code, Mod, Vsn, Extra}, Timeout).

get_state(Name) -> state_reply(send_system_msg(Name, get_state)).
get_state(Name, Timeout) -> state_reply(send_system_msg(Name, get_state, Timeout)).

replace_state(Name, F) -> state_reply(send_system_msg(Name, {replace_state, F})).
replace_state(Name, F, Timeout) ->
    state_reply(send_system_msg(Name, {replace_state, F}, Timeout)).

state_reply({error, {callback_failed, _, _} = E}) -> erlang:error(E);
state_reply({ok, State}) -> State;
state_reply(Other) -> Other.

get_status(Name) -> send_system_msg(Name, get_status).
get_status(Name, Timeout) -> send_system_msg(Name, get_status, Timeout).

terminate(Name, Reason) -> send_system_msg(Name, {terminate, Reason}).
terminate(Name, Reason, Timeout) -> send_system_msg(Name, {terminate, Reason}, Timeout).

trace(Name, Flag) -> send_system_msg(Name, {debug, {trace, Flag}}).
trace(Name, Flag, Timeout) -> send_system_msg(Name, {debug, {trace, Flag}}, Timeout).
log(Name, Flag) -> send_system_msg(Name, {debug, {log, Flag}}).
log(Name, Flag, Timeout) -> send_system_msg(Name, {debug, {log, Flag}}, Timeout).
statistics(Name, Flag) -> send_system_msg(Name, {debug, {statistics, Flag}}).
statistics(Name, Flag, Timeout) -> send_system_msg(Name, {debug, {statistics, Flag}}, Timeout).
no_debug(Name) -> send_system_msg(Name, {debug, no_debug}).
no_debug(Name, Timeout) -> send_system_msg(Name, {debug, no_debug}, Timeout).
install(_, _) -> {error, not_supported}.
install(_, _, _) -> {error, not_supported}.
remove(_, _) -> {error, not_supported}.
remove(_, _, _) -> {error, not_supported}.

send_system_msg(Name, Request) -> send_system_msg(Name, Request, 5000).

send_system_msg(Name, Request, Timeout) ->
    try gen:call(Name, system, Request, Timeout) of
        {ok, Res} -> Res
    catch exit:Reason ->
            exit({Reason, mfa(Name, Request, Timeout)})
    end.

mfa(Name, {debug, {Func, Arg2}}, Timeout) -> {?MODULE, Func, [Name, Arg2, Timeout]};
mfa(Name, {change_code, Mod, Vsn, Extra}, Timeout) ->
    {?MODULE, change_code, [Name, Mod, Vsn, Extra, Timeout]};
mfa(Name, {terminate, Reason}, Timeout) -> {?MODULE, terminate, [Name, Reason, Timeout]};
mfa(Name, {replace_state, F}, Timeout) -> {?MODULE, replace_state, [Name, F, Timeout]};
mfa(Name, Atom, Timeout) -> {?MODULE, Atom, [Name, Timeout]}.

%% ---------------------------------------------------------------- process side

handle_system_msg(Msg, From, Parent, Module, Debug, Misc) ->
    handle_system_msg(running, Msg, From, Parent, Module, Debug, Misc, false).

handle_system_msg(Msg, From, Parent, Module, Debug, Misc, Hib) ->
    handle_system_msg(running, Msg, From, Parent, Module, Debug, Misc, Hib).

handle_system_msg(SysState, Msg, From, Parent, Mod, Debug, Misc, Hib) ->
    case do_cmd(SysState, Msg, Parent, Mod, Debug, Misc) of
        {suspended, Reply, NDebug, NMisc} ->
            gen:reply(From, Reply),
            suspend_loop(suspended, Parent, Mod, NDebug, NMisc, Hib);
        {running, Reply, NDebug, NMisc} ->
            gen:reply(From, Reply),
            Mod:system_continue(Parent, NDebug, NMisc);
        {{terminating, Reason}, Reply, NDebug, NMisc} ->
            gen:reply(From, Reply),
            Mod:system_terminate(Reason, Parent, NDebug, NMisc)
    end.

%% While suspended only system messages and the parent's exit are handled; other
%% messages wait in the mailbox.
suspend_loop(SysState, Parent, Mod, Debug, Misc, Hib) ->
    receive
        {system, From, Msg} ->
            handle_system_msg(SysState, Msg, From, Parent, Mod, Debug, Misc, Hib);
        {'EXIT', Parent, Reason} ->
            Mod:system_terminate(Reason, Parent, Debug, Misc)
    end.

do_cmd(_, suspend, _Parent, _Mod, Debug, Misc) -> {suspended, ok, Debug, Misc};
do_cmd(_, resume, _Parent, _Mod, Debug, Misc) -> {running, ok, Debug, Misc};
do_cmd(SysState, get_state, _Parent, Mod, Debug, Misc) ->
    {SysState, do_get_state(Mod, Misc), Debug, Misc};
do_cmd(SysState, {replace_state, F}, _Parent, Mod, Debug, Misc) ->
    {Res, NMisc} = do_replace_state(F, Mod, Misc),
    {SysState, Res, Debug, NMisc};
do_cmd(SysState, get_status, Parent, Mod, Debug, Misc) ->
    Res = get_status(SysState, Parent, Mod, Debug, Misc),
    {SysState, Res, Debug, Misc};
do_cmd(SysState, {debug, What}, _Parent, _Mod, Debug, Misc) ->
    {Res, NDebug} = debug_cmd(What, Debug),
    {SysState, Res, NDebug, Misc};
do_cmd(_, {terminate, Reason}, _Parent, _Mod, Debug, Misc) ->
    {{terminating, Reason}, ok, Debug, Misc};
do_cmd(suspended, {change_code, Module, Vsn, Extra}, _Parent, Mod, Debug, Misc) ->
    {Res, NMisc} = do_change_code(Mod, Module, Vsn, Extra, Misc),
    {suspended, Res, Debug, NMisc};
do_cmd(SysState, Other, _Parent, _Mod, Debug, Misc) ->
    {SysState, {error, {unknown_system_msg, Other}}, Debug, Misc}.

do_get_state(Mod, Misc) ->
    case erlang:function_exported(Mod, system_get_state, 1) of
        true ->
            try Mod:system_get_state(Misc) of
                {ok, _} = Res -> Res
            catch Cl:Exc -> {error, {callback_failed, {Mod, system_get_state}, {Cl, Exc}}}
            end;
        false -> {ok, Misc}
    end.

do_replace_state(F, Mod, Misc) ->
    case erlang:function_exported(Mod, system_replace_state, 2) of
        true ->
            try Mod:system_replace_state(F, Misc) of
                {ok, State, NMisc} -> {{ok, State}, NMisc}
            catch Cl:Exc ->
                    {{error, {callback_failed, {Mod, system_replace_state}, {Cl, Exc}}}, Misc}
            end;
        false ->
            try F(Misc) of
                NMisc -> {{ok, NMisc}, NMisc}
            catch Cl:Exc -> {{error, {callback_failed, F, {Cl, Exc}}}, Misc}
            end
    end.

get_status(SysState, Parent, Mod, Debug, Misc) ->
    PDict = get(),
    Status = case erlang:function_exported(Mod, format_status, 2) of
                 true -> Mod:format_status(normal, [PDict, SysState, Parent, Debug, Misc]);
                 false -> Misc
             end,
    {status, self(), {module, Mod}, [PDict, SysState, Parent, Debug, Status]}.

do_change_code(Mod, Module, Vsn, Extra, Misc) ->
    case catch Mod:system_code_change(Misc, Module, Vsn, Extra) of
        {ok, NMisc} -> {ok, NMisc};
        Else -> {{error, Else}, Misc}
    end.

%% ---------------------------------------------------------------- debug

debug_options(Options) when is_list(Options) ->
    lists:foldl(fun(trace, D) -> [trace | D];
                   (log, D) -> [{log, []} | D];
                   ({log, _}, D) -> [{log, []} | D];
                   (statistics, D) -> D;
                   (_, D) -> D
                end, [], Options).

get_debug(Item, Debug, Default) ->
    case lists:keyfind(Item, 1, Debug) of
        {Item, V} -> V;
        false -> Default
    end.

debug_cmd({trace, true}, Debug) -> {ok, [trace | lists:delete(trace, Debug)]};
debug_cmd({trace, false}, Debug) -> {ok, lists:delete(trace, Debug)};
debug_cmd({log, true}, Debug) -> {ok, [{log, []} | lists:keydelete(log, 1, Debug)]};
debug_cmd({log, false}, Debug) -> {ok, lists:keydelete(log, 1, Debug)};
debug_cmd({log, get}, Debug) -> {{ok, get_debug(log, Debug, [])}, Debug};
debug_cmd({log, print}, Debug) -> {ok, Debug};
debug_cmd({statistics, _}, Debug) -> {{ok, []}, Debug};
debug_cmd(no_debug, _) -> {ok, []};
debug_cmd(_, Debug) -> {unknown_debug, Debug}.

handle_debug(Debug, _FormFunc, _Extra, _Event) -> Debug.

format_debug_events(_Debug) -> [].

print_log(_Debug) -> ok.
