%% Exceptions formatted by erl_error:format_exception/4, at columns 1 and 4 and with the
%% shell's stack trimming. `expected.txt' beside this file was written by real erl's
%% erl_error (`record'); `check' compares an implementation (the module given) with it.
-module(erl_error_cases).
-export([cases/0, render/1, record/1, check/2, fe/2, fe_multi/2, fe_crash/2]).

cases() ->
    EI = [{error_info, #{module => erl_erts_errors}}],
    Seq = fun(N) -> lists:seq(1, N) end,
    Abc = "abcdefghijklmnopqrstuvwxyz",
    [{error, undef, [{shell_default, foo, [], []}]},
     {error, undef, [{shell_default, foo, [1, 2], []}, {erl_eval, do_apply, 7, []}]},
     {error, undef, [{nosuch, f, [1, 2], []}]},
     {error, undef, [{nosuch, f, 2, []}]},
     {error, undef, []},
     {error, undef, [{m, f, [a, b], []}, {m, g, 0, []}]},
     {error, undef, [{m, f, [Seq(40)], []}]},
     {error, {badarity, {fun lists:reverse/1, [1, 2]}}, []},
     {error, {badarity, {fun lists:reverse/1, [1, 2, 3]}}, []},
     {error, {badarity, {fun lists:map/2, [a]}}, []},
     {error, {badarity, {fun lists:map/2, []}}, []},
     {error, {badfun, 42}, []},
     {error, {badfun, Seq(40)}, []},
     {error, {try_clause, 5}, []},
     {error, {try_clause, Seq(40)}, []},
     {error, timeout_value, []},
     {error, noproc, []},
     {error, notalive, []},
     {error, system_limit, []},
     {error, {badrecord, foo}, []},
     {error, {badmap, 3}, []},
     {error, {badmap, Seq(40)}, []},
     {error, {badkey, k}, []},
     {error, {badkey, Seq(40)}, []},
     {error, badarg, [{erlang, '-', [a], EI}]},
     {error, badarith, [{erlang, '-', [a], EI}]},
     {error, badarg, [{erlang, 'not', [a], EI}]},
     {error, badarg, [{erlang, adler32, [a], EI}]},
     {error, badarg, [{erlang, element, [a, b], EI}]},
     {error, badarg, [{erlang, element, [5, {a, b}], EI}]},
     {error, badarg, [{erlang, atom_to_list, [1], []}]},
     {error, badarg, [{erlang, list_to_atom, [1], EI}]},
     {error, badarg, [{erlang, '!', [test, status], EI}]},
     {error, badarg, [{erlang, '!', [Seq(10), Seq(10)], []}]},
     {error, badarg, [{erlang, '!', [Seq(15), Seq(15)], []}]},
     {error, badarg, [{erlang, '!', [Seq(30), Seq(30)], []}]},
     {error, badarith, [{erlang, '+', [1, a], EI}]},
     {error, badarith, [{erlang, 'div', [1, 0], EI}]},
     {error, badarith, [{erlang, '/', [1, 0], EI}]},
     {error, badarith, [{erlang, '+', [Seq(30), Seq(30)], EI}]},
     {error, badarg, [{erlang, '-', [Seq(30)], EI}]},
     {error, badarg, [{erlang, '++', [[1 | 2], [3]], EI}]},
     {error, badarg, [{erlang, 'bsl', [1, a], EI}]},
     {error, badarg, [{erlang, 'and', [1, true], EI}]},
     {error, badarg, [{erlang, binary_to_list, [<<1>>, 5, 1], EI}]},
     {error, badarg, [{erlang, list_to_atom, [Seq(40)], EI}]},
     {error, badarg, [{erlang, setelement, [1, {}, a], EI}]},
     {error, badarg, [{erlang, spawn, [a, b, c], EI}]},
     {error, badarg, [{erlang, apply, [lists, reverse, [1, 2]], EI}]},
     {error, badarg, [{erlang, binary_part, [<<1, 2>>, {5, 1}], EI}]},
     {error, badarg, [{erlang, length, [a], [{error_info, #{module => nosuchmod}}]}]},
     {error, badarg, [{erlang, length, [a], [{error_info, #{module => ?MODULE, function => fe}}]}]},
     {error, badarg, [{erlang, length, [a], [{error_info, #{module => ?MODULE, function => fe_multi}}]}]},
     {error, badarg, [{erlang, length, [a], [{error_info, #{module => ?MODULE, function => fe_crash}}]}]},
     {error, {badarg, foo}, [{erlang, abs, [x], EI}]},
     {error, {badarg, x}, []},
     {error, {badarg, Seq(40)}, []},
     {error, {badarg, a}, [{m, f, [1], []}]},
     {error, badarg, [{lists, reverse, [a], [{file, "lists.erl"}, {line, 3}]}]},
     {error, badarg, [{m, f, 1, [{file, "m.erl"}, {line, 3}]}, {m, g, 0, [{file, "/abs/m.erl"}, {line, 9}]}]},
     {error, badarg, [{m, f, [a], []}, {m, g, 0, []}]},
     {error, badarg, [{m, f, [Seq(20), Seq(20), Abc], [{file, "m.erl"}, {line, 3}]}]},
     {error, badarg, [{m, f, 0, [{file, "m.erl"}]}]},
     {error, badarg, [{m, f, 0, [{line, 3}]}]},
     {error, badarg, [{m, f, [], []}]},
     {error, badarg, [{m, f, [1], []}]},
     {error, badarith, [{m, f, [1, 2], []}]},
     {error, badarg, [{m, f, [1, 2], []}, {erl_eval, do_apply, 7, [{file, "erl_eval.erl"}, {line, 3}]}, {shell, exprs, 7, []}]},
     {error, function_clause, [{m, f, [1, "two", {3}], [{file, "m.erl"}, {line, 3}]}]},
     {error, function_clause, [{m, f, [1, "two", {3}], []}]},
     {error, function_clause, [{m, '-f/1-fun-0-', [1], []}]},
     {error, function_clause, [{m, f, 1, []}]},
     {error, function_clause, [{m, f, [], []}]},
     {error, function_clause, [{m, f, [Seq(10)], [{file, "m.erl"}, {line, 3}]}]},
     {error, function_clause, [{m, f, [Seq(12)], [{file, "m.erl"}, {line, 3}]}]},
     {error, function_clause, [{m, f, [Seq(20), Seq(20), Abc], [{file, "m.erl"}, {line, 3}]}]},
     {error, function_clause, [{erl_eval, '-inside-an-interpreted-fun-', [1], []}]},
     {error, {case_clause, 7}, []},
     {error, {case_clause, {a, "b"}}, [{m, f, 0, [{file, "m.erl"}, {line, 7}]}]},
     {error, {case_clause, Seq(50)}, []},
     {error, {badmatch, "a string"}, []},
     {error, {badmatch, {1, 2, 3}}, []},
     {error, {badmatch, Seq(20)}, []},
     {error, {badmatch, Seq(24)}, []},
     {error, {badmatch, list_to_atom(lists:duplicate(28, $a))}, []},
     {error, if_clause, [{m, f, 0, [{file, "m.erl"}, {line, 7}]}]},
     {error, {some, thing}, [{m, f, 0, [{file, "m.erl"}, {line, 7}]}]},
     {error, {some, thing}, [{m, f, [1], []}]},
     {error, {a, "long", Seq(30)}, [{m, f, 0, []}]},
     {error, [1 | 2], []},
     {error, "string reason", []},
     {error, my_error, []},
     {error, {nocatch, x}, []},
     {exit, normal, []},
     {exit, killed, []},
     {exit, {a, b}, [{m, f, 0, []}]},
     {exit, foo, [{m, f, [1], []}]},
     {exit, {noproc, {gen_server, call, [x, y]}}, []},
     {exit, {a, Seq(40)}, []},
     {throw, {a, b}, [{m, f, 1, []}]},
     {throw, foo, [{m, f, [1], []}]},
     {throw, Seq(40), []},
     {error, function_clause, [{m, list_to_atom(lists:duplicate(18, $f)), [a], []}]},
     {error, function_clause, [{m, list_to_atom(lists:duplicate(19, $f)), [a], []}]},
     {error, function_clause, [{m, f, [list_to_atom(lists:duplicate(40, $f))], []}]},
     {error, badarg, [{m, list_to_atom(lists:duplicate(45, $f)), [a], []}]},
     {error, badarg, [{m, list_to_atom(lists:duplicate(46, $f)), [a], []}]},
     {error, badarg, [{m, list_to_atom(lists:duplicate(49, $f)), [a], []}]},
     {error, badarg, [{m, f, [list_to_atom(lists:duplicate(60, $f))], []}]},
     {error, badarg, [{erlang, '!', [list_to_atom(lists:duplicate(53, $f)), [1, 2, 3]], []}]},
     {error, badarg, [{erlang, '!', [list_to_atom(lists:duplicate(54, $f)), [1, 2, 3]], []}]},
     {error, badarg, [{erlang, '!', [list_to_atom(lists:duplicate(63, $f)), a], []}]},
     {error, {bad_generator, x}, []},
     {error, {bad_filter, Seq(40)}, []},
     {error, badarg, [{m, f, 1, []}, {m, g, [a, Seq(30)], [{file, "m.erl"}, {line, 2}]},
                      {erlang, send, [a, b], EI}]},
     {error, badarg, not_a_stack},
     {error, badarg, [junk, {m, f, 0, []}]}].

fe(_, _) -> #{1 => "is bad", general => "general text", reason => "my reason"}.
fe_multi(_, _) -> #{1 => "first line\nsecond line"}.
fe_crash(_, _) -> error(oops).

trim(shell, _, _) -> true;
trim(erl_eval, _, _) -> true;
trim(_, _, _) -> false.

stacks() ->
    [[{m, f, 1, []}, {m, g, [a], [{file, "m.erl"}, {line, 2}]}],
     [{erlang, '+', [1, a], []}, {shell, exprs, 7, []}],
     [],
     [{m, f, [lists:seq(1, 30)], []}]].

render(Mod) ->
    [[io_lib:format("stack ~w~n", [N]),
      Mod:format_stacktrace(N, S, fun trim/3, fun(T, I) -> io_lib:print(T, I, 80, 30) end),
      "\n==\n"]
     || {N, S} <- lists:zip(lists:seq(1, length(stacks())), stacks())] ++
    [[io_lib:format("~w~n", [N]),
      Mod:format_exception(C, R, S), "\n--\n",
      Mod:format_exception(C, R, S, #{column => 4, stack_trim_fun => fun trim/3}), "\n==\n"]
     || {N, {C, R, S}} <- lists:zip(lists:seq(1, length(cases())), cases())].

record(File) ->
    ok = file:write_file(File, unicode:characters_to_binary(render(erl_error))).

%% Prints each case whose text differs, and "N passed, M failed".
check(Mod, File) ->
    {ok, Expected} = file:read_file(File),
    Want = split(unicode:characters_to_list(Expected)),
    Got = split(unicode:characters_to_list(render(Mod))),
    Results = [case W =:= G of
                   true -> pass;
                   false -> io:format("FAIL erl_error case:~n--- expected~n~ts~n--- got~n~ts~n", [W, G]), fail
               end || {W, G} <- lists:zip(Want, Got)],
    Passed = length([ok || pass <- Results]),
    Failed = length(Results) - Passed,
    io:format("erl_error: ~w passed, ~w failed~n", [Passed, Failed]),
    Failed.

split(Text) ->
    string:split(Text, "\n==\n", all).
