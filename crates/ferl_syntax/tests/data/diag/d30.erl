-module(d30).
f(X) -> fun(g()) -> ok end.
