-module(compile_nowarn).
-export([a/0]).
-compile({nowarn_unused_function, [b/0]}).
-compile(nowarn_unused_record).
-record(r, {x}).
a() -> ok.
b() -> ok.
c() -> ok.
