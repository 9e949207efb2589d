-module(unused_fun2).
-export([a/0]).
a() -> ok.
b(X) -> X.
c() -> b(1).
