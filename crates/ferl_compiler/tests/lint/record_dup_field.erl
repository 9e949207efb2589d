-module(record_dup_field).
-export([a/0]).
-record(r, {x, x}).
a() -> #r{}.
