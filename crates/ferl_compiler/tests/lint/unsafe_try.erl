-module(unsafe_try).
-export([a/0]).
a() -> try W = 1, W of _ -> ok catch _:_ -> ok end, W.
