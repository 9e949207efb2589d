%% The user io server: a child erl runs the same script against erl's own `user` and
%% against ferl_user (started under another name), with the same stdin; their standard
%% outputs must be identical.
-module(t_user).
-export([run/0]).

script() ->
    "io:format(S, \"~ts|~s|~p~n\", [\"日本\", \"é\", {a, \"b\"}]),"
    "io:put_chars(S, \"é日\\n\"), io:put_chars(S, <<\"é\"/utf8>>), io:nl(S),"
    "io:put_chars(S, [<<\"ab\">>, $c, \"d\\n\"]),"
    "io:format(S, \"~p~n\", [try io:put_chars(S, [-1]) catch C1:R1 -> {C1, R1} end]),"
    "io:format(S, \"~p~n\", [try io:format(S, \"~w\", []) catch C2:R2 -> {C2, R2} end]),"
    "L = io:get_line(S, \"p> \"), io:format(S, \"~p~n\", [L]),"
    "C = io:get_chars(S, \"c> \", 3), io:format(S, \"~p~n\", [C]),"
    "R = io:read(S, \"r> \"), io:format(S, \"~p~n\", [R]),"
    "F = io:fread(S, \"f> \", \"~d ~a\"), io:format(S, \"~p~n\", [F]),"
    "B = io:get_line(S, \"\"), io:format(S, \"~p~n\", [B]),"
    "io:format(S, \"~p~n\", [io:getopts(S)]),"
    "ok = io:setopts(S, [{encoding, unicode}, list]), io:format(S, \"~ts~n\", [\"日本\"]),"
    "U = io:get_line(S, \"\"), io:format(S, \"~w~n\", [U]),"
    "io:format(S, \"~p~n\", [io:columns(S)]),"
    "io:format(S, \"~p~n\", [io:request(S, {requests, [{put_chars, unicode, \"x\"}, {put_chars, unicode, \"y\\n\"}]})]),"
    "io:format(S, \"~p~n\", [io:request(S, bogus)]),"
    "E = io:get_line(S, \"\"), E2 = io:get_line(S, \"\"), io:format(S, \"~p ~p~n\", [E, E2]),"
    "halt().".

input() -> "line one\\nabcfoo(X, [1,2]).\\n 42 hello\\nbinline\\n\\xc3\\xa9t\\xc3\\xa9\\nlast".

run_erl(Setup, Flags) -> run_erl_script(Setup ++ script(), Flags, "2>&1").

run_erl_script(Script, Flags, Redirect) ->
    Dir = filename:dirname(code:which(ferl_user)),
    File = filename:join(Dir, "t_user_script"),
    ok = file:write_file(File, unicode:characters_to_binary(Script)),
    Cmd = "printf '" ++ input() ++ "' | timeout 20 erl " ++ Flags ++ " -pa " ++ Dir ++
        " -eval \"{ok, B} = file:read_file(\\\"" ++ File ++ "\\\"), "
        "{ok, T, _} = erl_scan:string(unicode:characters_to_list(B)), "
        "{ok, Es} = erl_parse:parse_exprs(T), erl_eval:exprs(Es, [])\" " ++ Redirect,
    os:cmd(Cmd).

run() ->
    Otp = run_erl("S = user, ", "-noshell"),
    Ferl = run_erl("S = ferl_user:start(ferl_user_t), ", "-noshell -noinput"),
    st:same(user_server, {ok, Ferl}, {ok, Otp}),
    StdErr = "io:format(S, \"err ~p ~ts~n\", [x, \"日本\"]), io:put_chars(S, \"e\\n\"), halt().",
    E1 = run_erl_script("S = standard_error, " ++ StdErr, "-noshell", "2>&1 >/dev/null"),
    E2 = run_erl_script("S = ferl_user:start_standard_error(ferl_stderr_t), " ++ StdErr, "-noshell -noinput", "2>&1 >/dev/null"),
    st:same(standard_error, E2, E1),
    ok.
