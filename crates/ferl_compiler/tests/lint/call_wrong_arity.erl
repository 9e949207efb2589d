-module(call_wrong_arity).
-export([a/0]).
a() -> a(1).
