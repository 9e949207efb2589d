-module(unused_var_match).
-export([a/0]).
a() -> Y = 1, ok.
