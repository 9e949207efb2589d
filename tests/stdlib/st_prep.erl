%% The driver of the stdlib differential tests (run by run.sh).
%%
%% Copies every lib/M.erl into a temp dir as ferl_M.erl, renaming the module and every
%% remote reference to a lib module (`M:`, `-module(M)`, `-behaviour(M)`, and the bare atoms
%% listed in bare_renamed/0) so that Ferl's modules can run beside OTP's own in one erl
%% node. Compiles them and the test modules (t_*.erl, st.erl), runs each t_M:run/0 and
%% prints a summary; halts with status 1 on any mismatch, compile error or crash.
-module(st_prep).
-export([main/1, rename_source/2, natives/1]).

main([LibDir, TestDir, Tmp | Only]) ->
    Libs = filelib:wildcard(filename:join(LibDir, "*.erl")),
    Mods = [list_to_atom(filename:basename(F, ".erl")) || F <- Libs],
    LibOk = lists:all(fun(F) -> prep_lib(F, Mods, Tmp) end, Libs),
    Tests = filelib:wildcard(filename:join(TestDir, "t_*.erl")),
    Support = [F || F <- filelib:wildcard(filename:join(TestDir, "*.erl")),
                    not lists:member(F, Tests), filename:basename(F) =/= "st_prep.erl"],
    TestOk = lists:all(fun(F) -> compile_one(F, Tmp) end, Support ++ Tests),
    code:add_patha(Tmp),
    case LibOk andalso TestOk of
        false ->
            io:format("stdlib tests: compile errors~n"),
            erlang:halt(1);
        true ->
            ok
    end,
    Wanted = [M || F <- Tests, M <- [list_to_atom(filename:basename(F, ".erl"))],
                   code:ensure_loaded(M) =:= {module, M},
                   erlang:function_exported(M, run, 0)],
    ToRun = case Only of
                [] -> Wanted;
                _ -> [list_to_atom(O) || O <- Only]
            end,
    BifsOk = check_bifs_doc(LibDir),
    Results = [run_module(M) || M <- ToRun] ++ [{bifs_doc, 1, 0} || BifsOk]
        ++ [{bifs_doc, 0, 1} || not BifsOk],
    Pass = lists:sum([P || {_, P, _} <- Results]),
    Fail = lists:sum([F || {_, _, F} <- Results]),
    Known = known_failures(filename:join(TestDir, "known_failures")),
    Over = [{M, F, maps:get(M, Known, 0)} || {M, _, F} <- Results, F > maps:get(M, Known, 0)],
    io:format("stdlib: ~p passed, ~p failed (~p tolerated as known differences)~n",
              [Pass, Fail, Fail - lists:sum([F || {_, F, _} <- Over])]),
    [io:format("FAILED: ~p has ~p mismatches (~p known)~n", [M, F, K]) || {M, F, K} <- Over],
    erlang:halt(case Over of [] -> 0; _ -> 1 end).

known_failures(File) ->
    case file:read_file(File) of
        {ok, Bin} ->
            maps:from_list([{list_to_atom(M), list_to_integer(N)}
                            || Line <- string:split(binary_to_list(Bin), "\n", all),
                               [M, N] <- [string:lexemes(Line, " ")],
                               hd(Line) =/= $#]);
        _ -> #{}
    end.

%% Every function outside lib/ that lib/ calls (from the import tables of the modules
%% compiled as they are, unrenamed), as "m:f/a" strings.
natives(LibDir) ->
    Libs = filelib:wildcard(filename:join(LibDir, "*.erl")),
    Mods = [list_to_atom(filename:basename(F, ".erl")) || F <- Libs],
    Natives = native_mfas(),
    Imports = lists:append(
                [begin
                     {ok, _, Bin} = compile:file(F, [binary, return_errors]),
                     {ok, {_, [{imports, Is}]}} = beam_lib:chunks(Bin, [imports]),
                     Is
                 end || F <- Libs]),
    lists:usort([lists:flatten(io_lib:format("~s:~s/~b", [M, F, A]))
                 || {M, F, A} <- Imports,
                    not lists:member(M, Mods) orelse lists:member({M, F, A}, Natives)]).

%% The functions of lib modules that are BIFs in Ferl (and so not defined in lib/).
native_mfas() ->
    [{maps, to_list, 1}, {maps, from_list, 1}, {maps, keys, 1}, {maps, values, 1},
     {maps, get, 2}, {maps, find, 2}, {maps, is_key, 2}, {maps, put, 3}, {maps, remove, 2},
     {maps, take, 2}, {maps, update, 3}, {maps, merge, 2}, {maps, from_keys, 2},
     {unicode, characters_to_list, 1}, {unicode, characters_to_list, 2},
     {unicode, characters_to_binary, 1}, {unicode, characters_to_binary, 2},
     {unicode, characters_to_binary, 3}].

%% docs/bifs.md must name every native function lib/ calls.
check_bifs_doc(LibDir) ->
    Doc = filename:join([LibDir, "..", "docs", "bifs.md"]),
    case file:read_file(Doc) of
        {ok, Bin} ->
            Missing = [N || N <- natives(LibDir),
                            binary:match(Bin, list_to_binary("`" ++ N ++ "`")) =:= nomatch],
            case Missing of
                [] -> true;
                _ ->
                    io:format("docs/bifs.md does not list: ~s~n", [lists:join(" ", Missing)]),
                    false
            end;
        _ ->
            io:format("docs/bifs.md is missing~n"),
            false
    end.

prep_lib(File, Mods, Tmp) ->
    {ok, Bin} = file:read_file(File),
    Src = rename_source(unicode:characters_to_list(Bin), Mods),
    Name = "ferl_" ++ filename:basename(File),
    Out = filename:join(Tmp, Name),
    ok = file:write_file(Out, unicode:characters_to_binary(Src)),
    case os:getenv("STDLIB_ERLC") of
        false -> compile_one(Out, Tmp);
        "" -> compile_one(Out, Tmp);
        Erlc -> compile_external(Erlc, Out, Tmp)
    end.

%% STDLIB_ERLC=/path/to/ferlc: the lib modules are compiled by that compiler instead of
%% OTP's (the tests then check Ferl's compiler too, on real erl).
compile_external(Erlc, File, Tmp) ->
    Cmd = Erlc ++ " -o " ++ Tmp ++ " " ++ File ++ " 2>&1; echo \"RC=$?\"",
    Out = os:cmd(Cmd),
    case lists:suffix("RC=0\n", Out) of
        true -> true;
        false ->
            io:format("~s failed on ~s:~n~s~n", [Erlc, File, Out]),
            false
    end.

compile_one(File, Tmp) ->
    case compile:file(File, [{outdir, Tmp}, report_errors, nowarn_unused_function,
                             nowarn_deprecated_function, nowarn_removed, return_errors]) of
        {ok, _} -> true;
        {error, Errs, _} ->
            io:format("compile error in ~s: ~p~n", [File, Errs]),
            false;
        error ->
            io:format("compile error in ~s~n", [File]),
            false
    end.

%% Bare atoms (not followed by ':') that name a lib module's registered process or are
%% used as a module argument, and so must follow the renaming.
bare_renamed() ->
    [code_server, application_controller, global_name_server].

%% Functions that are native (BIFs) in Ferl although their module is in lib/: calls to
%% them keep calling erl's own.
native_calls() ->
    [{maps, [to_list, from_list, keys, values, get, find, is_key, put, remove, take,
             update, merge, from_keys]},
     {unicode, [characters_to_list, characters_to_binary]}].

rename_source(Src0, Mods) ->
    Src = lists:foldl(
            fun({M, Fs}, Acc) ->
                    lists:foldl(fun(F, A) ->
                                        Call = atom_to_list(M) ++ ":" ++ atom_to_list(F) ++ "\\(",
                                        re:replace(A, "(?<![\\w'?$#.])" ++ Call,
                                                   "'NATIVE'" ++ atom_to_list(M) ++ ":" ++ atom_to_list(F) ++ "(",
                                                   [global, {return, list}, unicode])
                                end, Acc, Fs)
            end, Src0, native_calls()),
    Bare = [M || M <- bare_renamed(), lists:member(M, Mods)],
    Src1 = re:replace(Src, "(?<![\\w'?$#.])global_name_server(?![\\w(:'])", "ferl_global_name_server",
                      [global, {return, list}, unicode]),
    S1 = lists:foldl(
           fun(M, Acc) ->
                   A = atom_to_list(M),
                   Acc1 = re:replace(Acc, "(?<![\\w'?$#.])" ++ A ++ "(?=\\s*:[^:=])",
                                     "ferl_" ++ A, [global, {return, list}, unicode]),
                   Acc2 = re:replace(Acc1, "-(module|behaviour|behavior)\\(" ++ A ++ "\\)",
                                     "-\\1(ferl_" ++ A ++ ")", [global, {return, list}, unicode]),
                   case lists:member(M, Bare) of
                       true ->
                           re:replace(Acc2, "(?<![\\w'?$#.])" ++ A ++ "(?![\\w(:'])",
                                      "ferl_" ++ A, [global, {return, list}, unicode]);
                       false -> Acc2
                   end
           end, Src1, Mods),
    re:replace(S1, "'NATIVE'", "", [global, {return, list}, unicode]).

run_module(M) ->
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
                                       st:reset(),
                                       M:run(),
                                       Self ! {done, self(), st:counts()}
                               end),
    receive
        {done, Pid, {P, F}} ->
            erlang:demonitor(Ref, [flush]),
            io:format("~-20s ~6b passed ~4b failed~n", [M, P, F]),
            {M, P, F};
        {'DOWN', Ref, process, Pid, Why} ->
            io:format("~-20s CRASHED: ~P~n", [M, Why, 40]),
            {M, 0, 1}
    after 120000 ->
            exit(Pid, kill),
            io:format("~-20s TIMEOUT~n", [M]),
            {M, 0, 1}
    end.
