-module(d42).
f() -> (.
