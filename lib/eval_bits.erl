%% eval_bits: the bit syntax for erl_eval (Ferl's own helper module).
%%
%% expr_grp/3 builds a bitstring from the segments of a {bin, _, Elements} expression;
%% match_bits/4 matches a bitstring against the segments of a binary pattern, binding
%% variables as it goes (a size may use a variable bound by an earlier segment). Type
%% specifiers: integer, float, binary/bytes, bitstring/bits, utf8/16/32, signed/unsigned,
%% big/little/native, unit:N. Construction errors raise badarg, as erl_eval's do.
-module(eval_bits).

-export([expr_grp/3, match_bits/4, bin_gen_match/4]).

-record(seg, {type = integer, unit = default, sign = unsigned, endian = big}).

%% ---------------------------------------------------------------- specifiers

spec(default) -> #seg{};
spec(TSL) -> lists:foldl(fun spec1/2, #seg{}, TSL).

spec1(T, S) when T =:= integer; T =:= float; T =:= utf8; T =:= utf16; T =:= utf32 ->
    S#seg{type = T};
spec1(T, S) when T =:= binary; T =:= bytes -> S#seg{type = binary};
spec1(T, S) when T =:= bitstring; T =:= bits -> S#seg{type = bitstring};
spec1(T, S) when T =:= signed; T =:= unsigned -> S#seg{sign = T};
spec1(T, S) when T =:= big; T =:= little; T =:= native -> S#seg{endian = T};
spec1({unit, U}, S) -> S#seg{unit = U}.

unit(#seg{unit = default, type = binary}) -> 8;
unit(#seg{unit = default}) -> 1;
unit(#seg{unit = U}) -> U.

%% ---------------------------------------------------------------- construction

%% Eval(Expr, Bs) -> {value, V, Bs}.
expr_grp(Elements, Bs, Eval) ->
    {Bits, Bs1} = lists:foldl(fun(E, {Acc, B}) ->
                                      {Seg, B1} = element_bits(E, B, Eval),
                                      {[Acc | [Seg]], B1}
                              end, {[], Bs}, Elements),
    {value, list_to_bitstring(Bits), Bs1}.

element_bits({bin_element, _, {string, _, S}, default, TSL}, Bs, _) ->
    Seg = spec(TSL),
    {<< <<(construct(C, default, Seg))/bitstring>> || C <- S >>, Bs};
element_bits({bin_element, _, {string, _, S}, SizeE, TSL}, Bs, Eval) ->
    Seg = spec(TSL),
    {value, Size, Bs1} = Eval(SizeE, Bs),
    {<< <<(construct(C, Size, Seg))/bitstring>> || C <- S >>, Bs1};
element_bits({bin_element, _, E, SizeE, TSL}, Bs, Eval) ->
    {value, V, Bs1} = Eval(E, Bs),
    {Size, Bs2} = case SizeE of
                      default -> {default, Bs1};
                      _ ->
                          {value, Sz, B2} = Eval(SizeE, Bs1),
                          {Sz, B2}
                  end,
    {construct(V, Size, spec(TSL)), Bs2}.

construct(V, Size, Seg) ->
    try do_construct(V, Size, Seg)
    catch error:_ -> erlang:error(badarg)
    end.

do_construct(V, default, #seg{type = integer} = S) -> do_construct(V, 8, S);
do_construct(V, Size, #seg{type = integer, endian = E} = S) when is_integer(V) ->
    N = Size * unit(S),
    case E of
        big -> <<V:N/big>>;
        little -> <<V:N/little>>;
        native -> <<V:N/native>>
    end;
do_construct(V, default, #seg{type = float} = S) -> do_construct(V, 64, S);
do_construct(V, Size, #seg{type = float, endian = E} = S) when is_number(V) ->
    N = Size * unit(S),
    case E of
        big -> <<V:N/float-big>>;
        little -> <<V:N/float-little>>;
        native -> <<V:N/float-native>>
    end;
do_construct(V, default, #seg{type = binary}) when is_binary(V) -> V;
do_construct(V, default, #seg{type = bitstring}) when is_bitstring(V) -> V;
do_construct(V, Size, #seg{type = T} = S) when T =:= binary; T =:= bitstring ->
    true = is_bitstring(V) andalso (T =:= bitstring orelse is_binary(V)
                                    orelse S#seg.unit =/= default),
    N = Size * unit(S),
    <<X:N/bitstring, _/bitstring>> = V,
    X;
do_construct(V, default, #seg{type = utf8}) -> <<V/utf8>>;
do_construct(V, default, #seg{type = utf16, endian = big}) -> <<V/utf16-big>>;
do_construct(V, default, #seg{type = utf16, endian = little}) -> <<V/utf16-little>>;
do_construct(V, default, #seg{type = utf16, endian = native}) -> <<V/utf16-native>>;
do_construct(V, default, #seg{type = utf32, endian = big}) -> <<V/utf32-big>>;
do_construct(V, default, #seg{type = utf32, endian = little}) -> <<V/utf32-little>>;
do_construct(V, default, #seg{type = utf32, endian = native}) -> <<V/utf32-native>>.

%% ---------------------------------------------------------------- matching

%% Match Bin against the pattern segments. Match(Pattern, Value, Bs) -> {match, Bs} |
%% nomatch; Eval(Expr, Bs) -> {value, V, Bs} (for sizes). Returns {match, Bs} | nomatch.
match_bits(Segs, Bin, Bs, {Match, Eval}) when is_bitstring(Bin) ->
    try match_segs(Segs, Bin, Bs, Match, Eval) of
        {Bs1, <<>>} -> {match, Bs1};
        _ -> nomatch
    catch throw:nomatch -> nomatch
    end;
match_bits(_, _, _, _) -> nomatch.

%% For a bitstring generator: match the segments at the head of Bin, return the rest.
bin_gen_match(Segs, Bin, Bs, {Match, Eval}) ->
    try match_segs(Segs, Bin, Bs, Match, Eval) of
        {Bs1, Rest} -> {match, Bs1, Rest}
    catch throw:nomatch -> nomatch
    end.

match_segs([], Bin, Bs, _, _) -> {Bs, Bin};
match_segs([{bin_element, A, {string, _, S}, Size, TSL} | Segs], Bin, Bs, M, E) ->
    Chars = [{bin_element, A, {integer, A, C}, Size, TSL} || C <- S],
    match_segs(Chars ++ Segs, Bin, Bs, M, E);
match_segs([{bin_element, _, P, SizeE, TSL} | Segs], Bin, Bs, M, E) ->
    Seg = spec(TSL),
    Size = case SizeE of
               default -> default;
               _ ->
                   try E(SizeE, Bs) of
                       {value, Sz, _} when is_integer(Sz), Sz >= 0 -> Sz;
                       {value, all, _} -> default;
                       _ -> throw(nomatch)
                   catch error:_ -> throw(nomatch)
                   end
           end,
    {V, Rest} = take(Bin, Size, Seg),
    case M(P, V, Bs) of
        {match, Bs1} -> match_segs(Segs, Rest, Bs1, M, E);
        nomatch -> throw(nomatch)
    end.

take(Bin, default, #seg{type = integer} = S) -> take(Bin, 8, S);
take(Bin, Size, #seg{type = integer, sign = Sg, endian = En} = S) ->
    N = Size * unit(S),
    case {Sg, En, Bin} of
        {unsigned, big, <<X:N/big-unsigned, R/bitstring>>} -> {X, R};
        {signed, big, <<X:N/big-signed, R/bitstring>>} -> {X, R};
        {unsigned, little, <<X:N/little-unsigned, R/bitstring>>} -> {X, R};
        {signed, little, <<X:N/little-signed, R/bitstring>>} -> {X, R};
        {unsigned, native, <<X:N/native-unsigned, R/bitstring>>} -> {X, R};
        {signed, native, <<X:N/native-signed, R/bitstring>>} -> {X, R};
        _ -> throw(nomatch)
    end;
take(Bin, default, #seg{type = float} = S) -> take(Bin, 64, S);
take(Bin, Size, #seg{type = float, endian = En} = S) ->
    N = Size * unit(S),
    case {En, Bin} of
        {big, <<X:N/float-big, R/bitstring>>} -> {X, R};
        {little, <<X:N/float-little, R/bitstring>>} -> {X, R};
        {native, <<X:N/float-native, R/bitstring>>} -> {X, R};
        _ -> throw(nomatch)
    end;
take(Bin, default, #seg{type = binary}) when is_binary(Bin) -> {Bin, <<>>};
take(_, default, #seg{type = binary}) -> throw(nomatch);
take(Bin, default, #seg{type = bitstring}) -> {Bin, <<>>};
take(Bin, Size, #seg{type = T} = S) when T =:= binary; T =:= bitstring ->
    N = Size * unit(S),
    case Bin of
        <<X:N/bitstring, R/bitstring>> -> {X, R};
        _ -> throw(nomatch)
    end;
take(Bin, default, #seg{type = utf8}) ->
    case Bin of
        <<X/utf8, R/bitstring>> -> {X, R};
        _ -> throw(nomatch)
    end;
take(Bin, default, #seg{type = utf16, endian = En}) ->
    case {En, Bin} of
        {big, <<X/utf16-big, R/bitstring>>} -> {X, R};
        {little, <<X/utf16-little, R/bitstring>>} -> {X, R};
        {native, <<X/utf16-native, R/bitstring>>} -> {X, R};
        _ -> throw(nomatch)
    end;
take(Bin, default, #seg{type = utf32, endian = En}) ->
    case {En, Bin} of
        {big, <<X/utf32-big, R/bitstring>>} -> {X, R};
        {little, <<X/utf32-little, R/bitstring>>} -> {X, R};
        {native, <<X/utf32-native, R/bitstring>>} -> {X, R};
        _ -> throw(nomatch)
    end;
take(_, _, _) -> throw(nomatch).
