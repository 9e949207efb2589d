-module(t_text).
-export([main/0]).

main() ->
    Words = tokens(<<"the quick  brown fox jumps over the lazy dog the end">>),
    io:format("~p~n", [Words]),
    Counts = count(Words, #{}),
    io:format("~p~n", [lists:sort(maps:to_list(Counts))]),
    io:format("~s~n", [caesar("Hello, World!", 3)]),
    io:format("~p~n", [rle("aaabccddddde")]),
    io:format("~p~n", [csv(<<"a,b,,c\n1,2,3,4\n">>)]),
    io:format("~p~n", [hex(<<1, 171, 255>>)]),
    io:format("~p~n", [unhex("01abff")]),
    ok.

tokens(Bin) -> [W || W <- binary:split(Bin, <<" ">>, [global]), W =/= <<>>].

count([], Acc) -> Acc;
count([W | Ws], Acc) -> count(Ws, maps:update_with(W, fun(N) -> N + 1 end, 1, Acc)).

caesar(S, K) ->
    [if C >= $a, C =< $z -> $a + (C - $a + K) rem 26;
        C >= $A, C =< $Z -> $A + (C - $A + K) rem 26;
        true -> C
     end || C <- S].

rle([]) -> [];
rle([C | T]) -> rle(T, C, 1).
rle([C | T], C, N) -> rle(T, C, N + 1);
rle(T, C, N) -> [{C, N} | rle(T)].

csv(Bin) ->
    [binary:split(L, <<",">>, [global]) || L <- binary:split(Bin, <<"\n">>, [global, trim])].

hex(Bin) -> << <<(digit(H)), (digit(L))>> || <<H:4, L:4>> <= Bin >>.
digit(D) when D < 10 -> $0 + D;
digit(D) -> $a + D - 10.

unhex([]) -> <<>>;
unhex([A, B | T]) -> <<(list_to_integer([A, B], 16)), (unhex(T))/binary>>.
