-module(d58).
f() -> "a" ++ ok "b".
