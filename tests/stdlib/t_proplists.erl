-module(t_proplists).
-export([run/0]).

c(F, Args) ->
    st:cmp({proplists, F, Args}, fun() -> apply(ferl_proplists, F, Args) end,
           fun() -> apply(proplists, F, Args) end).

prop() -> st:pick([a, b, c, {a, 1}, {b, true}, {c, false}, {a, [x]}, {b, y, z}, {d}, 1,
                   "str", {a, true}, {c, [1, 2]}]).
rl() -> [prop() || _ <- lists:seq(1, rand:uniform(8) - 1)].

run() ->
    [begin
         L = rl(), K = st:pick([a, b, c, d, e]),
         [c(F, [K, L]) || F <- [append_values, delete, get_all_values, get_bool, get_value,
                                is_defined, lookup, lookup_all]],
         c(get_value, [K, L, def]), c(compact, [L]), c(unfold, [L]), c(to_map, [L]),
         c(property, [prop()]), c(property, [K, st:pick([true, false, 1])]),
         c(split, [L, [a, b]]), c(substitute_aliases, [[{a, x}, {b, a}], L]),
         c(substitute_negations, [[{a, na}, {c, nc}], L]),
         c(expand, [[{a, [x, y]}, {{b, true}, [{q, 1}]}, {{a, 1}, [one]}], L]),
         c(normalize, [L, [{aliases, [{a, b}]}, {negations, [{c, d}]}, {expand, [{b, [z]}]}]]),
         c(to_map, [L, [{aliases, [{a, b}]}]]),
         st:cmp({get_keys, L}, fun() -> lists:sort(ferl_proplists:get_keys(L)) end,
                fun() -> lists:sort(proplists:get_keys(L)) end),
         c(from_map, [#{a => 1, b => 2}])
     end || _ <- lists:seq(1, 400)],
    ok.
