-module(unknown_behaviour).
-behaviour(nosuch_behaviour).
-export([a/0]).
a() -> ok.
