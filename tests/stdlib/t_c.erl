%% c: output of the shell commands, captured through a group leader, compared with OTP's.
-module(t_c).
-export([run/0]).

capture(F) ->
    Self = self(),
    GL = spawn(fun() -> gl([]) end),
    P = spawn(fun() ->
                      group_leader(GL, self()),
                      R = (catch F()),
                      Self ! {done, self(), R}
              end),
    R = receive {done, P, X} -> X after 5000 -> timeout end,
    GL ! {get, self()},
    Out = receive {out, O} -> O after 1000 -> "" end,
    {R, Out}.

gl(Acc) ->
    receive
        {io_request, From, Ref, Req} ->
            {Reply, Acc1} = req(Req, Acc),
            From ! {io_reply, Ref, Reply},
            gl(Acc1);
        {get, P} -> P ! {out, lists:flatten(lists:reverse(Acc))}
    end.

req({put_chars, _, Chars}, Acc) -> {ok, [unicode:characters_to_list(Chars) | Acc]};
req({put_chars, _, M, F, A}, Acc) -> {ok, [unicode:characters_to_list(apply(M, F, A)) | Acc]};
req({requests, Rs}, Acc) -> lists:foldl(fun(R, {_, A}) -> req(R, A) end, {ok, Acc}, Rs);
req(getopts, Acc) -> {[{binary, false}, {encoding, latin1}], Acc};
req(_, Acc) -> {{error, enotsup}, Acc}.

run() ->
    Cmp = fun(Name, F1, F2) -> st:same({c, Name}, capture(F1), capture(F2)) end,
    Msgs = fun() -> self() ! {a, 1}, self() ! "str", self() ! #{k => [1, 2]} end,
    Cmp(flush, fun() -> Msgs(), ferl_c:flush() end, fun() -> Msgs(), c:flush() end),
    Cmp(pwd, fun ferl_c:pwd/0, fun c:pwd/0),
    Dir = "/tmp/ferl_t_c_" ++ os:getpid(),
    ok = filelib:ensure_dir(Dir ++ "/x"),
    [file:write_file(filename:join(Dir, N), "") || N <- ["a.erl", "bbbbbbbbbbbbbbbbbbbbb.beam", "c", "dd.txt", "e", "f", "g", "h"]],
    Cmp(ls, fun() -> ferl_c:ls(Dir) end, fun() -> c:ls(Dir) end),
    Cmp(ls_missing, fun() -> ferl_c:ls(Dir ++ "/nope") end, fun() -> c:ls(Dir ++ "/nope") end),
    Cmp(pid, fun() -> ferl_c:pid(0, 1, 2) end, fun() -> c:pid(0, 1, 2) end),
    %% regs/i/m: same headers and one line (two for i) per entry
    {_, RegsOut} = capture(fun ferl_c:regs/0),
    {_, RegsOtp} = capture(fun c:regs/0),
    st:same({c, regs_header}, lists:sublist(string:split(RegsOut, "\n", all), 3),
            lists:sublist(string:split(RegsOtp, "\n", all), 3)),
    st:same({c, regs_lines}, length(string:split(RegsOut, "\n", all)),
            length(string:split(RegsOtp, "\n", all))),
    {_, IOut} = capture(fun ferl_c:i/0),
    {_, IOtp} = capture(fun c:i/0),
    st:same({c, i_header}, lists:sublist(string:split(IOut, "\n", all), 2),
            lists:sublist(string:split(IOtp, "\n", all), 2)),
    st:check({c, i_lines}, abs(length(string:split(IOut, "\n", all)) -
                               length(string:split(IOtp, "\n", all))) =< 6),
    {_, MOut} = capture(fun ferl_c:m/0),
    st:check({c, m_header}, lists:prefix("Module                File\n", MOut)),
    os:cmd("rm -rf " ++ Dir),
    ok.
