-module(attr_after_functions).
-export([a/0]).
a() -> ok.
-record(r, {x}).
-type t() :: integer().
-spec b() -> ok.
-export([b/0]).
-behaviour(gen_server).
-my(x).
-compile(export_all).
-import(lists, [map/2]).
-export_type([t/0]).
b() -> #r{}.
