-module(unused_fun).
-export([a/0]).
a() -> ok.
b() -> ok.
