-module(unknown_field_access).
-export([a/1]).
-record(r, {x}).
a(R) -> R#r.z.
