-module(d33).
f(X) -> a == b == c.
