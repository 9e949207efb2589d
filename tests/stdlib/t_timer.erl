%% timer: pure functions against OTP, timers checked by what arrives.
-module(t_timer).
-export([run/0, echo/2]).

c(F, Args) ->
    st:cmp({timer, F, Args}, fun() -> apply(ferl_timer, F, Args) end,
           fun() -> apply(timer, F, Args) end).

echo(Pid, X) -> Pid ! {echo, X}.

run() ->
    [c(F, [N]) || F <- [seconds, minutes, hours], N <- [0, 1, 7]],
    c(hms, [1, 2, 3]), c(now_diff, [{1, 2, 3}, {0, 5, 999999}]), c(sleep, [5]),
    c(cancel, [foo]), c(send_after, [-1, self(), x]), c(start, []),
    {T, V} = ferl_timer:tc(fun() -> timer:sleep(20), 42 end),
    st:check(tc, V =:= 42 andalso T >= 20000 andalso T < 2000000),
    {_, 6} = ferl_timer:tc(lists, sum, [[1, 2, 3]]),
    {_, 3} = ferl_timer:tc(fun erlang:length/1, [[a, b, c]]),
    {ok, _} = ferl_timer:send_after(10, self(), hello),
    st:check(send_after, receive hello -> true after 500 -> false end),
    {ok, R} = ferl_timer:send_after(50, self(), never),
    {ok, cancel} = ferl_timer:cancel(R),
    st:check(cancel, receive never -> false after 100 -> true end),
    {ok, _} = ferl_timer:apply_after(10, ?MODULE, echo, [self(), 1]),
    st:check(apply_after, receive {echo, 1} -> true after 500 -> false end),
    {ok, I} = ferl_timer:send_interval(10, self(), tick),
    st:check(interval, lists:all(fun(_) -> receive tick -> true after 500 -> false end end,
                                 [1, 2, 3])),
    {ok, cancel} = ferl_timer:cancel(I),
    timer:sleep(30),
    flush(),
    st:check(interval_cancelled, receive tick -> false after 60 -> true end),
    Self = self(),
    Owner = spawn(fun() -> {ok, _} = ferl_timer:send_interval(10, Self, owned), receive stop -> ok end end),
    receive owned -> ok after 500 -> ok end,
    Owner ! stop,
    timer:sleep(30), flush_owned(),
    st:check(interval_dies_with_owner, receive owned -> false after 60 -> true end),
    P = spawn(fun() -> receive after infinity -> ok end end),
    M = monitor(process, P),
    {ok, _} = ferl_timer:kill_after(10, P),
    st:check(kill_after, receive {'DOWN', M, _, _, killed} -> true after 500 -> false end),
    ok.

flush() -> receive tick -> flush() after 0 -> ok end.
flush_owned() -> receive owned -> flush_owned() after 0 -> ok end.
