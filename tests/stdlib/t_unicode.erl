-module(t_unicode).
-export([run/0]).
run() ->
    [st:cmp({bom_to_encoding, B}, fun() -> ferl_unicode:bom_to_encoding(B) end,
            fun() -> unicode:bom_to_encoding(B) end)
     || B <- [<<239,187,191,1>>, <<0,0,254,255>>, <<255,254,0,0>>, <<254,255>>, <<255,254,1>>, <<"abc">>, <<>>]],
    [st:cmp({encoding_to_bom, E}, fun() -> ferl_unicode:encoding_to_bom(E) end,
            fun() -> unicode:encoding_to_bom(E) end)
     || E <- [unicode, utf8, utf16, {utf16, big}, {utf16, little}, utf32, {utf32, big}, {utf32, little}, latin1]],
    ok.
