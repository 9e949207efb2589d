-module(vm_reload).
-export([main/0, loop/0, vsn/0, rest/1]).
vsn() -> 1.
loop() ->
    receive
        {From, vsn} -> From ! {vsn, vsn()}, loop();
        {From, upgrade} -> From ! upgraded, ?MODULE:loop()
    end.
main() ->
    {ok, Bin} = file:read_file(atom_to_list(?MODULE) ++ ".beam"),
    P = spawn(fun loop/0),
    io:format("~w~n", [erlang:check_old_code(?MODULE)]),
    {module, vm_reload} = erlang:load_module(?MODULE, Bin),
    io:format("~w~n", [erlang:check_old_code(?MODULE)]),
    receive after 10 -> ok end,
    io:format("~w~n", [erlang:check_process_code(P, ?MODULE)]),
    io:format("~w~n", [erlang:load_module(?MODULE, Bin)]),
    %% Leave the old version: a fully-qualified tail call.
    ?MODULE:rest(P).

rest(P) ->
    P ! {self(), upgrade},
    receive upgraded -> ok end,
    receive after 10 -> ok end,
    io:format("~w~n", [erlang:check_process_code(P, ?MODULE)]),
    io:format("~w~n", [erlang:purge_module(?MODULE)]),
    io:format("~w~n", [element(1, element(2, catch erlang:purge_module(?MODULE)))]),
    io:format("~w~n", [[erlang:function_exported(?MODULE, vsn, 0), erlang:function_exported(?MODULE, nope, 0), erlang:module_loaded(?MODULE)]]).
