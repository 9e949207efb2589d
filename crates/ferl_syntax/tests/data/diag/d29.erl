-module(d29).
f(g()) -> ok.
