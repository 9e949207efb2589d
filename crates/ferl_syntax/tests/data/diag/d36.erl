-module(d36).
f(X) -> [1 || (<<Y>>) <= X].
