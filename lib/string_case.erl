%% string_case: character case mapping for string (a Ferl helper module).
%%
%% upper/1, lower/1, title/1 and fold/1 map one character to a list of characters
%% (Unicode full case mapping: "ß" upper is "SS"). Covered: ASCII, Latin-1 Supplement,
%% Latin Extended-A, Greek (basic) and Cyrillic (basic); other characters map to
%% themselves. latin1_upper/1 and latin1_lower/1 are the obsolete string:to_upper/to_lower
%% (Latin-1 only, ß and ÿ unchanged).
-module(string_case).

-export([upper/1, lower/1, title/1, fold/1, latin1_upper/1, latin1_lower/1]).

latin1_upper(C) when C >= $a, C =< $z -> C - 32;
latin1_upper(C) when C >= 224, C =< 254, C =/= 247 -> C - 32;
latin1_upper(C) -> C.

latin1_lower(C) when C >= $A, C =< $Z -> C + 32;
latin1_lower(C) when C >= 192, C =< 222, C =/= 215 -> C + 32;
latin1_lower(C) -> C.

upper(223) -> "SS";
upper(329) -> [700, $N];
upper(C) -> [simple_upper(C)].

title(223) -> "Ss";
title(329) -> [700, $N];
title(C) -> [simple_upper(C)].

lower(304) -> [$i, 775];
lower(C) -> [simple_lower(C)].

fold(223) -> "ss";
fold(329) -> [700, $n];
fold(304) -> [$i, 775];
fold(962) -> [963];
fold(181) -> [956];
fold(383) -> [$s];
fold(C) -> [simple_lower(C)].

simple_upper(C) when C >= $a, C =< $z -> C - 32;
simple_upper(181) -> 924;
simple_upper(C) when C >= 224, C =< 254, C =/= 247 -> C - 32;
simple_upper(255) -> 376;
simple_upper(305) -> $I;
simple_upper(383) -> $S;
simple_upper(C) when C >= 256, C =< 383 ->
    case ext_a_is_lower(C) of
        true -> ext_a_other(C);
        false -> C
    end;
simple_upper(940) -> 902;
simple_upper(C) when C >= 941, C =< 943 -> C - 37;
simple_upper(962) -> 931;
simple_upper(C) when C >= 945, C =< 961 -> C - 32;
simple_upper(C) when C >= 963, C =< 971 -> C - 32;
simple_upper(972) -> 908;
simple_upper(C) when C =:= 973; C =:= 974 -> C - 63;
simple_upper(C) when C >= 1072, C =< 1103 -> C - 32;
simple_upper(C) when C >= 1104, C =< 1119 -> C - 80;
simple_upper(C) when C >= 1120, C =< 1153; C >= 1162, C =< 1215; C >= 1232, C =< 1327 ->
    case C rem 2 of
        1 -> C - 1;
        0 -> C
    end;
simple_upper(C) -> C.

simple_lower(C) when C >= $A, C =< $Z -> C + 32;
simple_lower(C) when C >= 192, C =< 222, C =/= 215 -> C + 32;
simple_lower(376) -> 255;
simple_lower(C) when C >= 256, C =< 383, C =/= 304 ->
    case ext_a_is_upper(C) of
        true -> ext_a_other(C);
        false -> C
    end;
simple_lower(902) -> 940;
simple_lower(C) when C >= 904, C =< 906 -> C + 37;
simple_lower(908) -> 972;
simple_lower(C) when C =:= 910; C =:= 911 -> C + 63;
simple_lower(C) when C >= 913, C =< 929 -> C + 32;
simple_lower(C) when C >= 931, C =< 939 -> C + 32;
simple_lower(C) when C >= 1040, C =< 1071 -> C + 32;
simple_lower(C) when C >= 1024, C =< 1039 -> C + 80;
simple_lower(C) when C >= 1120, C =< 1153; C >= 1162, C =< 1215; C >= 1232, C =< 1327 ->
    case C rem 2 of
        0 -> C + 1;
        1 -> C
    end;
simple_lower(C) -> C.

%% Latin Extended-A pairs: 256..311 and 330..375 are (upper even, lower odd); 313..328
%% and 377..382 are (upper odd, lower even); 312, 329 and 383 have no simple pair here.
ext_a_is_upper(C) when C >= 256, C =< 311; C >= 330, C =< 375 -> C rem 2 =:= 0;
ext_a_is_upper(C) when C >= 313, C =< 328; C >= 377, C =< 382 -> C rem 2 =:= 1;
ext_a_is_upper(_) -> false.

ext_a_is_lower(C) when C >= 256, C =< 311, C =/= 305; C >= 330, C =< 375 -> C rem 2 =:= 1;
ext_a_is_lower(C) when C >= 313, C =< 328; C >= 377, C =< 382 -> C rem 2 =:= 0;
ext_a_is_lower(_) -> false.

ext_a_other(C) when C >= 256, C =< 311; C >= 330, C =< 375 -> C bxor 1;
ext_a_other(C) when C rem 2 =:= 1 -> C + 1;
ext_a_other(C) -> C - 1.
