-module(unbound_in_guard).
-export([a/1]).
a(X) when X > Y -> ok.
