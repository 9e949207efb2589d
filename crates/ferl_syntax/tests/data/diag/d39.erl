-module(d39).
f(X) -> try X catch a:b:g() -> ok end.
