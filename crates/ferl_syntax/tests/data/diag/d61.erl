-module(d61).
f() -> ok
