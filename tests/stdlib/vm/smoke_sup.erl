%% The supervisor callback of smoke.erl.
-module(smoke_sup).
-export([init/1, w/0]).
init([]) -> {ok, {#{}, [#{id => w, start => {smoke_sup, w, []}}]}}.
w() -> {ok, spawn_link(fun() -> receive x -> ok end end)}.
