-module(t_erl_error).
-export([run/0]).

run() ->
    Cases = [{error, badarg, [{erlang, length, [a], []}, {ee, main, 0, [{file, "ee.erl"}, {line, 5}]}]},
             {error, badarith, [{erlang, '+', [1, a], []}, {ee, main, 0, []}]},
             {error, {badmatch, [1,2]}, [{ee, main, 0, [{file, "ee.erl"}, {line, 5}]}]},
             {error, function_clause, [{lists, nth, [0, [a]], [{file, "lists.erl"}, {line, 170}]}, {ee, main, 0, []}]},
             {error, undef, [{foo, bar, [1], []}, {ee, main, 0, []}]},
             {error, {case_clause, x}, []}, {error, if_clause, []}, {error, {try_clause, 1}, []},
             {exit, boom, []}, {throw, ball, []}, {error, {badfun, x}, []},
             {error, {badarity, {fun lists:map/2, [1]}}, []},
             {error, timeout_value, []}, {error, noproc, []}, {error, system_limit, []},
             {error, {badmap, 1}, []}, {error, {badkey, k}, []}, {error, {bad_generator, a}, []},
             {error, {bad_filter, 1}, []}, {error, {unbound_var, 'X'}, []}, {error, something_else, []},
             {error, {badarg, 1}, []}, {error, badarg, [{erlang, '!', [test, status], []}]},
             {error, badarg, [{erlang, element, [5, {1}], []}, {m, f, 1, [{file, "m.erl"}, {line, 3}]}]},
             {error, {badmatch, lists:seq(1,40)}, [{m, f, 2, [{file, "m.erl"}, {line, 3}]}]},
             {exit, {timeout, {gen_server, call, [x, y]}}, [{gen, do_call, 4, []}, {m, f, 0, []}]},
             {error, {badmatch, {a, lists:seq(1, 10)}}, [{m, f, 0, [{file, "m.erl"}, {line, 1}]}]},
             {error, function_clause, [{m, f, [{a, "long string here"}, 1234567], [{file, "m.erl"}, {line, 1}]}]}],
    [st:cmp({erl_error, C, R, St}, fun st:flat/1,
            fun() -> ferl_erl_error:format_exception(I, C, R, St, fun(_, _, _) -> false end,
                                                     fun(T, Col) -> io_lib_pretty:print(T, Col, 80, -1) end, latin1) end,
            fun() -> erl_error:format_exception(I, C, R, St, fun(_, _, _) -> false end,
                                                fun(T, Col) -> io_lib_pretty:print(T, Col, 80, -1) end, latin1) end)
     || {C, R, St} <- Cases, I <- [1, 4, 5]],
    ok.
