-module(t_onload).
-export([main/0]).
-on_load(init/0).
init() -> io:format("loading~n"), persistent_term:put(t_onload, 42), ok.
main() -> io:format("~p~n", [persistent_term:get(t_onload)]).
