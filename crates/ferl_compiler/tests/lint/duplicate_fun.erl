-module(duplicate_fun).
-export([a/0]).
a() -> ok.
a() -> no.
