-module(bin_unbound_size).
-export([a/1]).
a(<<X:S>>) -> X.
