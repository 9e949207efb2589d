-module(unsafe_catch).
-export([a/0]).
a() -> catch (Q = 1), Q.
