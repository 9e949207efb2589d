-module(undefined_export).
-export([a/0, b/1]).
a() -> ok.
