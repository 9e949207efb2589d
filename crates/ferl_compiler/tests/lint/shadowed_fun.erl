-module(shadowed_fun).
-export([a/1]).
a(X) -> F = fun(X) -> X end, F(X).
