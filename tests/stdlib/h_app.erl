-module(h_app).
-export([start/2, stop/1, init/1]).
start(normal, {Sup, Tester}) ->
    Tester ! {app_start, application_env(Sup)},
    Sup:start_link(?MODULE, Tester).
stop(_) -> ok.
init(_Tester) -> {ok, {#{}, []}}.
application_env(ferl_supervisor) -> ferl_application:get_env(key);
application_env(supervisor) -> application:get_env(key).
