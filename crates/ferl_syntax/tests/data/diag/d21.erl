-module(d21).
-define(F, ?G).
-define(G, ?F).
f() -> ?F.
