-module(d57).
f() -> <<X + 1 || X <- Y>>.
