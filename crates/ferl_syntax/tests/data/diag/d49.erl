-module(d49).
f() -> "abc
