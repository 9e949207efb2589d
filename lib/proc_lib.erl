%% proc_lib: processes that follow the OTP design principles (Ferl's own implementation).
%%
%% API: spawn/1,2,3,4, spawn_link/1,2,3,4, spawn_opt/2,3,4,5, start/3,4,5,
%% start_link/3,4,5, start_monitor/3,4,5, init_ack/1,2, initial_call/1,
%% translate_initial_call/1, hibernate/3, stop/1,3, format/1,2,3.
%% A process started here records '$ancestors' and '$initial_call' in its dictionary, and
%% when it ends with a reason other than normal, shutdown or {shutdown, _} it emits a
%% crash report (=CRASH REPORT==== in erl's text) through logger before exiting with the
%% same class and reason.
-module(proc_lib).

-compile({no_auto_import, [spawn/1, spawn/2, spawn/3, spawn/4, spawn_link/1, spawn_link/2,
                            spawn_link/3, spawn_link/4, spawn_opt/2, spawn_opt/3,
                            spawn_opt/4, spawn_opt/5]}).
-export([spawn/1, spawn/2, spawn/3, spawn/4, spawn_link/1, spawn_link/2, spawn_link/3,
         spawn_link/4, spawn_opt/2, spawn_opt/3, spawn_opt/4, spawn_opt/5, start/3,
         start/4, start/5, start_link/3, start_link/4, start_link/5, start_monitor/3,
         start_monitor/4, start_monitor/5, init_ack/1, init_ack/2, initial_call/1,
         translate_initial_call/1, hibernate/3, stop/1, stop/3, format/1, format/2,
         format/3, init_p/3, init_p/5, wake_up/3, crash_report/4]).

%% ---------------------------------------------------------------- spawning

spawn(F) when is_function(F) -> erlang:spawn(?MODULE, init_p, [self(), ancestors(), F]).
spawn(Node, F) when is_function(F) ->
    erlang:spawn(Node, ?MODULE, init_p, [self(), ancestors(), F]).
spawn(M, F, A) ->
    erlang:spawn(?MODULE, init_p, [self(), ancestors(), M, F, A]).
spawn(Node, M, F, A) ->
    erlang:spawn(Node, ?MODULE, init_p, [self(), ancestors(), M, F, A]).

spawn_link(F) when is_function(F) ->
    erlang:spawn_link(?MODULE, init_p, [self(), ancestors(), F]).
spawn_link(Node, F) when is_function(F) ->
    erlang:spawn_link(Node, ?MODULE, init_p, [self(), ancestors(), F]).
spawn_link(M, F, A) ->
    erlang:spawn_link(?MODULE, init_p, [self(), ancestors(), M, F, A]).
spawn_link(Node, M, F, A) ->
    erlang:spawn_link(Node, ?MODULE, init_p, [self(), ancestors(), M, F, A]).

spawn_opt(F, Opts) when is_function(F) ->
    erlang:spawn_opt(?MODULE, init_p, [self(), ancestors(), F], Opts).
spawn_opt(Node, F, Opts) when is_function(F) ->
    erlang:spawn_opt(Node, ?MODULE, init_p, [self(), ancestors(), F], Opts).
spawn_opt(M, F, A, Opts) ->
    erlang:spawn_opt(?MODULE, init_p, [self(), ancestors(), M, F, A], Opts).
spawn_opt(Node, M, F, A, Opts) ->
    erlang:spawn_opt(Node, ?MODULE, init_p, [self(), ancestors(), M, F, A], Opts).

ancestors() ->
    case get('$ancestors') of
        As when is_list(As) -> [self() | As];
        _ -> [self()]
    end.

init_p(Parent, Ancestors, F) when is_function(F) ->
    put('$ancestors', [Parent | tl_or_empty(Ancestors)]),
    put('$initial_call', trans_init(F)),
    run(F, []).

init_p(Parent, Ancestors, M, F, A) ->
    put('$ancestors', [Parent | tl_or_empty(Ancestors)]),
    put('$initial_call', {M, F, length(A)}),
    run({M, F}, A).

tl_or_empty([_ | T]) -> T;
tl_or_empty(_) -> [].

run(What, Args) ->
    try
        case What of
            {M, F} -> erlang:apply(M, F, Args);
            Fun -> Fun()
        end
    catch Class:Reason:Stack ->
            exit_p(Class, Reason, Stack)
    end.

trans_init(F) ->
    case erlang:fun_info(F, module) of
        {module, M} ->
            {name, N} = erlang:fun_info(F, name),
            {arity, A} = erlang:fun_info(F, arity),
            {M, N, A}
    end.

exit_p(Class, Reason, Stack) ->
    case Reason of
        normal when Class =:= exit -> ok;
        shutdown when Class =:= exit -> ok;
        {shutdown, _} when Class =:= exit -> ok;
        _ -> crash_report(Class, Reason, get('$ancestors'), Stack)
    end,
    erlang:raise(Class, Reason, Stack).

%% ---------------------------------------------------------------- starting

start(M, F, A) -> start(M, F, A, infinity).
start(M, F, A, Timeout) -> start(M, F, A, Timeout, []).
start(M, F, A, Timeout, SpawnOpts) ->
    Pid = spawn_opt(M, F, A, SpawnOpts),
    sync_start(Pid, Timeout, nolink).

start_link(M, F, A) -> start_link(M, F, A, infinity).
start_link(M, F, A, Timeout) -> start_link(M, F, A, Timeout, []).
start_link(M, F, A, Timeout, SpawnOpts) ->
    Pid = spawn_opt(M, F, A, [link | SpawnOpts]),
    sync_start(Pid, Timeout, link).

start_monitor(M, F, A) -> start_monitor(M, F, A, infinity).
start_monitor(M, F, A, Timeout) -> start_monitor(M, F, A, Timeout, []).
start_monitor(M, F, A, Timeout, SpawnOpts) ->
    {Pid, Ref} = spawn_opt(M, F, A, [monitor | SpawnOpts]),
    case sync_start(Pid, Timeout, {monitor, Ref}) of
        {error, _} = E -> {E, Ref};
        Other -> {Other, Ref}
    end.

sync_start(Pid, Timeout, How) ->
    Mref = case How of
               {monitor, R} -> R;
               _ -> erlang:monitor(process, Pid)
           end,
    receive
        {ack, Pid, Return} ->
            case How of
                {monitor, _} -> ok;
                _ -> erlang:demonitor(Mref, [flush])
            end,
            Return;
        {'DOWN', Mref, process, Pid, Reason} when How =/= link ->
            {error, Reason};
        {'DOWN', Mref, process, Pid, Reason} ->
            receive
                {'EXIT', Pid, _} -> ok
            after 0 -> ok
            end,
            {error, Reason}
    after Timeout ->
            erlang:demonitor(Mref, [flush]),
            unlink(Pid),
            exit(Pid, kill),
            flush_exit(Pid),
            {error, timeout}
    end.

flush_exit(Pid) ->
    receive
        {'EXIT', Pid, _} -> ok
    after 0 -> ok
    end.

init_ack(Return) ->
    [Parent | _] = get('$ancestors'),
    init_ack(Parent, Return).

init_ack(Parent, Return) ->
    Parent ! {ack, self(), Return},
    ok.

%% ---------------------------------------------------------------- misc

initial_call(Process) ->
    case process_info(Process, dictionary) of
        {dictionary, D} ->
            case lists:keyfind('$initial_call', 1, D) of
                {_, {M, F, A}} -> {M, F, make_dummy_args(A, [])};
                false -> false
            end;
        _ -> false
    end.

make_dummy_args(0, Acc) -> Acc;
make_dummy_args(N, Acc) ->
    make_dummy_args(N - 1, [list_to_atom("Argument__" ++ integer_to_list(N)) | Acc]).

translate_initial_call(Process) ->
    case process_info(Process, dictionary) of
        {dictionary, D} ->
            case lists:keyfind('$initial_call', 1, D) of
                {_, MFA} -> MFA;
                false -> {?MODULE, init_p, 5}
            end;
        _ -> {?MODULE, init_p, 5}
    end.

hibernate(M, F, A) -> erlang:hibernate(?MODULE, wake_up, [M, F, A]).

wake_up(M, F, A) ->
    try erlang:apply(M, F, A)
    catch Class:Reason:Stack -> exit_p(Class, Reason, Stack)
    end.

stop(Process) -> stop(Process, normal, infinity).

stop(Process, Reason, Timeout) ->
    Mref = erlang:monitor(process, Process),
    T0 = erlang:monotonic_time(millisecond),
    RemainingAfter = fun() ->
                             case Timeout of
                                 infinity -> infinity;
                                 _ -> max(0, Timeout - (erlang:monotonic_time(millisecond) - T0))
                             end
                     end,
    case catch sys:terminate(Process, Reason, Timeout) of
        ok ->
            receive
                {'DOWN', Mref, _, _, Reason} -> ok;
                {'DOWN', Mref, _, _, Else} -> exit(Else)
            after RemainingAfter() ->
                    erlang:demonitor(Mref, [flush]),
                    exit(timeout)
            end;
        {'EXIT', {noproc, _}} ->
            erlang:demonitor(Mref, [flush]),
            exit(noproc);
        {'EXIT', {timeout, _}} ->
            erlang:demonitor(Mref, [flush]),
            exit(timeout);
        {'EXIT', {Why, _}} ->
            receive
                {'DOWN', Mref, _, _, Reason} -> ok;
                {'DOWN', Mref, _, _, _} -> exit(Why)
            after 0 ->
                    erlang:demonitor(Mref, [flush]),
                    exit(Why)
            end
    end.

%% ---------------------------------------------------------------- crash reports

crash_report(Class, Reason, Ancestors, Stack) ->
    Report = [my_info(Class, Reason, Ancestors, Stack), linked_info(self())],
    logger:log(error, #{label => {proc_lib, crash}, report => Report},
               #{domain => [otp, sasl], report_cb => fun ?MODULE:format/1,
                 error_logger => #{tag => error_report, type => crash_report}}).

my_info(Class, Reason, Ancestors, Stack) ->
    Self = self(),
    Keys = [messages, links, dictionary, trap_exit, status, heap_size, stack_size,
            reductions],
    Info = case process_info(Self, [registered_name, message_queue_len | Keys]) of
               L when is_list(L) -> L;
               _ -> []
           end,
    Reg = case lists:keyfind(registered_name, 1, Info) of
              {_, N} -> N;
              false -> []
          end,
    [{initial_call, get('$initial_call')},
     {pid, Self},
     {registered_name, Reg},
     {error_info, {Class, Reason, Stack}},
     {ancestors, case Ancestors of undefined -> []; _ -> Ancestors end},
     {message_queue_len, element(2, lists:keyfind(message_queue_len, 1, Info))}
     | [{K, clean_dict(K, V)} || {K, V} <- Info, lists:member(K, Keys)]].

clean_dict(dictionary, D) ->
    [KV || {K, _} = KV <- D, K =/= '$ancestors', K =/= '$initial_call'];
clean_dict(_, V) -> V.

linked_info(Self) ->
    Links = case process_info(Self, links) of
                {links, L} -> L;
                _ -> []
            end,
    Ancestors = case get('$ancestors') of
                    As when is_list(As) -> As;
                    _ -> []
                end,
    [{neighbour, neighbour_info(P)} || P <- Links, is_pid(P), node(P) =:= node(),
                                       not lists:member(P, Ancestors),
                                       is_process_alive(P)].

neighbour_info(P) ->
    Keys = [registered_name, current_function, initial_call, message_queue_len, links,
            trap_exit, status, heap_size, stack_size, reductions, current_stacktrace],
    case process_info(P, Keys) of
        L when is_list(L) -> [{pid, P} | L];
        _ -> [{pid, P}]
    end.

format(#{report := Report}) -> format(Report, latin1);
format(Report) -> format(Report, latin1).
format(Report, Enc) -> format(Report, Enc, unlimited).

%% The text of a crash report, as erl writes it.
format([Own, Neighbours], Enc, _Depth) ->
    P = case Enc of
            unicode -> "~tp";
            _ -> "~p"
        end,
    ["  crasher:\n", [format_item(K, V, P) || {K, V} <- Own],
     "  neighbours:\n",
     [["    neighbour:\n", [format_item(K, V, P, 6) || {K, V} <- N]]
      || {neighbour, N} <- Neighbours]].

format_item(K, V, P) -> format_item(K, V, P, 4).

format_item(initial_call, {M, F, A}, _, I) when is_integer(A) ->
    io_lib:format("~*sinitial call: ~tw:~tw/~w~n", [I, "", M, F, A]);
format_item(error_info, {Class, Reason, Stack}, _, I) ->
    %% The frames of proc_lib and of the interpreter at the bottom are not shown.
    Text = erl_error:format_exception(I + 1, Class, Reason, Stack,
                                      fun(Mod, _, _) -> Mod =:= ?MODULE orelse Mod =:= erl_eval end,
                                      fun(T, Col) -> io_lib_pretty:print(T, Col, 80, -1) end,
                                      latin1),
    [lists:duplicate(I, $\s), Text, $\n];
format_item(K, V, P, I) ->
    Prefix = lists:duplicate(I, $\s) ++ atom_to_list(K) ++ ": ",
    Col = length(Prefix),
    [Prefix, io_lib:format("~." ++ integer_to_list(Col + 1) ++ tl(P), [V]), $\n].
