-module(d34).
f(X) -> f(1)(2).
