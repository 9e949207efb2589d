-module(d54).
f() -> \u3bb.
