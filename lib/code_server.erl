%% code_server: the process behind the code module (Ferl's own implementation).
%%
%% A gen_server registered as code_server. Its state: the code path (starting with
%% "."), the file each module was loaded from and the MD5 of the binary loaded (for
%% module_status/1), and the sticky modules. Loading uses erlang:load_module/2; purging
%% kills, with exit(Pid, kill), every process for which erlang:check_process_code/2 is
%% true, waits for them to die, then calls erlang:purge_module/1.
-module(code_server).
-behaviour(gen_server).

-export([start/0, start_link/0, where_is_file/2]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

-record(st, {path = ["."], files = #{}, md5 = #{}, sticky = [], root = "/"}).

start() ->
    case gen_server:start({local, ?MODULE}, ?MODULE, [], []) of
        {ok, Pid} -> {ok, Pid};
        {error, {already_started, Pid}} -> {ok, Pid}
    end.

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    Root = case catch init:get_argument(root) of
               {ok, [[R | _] | _]} -> R;
               _ -> "/"
           end,
    {ok, #st{root = Root, sticky = erlang:pre_loaded()}}.

handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.

%% ---------------------------------------------------------------- loading

handle_call({load_file, M}, _From, S) ->
    case sticky(M, S) of
        true -> {reply, sticky_error(M), S};
        false ->
            case find_object(M, S) of
                {ok, File, Bin} -> try_load(M, File, Bin, S);
                error -> {reply, {error, nofile}, S}
            end
    end;
handle_call({load_abs, Path, M}, _From, S) ->
    File = filename:absname(Path ++ ".beam"),
    case sticky(M, S) of
        true -> {reply, sticky_error(M), S};
        false ->
            case file:read_file(File) of
                {ok, Bin} -> try_load(M, File, Bin, S);
                _ -> {reply, {error, nofile}, S}
            end
    end;
handle_call({load_binary, M, File, Bin}, _From, S) ->
    case sticky(M, S) of
        true -> {reply, sticky_error(M), S};
        false ->
            do_purge(M),
            try_load(M, File, Bin, S)
    end;
handle_call({ensure_loaded, M}, From, S) ->
    case erlang:module_loaded(M) of
        true -> {reply, {module, M}, S};
        false -> handle_call({load_file, M}, From, S)
    end;
handle_call({purge, M}, _From, S) -> {reply, do_purge(M), S};
handle_call({soft_purge, M}, _From, S) ->
    case erlang:check_old_code(M) of
        false -> {reply, true, S};
        true ->
            case [P || P <- processes(), uses_old(P, M)] of
                [] ->
                    catch erlang:purge_module(M),
                    {reply, true, S};
                _ -> {reply, false, S}
            end
    end;
handle_call({delete, M}, _From, S) ->
    case {erlang:check_old_code(M), erlang:module_loaded(M)} of
        {true, _} ->
            error_msg("Module ~w must be purged before deleting~n", [M]),
            {reply, false, S};
        {false, false} -> {reply, false, S};
        {false, true} ->
            case catch erlang:delete_module(M) of
                true -> {reply, true, forget(M, S)};
                _ -> {reply, false, S}
            end
    end;

%% ---------------------------------------------------------------- queries

handle_call({is_loaded, M}, _From, S) ->
    Reply = case erlang:module_loaded(M) of
                false -> false;
                true -> {file, loaded_file(M, S)}
            end,
    {reply, Reply, S};
handle_call({which, M}, _From, S) ->
    Reply = case erlang:module_loaded(M) of
                true -> loaded_file(M, S);
                false ->
                    case find_file(atom_to_list(M) ++ ".beam", S#st.path) of
                        {ok, F} -> F;
                        error -> non_existing
                    end
            end,
    {reply, Reply, S};
handle_call({get_object_code, M}, _From, S) ->
    case find_object(M, S) of
        {ok, File, Bin} -> {reply, {M, Bin, File}, S};
        error -> {reply, error, S}
    end;
handle_call({module_status, M}, _From, S) -> {reply, status(M, S), S};
handle_call(modified_modules, _From, S) ->
    {reply, [M || M <- maps:keys(S#st.files), status(M, S) =:= modified], S};
handle_call(all_loaded, _From, S) ->
    {reply, [{M, loaded_file(M, S)} || M <- erlang:loaded(), erlang:module_loaded(M)], S};
handle_call(all_available, _From, S) ->
    OnPath = lists:usort([{filename:basename(F, ".beam"), filename:join(D, F), false}
                          || D <- S#st.path, {ok, Fs} <- [file:list_dir(D)],
                             F <- Fs, filename:extension(F) =:= ".beam"]),
    Loaded = [{atom_to_list(M), loaded_file(M, S), true} || M <- erlang:loaded()],
    Names = [N || {N, _, _} <- Loaded],
    {reply, Loaded ++ [X || {N, _, _} = X <- OnPath, not lists:member(N, Names)], S};

%% ---------------------------------------------------------------- atomic loading

handle_call({prepare_loading, Ms}, _From, S) ->
    Items = [prepare_one(M, S) || M <- Ms],
    case [{M, E} || {error, M, E} <- Items] of
        [] -> {reply, {ok, {'$prepared', [I || {ok, _, _, _} = I <- Items]}}, S};
        Errors -> {reply, {error, Errors}, S}
    end;
handle_call({finish_loading, {'$prepared', Items}}, _From, S) ->
    Errors = [{M, not_purged} || {ok, M, _, _} <- Items, erlang:check_old_code(M)],
    case Errors of
        [] ->
            S1 = lists:foldl(fun({ok, M, File, Bin}, Acc) ->
                                     case erlang:load_module(M, Bin) of
                                         {module, M} -> remember(M, File, Bin, Acc);
                                         _ -> Acc
                                     end
                             end, S, Items),
            {reply, ok, S1};
        _ -> {reply, {error, Errors}, S}
    end;
handle_call({finish_loading, _}, _From, S) -> {reply, {error, badarg}, S};

%% ---------------------------------------------------------------- path

handle_call(get_path, _From, S) -> {reply, S#st.path, S};
handle_call({set_path, Path}, _From, S) ->
    case lists:all(fun is_dir/1, Path) of
        true -> {reply, true, S#st{path = Path}};
        false -> {reply, {error, bad_directory}, S}
    end;
handle_call({add_path, Where, Dir}, _From, S) ->
    case is_dir(Dir) of
        true ->
            Rest = lists:delete(Dir, S#st.path),
            Path = case Where of
                       first -> [Dir | Rest];
                       last -> Rest ++ [Dir]
                   end,
            {reply, true, S#st{path = Path}};
        false -> {reply, {error, bad_directory}, S}
    end;
handle_call({del_path, NameOrDir}, _From, S) ->
    Match = fun(D) -> D =:= NameOrDir orelse app_name(D) =:= NameOrDir end,
    case lists:partition(Match, S#st.path) of
        {[], _} -> {reply, false, S};
        {_, Rest} -> {reply, true, S#st{path = Rest}}
    end;
handle_call({replace_path, Name, Dir}, _From, S) ->
    case is_dir(Dir) of
        false -> {reply, {error, bad_directory}, S};
        true ->
            case lists:any(fun(D) -> app_name(D) =:= Name end, S#st.path) of
                true ->
                    Path = [case app_name(D) =:= Name of true -> Dir; false -> D end
                            || D <- S#st.path],
                    {reply, true, S#st{path = Path}};
                false -> {reply, {error, bad_name}, S}
            end
    end;
handle_call(root_dir, _From, S) -> {reply, S#st.root, S};
handle_call({lib_dir, App}, _From, S) ->
    Dirs = [filename:dirname(D) || D <- S#st.path, app_name(D) =:= App],
    case Dirs of
        [Dir | _] -> {reply, Dir, S};
        [] -> {reply, {error, bad_name}, S}
    end;
handle_call({where_is_file, File}, _From, S) ->
    {reply, where_is_file(S#st.path, File), S};
handle_call({is_sticky, M}, _From, S) -> {reply, sticky(M, S), S};
handle_call({stick_mod, M}, _From, S) ->
    {reply, true, S#st{sticky = [M | lists:delete(M, S#st.sticky)]}};
handle_call({unstick_mod, M}, _From, S) ->
    {reply, true, S#st{sticky = lists:delete(M, S#st.sticky)}};
handle_call({stick_dir, _}, _From, S) -> {reply, ok, S};
handle_call({unstick_dir, _}, _From, S) -> {reply, ok, S}.

%% ---------------------------------------------------------------- helpers

try_load(M, File, Bin, S) ->
    case erlang:load_module(M, Bin) of
        {module, M} -> {reply, {module, M}, remember(M, File, Bin, S)};
        {error, Reason} = E ->
            error_msg("Loading of ~ts failed: ~p~n", [File, Reason]),
            {reply, E, S}
    end.

remember(M, File, Bin, S) ->
    S#st{files = (S#st.files)#{M => File}, md5 = (S#st.md5)#{M => erlang:md5(Bin)}}.

forget(M, S) ->
    S#st{files = maps:remove(M, S#st.files), md5 = maps:remove(M, S#st.md5)}.

loaded_file(M, S) ->
    case S#st.files of
        #{M := F} -> F;
        _ ->
            case lists:member(M, erlang:pre_loaded()) of
                true -> preloaded;
                false -> ""
            end
    end.

sticky(M, S) -> lists:member(M, S#st.sticky).

sticky_error(M) ->
    error_msg("Can't load module '~w' that resides in sticky dir~n", [M]),
    {error, sticky_directory}.

error_msg(Fmt, Args) -> error_logger:error_msg(Fmt, Args).

find_object(M, S) ->
    case find_file(atom_to_list(M) ++ ".beam", S#st.path) of
        {ok, File} ->
            case file:read_file(File) of
                {ok, Bin} -> {ok, File, Bin};
                _ -> error
            end;
        error -> error
    end.

find_file(Name, [Dir | Dirs]) ->
    F = filename:join(Dir, Name),
    case file:read_file_info(F) of
        {ok, _} -> {ok, filename:absname(F)};
        _ -> find_file(Name, Dirs)
    end;
find_file(_, []) -> error.

where_is_file(Path, File) ->
    case find_file(File, Path) of
        {ok, F} -> F;
        error -> non_existing
    end.

is_dir(D) ->
    case file:list_dir(D) of
        {ok, _} -> true;
        _ -> false
    end.

%% "/x/lib/foo-1.0/ebin" -> "foo"
app_name(Dir) ->
    case filename:basename(Dir) of
        "ebin" ->
            Base = filename:basename(filename:dirname(Dir)),
            hd(string:split(Base, "-"));
        Base -> Base
    end.

status(M, S) ->
    case erlang:module_loaded(M) of
        false -> not_loaded;
        true ->
            case {S#st.files, S#st.md5} of
                {#{M := File}, #{M := Md5}} when is_list(File) ->
                    case file:read_file(File) of
                        {ok, Bin} ->
                            case erlang:md5(Bin) of
                                Md5 -> loaded;
                                _ -> modified
                            end;
                        _ -> removed
                    end;
                _ -> loaded
            end
    end.

prepare_one(Item, S) ->
    {M, Obj} = case Item of
                   {Mod, File, Bin} when is_atom(Mod), is_binary(Bin) -> {Mod, {ok, File, Bin}};
                   Mod when is_atom(Mod) -> {Mod, find_object(Mod, S)}
               end,
    case {sticky(M, S), Obj} of
        {true, _} -> {error, M, sticky_directory};
        {false, error} -> {error, M, nofile};
        {false, {ok, File1, Bin1}} ->
            case erlang:check_old_code(M) of
                true -> {error, M, not_purged};
                false -> {ok, M, File1, Bin1}
            end
    end.

%% Kill every process that runs old code of M, then purge. True if anyone was killed.
do_purge(M) ->
    case erlang:check_old_code(M) of
        false -> false;
        true ->
            Users = [P || P <- processes(), P =/= self(), uses_old(P, M)],
            Refs = [{P, erlang:monitor(process, P)} || P <- Users],
            [exit(P, kill) || P <- Users],
            [receive {'DOWN', R, process, P, _} -> ok end || {P, R} <- Refs],
            catch erlang:purge_module(M),
            Users =/= []
    end.

uses_old(P, M) ->
    try erlang:check_process_code(P, M)
    catch _:_ -> false
    end.
