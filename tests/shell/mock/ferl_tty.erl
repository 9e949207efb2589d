%% A stand-in for the VM's native module ferl_tty, for running the shell's Erlang side on
%% real erl in tests: a terminal without a line editor (plain mode) whose input is the
%% runtime's standard input and whose output is its standard output, both through the
%% `user' io server of `erl -noshell'. It keeps the variables the shell reports, so tests
%% can check them (ferl_tty:variables/0). An input line "^G" stands for Ctrl-G.
-module(ferl_tty).

-export([open/0, request/2, put_chars/1, set_variables/1, size/0, variables/0]).
-export([init/1]).

open() ->
    Owner = self(),
    case whereis(ferl_tty_mock) of
        undefined ->
            Pid = spawn(?MODULE, init, [Owner]),
            register(ferl_tty_mock, Pid),
            {ok, #{tty => false}};
        _ ->
            {error, already_open}
    end.

request(Prompt, Kind) when is_binary(Prompt), (Kind =:= expression orelse Kind =:= line) ->
    ferl_tty_mock ! {request, Prompt},
    ok.

%% Synchronous, as the native is: the text is out when it returns.
put_chars(Bin) when is_binary(Bin) ->
    ferl_tty_mock ! {put_chars, Bin, self()},
    receive {ferl_tty_mock, written} -> ok end.

set_variables(Names) when is_list(Names) ->
    ferl_tty_mock ! {variables, Names},
    ok.

size() ->
    {error, enotsup}.

variables() ->
    ferl_tty_mock ! {get_variables, self()},
    receive {ferl_tty_variables, Names} -> Names end.

init(Owner) ->
    loop(Owner, []).

loop(Owner, Vars) ->
    receive
        {request, Prompt} ->
            io:put_chars(user, Prompt),
            %% A line "^G" stands for the Ctrl-G key.
            Event = case io:get_line(user, "") of
                        eof -> eof;
                        {error, _} -> eof;
                        "^G\n" -> job_control;
                        Line -> {line, unicode:characters_to_binary(Line)}
                    end,
            Owner ! {ferl_tty, Event},
            loop(Owner, Vars);
        {put_chars, Bin, From} ->
            io:put_chars(user, Bin),
            From ! {ferl_tty_mock, written},
            loop(Owner, Vars);
        {variables, Names} ->
            loop(Owner, Names);
        {get_variables, From} ->
            From ! {ferl_tty_variables, Vars},
            loop(Owner, Vars)
    end.
