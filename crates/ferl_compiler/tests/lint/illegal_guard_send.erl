-module(illegal_guard_send).
-export([a/1]).
a(X) when X ! 1 -> ok.
