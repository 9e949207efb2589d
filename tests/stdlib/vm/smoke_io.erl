%% Input and output through the user io server on the Ferl VM (tests/stdlib/vm_smoke.sh
%% feeds it the same stdin under erl and ferl).
-module(smoke_io).
-export([main/0]).
main() ->
    L = io:get_line("prompt> "),
    io:format("~p~n", [L]),
    C = io:get_chars("", 3),
    io:format("~p~n", [C]),
    F = io:fread("", "~d ~a"),
    io:format("~p~n", [F]),
    io:format("~ts|~s~n", ["日本", "é"]),
    io:put_chars(standard_error, "to stderr\n"),
    E = io:get_line(""),
    io:format("~p ~p~n", [E, io:get_line("")]),
    init:stop(3).
