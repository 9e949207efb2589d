-module(unbound_in_call).
-export([a/1]).
a(Y) -> foo:bar(Y, Z).
