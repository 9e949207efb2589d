-module(bad_export_arity).
-export([a/1]).
a() -> ok.
