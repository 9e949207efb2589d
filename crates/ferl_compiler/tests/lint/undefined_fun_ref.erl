-module(undefined_fun_ref).
-export([a/0]).
a() -> fun b/1.
