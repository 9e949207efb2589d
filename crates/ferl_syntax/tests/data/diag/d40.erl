-module(d40).
f(X#r.a) -> ok.
