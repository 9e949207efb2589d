%% code: the code server's API (Ferl's own implementation).
%%
%% Follows the rules measured on OTP 25 (shared/notes/code-loading.md): load_file/1,
%% load_abs/1,2 never purge ({error, not_purged} and the report "Loading of <file>
%% failed: not_purged"); load_binary/3 purges first (killing processes in old code);
%% purge/1 is true only if it killed; soft_purge/1 never kills; delete/1 is false when
%% old code exists ("Module m must be purged before deleting"); Ferl's own modules (those
%% of erlang:pre_loaded/0, i.e. lib/) are sticky ({error, sticky_directory} and "Can't
%% load module 'lists' that resides in sticky dir"); the path starts with ".".
%% API: load_file/1, load_abs/1,2, load_binary/3, ensure_loaded/1, ensure_modules_loaded/1,
%% purge/1, soft_purge/1, delete/1, is_loaded/1, which/1, get_object_code/1,
%% module_status/1, modified_modules/0, all_loaded/0, all_available/0, atomic_load/1,
%% prepare_loading/1, finish_loading/1, get_path/0, set_path/1, add_path(a|z)/1,
%% add_paths(a|z)/1, del_path/1, replace_path/2, root_dir/0, lib_dir/0,1,2, priv_dir/1,
%% where_is_file/1,2, objfile_extension/0, is_sticky/1, stick_mod/1, unstick_mod/1,
%% stick_dir/1, unstick_dir/1, get_mode/0, is_module_native/1, clash/0 (prints nothing).
%% The state (path, the file each module was loaded from, MD5s) is in code_server.
-module(code).

-export([load_file/1, load_abs/1, load_abs/2, load_binary/3, ensure_loaded/1,
         ensure_modules_loaded/1, purge/1, soft_purge/1, delete/1, is_loaded/1, which/1,
         get_object_code/1, module_status/0, module_status/1, modified_modules/0,
         all_loaded/0, all_available/0, atomic_load/1, prepare_loading/1,
         finish_loading/1, get_path/0, set_path/1, add_path/1, add_patha/1, add_pathz/1,
         add_paths/1, add_pathsa/1, add_pathsz/1, del_path/1, replace_path/2, root_dir/0,
         lib_dir/0, lib_dir/1, lib_dir/2, priv_dir/1, where_is_file/1, where_is_file/2,
         objfile_extension/0, is_sticky/1, stick_mod/1, unstick_mod/1, stick_dir/1,
         unstick_dir/1, get_mode/0, is_module_native/1, clash/0, start_link/0]).

-define(SERVER, code_server).

call(Req) ->
    case whereis(?SERVER) of
        undefined -> code_server:start(),
                     gen_server:call(?SERVER, Req, infinity);
        _ -> gen_server:call(?SERVER, Req, infinity)
    end.

start_link() -> code_server:start_link().

load_file(M) when is_atom(M) -> call({load_file, M}).

load_abs(File) when is_list(File); is_atom(File) ->
    call({load_abs, flat(File), list_to_atom(filename:basename(flat(File)))}).
load_abs(File, M) when is_atom(M) -> call({load_abs, flat(File), M}).

load_binary(M, File, Bin) when is_atom(M), is_binary(Bin) ->
    call({load_binary, M, File, Bin});
load_binary(_, _, _) -> {error, badarg}.

ensure_loaded(M) when is_atom(M) ->
    case erlang:module_loaded(M) of
        true -> {module, M};
        false -> call({ensure_loaded, M})
    end.

ensure_modules_loaded(Ms) when is_list(Ms) ->
    Errors = [{M, E} || M <- Ms, {error, E} <- [ensure_loaded(M)]],
    case Errors of
        [] -> ok;
        _ -> {error, Errors}
    end.

purge(M) when is_atom(M) -> call({purge, M}).
soft_purge(M) when is_atom(M) -> call({soft_purge, M}).
delete(M) when is_atom(M) -> call({delete, M}).

is_loaded(M) when is_atom(M) -> call({is_loaded, M}).
which(M) when is_atom(M) -> call({which, M}).
get_object_code(M) when is_atom(M) -> call({get_object_code, M}).
module_status() -> [{M, module_status(M)} || {M, _} <- all_loaded()].
module_status(M) when is_atom(M) -> call({module_status, M});
module_status(Ms) when is_list(Ms) -> [{M, module_status(M)} || M <- Ms].
modified_modules() -> call(modified_modules).
all_loaded() -> call(all_loaded).
all_available() -> call(all_available).

atomic_load(Ms) ->
    case prepare_loading(Ms) of
        {ok, Prepared} -> finish_loading(Prepared);
        Error -> Error
    end.

prepare_loading(Ms) when is_list(Ms) -> call({prepare_loading, Ms}).
finish_loading(Prepared) -> call({finish_loading, Prepared}).

get_path() -> call(get_path).
set_path(Path) -> call({set_path, [flat(D) || D <- Path]}).
add_path(Dir) -> add_pathz(Dir).
add_patha(Dir) -> call({add_path, first, flat(Dir)}).
add_pathz(Dir) -> call({add_path, last, flat(Dir)}).
add_paths(Dirs) -> add_pathsz(Dirs).
add_pathsa(Dirs) -> [add_patha(D) || D <- lists:reverse(Dirs)], ok.
add_pathsz(Dirs) -> [add_pathz(D) || D <- Dirs], ok.
del_path(NameOrDir) -> call({del_path, flat(NameOrDir)}).
replace_path(Name, Dir) -> call({replace_path, flat(Name), flat(Dir)}).

root_dir() -> call(root_dir).
lib_dir() -> filename:join(root_dir(), "lib").
lib_dir(App) -> call({lib_dir, flat(App)}).
lib_dir(App, SubDir) ->
    case lib_dir(App) of
        {error, _} = E -> E;
        Dir -> filename:join(Dir, flat(SubDir))
    end.
priv_dir(App) -> lib_dir(App, priv).

where_is_file(File) -> call({where_is_file, flat(File)}).
where_is_file(Path, File) -> code_server:where_is_file(Path, flat(File)).

objfile_extension() -> ".beam".

is_sticky(M) -> call({is_sticky, M}).
stick_mod(M) -> call({stick_mod, M}).
unstick_mod(M) -> call({unstick_mod, M}).
stick_dir(Dir) -> call({stick_dir, flat(Dir)}).
unstick_dir(Dir) -> call({unstick_dir, flat(Dir)}).

get_mode() -> interactive.
is_module_native(M) when is_atom(M) ->
    case erlang:module_loaded(M) of
        true -> false;
        false -> undefined
    end.
clash() -> ok.

flat(A) when is_atom(A) -> atom_to_list(A);
flat(B) when is_binary(B) -> binary_to_list(B);
flat(L) when is_list(L) -> lists:flatten(L).
