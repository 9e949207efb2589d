-module(unbound_var).
-export([a/0]).
a() -> X.
