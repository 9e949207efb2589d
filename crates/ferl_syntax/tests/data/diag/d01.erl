-module(d01).
f() -> ?FOO.
