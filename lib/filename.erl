%% filename: manipulating file names (Ferl's own implementation, Unix conventions).
%%
%% API: absname/1,2, absname_join/2, basename/1,2, dirname/1, extension/1, flatten/1,
%% join/1,2, nativename/1, pathtype/1, rootname/1,2, split/1, basedir/2,3 (the Linux
%% (XDG) directories: $XDG_CACHE_HOME, $XDG_CONFIG_HOME, $XDG_DATA_HOME,
%% $XDG_CONFIG_DIRS, $XDG_DATA_DIRS or their defaults under $HOME; option version).
%% Names are strings, atoms, deep lists or binaries; a binary anywhere makes the result a
%% binary, as in OTP. Not covered: Windows drive letters, basedir's os and author
%% options (always Linux), find_src/1,2.
-module(filename).

-export([absname/1, absname/2, absname_join/2, basename/1, basename/2, dirname/1,
         extension/1, flatten/1, join/1, join/2, nativename/1, pathtype/1, rootname/1,
         rootname/2, split/1, basedir/2, basedir/3]).

%% ---------------------------------------------------------------- conversions

flatten(B) when is_binary(B) -> B;
flatten(A) when is_atom(A) -> atom_to_list(A);
flatten(L) when is_list(L) -> flat_list(L).

%% Binaries inside a deep list stay as elements, as in OTP.
flat_list([H | T]) when is_integer(H) -> [H | flat_list(T)];
flat_list([H | T]) when is_atom(H) -> atom_to_list(H) ++ flat_list(T);
flat_list([H | T]) when is_list(H) -> flat_list(H) ++ flat_list(T);
flat_list([H | T]) -> [H | flat_list(T)];
flat_list([]) -> [].

%% Work on a character list, give back the input's type.
chars(N) ->
    case flatten(N) of
        B when is_binary(B) -> {bin, binary_to_list(B)};
        L ->
            case lists:all(fun erlang:is_integer/1, L) of
                true -> {list, L};
                false -> erlang:error(function_clause)
            end
    end.

back(bin, L) -> list_to_binary(L);
back(list, L) -> L.

%% ---------------------------------------------------------------- the functions

pathtype(N) ->
    case element(2, chars(N)) of
        [$/ | _] -> absolute;
        _ -> relative
    end.

join([Name]) ->
    {T, L} = chars(Name),
    back(T, normalize(L));
join([N1, N2 | Rest]) -> join([join(N1, N2) | Rest]).

join(A, B) ->
    {Ta, La} = chars(A),
    {Tb, Lb} = chars(B),
    T = case Ta =:= bin orelse Tb =:= bin of
            true -> bin;
            false -> list
        end,
    L = case Lb of
            [$/ | _] -> normalize(Lb);
            _ -> normalize(La ++ "/" ++ Lb)
        end,
    back(T, L).

%% Collapse repeated slashes and "/./", drop a trailing slash (but keep "/"); a leading
%% "./" of a relative name stays (once).
normalize([$/ | T]) ->
    case norm_rest(drop_dot_slashes(drop_slashes(T))) of
        [] -> "/";
        R -> [$/ | R]
    end;
normalize([$., $/ | T]) ->
    case norm_rest(drop_dot_slashes(drop_slashes(T))) of
        [] -> ".";
        R -> [$., $/ | R]
    end;
normalize(L) -> norm_rest(L).

norm_rest([$/, $/ | T]) -> norm_rest([$/ | T]);
norm_rest([$/, $., $/ | T]) -> norm_rest([$/ | T]);
norm_rest([$/]) -> [];
norm_rest([C | T]) -> [C | norm_rest(T)];
norm_rest([]) -> [].

drop_slashes([$/ | T]) -> drop_slashes(T);
drop_slashes(T) -> T.

drop_dot_slashes([$., $/ | T]) -> drop_dot_slashes(drop_slashes(T));
drop_dot_slashes(T) -> T.

split(N) ->
    {T, L} = chars(N),
    Parts = case L of
                [$/ | R] -> ["/" | components(R)];
                _ -> components(L)
            end,
    [back(T, P) || P <- Parts].

components(L) -> [C || C <- string:lexemes(L, "/"), C =/= []].

basename(N) ->
    {T, L} = chars(N),
    back(T, basename_l(L)).

%% The part after the last slash, ignoring one trailing slash.
basename_l(L) ->
    L1 = case lists:reverse(L) of
             [$/ | R] -> lists:reverse(R);
             _ -> L
         end,
    lists:reverse(lists:takewhile(fun(C) -> C =/= $/ end, lists:reverse(L1))).

basename(N, Ext) ->
    {T, L} = chars(N),
    {_, E} = chars(Ext),
    B = basename_l(L),
    back(T, case lists:suffix(E, B) andalso B =/= E of
                true -> lists:sublist(B, length(B) - length(E));
                false when B =:= E, E =/= [] -> [];
                false -> B
            end).

dirname(N) ->
    {T, L} = chars(N),
    back(T, dirname_l(L)).

dirname_l(L) ->
    case lists:splitwith(fun(C) -> C =/= $/ end, lists:reverse(L)) of
        {_, []} -> ".";
        {_, [$/ | Dir]} ->
            case lists:dropwhile(fun(C) -> C =:= $/ end, Dir) of
                [] -> "/";
                D -> normalize(lists:reverse(D))
            end
    end.

extension(N) ->
    {T, L} = chars(N),
    B = basename_l(L),
    back(T, case string:rchr(B, $.) of
                0 -> [];
                1 -> [];
                I -> lists:nthtail(I - 1, B)
            end).

rootname(N) ->
    {T, L} = chars(N),
    {RevBase, RevDir} = lists:splitwith(fun(C) -> C =/= $/ end, lists:reverse(L)),
    back(T, case lists:splitwith(fun(C) -> C =/= $. end, RevBase) of
                {_, [$. | RevRoot]} when RevRoot =/= []; RevDir =:= [] ->
                    lists:reverse(RevDir, lists:reverse(RevRoot));
                _ -> L
            end).

rootname(N, Ext) ->
    {T, L} = chars(N),
    {_, E} = chars(Ext),
    back(T, case lists:suffix(E, L) of
                true -> lists:sublist(L, length(L) - length(E));
                false -> L
            end).

absname(N) ->
    {ok, Cwd} = file:get_cwd(),
    absname(N, Cwd).

absname(N, Dir) ->
    case pathtype(N) of
        absolute when is_binary(Dir) -> join(<<>>, N);
        absolute -> join([N]);
        relative -> absname_join(Dir, N)
    end.

absname_join(Dir, N) -> join(Dir, N).

nativename(N) ->
    {T, L} = chars(N),
    back(T, normalize(L)).


%% ---------------------------------------------------------------- basedir

basedir(Type, App) -> basedir(Type, App, #{}).

basedir(Type, App, Opts) when is_binary(App) ->
    case basedir(Type, binary_to_list(App), Opts) of
        L when is_list(L), is_list(hd(L)) -> [list_to_binary(D) || D <- L];
        D -> list_to_binary(D)
    end;
basedir(Type, App, Opts) when is_list(App), is_map(Opts) ->
    Version = case Opts of
                  #{version := V} -> [flatten(V)];
                  _ -> []
              end,
    Home = case os:getenv("HOME") of
               false -> "/";
               H -> H
           end,
    Env = fun(Var, Default) ->
                  case os:getenv(Var) of
                      false -> Default;
                      "" -> Default;
                      V1 -> V1
                  end
          end,
    Dir = fun(Base) -> join([Base, App | Version]) end,
    case Type of
        user_cache -> Dir(Env("XDG_CACHE_HOME", join(Home, ".cache")));
        user_config -> Dir(Env("XDG_CONFIG_HOME", join(Home, ".config")));
        user_data -> Dir(Env("XDG_DATA_HOME", join(Home, ".local/share")));
        user_log -> join(Dir(Env("XDG_CACHE_HOME", join(Home, ".cache"))), "log");
        site_config ->
            [Dir(D) || D <- string:lexemes(Env("XDG_CONFIG_DIRS", "/etc/xdg"), ":")];
        site_data ->
            [Dir(D) || D <- string:lexemes(Env("XDG_DATA_DIRS", "/usr/local/share/:/usr/share/"), ":")]
    end.
