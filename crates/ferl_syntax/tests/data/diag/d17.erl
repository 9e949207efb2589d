-module(d17).
-warning({a, b}).
f( -> ok.
