%% net_adm: network administration helpers (Ferl's own implementation).
%%
%% ping/1 asks the remote net_kernel {is_auth, node()} (a '$gen_call' to
%% {net_kernel, Node}, which connects the nodes) and returns pong or pang; on failure the
%% connection is dropped, as erl does. names/0,1 ask the host's port mapper through the
%% native ferl:epmd_names/1 ({ok, [{Name, Port}]} | {error, address}). localhost/0,
%% dns_hostname/1, world/0,1 (pings the nodes of names/0 on this host only),
%% world_list/1,2, host_file/0 (reads .hosts.erlang from the current directory).
-module(net_adm).

-export([ping/1, names/0, names/1, localhost/0, dns_hostname/1, world/0, world/1,
         world_list/1, world_list/2, host_file/0, ping_list/1]).

ping(Node) when is_atom(Node) ->
    case node() of
        nonode@nohost -> pang;
        _ when Node =:= node() -> pong;
        _ ->
            case catch gen:call({net_kernel, Node}, '$gen_call', {is_auth, node()}, infinity) of
                {ok, yes} -> pong;
                _ ->
                    erlang:disconnect_node(Node),
                    pang
            end
    end.

names() -> names(localhost()).

names(Host) when is_atom(Host) -> names(atom_to_list(Host));
names(Host) when is_list(Host) -> ferl:epmd_names(Host).

localhost() ->
    case node() of
        nonode@nohost ->
            {ok, H} = inet:gethostname(),
            H;
        N ->
            [_, H] = string:split(atom_to_list(N), "@"),
            H
    end.

dns_hostname(Host) when is_atom(Host) -> dns_hostname(atom_to_list(Host));
dns_hostname(Host) -> {ok, Host}.

world() -> world(silent).
world(Verbose) -> world_list([list_to_atom(localhost())], Verbose).

world_list(Hosts) -> world_list(Hosts, silent).
world_list(Hosts, Verbose) ->
    lists:append([ping_host(H, Verbose) || H <- Hosts]).

ping_host(Host, Verbose) ->
    case names(Host) of
        {ok, Names} ->
            [Node || {Name, _} <- Names,
                     Node <- [list_to_atom(Name ++ "@" ++ atom_to_list(Host))],
                     begin
                         R = ping(Node),
                         case Verbose of
                             verbose -> io:format("Pinging ~w -> ~p~n", [Node, R]);
                             _ -> ok
                         end,
                         R =:= pong
                     end];
        _ -> []
    end.

host_file() ->
    case file:consult(".hosts.erlang") of
        {ok, Hosts} -> Hosts;
        Error -> Error
    end.

%% The nodes of the list that answer a ping.
ping_list(Nodes) -> [N || N <- Nodes, ping(N) =:= pong].
