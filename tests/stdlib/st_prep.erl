%% The driver of the stdlib differential tests (run by run.sh).
%%
%% Copies every lib/M.erl into a temp dir as ferl_M.erl, renaming the module and every
%% remote reference to a lib module (`M:`, `-module(M)`, `-behaviour(M)`, and the bare atoms
%% listed in bare_renamed/0) so that Ferl's modules can run beside OTP's own in one erl
%% node. Compiles them and the test modules (t_*.erl, st.erl), runs each t_M:run/0 and
%% prints a summary; halts with status 1 on any mismatch, compile error or crash.
-module(st_prep).
-export([main/1, rename_source/2]).

main([LibDir, TestDir, Tmp | Only]) ->
    Libs = filelib:wildcard(filename:join(LibDir, "*.erl")),
    Mods = [list_to_atom(filename:basename(F, ".erl")) || F <- Libs],
    LibOk = lists:all(fun(F) -> prep_lib(F, Mods, Tmp) end, Libs),
    Tests = filelib:wildcard(filename:join(TestDir, "t_*.erl")),
    Support = [filename:join(TestDir, "st.erl")],
    TestOk = lists:all(fun(F) -> compile_one(F, Tmp) end, Support ++ Tests),
    code:add_patha(Tmp),
    case LibOk andalso TestOk of
        false ->
            io:format("stdlib tests: compile errors~n"),
            erlang:halt(1);
        true ->
            ok
    end,
    Wanted = [list_to_atom(filename:basename(F, ".erl")) || F <- Tests],
    ToRun = case Only of
                [] -> Wanted;
                _ -> [list_to_atom(O) || O <- Only]
            end,
    Results = [run_module(M) || M <- ToRun],
    Pass = lists:sum([P || {_, P, _} <- Results]),
    Fail = lists:sum([F || {_, _, F} <- Results]),
    io:format("stdlib: ~p passed, ~p failed~n", [Pass, Fail]),
    erlang:halt(case Fail of 0 -> 0; _ -> 1 end).

prep_lib(File, Mods, Tmp) ->
    {ok, Bin} = file:read_file(File),
    Src = rename_source(unicode:characters_to_list(Bin), Mods),
    Name = "ferl_" ++ filename:basename(File),
    Out = filename:join(Tmp, Name),
    ok = file:write_file(Out, unicode:characters_to_binary(Src)),
    compile_one(Out, Tmp).

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
    [code_server, io_lib_format, io_lib_pretty, io_lib_fread, proc_lib, gen, erpc,
     gen_server, supervisor, gen_event, gen_statem, application_controller, timer,
     logger, error_logger, erl_eval, sys, rpc, global_name_server].

%% Functions that are native (BIFs) in Ferl although their module is in lib/: calls to
%% them keep calling erl's own.
native_calls() ->
    [{maps, [to_list, from_list, keys, values, get, find, is_key, put, remove, take,
             update, merge, from_keys]}].

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
           end, Src, Mods),
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
