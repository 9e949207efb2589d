-module(import_conflict).
-import(lists, [map/2]).
-export([map/2]).
map(F, L) -> [F(X) || X <- L].
