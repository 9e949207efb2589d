%% net_adm: ping and the port mapper's name list.
-module(net_adm).
-export([ping/1, names/0, names/1, localhost/0]).

%% pong when Node answers net_kernel's is_auth call, pang otherwise.
ping(Node) when is_atom(Node) ->
    case node() of
        nonode@nohost -> pang;
        Node -> pong;
        _ ->
            case net_kernel:connect_node(Node) of
                true -> is_auth(Node);
                _ -> pang
            end
    end.

is_auth(Node) ->
    Ref = erlang:monitor(process, {net_kernel, Node}),
    {net_kernel, Node} ! {'$gen_call', {self(), Ref}, {is_auth, node()}},
    receive
        {Ref, yes} -> erlang:demonitor(Ref, [flush]), pong;
        {Ref, _} -> erlang:demonitor(Ref, [flush]), pang;
        {'DOWN', Ref, _, _, _} -> pang
    end.

names() -> names(localhost()).

names(Host) when is_atom(Host) -> names(atom_to_list(Host));
names(Host) -> ferl:epmd_names(Host).

localhost() ->
    case atom_to_list(node()) of
        "nonode@nohost" -> "localhost";
        Name -> tl(lists:dropwhile(fun(C) -> C =/= $@ end, Name))
    end.
