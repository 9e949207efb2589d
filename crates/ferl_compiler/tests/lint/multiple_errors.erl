-module(multiple_errors).
-export([a/0]).
a() -> X + Y.
