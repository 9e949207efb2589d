-module(term_unused).
-export([a/0]).
a() -> {1, 2}, ok.
