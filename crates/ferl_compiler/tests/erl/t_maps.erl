-module(t_maps).
-export([main/0]).

main() ->
    M = #{a => 1, b => 2},
    K = c,
    M2 = M#{K => 3, a := 10},
    io:format("~p~n", [M2]),
    io:format("~p~n", [get(M2, a)]),
    io:format("~p~n", [get(M2, zz)]),
    io:format("~p~n", [match_key(M2, K)]),
    io:format("~p~n", [catch M#{zz := 1}]),
    io:format("~p~n", [catch (not_a_map)#{a => 1}]),
    io:format("~p~n", [maps:to_list(#{{1, 2} => x, [a] => y, 3 => z})]),
    io:format("~p~n", [[V || #{v := V} <- [#{v => 1}, #{w => 2}, #{v => 3}]]]),
    io:format("~p~n", [nested(#{inner => #{deep => ok}})]),
    io:format("~p~n", [map_size(M2)]),
    io:format("~p~n", [is_map_key(b, M2)]),
    io:format("~p~n", [#{}]),
    io:format("~p~n", [#{a => 1, a => 2}]),
    io:format("~p~n", [upd(#{count => 1})]).

get(#{a := A}, a) -> A;
get(_, _) -> none.

match_key(M, K) ->
    case M of
        #{K := V} -> {found, V};
        _ -> missing
    end.

nested(#{inner := #{deep := X}}) -> X.

upd(#{count := N} = M) -> M#{count := N + 1, last => N}.
