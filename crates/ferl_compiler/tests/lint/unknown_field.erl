-module(unknown_field).
-export([a/0]).
-record(r, {x}).
a() -> #r{y = 1}.
