-module(unused_record).
-export([a/0]).
-record(r, {x}).
a() -> ok.
