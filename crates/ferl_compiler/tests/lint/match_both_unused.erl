-module(match_both_unused).
-export([a/1]).
a(X) -> {A, B} = X, ok.
