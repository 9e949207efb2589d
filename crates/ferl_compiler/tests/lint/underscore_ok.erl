-module(underscore_ok).
-export([a/1]).
a(_X) -> ok.
