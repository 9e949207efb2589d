%% Supervisor callback and child functions for t_supervisor.
-module(h_sup_cb).
-export([init/1, worker/2, failing/1, ignoring/0, sup/2]).

init({Flags, Specs}) -> {ok, {Flags, Specs}};
init(ignore) -> ignore;
init(bad) -> {ok, bad}.

worker(Name, Tester) ->
    Pid = spawn_link(fun() ->
                             catch register(Name, self()),
                             Tester ! {started, Name},
                             loop(Name, Tester)
                     end),
    {ok, Pid}.

loop(Name, Tester) ->
    receive
        {die, R} -> exit(R);
        _ -> loop(Name, Tester)
    end.

failing(R) -> {error, R}.
ignoring() -> ignore.

sup(SupMod, Arg) -> SupMod:start_link(?MODULE, Arg).
