-module(unsafe_receive).
-export([a/0]).
a() -> receive {ok, V} -> ok; _ -> ok end, V.
