%% init: argument parsing against erl's observed results, and boots in child erl nodes
%% compared with erl's own boot of the same command line (output and exit status).
-module(t_init).
-export([run/0]).

run() ->
    {Flags, Plain, Cmds} = ferl_init:parse_args(["-noshell", "-eval", "X", "-foo", "a", "b",
                                                 "-foo", "c", "-s", "m", "f", "x", "-run", "m",
                                                 "-extra", "x", "y"]),
    st:same(init_plain, Plain, ["x", "y"]),
    st:same(init_foo, [Vs || {foo, Vs} <- Flags], [["a", "b"], ["c"]]),
    st:same(init_noshell, [Vs || {noshell, Vs} <- Flags], [[]]),
    st:same(init_cmds, Cmds, [{eval, "X"}, {s, m, {f, [x]}}, {run, m, {start, none}}]),
    Dir = filename:dirname(code:which(ferl_init)),
    Cases = [{"io:format(\"hi~n\"), STOP(3).", []},
             {"foo(", []},
             {"X = 1, X = 2.", []},
             {"io:format(\"~p~n\", [{INIT:get_plain_arguments(), INIT:get_argument(foo)}]), STOP().",
              ["-foo", "a", "b", "-foo", "c", "-extra", "p1", "p2"]}],
    [begin
         {OtpOut, OtpRc} = child(Dir, "erl -noshell -eval " ++ q(subst(E, "init")) ++ args(Extra), ""),
         Boot = lists:flatten(io_lib:format("~p", [["-noshell", "-eval", subst(E, "ferl_init") | Extra]])),
         {FerlOut, FerlRc} = child(Dir, "erl -noshell -noinput -eval " ++ q("ferl_init:boot(" ++ Boot ++ ")."), ""),
         st:same({init_boot, E}, {first_line(FerlOut), FerlRc}, {first_line(OtpOut), OtpRc})
     end || {E, Extra} <- Cases],
    {SOut, SRc} = child(Dir, "erl -noshell -noinput -eval " ++ q("ferl_init:boot([\"-s\", \"nomod\", \"nofun\", \"a\", \"b\"])."), ""),
    {OOut, ORc} = child(Dir, "erl -noshell -s nomod nofun a b", ""),
    st:same(init_s_undef, {first_line(SOut), SRc}, {first_line(OOut), ORc}),
    ok.

subst(E, Init) ->
    S1 = re:replace(E, "STOP", Init ++ ":stop", [global, {return, list}]),
    re:replace(S1, "INIT", Init, [global, {return, list}]).

args(L) -> lists:flatten([[" ", A] || A <- L]).

q(S) -> "'" ++ S ++ "'".

%% The first line, cut before the stack trace (its frames are the implementation's).
first_line(Out) ->
    L = hd(string:split(Out ++ "\n", "\n")),
    hd(string:split(L, ",[{")).

child(Dir, Cmd, _) ->
    Full = "cd " ++ Dir ++ " && timeout 20 " ++ re:replace(Cmd, "^erl ", "erl -pa " ++ Dir ++ " ", [{return, list}]) ++ " 2>/dev/null; echo \"RC=$?\"",
    Out = os:cmd(Full),
    [Rc | RevLines] = lists:reverse(string:split(string:trim(Out, trailing), "\n", all)),
    {lists:flatten(lists:join("\n", lists:reverse(RevLines))), Rc}.
