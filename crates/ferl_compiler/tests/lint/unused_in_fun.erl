-module(unused_in_fun).
-export([a/0]).
a() -> fun(Z) -> ok end.
