-module(d31).
f(X) -> try X catch g() -> ok end.
