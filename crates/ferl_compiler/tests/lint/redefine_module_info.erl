-module(redefine_module_info).
-export([a/0]).
a() -> ok.
module_info() -> ok.
