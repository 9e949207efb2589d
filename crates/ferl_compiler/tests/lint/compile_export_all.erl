-module(compile_export_all).
-compile(export_all).
-compile([nowarn_unused_vars]).
-on_load(init/0).
init() -> ok.
a(X) -> ok.
