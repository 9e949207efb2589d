-module(record_field_twice).
-export([a/0]).
-record(r, {x}).
a() -> #r{x = 1, x = 2}.
