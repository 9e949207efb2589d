-module(on_load_undefined).
-on_load(init/0).
-export([a/0]).
a() -> ok.
