-module(d32).
f(X) -> a ?= X.
