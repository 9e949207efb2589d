-module(dtest_nl).
-export([hello/0]).
hello() -> {hello_from, node()}.
