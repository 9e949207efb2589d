-module(bif_clash_call).
-export([a/1]).
a(X) -> length(X).
length(_) -> 0.
