-module(illegal_guard_call).
-export([a/1]).
a(X) when foo(X) -> ok.
foo(_) -> true.
