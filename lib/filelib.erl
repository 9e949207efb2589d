%% filelib: file name wildcards and file utilities (Ferl's own implementation).
%%
%% API (OTP 25): wildcard/1,2,3, is_dir/1,2, is_file/1,2, is_regular/1,2, file_size/1,2,
%% last_modified/1,2, ensure_dir/1, ensure_path/1, fold_files/5,6,
%% safe_relative_path/2.
%% Wildcards, as erl's: a pattern is split at "/" (empty and "." components dropped);
%% within a component `?` is one character, `*` any characters (dot files included),
%% `[a,b-d]` one character of a set (no negation), `{p1,p2}` alternatives (which may
%% hold wildcards but no "/"), `\c` a literal c; a whole component `**` is any number of
%% directories. The result is sorted, relative when the pattern is; literal components
%% are kept as written ("a/../x" stays). An unterminated `{` raises
%% {badpattern, missing_delimiter}.
%% fold_files visits directory entries in file:list_dir/1 order.
%% Not covered: find_file/2,3, find_source/1,2,3; safe_relative_path/2 does not resolve
%% symbolic links.
%% Native: file:list_dir/1, file:read_file_info/1, file:make_dir/1, re:compile/2,
%% re:run/3 (Mod:list_dir/1 and Mod:read_file_info/1 for the /2,/3 variants).
-module(filelib).

-export([wildcard/1, wildcard/2, wildcard/3, is_dir/1, is_dir/2, is_file/1, is_file/2,
         is_regular/1, is_regular/2, file_size/1, file_size/2, last_modified/1,
         last_modified/2, ensure_dir/1, ensure_path/1, fold_files/5, fold_files/6,
         safe_relative_path/2]).

%% ---------------------------------------------------------------- file facts

info(Name, Mod) ->
    case Mod:read_file_info(Name) of
        {ok, Info} -> Info;
        _ -> none
    end.

%% #file_info{}: size is element 2, type 3, mtime 6.
is_dir(Name) -> is_dir(Name, file).
is_dir(Name, Mod) -> type(Name, Mod) =:= directory.

is_file(Name) -> is_file(Name, file).
is_file(Name, Mod) -> lists:member(type(Name, Mod), [regular, directory]).

is_regular(Name) -> is_regular(Name, file).
is_regular(Name, Mod) -> type(Name, Mod) =:= regular.

type(Name, Mod) ->
    case info(Name, Mod) of
        none -> none;
        I -> element(3, I)
    end.

file_size(Name) -> file_size(Name, file).
file_size(Name, Mod) ->
    case info(Name, Mod) of
        none -> 0;
        I -> element(2, I)
    end.

last_modified(Name) -> last_modified(Name, file).
last_modified(Name, Mod) ->
    case info(Name, Mod) of
        none -> 0;
        I -> element(6, I)
    end.

%% ---------------------------------------------------------------- directories

ensure_dir(Name) ->
    Dir = filename:dirname(Name),
    case is_dir(Dir) of
        true -> ok;
        false -> make_dirs(Dir)
    end.

ensure_path(Path) ->
    case is_dir(Path) of
        true -> ok;
        false -> make_dirs(Path)
    end.

make_dirs(Dir) ->
    case file:make_dir(Dir) of
        ok -> ok;
        {error, eexist} ->
            case is_dir(Dir) of
                true -> ok;
                false -> {error, eexist}
            end;
        {error, enoent} ->
            Parent = filename:dirname(Dir),
            case Parent =:= Dir of
                true -> {error, enoent};
                false ->
                    case make_dirs(Parent) of
                        ok ->
                            case file:make_dir(Dir) of
                                {error, eexist} -> ok;
                                R -> R
                            end;
                        E -> E
                    end
            end;
        E -> E
    end.

fold_files(Dir, RegExp, Recursive, Fun, Acc) ->
    fold_files(Dir, RegExp, Recursive, Fun, Acc, file).

fold_files(Dir, RegExp, Recursive, Fun, Acc, Mod) ->
    {ok, Re} = re:compile(RegExp, [unicode]),
    fold_dir(Dir, Re, Recursive, Fun, Acc, Mod).

fold_dir(Dir, Re, Recursive, Fun, Acc, Mod) ->
    case Mod:list_dir(Dir) of
        {ok, Names} -> fold_names(Names, Dir, Re, Recursive, Fun, Acc, Mod);
        _ -> Acc
    end.

fold_names([], _, _, _, _, Acc, _) -> Acc;
fold_names([N | Ns], Dir, Re, Recursive, Fun, Acc, Mod) ->
    Full = filename:join(Dir, N),
    Acc1 = case is_dir(Full, Mod) of
               true when Recursive -> fold_dir(Full, Re, Recursive, Fun, Acc, Mod);
               true -> Acc;
               false ->
                   case re:run(N, Re, [{capture, none}]) of
                       match -> Fun(Full, Acc);
                       nomatch -> Acc
                   end
           end,
    fold_names(Ns, Dir, Re, Recursive, Fun, Acc1, Mod).

%% ---------------------------------------------------------------- safe_relative_path

safe_relative_path(Path, _Cwd) when is_binary(Path) ->
    case safe_relative_path(unicode:characters_to_list(Path), _Cwd) of
        unsafe -> unsafe;
        P -> unicode:characters_to_binary(P)
    end;
safe_relative_path(Path, _Cwd) ->
    case filename:pathtype(Path) of
        relative -> safe_parts(filename:split(Path), []);
        _ -> unsafe
    end.

safe_parts([], []) -> [];
safe_parts([], Acc) -> filename:join(lists:reverse(Acc));
safe_parts(["." | Ps], Acc) -> safe_parts(Ps, Acc);
safe_parts([".." | _], []) -> unsafe;
safe_parts([".." | Ps], [_ | Acc]) -> safe_parts(Ps, Acc);
safe_parts([P | Ps], Acc) -> safe_parts(Ps, [P | Acc]).

%% ---------------------------------------------------------------- wildcards

wildcard(Pattern) when is_list(Pattern) -> wildcard(Pattern, ".", file).

wildcard(Pattern, Cwd) when is_list(Pattern), is_list(Cwd); is_list(Pattern), is_binary(Cwd) ->
    wildcard(Pattern, Cwd, file);
wildcard(Pattern, Mod) when is_list(Pattern), is_atom(Mod) ->
    wildcard(Pattern, ".", Mod).

wildcard(Pattern, Cwd0, Mod) when is_list(Pattern) ->
    Cwd = case is_binary(Cwd0) of
              true -> unicode:characters_to_list(Cwd0);
              false -> Cwd0
          end,
    Flat = lists:flatten(Pattern),
    Comps = try compile(Flat)
            catch throw:missing_delimiter -> erlang:error({badpattern, missing_delimiter})
            end,
    Found = case Flat of
                [$/ | _] -> walk("/", "/", Comps, Mod);
                _ -> walk("", Cwd, Comps, Mod)
            end,
    lists:usort(Found).

%% Components: {lit, Name} | {pat, Tokens} | dstar.
compile(P) ->
    [C || S <- split_slash(P, [], []), S =/= "", S =/= ".", C <- [component(S)]].

split_slash([], Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]);
split_slash([$\\, C | T], Cur, Acc) -> split_slash(T, [C, $\\ | Cur], Acc);
split_slash([${ | T], Cur, Acc) ->
    %% an alternative may not hold "/"
    {Inside, Rest} = brace_text(T, 1, [${]),
    split_slash(Rest, lists:reverse(Inside, Cur), Acc);
split_slash([$/ | T], Cur, Acc) -> split_slash(T, [], [lists:reverse(Cur) | Acc]);
split_slash([C | T], Cur, Acc) -> split_slash(T, [C | Cur], Acc).

brace_text([], _, _) -> throw(missing_delimiter);
brace_text([$/ | _], _, _) -> throw(missing_delimiter);
brace_text([$\\, C | T], D, Acc) -> brace_text(T, D, [C, $\\ | Acc]);
brace_text([$} | T], 1, Acc) -> {lists:reverse([$} | Acc]), T};
brace_text([$} | T], D, Acc) -> brace_text(T, D - 1, [$} | Acc]);
brace_text([${ | T], D, Acc) -> brace_text(T, D + 1, [${ | Acc]);
brace_text([C | T], D, Acc) -> brace_text(T, D, [C | Acc]).

component("**") -> dstar;
component(S) ->
    Toks = tokens(S),
    case [T || T <- Toks, not is_integer(T)] of
        [] -> {lit, Toks};
        _ -> {pat, Toks}
    end.

%% Tokens: Char | any | star | {class, [{Lo, Hi}]} | {alt, [Tokens]}.
tokens([]) -> [];
tokens([$\\, C | T]) -> [C | tokens(T)];
tokens([$? | T]) -> [any | tokens(T)];
tokens([$* | T]) -> [star | tokens(T)];
tokens([$[ | T] = S) ->
    case class(T, []) of
        {Ranges, Rest} -> [{class, Ranges} | tokens(Rest)];
        none -> [hd(S) | tokens(T)]
    end;
tokens([${ | T]) ->
    {Alts, Rest} = alts(T, [], [], 0),
    [{alt, [tokens(A) || A <- Alts]} | tokens(Rest)];
tokens([C | T]) -> [C | tokens(T)].

class([], _) -> none;
class([$] | T], Acc) -> {lists:reverse(Acc), T};
class([$, | T], Acc) -> class(T, Acc);
class([$\\, C | T], Acc) -> class(T, [{C, C} | Acc]);
class([A, $-, B | T], Acc) when B =/= $] ->
    case A =< B of
        true -> class(T, [{A, B} | Acc]);
        false -> class(T, [{A, A}, {B, B} | Acc])
    end;
class([C | T], Acc) -> class(T, [{C, C} | Acc]).

%% The alternatives of a brace (the text after "{"), split at top-level commas.
alts([], _, _, _) -> throw(missing_delimiter);
alts([$\\, C | T], Cur, Acc, D) -> alts(T, [C, $\\ | Cur], Acc, D);
alts([$} | T], Cur, Acc, 0) -> {lists:reverse([lists:reverse(Cur) | Acc]), T};
alts([$} | T], Cur, Acc, D) -> alts(T, [$} | Cur], Acc, D - 1);
alts([${ | T], Cur, Acc, D) -> alts(T, [${ | Cur], Acc, D + 1);
alts([$, | T], Cur, Acc, 0) -> alts(T, [], [lists:reverse(Cur) | Acc], 0);
alts([C | T], Cur, Acc, D) -> alts(T, [C | Cur], Acc, D).

match([], []) -> true;
match([star | Ts], Cs) -> match_star(Ts, Cs);
match([{alt, Alts} | Ts], Cs) -> lists:any(fun(A) -> match(A ++ Ts, Cs) end, Alts);
match(_, []) -> false;
match([any | Ts], [_ | Cs]) -> match(Ts, Cs);
match([{class, Rs} | Ts], [C | Cs]) ->
    lists:any(fun({Lo, Hi}) -> C >= Lo andalso C =< Hi end, Rs) andalso match(Ts, Cs);
match([C | Ts], [C | Cs]) -> match(Ts, Cs);
match(_, _) -> false.

match_star(Ts, Cs) ->
    match(Ts, Cs) orelse
        case Cs of
            [] -> false;
            [_ | Rest] -> match_star(Ts, Rest)
        end.

join("", N) -> N;
join("/", N) -> [$/ | N];
join(D, N) -> D ++ [$/ | N].

fs_join(F, N) -> filename:join(F, N).

list(Fs, Mod) ->
    case Mod:list_dir(Fs) of
        {ok, Names} -> Names;
        _ -> []
    end.

walk(_, _, [], _) -> [];
walk(D, F, [{lit, Name}], Mod) ->
    Fs = fs_join(F, Name),
    case info(Fs, Mod) of
        none -> [];
        _ -> [join(D, Name)]
    end;
walk(D, F, [{lit, Name} | Rest], Mod) ->
    walk(join(D, Name), fs_join(F, Name), Rest, Mod);
walk(D, F, [{pat, Toks} | Rest], Mod) ->
    lists:append([case Rest of
                      [] -> [join(D, N)];
                      _ -> walk(join(D, N), fs_join(F, N), Rest, Mod)
                  end || N <- list(F, Mod), match(Toks, N)]);
walk(D, F, [dstar | Rest], Mod) ->
    Here = case Rest of
               [] -> [];
               _ -> walk(D, F, Rest, Mod)
           end,
    Here ++ lists:append([dstar_entry(join(D, N), fs_join(F, N), Rest, Mod) || N <- list(F, Mod)]).

dstar_entry(D, F, Rest, Mod) ->
    Self = case Rest of
               [] -> [D];
               _ -> []
           end,
    Sub = case is_dir(F, Mod) of
              true -> walk(D, F, [dstar | Rest], Mod);
              false -> []
          end,
    Self ++ Sub.
