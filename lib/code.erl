%% code: the code server's interface over the VM's loading primitives.
%%
%% Loading a file or a binary replaces the current version (the previous current becomes
%% old); load_binary/3 and purge/1 first remove an old version, killing the processes
%% still running it, as erl's code server does; load_file/1 refuses to while one exists.
-module(code).
-export([load_file/1, load_binary/3, ensure_loaded/1, purge/1, soft_purge/1,
         delete/1, is_loaded/1, which/1, get_object_code/1, get_path/0,
         all_loaded/0, objfile_extension/0]).

objfile_extension() -> ".beam".

get_path() -> ferl:get_code_path().

load_file(Mod) when is_atom(Mod) ->
    case erlang:check_old_code(Mod) of
        true ->
            {error, not_purged};
        false ->
            case get_object_code(Mod) of
                {Mod, Bin, File} -> ferl:load_binary(Mod, File, Bin);
                error -> {error, nofile}
            end
    end;
load_file(_) -> {error, badarg}.

load_binary(Mod, File, Bin) when is_atom(Mod), is_binary(Bin) ->
    _ = purge(Mod),
    ferl:load_binary(Mod, File, Bin);
load_binary(_, _, _) -> {error, badarg}.

ensure_loaded(Mod) when is_atom(Mod) ->
    case erlang:module_loaded(Mod) of
        true -> {module, Mod};
        false ->
            case load_file(Mod) of
                {module, Mod} -> {module, Mod};
                {error, not_purged} -> {error, not_purged};
                {error, _} = E -> E
            end
    end.

%% true if processes running the old code were killed.
purge(Mod) when is_atom(Mod) ->
    case erlang:check_old_code(Mod) of
        false -> false;
        true ->
            Users = [P || P <- processes(), P =/= self(),
                          erlang:check_process_code(P, Mod)],
            _ = erlang:purge_module(Mod),
            Users =/= []
    end.

soft_purge(Mod) when is_atom(Mod) ->
    case erlang:check_old_code(Mod) of
        false -> true;
        true ->
            case [P || P <- processes(), erlang:check_process_code(P, Mod)] of
                [] -> _ = erlang:purge_module(Mod), true;
                _ -> false
            end
    end.

delete(Mod) when is_atom(Mod) ->
    case erlang:delete_module(Mod) of
        true -> true;
        _ -> false
    end.

is_loaded(Mod) when is_atom(Mod) ->
    case ferl:loaded_file(Mod) of
        false -> false;
        preloaded -> {file, preloaded};
        File -> {file, File}
    end.

which(Mod) when is_atom(Mod) ->
    case ferl:loaded_file(Mod) of
        false ->
            case find(Mod) of
                {ok, File} -> File;
                error -> non_existing
            end;
        File -> File
    end.

%% {Mod, Binary, FileName} of the object file on the code path (not the loaded code).
get_object_code(Mod) when is_atom(Mod) ->
    case find(Mod) of
        {ok, File} ->
            case file:read_file(File) of
                {ok, Bin} -> {Mod, Bin, File};
                _ -> error
            end;
        error -> error
    end.

find(Mod) ->
    Name = atom_to_list(Mod) ++ ".beam",
    find(Name, get_path()).

find(_Name, []) -> error;
find(Name, [Dir | Dirs]) ->
    File = filename:join(Dir, Name),
    case file:read_file_info(File) of
        {ok, _} -> {ok, absolute(File)};
        _ -> find(Name, Dirs)
    end.

absolute(File) ->
    case filename:pathtype(File) of
        absolute -> File;
        _ ->
            {ok, Cwd} = file:get_cwd(),
            case File of
                "./" ++ Rest -> filename:join(Cwd, Rest);
                _ -> filename:join(Cwd, File)
            end
    end.

all_loaded() ->
    [{M, case ferl:loaded_file(M) of false -> ""; F -> F end} || M <- erlang:loaded()].
