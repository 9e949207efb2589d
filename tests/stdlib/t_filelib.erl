%% filelib compared with OTP's on a scratch directory tree.
-module(t_filelib).
-export([run/0]).

run() ->
    Root = filename:join("/tmp", "ferl_t_filelib_" ++ os:getpid()),
    os:cmd("rm -rf " ++ Root),
    Files = ["x.erl", "y.erl", ".dot.erl", "a/z.erl", "a/b/w.erl", "a/b/c/v.erl",
             "d/q.txt", ".hid/h.erl", "e f/g h.txt", "k[1].erl", "m*n.txt", "b-c.erl"],
    [begin ok = filelib:ensure_dir(filename:join(Root, F)),
           ok = file:write_file(filename:join(Root, F), F) end || F <- Files],
    ok = file:make_dir(filename:join(Root, "empty")),
    {ok, Old} = file:get_cwd(),
    ok = file:set_cwd(Root),
    try tests(Root)
    after
        file:set_cwd(Old),
        os:cmd("rm -rf " ++ Root)
    end,
    ok.

c(F, Args) ->
    st:cmp({filelib, F, Args}, fun() -> apply(ferl_filelib, F, Args) end,
           fun() -> apply(filelib, F, Args) end).

tests(Root) ->
    Pats = ["*", "*.erl", "**/*.erl", "a/**/*.erl", "{a,d}/*", "[xy].erl", "[a-x].erl",
            "?.erl", "a", "nonexist", "a/b", "./*.erl", "*/", "a/*/", "a/../x.erl", "**",
            "a/**", "{x,y}.erl", "x.{erl,beam}", "[^x].erl", "\\*.erl", "*.{erl}", "**/c",
            ".*", "*/*.erl", "x.erl", "a//z.erl", "a/./z.erl", "./a/../a/z.erl", "*.erl/",
            "**/", "a/b/**/v.erl", "**/**/v.erl", "a/{b,b/c}/*.erl", "{a,a/b}/*.erl",
            "*{.erl,.txt}", "{*.erl,a}", "d/*.{txt,erl}", "[a-c,x]*", "[!x]*", "a*", "*a*",
            "{}", "a/{,b}", "a{,/b}", "[a", "{a", "a]", "a}", "[]x", "[z-a]*", "e f/*",
            "k\\[1\\].erl", "k[1].erl", "m\\*n.txt", "m*n.txt", "b[-]c.erl",
            "*/*/*", "**/*.txt", "empty/*", "empty", "*/", "../*/x.erl", "x.erl/*", "?", "??*",
            "*.[et]*", "{x,y,z}*", "{.,a}/*.erl", "/nonexistent_dir_ferl/*"],
    [c(wildcard, [P]) || P <- Pats],
    [c(wildcard, [P, Root ++ "/a"]) || P <- ["*.erl", "b/*.erl", "**", "../*.erl", "../a/*"]],
    c(wildcard, [Root ++ "/a/*.erl", "/"]),
    c(wildcard, [Root ++ "/**/*.txt"]),
    c(wildcard, [foo]),
    c(wildcard, [<<"*">>]),
    [[c(F, [N]) || F <- [is_dir, is_file, is_regular, file_size]]
     || N <- ["a", "x.erl", "nope", ".", "a/b/c", "d/q.txt", Root]],
    c(last_modified, ["nope"]),
    st:same(last_modified, ferl_filelib:last_modified("x.erl"), filelib:last_modified("x.erl")),
    Sorted = fun(L) when is_list(L) -> lists:sort(L); (X) -> X end,
    [st:cmp({fold_files, A}, Sorted,
            fun() -> apply(ferl_filelib, fold_files, A ++ [fun(F, Acc) -> [F | Acc] end, []]) end,
            fun() -> apply(filelib, fold_files, A ++ [fun(F, Acc) -> [F | Acc] end, []]) end)
     || A <- [[".", ".*\\.erl$", true], [".", "erl", false], [Root ++ "/a", "", true],
              ["nope", "", true], ["a", "^[vw]", true], ["a", "^[vw]", false]]],
    [c(safe_relative_path, [P, "."])
     || P <- ["a/b", "../a", "a/../b", "a/../../b", "/abs", "a/./b", ".", "", "a/..",
              <<"a/b">>, "a/b/", "./a", "a//b", <<"../x">>]],
    %% ensure_dir / ensure_path: each implementation in its own subdirectory
    E = fun(M) ->
                D = "ens_" ++ atom_to_list(M),
                R = [M:ensure_dir(D ++ "/n1/n2/f"), filelib:is_dir(D ++ "/n1/n2"),
                     M:ensure_dir("x.erl/f"), M:ensure_path(D ++ "/p1/p2"),
                     filelib:is_dir(D ++ "/p1/p2"), M:ensure_dir("a/z.erl"), M:ensure_dir("f"),
                     M:ensure_dir("x.erl/g/h"), M:ensure_path("x.erl"), M:ensure_path("a")],
                R
        end,
    st:same(ensure_dir, E(ferl_filelib), E(filelib)),
    ok.
