%% compile: the compiler's Erlang interface, as OTP's compile:file/1,2.
%%
%% Ferl's compiler is native (crate ferl_compiler); this module turns compile:file/2's
%% option list into erlc-style options for `ferl:compile_file/2`, writes the .beam (or
%% returns it with `binary`), and reports diagnostics to the caller's group leader the way
%% erl does (`report_errors`, `report_warnings`, `report`) or returns them (`return_errors`,
%% `return_warnings`, `return`).
%%
%% Covered: file/1,2, noenv_file/2, the options outdir, binary, report*, return*, verbose,
%% warnings_as_errors, {i,Dir}, {d,M}, {d,M,V}; other options (debug_info, nowarn_*, ...)
%% are accepted and ignored. Returned diagnostics are `{File, [{none, compile, {ferl, Text}}]}`
%% with erlc's rendered text, not erl_lint's descriptor terms. Not covered: forms/1,2.
-module(compile).

-export([file/1, file/2, noenv_file/2]).

file(File) ->
    file(File, [verbose, report_errors, report_warnings]).

noenv_file(File, Opts) ->
    file(File, Opts).

file(File0, Opts0) ->
    Opts = expand(if is_list(Opts0) -> Opts0; true -> [Opts0] end),
    File = source_name(File0),
    Native = native_options(Opts),
    case ferl:compile_file(File, Native) of
        {ok, Mod, Beam, Warnings} ->
            report_warnings(Warnings, Opts),
            finish(Mod, Beam, File, Warnings, Opts);
        {error, Text} ->
            Errors = [{File, [{none, compile, {ferl, Text}}]}],
            case member(report_errors, Opts) of
                true -> io:put_chars(Text);
                false -> ok
            end,
            case member(return_errors, Opts) of
                true -> {error, Errors, []};
                false -> error
            end
    end.

finish(Mod, Beam, File, Warnings, Opts) ->
    Ws = [{File, [{none, compile, {ferl, W}} || W <- Warnings]} || Warnings =/= []],
    RetW = member(return_warnings, Opts),
    case member(binary, Opts) of
        true when RetW -> {ok, Mod, Beam, Ws};
        true -> {ok, Mod, Beam};
        false ->
            Out = filename:join(outdir(Opts), filename:basename(File, ".erl") ++ ".beam"),
            case file:write_file(Out, Beam) of
                ok when RetW -> {ok, Mod, Ws};
                ok -> {ok, Mod};
                {error, Reason} ->
                    case member(report_errors, Opts) of
                        true ->
                            io:format("~ts: error writing file: ~p~n", [Out, Reason]);
                        false -> ok
                    end,
                    error
            end
    end.

report_warnings(Warnings, Opts) ->
    case member(report_warnings, Opts) of
        true -> lists:foreach(fun(W) -> io:put_chars(W) end, Warnings);
        false -> ok
    end.

%% `report` and `return` stand for both their kinds.
expand(Opts) ->
    lists:flatmap(fun(report) -> [report_errors, report_warnings];
                     (return) -> [return_errors, return_warnings];
                     (O) -> [O]
                  end, Opts).

member(X, L) -> lists:member(X, L).

source_name(F) when is_atom(F) -> source_name(atom_to_list(F));
source_name(F) when is_binary(F) -> source_name(binary_to_list(F));
source_name(F) ->
    case filename:extension(F) of
        ".erl" -> F;
        _ -> F ++ ".erl"
    end.

outdir(Opts) ->
    case lists:keyfind(outdir, 1, Opts) of
        {outdir, Dir} when is_atom(Dir) -> atom_to_list(Dir);
        {outdir, Dir} -> Dir;
        false -> "."
    end.

native_options(Opts) ->
    lists:flatmap(fun({i, Dir}) -> ["-I" ++ to_list(Dir)];
                     ({d, M}) -> ["-D" ++ to_list(M)];
                     ({d, M, V}) -> ["-D" ++ to_list(M) ++ "=" ++ lists:flatten(io_lib:format("~w", [V]))];
                     (warnings_as_errors) -> ["-Werror"];
                     (_) -> []
                  end, Opts).

to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(B) when is_binary(B) -> binary_to_list(B);
to_list(L) -> lists:flatten(L).
