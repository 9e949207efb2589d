-module(deep_unbound).
-export([a/0]).
a() -> [begin Q end || _ <- [1]].
