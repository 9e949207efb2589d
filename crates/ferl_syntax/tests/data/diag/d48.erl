-module(d48).
f() -> 'abc
