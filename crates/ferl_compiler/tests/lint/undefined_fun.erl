-module(undefined_fun).
-export([a/0]).
a() -> b(1).
