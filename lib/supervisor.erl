%% supervisor: the supervisor behaviour (Ferl's own implementation).
%%
%% API: start_link/2,3, start_child/2, restart_child/2, delete_child/2,
%% terminate_child/2, which_children/1, count_children/1, get_childspec/2,
%% check_childspecs/1,2, get_callback_module/1. Strategies one_for_one, one_for_all, rest_for_one and
%% simple_one_for_one; restart intensity and period; permanent/transient/temporary
%% children; shutdown brutal_kill | Timeout | infinity; flags and child specs as maps or
%% the old tuples. Children are kept latest first (which_children's order, as erl's).
%% Reports: =SUPERVISOR REPORT==== for child_terminated, start_error and
%% reached_max_restart_intensity, in erl's text. Specs are validated as erl does
%% (duplicate ids, significant with a permanent child or auto_shutdown never). Not
%% covered: the effect of significant children and auto_shutdown (the supervisor does
%% not shut itself down; significant is reported false), hot upgrade of child specs.
-module(supervisor).
-behaviour(gen_server).

-export([start_link/2, start_link/3, start_child/2, restart_child/2, delete_child/2,
         terminate_child/2, which_children/1, count_children/1, get_childspec/2,
         check_childspecs/1, check_childspecs/2, get_callback_module/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2,
         code_change/3, format_report/1]).

-callback init(Args :: term()) -> term().

-record(child, {pid = undefined, id, mfargs, restart = permanent, shutdown = 5000,
                type = worker, modules = []}).
-record(state, {name, strategy = one_for_one, intensity = 1, period = 5,
                restarts = [], children = [], module, args, dynamic = #{}}).

%% ---------------------------------------------------------------- API

start_link(Mod, Args) -> gen_server:start_link(?MODULE, {self, Mod, Args}, []).
start_link(Name, Mod, Args) -> gen_server:start_link(Name, ?MODULE, {Name, Mod, Args}, []).

start_child(Sup, ChildSpecOrArgs) -> call(Sup, {start_child, ChildSpecOrArgs}).
restart_child(Sup, Id) -> call(Sup, {restart_child, Id}).
delete_child(Sup, Id) -> call(Sup, {delete_child, Id}).
terminate_child(Sup, IdOrPid) -> call(Sup, {terminate_child, IdOrPid}).
which_children(Sup) -> call(Sup, which_children).
count_children(Sup) -> call(Sup, count_children).
get_childspec(Sup, Id) -> call(Sup, {get_childspec, Id}).

call(Sup, Req) -> gen_server:call(Sup, Req, infinity).

check_childspecs(Specs) -> check_childspecs(Specs, undefined).

check_childspecs(Specs, AutoShutdown) when is_list(Specs) ->
    try check_specs(Specs, AutoShutdown) of
        _ -> ok
    catch throw:{invalid, What} -> {error, What}
    end;
check_childspecs(X, _) -> {error, {badarg, X}}.

%% The children of a list of specifications (or throw {invalid, What}).
check_specs(Specs, AutoShutdown) ->
    Children = [check_spec(S, AutoShutdown) || S <- Specs],
    dup_ids([C#child.id || C <- Children]),
    Children.

dup_ids([Id | Ids]) ->
    case lists:member(Id, Ids) of
        true -> throw({invalid, {duplicate_child_name, Id}});
        false -> dup_ids(Ids)
    end;
dup_ids([]) -> ok.

check_spec(Spec, AutoShutdown) ->
    C = check_spec(Spec),
    Significant = case Spec of
                      #{significant := Sig} -> Sig;
                      _ -> false
                  end,
    is_boolean(Significant) orelse throw({invalid, {invalid_significant, Significant}}),
    case Significant of
        true when AutoShutdown =:= never ->
            throw({invalid, {bad_combination, [{auto_shutdown, never}, {significant, true}]}});
        true when C#child.restart =:= permanent ->
            throw({invalid, {bad_combination, [{restart, permanent}, {significant, true}]}});
        _ -> C
    end.

%% ---------------------------------------------------------------- init

init({Name0, Mod, Args}) ->
    process_flag(trap_exit, true),
    Name = case Name0 of
               self -> {self(), Mod};
               _ -> Name0
           end,
    case Mod:init(Args) of
        {ok, {Flags, Specs}} ->
            case catch flags(Flags) of
                {Strategy, Intensity, Period} ->
                    S0 = #state{name = Name, strategy = Strategy, intensity = Intensity,
                                period = Period, module = Mod, args = Args},
                    case catch check_specs(Specs, maps:get(auto_shutdown, map_flags(Flags), never)) of
                        Children when is_list(Children), Strategy =:= simple_one_for_one ->
                            case Children of
                                [C] -> {ok, S0#state{children = [C]}};
                                _ -> {stop, {bad_start_spec, Specs}}
                            end;
                        Children when is_list(Children) ->
                            case start_children(Children, S0#state.name) of
                                {ok, Started} -> {ok, S0#state{children = Started}};
                                {error, Reason} -> {stop, {shutdown, Reason}}
                            end;
                        {invalid, What} -> {stop, {start_spec, What}};
                        {'EXIT', _} -> {stop, {start_spec, Specs}}
                    end;
                {invalid, What} -> {stop, {supervisor_data, What}};
                _ -> {stop, {supervisor_data, Flags}}
            end;
        ignore -> ignore;
        Error -> {stop, {bad_return, {Mod, init, Error}}}
    end.

map_flags(M) when is_map(M) -> M;
map_flags(_) -> #{}.

flags(M) when is_map(M) ->
    S = maps:get(strategy, M, one_for_one),
    I = maps:get(intensity, M, 1),
    P = maps:get(period, M, 5),
    check_flags(S, I, P);
flags({S, I, P}) -> check_flags(S, I, P);
flags(X) -> throw({invalid, X}).

check_flags(S, I, P) ->
    lists:member(S, [one_for_one, one_for_all, rest_for_one, simple_one_for_one])
        orelse throw({invalid, {invalid_strategy, S}}),
    (is_integer(I) andalso I >= 0) orelse throw({invalid, {invalid_intensity, I}}),
    (is_integer(P) andalso P > 0) orelse throw({invalid, {invalid_period, P}}),
    {S, I, P}.

check_spec(M) when is_map(M) ->
    Id = case M of
             #{id := I} -> I;
             _ -> throw({invalid, missing_id})
         end,
    Start = case M of
                #{start := St} -> St;
                _ -> throw({invalid, missing_start})
            end,
    Type = maps:get(type, M, worker),
    Shutdown = maps:get(shutdown, M, case Type of worker -> 5000; _ -> infinity end),
    mk_child(Id, Start, maps:get(restart, M, permanent), Shutdown, Type,
             maps:get(modules, M, default));
check_spec({Id, Start, Restart, Shutdown, Type, Mods}) ->
    mk_child(Id, Start, Restart, Shutdown, Type, Mods);
check_spec(X) -> throw({invalid, {invalid_child_spec, X}}).

mk_child(Id, {M, F, A} = Start, Restart, Shutdown, Type, Mods)
  when is_atom(M), is_atom(F), is_list(A) ->
    lists:member(Restart, [permanent, transient, temporary])
        orelse throw({invalid, {invalid_restart_type, Restart}}),
    (Shutdown =:= brutal_kill orelse Shutdown =:= infinity orelse
     (is_integer(Shutdown) andalso Shutdown >= 0))
        orelse throw({invalid, {invalid_shutdown, Shutdown}}),
    lists:member(Type, [worker, supervisor]) orelse throw({invalid, {invalid_child_type, Type}}),
    Modules = case Mods of
                  default -> [M];
                  dynamic -> dynamic;
                  L when is_list(L) -> L;
                  _ -> throw({invalid, {invalid_modules, Mods}})
              end,
    #child{id = Id, mfargs = Start, restart = Restart, shutdown = Shutdown, type = Type,
           modules = Modules};
mk_child(_, Start, _, _, _, _) -> throw({invalid, {invalid_mfa, Start}}).

%% Start in order; the list kept is latest first.
start_children(Children, Name) -> start_children(Children, [], Name).
start_children([C | Cs], Started, Name) ->
    case do_start_child(C) of
        {ok, Pid} -> start_children(Cs, [C#child{pid = Pid} | Started], Name);
        {ok, Pid, _} -> start_children(Cs, [C#child{pid = Pid} | Started], Name);
        ignore -> start_children(Cs, [C#child{pid = undefined} | Started], Name);
        {error, Reason} ->
            report(Name, start_error, Reason, C),
            terminate_children(Started, Name),
            {error, {failed_to_start_child, C#child.id, Reason}}
    end;
start_children([], Started, _) -> {ok, Started}.

do_start_child(#child{mfargs = {M, F, A}}) -> do_start(M, F, A).

do_start(M, F, A) ->
    try erlang:apply(M, F, A) of
        {ok, Pid} when is_pid(Pid) -> {ok, Pid};
        {ok, Pid, Extra} when is_pid(Pid) -> {ok, Pid, Extra};
        ignore -> ignore;
        {error, _} = E -> E;
        What -> {error, What}
    catch
        exit:R -> {error, R};
        error:R:St -> {error, {'EXIT', {R, St}}};
        throw:T -> {error, {nocatch, T}}
    end.

%% ---------------------------------------------------------------- calls

handle_call({start_child, Args}, _From, #state{strategy = simple_one_for_one} = S) ->
    [#child{mfargs = {M, F, A}} = C] = S#state.children,
    case do_start(M, F, A ++ Args) of
        {ok, Pid} -> {reply, {ok, Pid}, add_dynamic(Pid, Args, S)};
        {ok, Pid, Extra} -> {reply, {ok, Pid, Extra}, add_dynamic(Pid, Args, S)};
        ignore -> {reply, {ok, undefined}, S};
        {error, _} = E ->
            _ = C,
            {reply, E, S}
    end;
handle_call({start_child, Spec}, _From, S) ->
    case catch check_spec(Spec) of
        #child{id = Id} = C ->
            case lists:keyfind(Id, #child.id, S#state.children) of
                #child{pid = Pid} when is_pid(Pid) ->
                    {reply, {error, {already_started, Pid}}, S};
                #child{} -> {reply, {error, already_present}, S};
                false ->
                    case do_start_child(C) of
                        {ok, Pid} ->
                            {reply, {ok, Pid}, S#state{children = [C#child{pid = Pid} | S#state.children]}};
                        {ok, Pid, Extra} ->
                            {reply, {ok, Pid, Extra},
                             S#state{children = [C#child{pid = Pid} | S#state.children]}};
                        ignore ->
                            {reply, {ok, undefined},
                             S#state{children = [C | S#state.children]}};
                        {error, _} = E -> {reply, E, S}
                    end
            end;
        {invalid, What} -> {reply, {error, What}, S}
    end;
handle_call({terminate_child, Pid}, _From, #state{strategy = simple_one_for_one} = S)
  when is_pid(Pid) ->
    case S#state.dynamic of
        #{Pid := _} ->
            [C] = S#state.children,
            shutdown(C#child{pid = Pid}),
            {reply, ok, S#state{dynamic = maps:remove(Pid, S#state.dynamic)}};
        _ -> {reply, {error, not_found}, S}
    end;
handle_call({terminate_child, _}, _From, #state{strategy = simple_one_for_one} = S) ->
    {reply, {error, simple_one_for_one}, S};
handle_call({terminate_child, IdOrPid}, _From, S) ->
    case find(IdOrPid, S) of
        #child{restart = temporary} = C ->
            shutdown(C),
            {reply, ok, S#state{children = lists:keydelete(C#child.id, #child.id, S#state.children)}};
        #child{} = C ->
            shutdown(C),
            {reply, ok, replace(C#child{pid = undefined}, S)};
        false -> {reply, {error, not_found}, S}
    end;
handle_call({restart_child, _}, _From, #state{strategy = simple_one_for_one} = S) ->
    {reply, {error, simple_one_for_one}, S};
handle_call({restart_child, Id}, _From, S) ->
    case lists:keyfind(Id, #child.id, S#state.children) of
        #child{pid = undefined} = C ->
            case do_start_child(C) of
                {ok, Pid} -> {reply, {ok, Pid}, replace(C#child{pid = Pid}, S)};
                {ok, Pid, Extra} -> {reply, {ok, Pid, Extra}, replace(C#child{pid = Pid}, S)};
                ignore -> {reply, {ok, undefined}, S};
                {error, _} = E -> {reply, E, S}
            end;
        #child{pid = restarting} -> {reply, {error, restarting}, S};
        #child{} -> {reply, {error, running}, S};
        false -> {reply, {error, not_found}, S}
    end;
handle_call({delete_child, _}, _From, #state{strategy = simple_one_for_one} = S) ->
    {reply, {error, simple_one_for_one}, S};
handle_call({delete_child, Id}, _From, S) ->
    case lists:keyfind(Id, #child.id, S#state.children) of
        #child{pid = undefined} ->
            {reply, ok, S#state{children = lists:keydelete(Id, #child.id, S#state.children)}};
        #child{pid = restarting} -> {reply, {error, restarting}, S};
        #child{} -> {reply, {error, running}, S};
        false -> {reply, {error, not_found}, S}
    end;
handle_call(which_children, _From, #state{strategy = simple_one_for_one} = S) ->
    [#child{type = T, modules = Ms}] = S#state.children,
    {reply, [{undefined, P, T, Ms} || P <- dynamic_pids(S)], S};
handle_call(which_children, _From, S) ->
    {reply, [{Id, P, T, Ms} || #child{id = Id, pid = P, type = T, modules = Ms}
                                   <- S#state.children], S};
handle_call(count_children, _From, #state{strategy = simple_one_for_one} = S) ->
    [#child{type = T}] = S#state.children,
    N = length(dynamic_pids(S)),
    Active = length([P || P <- dynamic_pids(S), is_process_alive(P)]),
    {Sups, Workers} = case T of
                          supervisor -> {N, 0};
                          worker -> {0, N}
                      end,
    {reply, [{specs, 1}, {active, Active}, {supervisors, Sups}, {workers, Workers}], S};
handle_call(count_children, _From, S) ->
    Cs = S#state.children,
    Active = length([1 || #child{pid = P} <- Cs, is_pid(P), is_process_alive(P)]),
    Sups = length([1 || #child{type = supervisor} <- Cs]),
    {reply, [{specs, length(Cs)}, {active, Active}, {supervisors, Sups},
             {workers, length(Cs) - Sups}], S};
handle_call({get_childspec, Key}, _From, S) ->
    C = case S#state.strategy of
            simple_one_for_one ->
                [C0] = S#state.children,
                case is_pid(Key) andalso maps:is_key(Key, S#state.dynamic) of
                    true -> C0;
                    false -> false
                end;
            _ -> find(Key, S)
        end,
    case C of
        #child{} -> {reply, {ok, spec_map(C)}, S};
        false -> {reply, {error, not_found}, S}
    end.

handle_cast(_, S) -> {noreply, S}.

handle_info({'EXIT', Pid, Reason}, S) ->
    case restart_child_exit(Pid, Reason, S) of
        {ok, S1} -> {noreply, S1};
        {shutdown, S1} -> {stop, shutdown, S1}
    end;
handle_info(_, S) -> {noreply, S}.

terminate(_Reason, #state{strategy = simple_one_for_one} = S) ->
    [C] = S#state.children,
    [shutdown(C#child{pid = P}) || P <- dynamic_pids(S)],
    ok;
terminate(_Reason, S) ->
    terminate_children(S#state.children, S#state.name),
    ok.

code_change(_, S, _) -> {ok, S}.

%% ---------------------------------------------------------------- restarts

add_dynamic(Pid, Args, S) -> S#state{dynamic = (S#state.dynamic)#{Pid => Args}}.

dynamic_pids(S) -> lists:reverse(maps:keys(S#state.dynamic)).

find(Pid, S) when is_pid(Pid) -> lists:keyfind(Pid, #child.pid, S#state.children);
find(Id, S) -> lists:keyfind(Id, #child.id, S#state.children).

replace(C, S) ->
    S#state{children = lists:keyreplace(C#child.id, #child.id, S#state.children, C)}.

spec_map(#child{id = Id, mfargs = MFA, restart = R, shutdown = Sh, type = T, modules = M}) ->
    #{id => Id, start => MFA, restart => R, shutdown => Sh, type => T, modules => M,
      significant => false}.

restart_child_exit(Pid, Reason, #state{strategy = simple_one_for_one} = S) ->
    case S#state.dynamic of
        #{Pid := Args} ->
            [#child{mfargs = {M, F, A}} = C] = S#state.children,
            S1 = S#state{dynamic = maps:remove(Pid, S#state.dynamic)},
            C1 = C#child{pid = Pid, mfargs = {M, F, A ++ Args}},
            case needs_restart(C, Reason) of
                false ->
                    maybe_report(S#state.name, C1, Reason),
                    {ok, S1};
                true ->
                    report(S#state.name, child_terminated, Reason, C1),
                    case add_restart(S1) of
                        {ok, S2} ->
                            case do_start(M, F, A ++ Args) of
                                {ok, NP} -> {ok, add_dynamic(NP, Args, S2)};
                                {ok, NP, _} -> {ok, add_dynamic(NP, Args, S2)};
                                _ -> {ok, S2}
                            end;
                        {shutdown, S2} ->
                            report(S#state.name, shutdown, reached_max_restart_intensity, C1),
                            {shutdown, S2}
                    end
            end;
        _ -> {ok, S}
    end;
restart_child_exit(Pid, Reason, S) ->
    case lists:keyfind(Pid, #child.pid, S#state.children) of
        false -> {ok, S};
        #child{} = C ->
            case needs_restart(C, Reason) of
                false ->
                    maybe_report(S#state.name, C, Reason),
                    S1 = case C#child.restart of
                             temporary ->
                                 S#state{children = lists:keydelete(C#child.id, #child.id,
                                                                    S#state.children)};
                             _ -> replace(C#child{pid = undefined}, S)
                         end,
                    {ok, S1};
                true ->
                    report(S#state.name, child_terminated, Reason, C),
                    case add_restart(S) of
                        {ok, S1} -> {ok, restart(C, S1)};
                        {shutdown, S1} ->
                            report(S#state.name, shutdown, reached_max_restart_intensity, C),
                            {shutdown, replace(C#child{pid = undefined}, S1)}
                    end
            end
    end.

needs_restart(#child{restart = permanent}, _) -> true;
needs_restart(#child{restart = temporary}, _) -> false;
needs_restart(#child{restart = transient}, R) -> not normal_exit(R).

normal_exit(normal) -> true;
normal_exit(shutdown) -> true;
normal_exit({shutdown, _}) -> true;
normal_exit(_) -> false.

maybe_report(Name, C, Reason) ->
    case normal_exit(Reason) of
        true -> ok;
        false -> report(Name, child_terminated, Reason, C)
    end.

add_restart(#state{intensity = I, period = P, restarts = Rs} = S) ->
    Now = erlang:monotonic_time(second),
    Recent = [T || T <- [Now | Rs], Now - T < P],
    S1 = S#state{restarts = Recent},
    case length(Recent) > I of
        true -> {shutdown, S1};
        false -> {ok, S1}
    end.

restart(C, #state{strategy = one_for_one} = S) ->
    start_or_undefined(C, S);
restart(C, #state{strategy = one_for_all} = S) ->
    Others = [X || X <- S#state.children, X#child.id =/= C#child.id],
    terminate_children(Others, S#state.name),
    All = [X#child{pid = undefined} || X <- lists:reverse(S#state.children)],
    restart_in_order(All, S#state{children = [X#child{pid = undefined} || X <- S#state.children]});
restart(C, #state{strategy = rest_for_one} = S) ->
    {After, [_ | Before]} = lists:splitwith(fun(X) -> X#child.id =/= C#child.id end,
                                            S#state.children),
    terminate_children(After, S#state.name),
    Stopped = [X#child{pid = undefined} || X <- After],
    S1 = S#state{children = Stopped ++ [C#child{pid = undefined} | Before]},
    restart_in_order([C | lists:reverse(Stopped)], S1).

start_or_undefined(C, S) ->
    case do_start_child(C) of
        {ok, Pid} -> replace(C#child{pid = Pid}, S);
        {ok, Pid, _} -> replace(C#child{pid = Pid}, S);
        _ -> replace(C#child{pid = undefined}, S)
    end.

restart_in_order(Cs, S) ->
    lists:foldl(fun(#child{restart = temporary} = C, Acc) ->
                        Acc#state{children = lists:keydelete(C#child.id, #child.id,
                                                             Acc#state.children)};
                   (C, Acc) -> start_or_undefined(C, Acc)
                end, S, Cs).

%% ---------------------------------------------------------------- shutdown

%% Children are kept latest first, so this stops them in reverse start order.
terminate_children(Children, _Name) ->
    [shutdown(C) || C <- Children, is_pid(C#child.pid)],
    ok.

shutdown(#child{pid = Pid, shutdown = brutal_kill}) when is_pid(Pid) ->
    Mref = monitor(process, Pid),
    exit(Pid, kill),
    wait_down(Pid, Mref, infinity);
shutdown(#child{pid = Pid, shutdown = Time}) when is_pid(Pid) ->
    Mref = monitor(process, Pid),
    exit(Pid, shutdown),
    case wait_down(Pid, Mref, Time) of
        timeout ->
            exit(Pid, kill),
            wait_down(Pid, Mref, infinity);
        R -> R
    end;
shutdown(_) -> ok.

wait_down(Pid, Mref, Time) ->
    receive
        {'DOWN', Mref, process, Pid, R} ->
            receive
                {'EXIT', Pid, _} -> ok
            after 0 -> ok
            end,
            R
    after Time -> timeout
    end.

%% ---------------------------------------------------------------- reports

report(Name, Context, Reason, C) ->
    Offender = [{pid, C#child.pid}, {id, C#child.id}, {mfargs, C#child.mfargs},
                {restart_type, C#child.restart}, {significant, false},
                {shutdown, C#child.shutdown}, {child_type, C#child.type}],
    Report = [{supervisor, Name}, {errorContext, Context}, {reason, Reason},
              {offender, Offender}],
    logger:log(error, #{label => {supervisor, Context}, report => Report},
               #{domain => [otp, sasl], report_cb => fun ?MODULE:format_report/1,
                 error_logger => #{tag => error_report, type => supervisor_report}}).

format_report(#{report := Report}) ->
    [begin
         Prefix = "    " ++ atom_to_list(K) ++ ": ",
         [Prefix, io_lib_pretty:print(V, length(Prefix) + 1, 80, -1), $\n]
     end || {K, V} <- Report].

get_callback_module(Pid) ->
    S = sys:get_state(Pid),
    S#state.module.
