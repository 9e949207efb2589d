-module(parse_transform_opt).
-compile({parse_transform, foo}).
-export([a/0]).
a() -> ok.
