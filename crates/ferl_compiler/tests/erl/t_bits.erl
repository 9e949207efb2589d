-module(t_bits).
-export([main/0]).

main() ->
    [io:format("~w~n", [X]) || X <- [
        <<1:1, 0:1, 1:6>>,
        <<16#1234:16/little>>,
        <<-2:12/signed-little, 5:4>>,
        <<"ab", (<<"cd">>)/binary, $e>>,
        <<1.5/float>>, <<2.0:32/float-little>>,
        <<(<<1:3>>)/bits, 1:5>>,
        <<"ö"/utf8, 1024/utf16, 70000/utf32-little>>,
        byte_size(<< <<X:8>> || X <- lists:seq(1, 10) >>),
        << <<(X*2)>> || <<X>> <= <<1,2,3>> >>,
        [X || <<X:4>> <= <<16#ab, 16#cd>>],
        decode(<<3, 1, 2, 3, 9>>),
        decode(<<0>>),
        decode(<<>>),
        utf(<<"héllo"/utf8>>),
        little(<<1, 0, 0, 0, 2, 0>>),
        floaty(<<1.25/float, 3.5:32/float>>),
        sized(<<7:3, 99:7, 0:6>>),
        skip(<<1, 2, 3, 4, 5>>),
        str_prefix(<<"GET /index.html">>),
        str_prefix(<<"POST /x">>),
        tail_bits(<<1:5>>)
    ]].

decode(<<N, Rest/binary>>) when byte_size(Rest) >= N ->
    <<Payload:N/binary, Tail/binary>> = Rest,
    {Payload, Tail};
decode(<<0>>) -> zero;
decode(_) -> empty.

utf(<<C/utf8, Rest/binary>>) -> [C | utf(Rest)];
utf(<<>>) -> [].

little(<<A:32/little, B:16/little-signed>>) -> {A, B}.

floaty(<<F:64/float, G:32/float>>) -> {F, G}.

sized(<<A:3, B:7, C:6>>) -> {A, B, C}.

skip(<<_:16, X, _/binary>>) -> X.

str_prefix(<<"GET ", Path/binary>>) -> {get, Path};
str_prefix(<<Method:4/binary, _/binary>>) -> {other, Method}.

tail_bits(<<X:3, Y/bits>>) -> {X, Y}.
