-module(fun_clause_cannot_match).
-export([a/1]).
a(_) -> 1;
a(1) -> 2.
