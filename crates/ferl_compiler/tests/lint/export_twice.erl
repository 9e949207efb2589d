-module(export_twice).
-export([a/0]).
-export([a/0]).
a() -> ok.
