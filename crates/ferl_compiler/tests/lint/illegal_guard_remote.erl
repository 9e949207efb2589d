-module(illegal_guard_remote).
-export([a/1]).
a(X) when lists:member(X, [1]) -> ok.
