-module(d59).
f(X) -> X = case X of g() -> 1 end, ok ) .
