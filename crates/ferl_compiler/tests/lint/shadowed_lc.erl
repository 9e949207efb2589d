-module(shadowed_lc).
-export([a/1]).
a(X) -> [X || X <- [1,2]].
