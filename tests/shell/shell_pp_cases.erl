%% shell_pp against erl_pp on real erl: every command here that erl_pp prints on one line
%% must print the same through shell_pp (the module given, renamed or not).
-module(shell_pp_cases).
-export([check/1]).

commands() ->
    ["X = 1, Y = 2", "b()", "f(X)", "B = {b, A}", "v(8)", "A = a", "1 + 2", "-1",
     "X - -1", "[1, 2, 3 | 4]", "[]", "\"hello\"", "'Quoted atom'", "$a", "1.5e10",
     "#{a => 1, \"b\" => [1, 2]}", "M#{a := 2}", "<<\"bin\">>", "<<X:8, Y/binary>>",
     "<<1:4/integer-unit:8>>", "lists:seq(1, 30) -- [3]", "fun lists:reverse/1",
     "fun foo/2", "fun (X) -> X * 2 end", "F(21)", "catch 1 + a", "not true",
     "X andalso Y", "{ok, [{nested, {deep, [1, {2, [3]}]}}]}", "test ! status",
     "self() ! hi, flush()", "io:format(\"~p~n\", [x])", "#person{name = \"Bob\"}",
     "P#person.name", "P#person{age = 3}", "#person.age", "[X || X <- L, X > 1]",
     "<< <<B>> || <<B>> <= Bin >>", "begin P = 5, P * P end", "e(7)", "rr(\"people.hrl\")",
     "case X of 1 -> one; _ -> other end", "receive after 0 -> timeout end",
     "try throw(t) catch throw:T -> {caught, T} end", "try f() catch error:x -> caught end",
     "if X > 5 -> big; true -> small end"].

records() ->
    [{person, [{name, {string, 1, ""}}, {age, none},
               {tags, {cons, 1, {atom, 1, a}, {cons, 1, {atom, 1, b}, {nil, 1}}}}]},
     {address, [{street, none}, {city, {string, 1, "Uppsala"}}]},
     {empty, []}].

check(Pp) ->
    Results =
        [begin
             {ok, Tokens, _} = erl_scan:string(C ++ ".", {1, 1}),
             {ok, Exprs} = erl_parse:parse_exprs(Tokens),
             Want = lists:flatten(erl_pp:exprs(Exprs)),
             Got = Pp:exprs(Exprs),
             case lists:member($\n, Want) of
                 true -> skip;
                 false when Want =:= Got -> pass;
                 false -> io:format("FAIL shell_pp ~ts:~n  erl_pp:   ~ts~n  shell_pp: ~ts~n", [C, Want, Got]), fail
             end
         end || C <- commands()] ++
        [begin
             Attr = {attribute, 1, record,
                     {Name, [case D of
                                 none -> {record_field, 1, {atom, 1, F}};
                                 _ -> {record_field, 1, {atom, 1, F}, D}
                             end || {F, D} <- Fields]}},
             Want = lists:flatten(erl_pp:attribute(Attr)),
             Got = Pp:record(Name, Fields),
             case Want =:= Got of
                 true -> pass;
                 false -> io:format("FAIL shell_pp record ~w:~n  erl_pp:   ~ts  shell_pp: ~ts", [Name, Want, Got]), fail
             end
         end || {Name, Fields} <- records()],
    Passed = length([x || pass <- Results]),
    Failed = length([x || fail <- Results]),
    io:format("shell_pp: ~w passed, ~w failed~n", [Passed, Failed]).
