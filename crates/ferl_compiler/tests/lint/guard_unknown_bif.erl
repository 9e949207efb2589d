-module(guard_unknown_bif).
-export([a/1]).
a(X) when is_foo(X) -> ok.
