-module(unused_var).
-export([a/1]).
a(X) -> ok.
