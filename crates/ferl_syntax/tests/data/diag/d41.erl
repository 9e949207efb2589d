-module(d41).
f(fun a/1) -> ok.
