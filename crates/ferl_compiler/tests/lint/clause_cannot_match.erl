-module(clause_cannot_match).
-export([a/1]).
a(X) -> case X of _ -> 1; 1 -> 2 end.
