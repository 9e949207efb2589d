-module(unused_var_in_case).
-export([a/1]).
a(X) -> case X of {Y, Z} -> Y end.
