%% unicode: the parts of OTP's unicode module written in Erlang (Ferl's own).
%%
%% bom_to_encoding/1 and encoding_to_bom/1 are here. characters_to_list/1,2 and
%% characters_to_binary/1,2,3 are native in Ferl (BIFs in OTP; see docs/bifs.md) and
%% not defined here. Not covered: the normalization functions
%% (characters_to_nf*_list/binary).
-module(unicode).

-export([bom_to_encoding/1, encoding_to_bom/1]).

bom_to_encoding(<<16#EF, 16#BB, 16#BF, _/binary>>) -> {utf8, 3};
bom_to_encoding(<<16#00, 16#00, 16#FE, 16#FF, _/binary>>) -> {{utf32, big}, 4};
bom_to_encoding(<<16#FF, 16#FE, 16#00, 16#00, _/binary>>) -> {{utf32, little}, 4};
bom_to_encoding(<<16#FE, 16#FF, _/binary>>) -> {{utf16, big}, 2};
bom_to_encoding(<<16#FF, 16#FE, _/binary>>) -> {{utf16, little}, 2};
bom_to_encoding(Bin) when is_binary(Bin) -> {latin1, 0}.

encoding_to_bom(unicode) -> <<16#EF, 16#BB, 16#BF>>;
encoding_to_bom(utf8) -> <<16#EF, 16#BB, 16#BF>>;
encoding_to_bom(utf16) -> <<16#FE, 16#FF>>;
encoding_to_bom({utf16, big}) -> <<16#FE, 16#FF>>;
encoding_to_bom({utf16, little}) -> <<16#FF, 16#FE>>;
encoding_to_bom(utf32) -> <<16#00, 16#00, 16#FE, 16#FF>>;
encoding_to_bom({utf32, big}) -> <<16#00, 16#00, 16#FE, 16#FF>>;
encoding_to_bom({utf32, little}) -> <<16#FF, 16#FE, 16#00, 16#00>>;
encoding_to_bom(latin1) -> <<>>.
