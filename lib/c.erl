%% c: the shell's command functions (Ferl's own implementation).
%%
%% l/1, c/1,2, nc/1,2, nl/1, lm/0, mm/0, flush/0, regs/0, nregs/0, i/0, i/3, ni/0,
%% pid/3, m/0, m/1, memory/0,1, pwd/0, cd/1, ls/0,1, help/0, q/0, bt/1, uptime/0.
%% Loading follows shared/notes/code-loading.md: l/1 purges (killing lingering old code)
%% then loads with code:load_file/1; c/1,2 compiles with compile:file/2 (provided by
%% Ferl's compiler), then purges and loads with code:load_abs/1; nl/1 sends the object
%% code to every visible node with rpc:eval_everywhere(code, load_binary, ...) and
%% returns abcast. Output formats (regs, i, m, ls, flush) are erl's.
-module(c).

-export([l/1, c/1, c/2, nc/1, nc/2, nl/1, lm/0, mm/0, flush/0, regs/0, nregs/0, i/0,
         i/3, ni/0, pid/3, m/0, m/1, memory/0, memory/1, pwd/0, cd/1, ls/0, ls/1,
         help/0, q/0, bt/1, uptime/0]).

%% ---------------------------------------------------------------- loading

l(Mod) ->
    code:purge(Mod),
    code:load_file(Mod).

c(File) -> c(File, []).

c(File, Opts0) when is_list(Opts0) ->
    Opts = [report_errors, report_warnings | Opts0],
    Name = to_list(File),
    Src = case filename:extension(Name) of
              ".erl" -> Name;
              _ -> Name ++ ".erl"
          end,
    case file:read_file_info(Src) of
        {ok, _} -> compile_and_load(Src, Opts);
        _ when is_atom(File) ->
            case recompile_source(File) of
                {ok, Orig} -> compile_and_load(Orig, [{outdir, "."} | Opts]);
                error ->
                    io:format("~ts: no such file or directory~n", [Src]),
                    error
            end;
        _ ->
            io:format("~ts: no such file or directory~n", [Src]),
            error
    end;
c(File, Opt) -> c(File, [Opt]).

compile_and_load(Src, Opts) ->
    case compile:file(Src, Opts) of
        {ok, Mod} -> load_compiled(Mod, Src, Opts);
        {ok, Mod, _Warnings} -> load_compiled(Mod, Src, Opts);
        _ -> error
    end.

load_compiled(Mod, Src, Opts) ->
    Base = filename:basename(Src, ".erl"),
    case atom_to_list(Mod) of
        Base ->
            OutDir = proplists:get_value(outdir, Opts, "."),
            code:purge(Mod),
            case code:load_abs(filename:join(OutDir, Base)) of
                {module, Mod} -> {ok, Mod};
                Other -> Other
            end;
        _ ->
            io:format("** Module name '~p' does not match file name '~ts' **~n", [Mod, Base]),
            {error, badfile}
    end.

%% An atom naming a loaded module with no source here: the source recorded at compile time.
recompile_source(Mod) ->
    case catch Mod:module_info(compile) of
        Info when is_list(Info) ->
            case lists:keyfind(source, 1, Info) of
                {source, S} ->
                    case file:read_file_info(S) of
                        {ok, _} -> {ok, S};
                        _ -> error
                    end;
                false -> error
            end;
        _ -> error
    end.

nc(File) -> nc(File, []).
nc(File, Opts) ->
    case c(File, Opts) of
        {ok, Mod} ->
            nl(Mod),
            {ok, Mod};
        Other -> Other
    end.

nl(Mod) ->
    case code:get_object_code(Mod) of
        {Mod, Bin, File} -> rpc:eval_everywhere(code, load_binary, [Mod, File, Bin]);
        error -> error
    end.

lm() -> [l(M) || M <- mm()].
mm() -> code:modified_modules().

%% ---------------------------------------------------------------- messages

flush() ->
    Fmt = case io:getopts() of
              Opts when is_list(Opts) ->
                  case lists:keyfind(encoding, 1, Opts) of
                      {encoding, unicode} -> "Shell got ~tp~n";
                      _ -> "Shell got ~p~n"
                  end;
              _ -> "Shell got ~p~n"
          end,
    flush(Fmt).

flush(Fmt) ->
    receive
        X ->
            io:format(Fmt, [X]),
            flush(Fmt)
    after 0 -> ok
    end.

%% ---------------------------------------------------------------- processes

regs() -> print_regs(node()).

nregs() -> [print_regs(N) || N <- [node() | nodes()]], ok.

print_regs(Node) ->
    Regs = lists:sort(registered()),
    io:format("~n** Registered procs on node ~w **~n", [Node]),
    io:format("Name                  Pid          Initial Call                      Reds Msgs~n"),
    [case whereis(R) of
         P when is_pid(P) ->
             case process_info(P, [initial_call, reductions, message_queue_len]) of
                 [{initial_call, IC}, {reductions, Reds}, {message_queue_len, Q}] ->
                     io:format("~-21s ~-12s ~-25s~13w~5w~n",
                               [atom_to_list(R), pid_to_list(P), mfa(IC), Reds, Q]);
                 _ -> ok
             end;
         _ -> ok
     end || R <- Regs],
    io:format("~n** Registered ports on node ~w **~n", [Node]),
    io:format("Name                  Id              Command                                 ~n"),
    [case whereis(R) of
         Port when is_port(Port) ->
             Name = case erlang:port_info(Port, name) of
                        {name, N} -> N;
                        _ -> ""
                    end,
             io:format("~-21s ~-15s ~-40ts~n", [atom_to_list(R), erlang:port_to_list(Port), Name]);
         _ -> ok
     end || R <- Regs],
    ok.

i() -> print_procs(processes()).

ni() -> [print_procs(rpc:call(N, erlang, processes, [])) || N <- [node() | nodes()]], ok.

print_procs(Ps) ->
    io:format("Pid                   Initial Call                          Heap     Reds Msgs~n"),
    io:format("Registered            Current Function                     Stack              ~n"),
    Totals = lists:foldl(fun(P, {H, R, M, S}) ->
                                 case pinfo(P) of
                                     {H1, R1, M1, S1} -> {H + H1, R + R1, M + M1, S + S1};
                                     none -> {H, R, M, S}
                                 end
                         end, {0, 0, 0, 0}, Ps),
    {TH, TR, TM, TS} = Totals,
    io:format("Total~50s~9w~9w~5w~n", ["", TH, TR, TM]),
    io:format("~64w              ~n", [TS]),
    ok.

pinfo(P) ->
    Keys = [initial_call, registered_name, current_function, total_heap_size, reductions,
            message_queue_len, stack_size],
    case process_info(P, Keys) of
        [{_, IC0}, {_, Reg}, {_, CF}, {_, Heap}, {_, Reds}, {_, Msgs}, {_, Stack}] ->
            IC = case proc_lib:translate_initial_call(P) of
                     {proc_lib, init_p, 5} -> IC0;
                     T -> T
                 end,
            RegName = case Reg of
                          [] -> "";
                          _ -> atom_to_list(Reg)
                      end,
            io:format("~-21s ~-33s~9w~9w~5w~n", [pid_to_list(P), mfa(IC), Heap, Reds, Msgs]),
            io:format("~-21s ~-33s~9w              ~n", [RegName, mfa(CF), Stack]),
            {Heap, Reds, Msgs, Stack};
        _ -> none
    end.

mfa({M, F, A}) -> io_lib:format("~tw:~tw/~w", [M, F, A]);
mfa(Other) -> io_lib:format("~tw", [Other]).

i(X, Y, Z) ->
    Pid = pid(X, Y, Z),
    case process_info(Pid) of
        undefined -> undefined;
        Info -> Info
    end.

pid(X, Y, Z) ->
    list_to_pid("<" ++ integer_to_list(X) ++ "." ++ integer_to_list(Y) ++ "." ++
                    integer_to_list(Z) ++ ">").

bt(Pid) ->
    case catch erlang:process_display(Pid, backtrace) of
        {'EXIT', _} -> undefined;
        _ -> ok
    end.

%% ---------------------------------------------------------------- modules

m() ->
    io:format("Module                File~n"),
    [io:format("~-20s  ~ts~n", [atom_to_list(M), file_text(F)])
     || {M, F} <- lists:sort(code:all_loaded())],
    ok.

file_text(preloaded) -> "preloaded";
file_text(cover_compiled) -> "cover_compiled";
file_text(F) when is_list(F) -> F;
file_text(F) -> io_lib:format("~tp", [F]).

m(Mod) ->
    case catch Mod:module_info() of
        Info when is_list(Info) ->
            Exports = proplists:get_value(exports, Info, []),
            Compile = proplists:get_value(compile, Info, []),
            io:format("Module: ~w~n", [Mod]),
            io:format("MD5: ~s~n", [md5_text(proplists:get_value(md5, Info))]),
            case lists:keyfind(source, 1, Compile) of
                {source, S} -> io:format("Object file: ~ts~n", [code:which(Mod)]),
                               io:format("Compiler options:  ~tp~n",
                                         [proplists:get_value(options, Compile, [])]),
                               _ = S;
                false -> ok
            end,
            io:format("Exports: ~n"),
            [io:format("         ~tw/~w~n", [F, A]) || {F, A} <- lists:sort(Exports)],
            ok;
        _ -> {error, nofile}
    end.

md5_text(Bin) when is_binary(Bin) ->
    lists:flatten([io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin]);
md5_text(_) -> "".

memory() -> erlang:memory().
memory(Type) -> erlang:memory(Type).

%% ---------------------------------------------------------------- files

pwd() ->
    case file:get_cwd() of
        {ok, Dir} -> io:format("~ts~n", [Dir]);
        {error, _} -> io:format("Cannot determine current directory~n")
    end,
    ok.

cd(Dir) ->
    file:set_cwd(to_list(Dir)),
    pwd().

ls() -> ls(".").

ls(Dir) ->
    case file:list_dir(to_list(Dir)) of
        {ok, Entries} -> columns(lists:sort(Entries));
        {error, enotdir} -> io:format("~ts~n", [to_list(Dir)]);
        {error, Error} -> format_error(Error)
    end.

columns([]) -> ok;
columns(Names) ->
    Width = lists:max([length(N) || N <- Names]) + 5,
    PerLine = max(1, 80 div Width),
    columns(Names, Width, PerLine, 0).

columns([], _, _, _) -> io:nl();
columns([N | Ns], W, PerLine, Col) ->
    io:format("~-*ts", [W, N]),
    case Col + 1 of
        PerLine ->
            io:nl(),
            columns(Ns, W, PerLine, 0);
        C -> columns(Ns, W, PerLine, C)
    end.

format_error(enoent) -> io:format("no such file or directory~n");
format_error(eacces) -> io:format("Permission denied~n");
format_error(E) -> io:format("~tp~n", [E]).

to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(L) when is_list(L) -> L;
to_list(B) when is_binary(B) -> binary_to_list(B).

%% ---------------------------------------------------------------- misc

q() -> init:stop().

uptime() ->
    {Ms, _} = erlang:statistics(wall_clock),
    S = Ms div 1000,
    D = S div 86400,
    H = (S rem 86400) div 3600,
    M = (S rem 3600) div 60,
    Sec = S rem 60,
    io:format("~p days, ~p hours, ~p minutes and ~p seconds~n", [D, H, M, Sec]),
    ok.

help() ->
    Lines =
        ["bt(Pid)    -- print the call stack of process Pid",
         "c(Mod)     -- compile the source of Mod, then reload it",
         "cd(Dir)    -- set the current directory",
         "flush()    -- print and drop the messages waiting for the shell",
         "help()     -- this list",
         "i()        -- a table of the processes on this node",
         "ni()       -- the same table for every connected node",
         "i(X,Y,Z)   -- process_info of the process <X.Y.Z>",
         "l(Module)  -- purge and load Module again",
         "lm()       -- l/1 of every module changed on disk",
         "ls()       -- the files of the current directory",
         "ls(Dir)    -- the files of Dir",
         "m()        -- the loaded modules and their files",
         "m(Mod)     -- the exports and compile data of Mod",
         "mm()       -- the modules changed on disk since loaded",
         "memory()   -- erlang:memory()",
         "memory(T)  -- erlang:memory(T)",
         "nc(File)   -- compile File and load it on every node",
         "nl(Module) -- load Module on every node",
         "pid(X,Y,Z) -- the pid <X.Y.Z>",
         "pwd()      -- print the current directory",
         "q()        -- stop the node (init:stop())",
         "regs()     -- the registered processes and ports",
         "nregs()    -- regs() on every node",
         "uptime()   -- how long the node has been running"],
    [io:format("~ts~n", [L]) || L <- Lines],
    true.
