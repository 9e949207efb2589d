%% net_kernel: starting distribution at run time and connecting to nodes.
%%
%% The distribution itself is native (the VM's ferl_dist node); a node answers the
%% `is_auth` call every ping makes natively as long as no process is registered as
%% net_kernel. A node started with net_kernel:start/1,2 runs this module's small server
%% under that name, which answers the same calls.
-module(net_kernel).
-export([start/1, start/2, stop/0, connect_node/1, hidden_connect_node/1,
         disconnect/1, monitor_nodes/1, monitor_nodes/2, get_net_ticktime/0,
         allow/1, longnames/0, nodename/0, init/0]).

start([Name]) -> start([Name, shortnames]);
start([Name, shortnames]) -> start(Name, #{name_domain => shortnames});
start([Name, longnames]) -> start(Name, #{name_domain => longnames});
start([Name, Domain, Tick]) -> start(Name, #{name_domain => Domain, net_ticktime => Tick div 1000}).

start(Name, Opts) when is_atom(Name), is_map(Opts) ->
    case is_alive() of
        true ->
            {error, {already_started, whereis(net_kernel)}};
        false ->
            Long = maps:get(name_domain, Opts, shortnames) =:= longnames,
            Hidden = maps:get(hidden, Opts, false) =:= true,
            Tick = maps:get(net_ticktime, Opts, 60),
            case ferl:dist_start(Name, Long, Hidden, Tick) of
                ok ->
                    Pid = spawn(?MODULE, init, []),
                    register(net_kernel, Pid),
                    _ = global:start(),
                    {ok, Pid};
                {error, Text} ->
                    io:format("~ts~n", [Text]),
                    {error, {{shutdown, {failed_to_start_child, net_kernel, Text}}, []}}
            end
    end.

stop() -> {error, not_allowed}.

connect_node(Node) when is_atom(Node) ->
    Ref = ferl:dist_connect(Node),
    receive {Ref, Result} -> Result end.

hidden_connect_node(Node) -> connect_node(Node).

disconnect(Node) -> erlang:disconnect_node(Node).

monitor_nodes(Flag) -> ferl:monitor_nodes(Flag).
monitor_nodes(Flag, _Opts) -> ferl:monitor_nodes(Flag).

get_net_ticktime() -> element(3, ferl:dist_info()).

longnames() -> element(1, ferl:dist_info()).

nodename() -> node().

allow(Nodes) when is_list(Nodes) -> ok.

%% The server registered as net_kernel when started at run time.
init() -> loop().

loop() ->
    receive
        {'$gen_call', {From, Tag}, Request} ->
            From ! {Tag, answer(Request)},
            loop();
        _ ->
            loop()
    end.

answer({is_auth, _Node}) -> yes;
answer({connect, _, Node}) -> connect_node(Node);
answer(_) -> error.
