-module(unbound_in_record).
-export([a/0]).
-record(r, {x}).
a() -> #r{x = U}.
