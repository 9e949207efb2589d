-module(behaviour_missing).
-behaviour(gen_server).
-export([init/1]).
init(_) -> {ok, x}.
