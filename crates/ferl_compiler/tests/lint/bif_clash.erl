-module(bif_clash).
-export([length/1]).
length(X) -> X.
