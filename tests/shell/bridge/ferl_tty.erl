%% The ferl_tty natives for real erl, over the connection of crate ferl_shell's
%% ferl_tty_bridge (which owns the terminal and runs the real line editor). With it the
%% shell's Erlang side runs on erl in front of the real terminal driver, before Ferl's VM
%% can run it: see tests/shell/shell_on_erl_in_tmux.sh.
-module(ferl_tty).

-export([open/0, request/2, put_chars/1, set_variables/1, size/0]).
-export([init/2]).

open() ->
    Port = list_to_integer(os:getenv("FERL_TTY_BRIDGE")),
    Owner = self(),
    Pid = spawn(?MODULE, init, [Owner, Port]),
    register(ferl_tty_bridge, Pid),
    {ok, #{tty => true}}.

request(Prompt, Kind) ->
    send(["REQ ", atom_to_list(Kind), " ", hex(Prompt)]).

put_chars(Bin) ->
    send(["PUT ", hex(Bin)]).

set_variables(Names) ->
    send(["VARS" | [[" ", hex(N)] || N <- Names]]).

size() ->
    ferl_tty_bridge ! {size, self()},
    receive
        {ferl_tty_size, Size} -> Size
    after 1000 -> {error, enotsup}
    end.

send(Line) ->
    ferl_tty_bridge ! {send, iolist_to_binary([Line, "\n"])},
    ok.

hex(Bin) ->
    << <<(list_to_binary(io_lib:format("~2.16.0b", [B])))/binary>> || <<B>> <= Bin >>.

init(Owner, Port) ->
    {ok, Sock} = gen_tcp:connect({127, 0, 0, 1}, Port, [binary, {packet, line}, {active, true},
                                                        {buffer, 1 bsl 20}]),
    loop(Owner, Sock, []).

loop(Owner, Sock, Waiting) ->
    receive
        {send, Line} ->
            ok = gen_tcp:send(Sock, Line),
            loop(Owner, Sock, Waiting);
        {size, From} ->
            ok = gen_tcp:send(Sock, <<"SIZE\n">>),
            loop(Owner, Sock, Waiting ++ [From]);
        {tcp, Sock, Data} ->
            case string:lexemes(binary_to_list(Data), " \n") of
                ["LINE", Hex] -> Owner ! {ferl_tty, {line, unhex(Hex)}}, loop(Owner, Sock, Waiting);
                ["LINE"] -> Owner ! {ferl_tty, {line, <<>>}}, loop(Owner, Sock, Waiting);
                ["EOF"] -> Owner ! {ferl_tty, eof}, loop(Owner, Sock, Waiting);
                ["JC"] -> Owner ! {ferl_tty, job_control}, loop(Owner, Sock, Waiting);
                ["CANCELLED"] -> Owner ! {ferl_tty, cancelled}, loop(Owner, Sock, Waiting);
                ["SIZE" | Rest] ->
                    [From | More] = Waiting,
                    From ! {ferl_tty_size, case Rest of
                                               [C, R] -> {ok, {list_to_integer(C), list_to_integer(R)}};
                                               _ -> {error, enotsup}
                                           end},
                    loop(Owner, Sock, More);
                ["QMODS"] ->
                    Mods = [hex(atom_to_binary(M, utf8)) || {M, _} <- code:all_loaded()],
                    ok = gen_tcp:send(Sock, iolist_to_binary(["MODS" | [[" ", M] || M <- Mods]] ++ ["\n"])),
                    loop(Owner, Sock, Waiting);
                ["QFUNS", HexMod] ->
                    Mod = binary_to_atom(unhex(HexMod), utf8),
                    Funs = try Mod:module_info(exports) catch _:_ -> [] end,
                    ok = gen_tcp:send(Sock, iolist_to_binary(
                                              ["FUNS" | [[" ", hex(atom_to_binary(F, utf8)), "/", integer_to_list(A)]
                                                         || {F, A} <- Funs]] ++ ["\n"])),
                    loop(Owner, Sock, Waiting);
                _ ->
                    loop(Owner, Sock, Waiting)
            end;
        {tcp_closed, Sock} ->
            erlang:halt()
    end.

unhex(Hex) ->
    list_to_binary([list_to_integer([A, B], 16) || [A, B] <- pairs(Hex)]).

pairs([A, B | Rest]) -> [[A, B] | pairs(Rest)];
pairs(_) -> [].
