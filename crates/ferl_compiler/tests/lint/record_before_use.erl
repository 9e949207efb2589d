-module(record_before_use).
-export([a/0]).
a() -> #r{}.
-record(r, {x}).
