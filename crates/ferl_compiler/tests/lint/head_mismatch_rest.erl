-module(head_mismatch_rest).
-export([a/1]).
a(1) -> ok;
b(2) -> ok.
