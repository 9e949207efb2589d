-module(unbound_fun_body).
-export([a/0]).
a() -> F = fun() -> Q end, F.
