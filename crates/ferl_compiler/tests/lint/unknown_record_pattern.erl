-module(unknown_record_pattern).
-export([a/1]).
a(#nope{}) -> ok.
