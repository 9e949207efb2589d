-module(unused_two).
-export([a/2]).
a(X, Y) -> ok.
