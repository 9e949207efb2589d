-module(t_filename).
-export([run/0]).

c(F, Args) ->
    st:cmp({filename, F, Args}, fun() -> apply(ferl_filename, F, Args) end,
           fun() -> apply(filename, F, Args) end).

names() ->
    ["", "/", "//", "a", "a/", "/a", "a/b", "a//b", "/a/b/", "a/b.c", "a.b/c", "a/b.c.d",
     ".bashrc", "a/.bashrc", "..", "../a", "./a", "a/./b", "a/../b", "/usr/lib/x.erl",
     "foo.", "x.tar.gz", 'atom/name.e', <<"bin/x.erl">>, <<"/b">>, ["dee", ["p/", x], ".erl"],
     "a///", "./a", "././a", "a//b", "//a", "a/b//", "a/.b", "a/.b.c", ".", "./", "a/.", "./a/.", "a/./"].

run() ->
    [begin
         [c(F, [N]) || F <- [basename, dirname, extension, rootname, split, flatten,
                            pathtype, nativename]],
         c(basename, [N, ".erl"]), c(basename, [N, ".c"]), c(rootname, [N, ".erl"]),
         c(absname, [N, "/tmp"]), c(absname, [N, <<"/tmp/">>]),
         [c(join, [N, M]) || M <- names(), M =/= "", N =/= ""],
         c(join, [[N, "x", "y"] -- [""]])
     end || N <- names()],
    [c(basedir, [T, A]) || T <- [user_cache, user_config, user_data, user_log, site_config,
                                  site_data, foo], A <- ["myapp", <<"myapp">>]],
    [c(basedir, [T, "myapp", #{version => "1.2"}]) || T <- [user_cache, user_log, site_data]],
    ok.
