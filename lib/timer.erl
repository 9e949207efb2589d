%% timer: timer functions (Ferl's own implementation of OTP 25's timer API).
%%
%% send_after/2,3 use erlang:send_after/3 directly; apply_after/4, exit_after/2,3,
%% kill_after/1,2, send_interval/2,3 and apply_interval/4 run in a small helper process
%% each (no central timer server: start/0 just returns ok). An interval timer stops when
%% the process that created it exits, as in OTP. cancel/1 returns {ok, cancel} or
%% {error, badarg}. Also: sleep/1, tc/1,2,3, now_diff/2, seconds/1, minutes/1, hours/1,
%% hms/3. Timer references are opaque: {send_local, Ref} | {helper, Pid}.
-module(timer).

-export([apply_after/4, apply_interval/4, cancel/1, exit_after/2, exit_after/3, hms/3,
         hours/1, kill_after/1, kill_after/2, minutes/1, now_diff/2, seconds/1,
         send_after/2, send_after/3, send_interval/2, send_interval/3, sleep/1, start/0,
         tc/1, tc/2, tc/3, helper/3]).

start() -> ok.

sleep(T) ->
    receive
    after T -> ok
    end.

tc(F) ->
    T0 = erlang:monotonic_time(),
    V = F(),
    {elapsed(T0), V}.

tc(F, A) ->
    T0 = erlang:monotonic_time(),
    V = apply(F, A),
    {elapsed(T0), V}.

tc(M, F, A) ->
    T0 = erlang:monotonic_time(),
    V = apply(M, F, A),
    {elapsed(T0), V}.

elapsed(T0) ->
    erlang:convert_time_unit(erlang:monotonic_time() - T0, native, microsecond).

now_diff({A2, B2, C2}, {A1, B1, C1}) ->
    ((A2 - A1) * 1000000 + B2 - B1) * 1000000 + C2 - C1.

seconds(S) -> 1000 * S.
minutes(M) -> 1000 * 60 * M.
hours(H) -> 1000 * 60 * 60 * H.
hms(H, M, S) -> hours(H) + minutes(M) + seconds(S).

valid_time(T) -> is_integer(T) andalso T >= 0.

send_after(T, Msg) -> send_after(T, self(), Msg).

send_after(T, Dest, Msg) when is_pid(Dest); is_atom(Dest) ->
    case valid_time(T) of
        true -> {ok, {send_local, erlang:send_after(T, Dest, Msg)}};
        false -> {error, badarg}
    end;
send_after(T, {Name, Node} = Dest, Msg) when is_atom(Name), is_atom(Node) ->
    start_helper(T, {once, fun() -> Dest ! Msg end});
send_after(_, _, _) -> {error, badarg}.

apply_after(T, M, F, A) when is_atom(M), is_atom(F), is_list(A) ->
    start_helper(T, {once, fun() -> spawn(M, F, A) end});
apply_after(_, _, _, _) -> {error, badarg}.

exit_after(T, Reason) -> exit_after(T, self(), Reason).
exit_after(T, Pid, Reason) ->
    start_helper(T, {once, fun() -> exit(Pid, Reason) end}).

kill_after(T) -> exit_after(T, self(), kill).
kill_after(T, Pid) -> exit_after(T, Pid, kill).

send_interval(T, Msg) -> send_interval(T, self(), Msg).
send_interval(T, Dest, Msg) ->
    start_helper(T, {interval, fun() -> Dest ! Msg end}).

apply_interval(T, M, F, A) when is_atom(M), is_atom(F), is_list(A) ->
    start_helper(T, {interval, fun() -> spawn(M, F, A) end});
apply_interval(_, _, _, _) -> {error, badarg}.

cancel({send_local, Ref}) when is_reference(Ref) ->
    erlang:cancel_timer(Ref),
    {ok, cancel};
cancel({helper, Pid}) when is_pid(Pid) ->
    exit(Pid, kill),
    {ok, cancel};
cancel(_) -> {error, badarg}.

start_helper(T, What) ->
    case valid_time(T) of
        true -> {ok, {helper, spawn(?MODULE, helper, [self(), T, What])}};
        false -> {error, badarg}
    end.

%% The helper process: fires once or at every interval; an interval timer dies with its
%% creator.
helper(_Owner, T, {once, F}) ->
    receive
    after T -> F()
    end;
helper(Owner, T, {interval, F}) ->
    Ref = erlang:monitor(process, Owner),
    interval(Ref, T, F).

interval(Ref, T, F) ->
    receive
        {'DOWN', Ref, _, _, _} -> ok
    after T ->
            F(),
            interval(Ref, T, F)
    end.
