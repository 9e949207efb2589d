-module(d37).
f(X) -> begin end.
