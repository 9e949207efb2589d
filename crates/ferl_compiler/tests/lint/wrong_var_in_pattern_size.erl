-module(wrong_var_in_pattern_size).
-export([a/1]).
a(<<S:8, X:S/binary>>) -> X.
