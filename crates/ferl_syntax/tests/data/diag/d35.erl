-module(d35).
f(X) -> #r{}#{}.
