-module(types_specs).
-export([a/1]).
-export_type([t/0, u/1]).
-type t() :: foo(integer()) | bar.
-spec a(t()) -> ok.
a(_) -> ok.
-spec b(integer()) -> ok.
-type v() :: #nope{}.
-spec a(atom()) -> ok.
