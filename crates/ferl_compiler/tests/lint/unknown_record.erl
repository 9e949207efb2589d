-module(unknown_record).
-export([a/0]).
a() -> #foo{}.
