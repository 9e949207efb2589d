-module(d38).
f(X) -> fun M:F/A end.
