-module(unused_lc_var).
-export([a/1]).
a(L) -> [1 || X <- L].
