%% Roles for the distribution tests (crates/ferl_cli/tests/distribution.rs). Each node
%% runs one function with literal arguments (`-eval 'dtest:F(Args).'`) and prints lines the
%% test reads: `READY` when serving, `R Key Value` for results.
-module(dtest).
-export([deep/1, gs_serve/0, gs_call/1, init/1, handle_call/3, handle_cast/2, handle_info/2,
         seed1/0, seed2/1, start_later/1, serve/0, basic/1, three/2, faults/1, faults_again/1, bulk/2, interop/1,
         spawn_print/1, nl_to/1, ping/1, hidden/1, print/1, loop/0, sink/0]).

r(Key, Value) -> io:format("R ~s ~w~n", [Key, Value]).

sleep(T) -> receive after T -> ok end.

%% ---- the serving node ----

serve() ->
    register(dtest_srv, self()),
    io:format("READY~n"),
    serve_loop().

serve_loop() ->
    receive
        {echo, From, X} -> From ! {echo, X};
        {link_me, From} -> link(From), From ! linked;
        {seq, From, N} -> From ! {seq_result, seq_check(1, N)};
        {bin, From, B} -> From ! {bin_result, byte_size(B), erlang:phash2(B)};
        _ -> ok
    end,
    serve_loop().

seq_check(I, N) when I > N -> ok;
seq_check(I, N) ->
    receive
        {s, I} -> seq_check(I + 1, N);
        {s, J} -> {out_of_order, I, J}
    after 30000 -> {lost, I}
    end.

print(Text) -> io:format("PRINT ~s ~w~n", [Text, node()]).

loop() ->
    receive
        {print, Text} -> print(Text), loop();
        quit -> ok
    end.

sink() -> receive _ -> sink() end.

%% ---- clients ----

basic(Server) ->
    r("nodes_before", nodes()),
    Srv = {dtest_srv, Server},
    Srv ! {echo, self(), hello},
    receive {echo, X} -> r("echo", X) after 10000 -> r("echo", timeout) end,
    r("nodes_after", nodes() =:= [Server]),
    r("ping", net_adm:ping(Server)),
    r("ping_self", net_adm:ping(node())),
    r("rpc", rpc:call(Server, lists, reverse, [[1, 2, 3]])),
    r("rpc_node", rpc:call(Server, erlang, node, []) =:= Server),
    r("rpc_throw", rpc:call(Server, erlang, throw, [t])),
    r("rpc_exit", rpc:call(Server, erlang, exit, [e])),
    r("rpc_undef", rpc:call(Server, nosuchmod, f, [])),
    r("erpc", erpc:call(Server, erlang, '+', [1, 2])),
    r("erpc_error", try erpc:call(Server, erlang, error, [boom]) catch error:E -> E end),
    r("multicall", rpc:multicall([node(), Server], erlang, is_alive, [])),
    r("rpc_down", rpc:call(nosuchnode@nohost, erlang, node, [])),
    r("ping_down", net_adm:ping(list_to_atom("nosuchnode@" ++ net_adm:localhost()))),
    %% A remote pid: prints, node/1, messages, monitors.
    P = spawn(Server, dtest, loop, []),
    r("remote_node", node(P) =:= Server),
    r("remote_pid_shape", shape(P)),
    P ! {print, "via_spawn"},
    M = monitor(process, P),
    P ! quit,
    receive {'DOWN', M, process, P, Why} -> r("down", Why) after 10000 -> r("down", timeout) end,
    {P2, M2} = spawn_monitor(Server, erlang, exit, [bye]),
    receive {'DOWN', M2, process, P2, Why2} -> r("spawn_monitor", Why2)
    after 10000 -> r("spawn_monitor", timeout) end,
    process_flag(trap_exit, true),
    P3 = spawn_link(Server, erlang, exit, [bye2]),
    receive {'EXIT', P3, Why3} -> r("spawn_link", Why3) after 10000 -> r("spawn_link", timeout) end,
    M4 = monitor(process, {no_such_name, Server}),
    receive {'DOWN', M4, process, Who4, Why4} -> r("monitor_name", {Who4 =:= {no_such_name, Server}, Why4})
    after 10000 -> r("monitor_name", timeout) end,
    %% A link made by the other side, then an exit signal across.
    Srv ! {link_me, self()},
    receive linked -> ok after 10000 -> ok end,
    P5 = spawn(Server, dtest, sink, []),
    link(P5),
    exit(P5, kill),
    receive {'EXIT', P5, Why5} -> r("exit_killed", Why5) after 10000 -> r("exit_killed", timeout) end,
    P6 = spawn(Server, dtest, sink, []),
    link(P6),
    unlink(P6),
    exit(P6, kill),
    receive {'EXIT', P6, _} -> r("unlinked", false) after 500 -> r("unlinked", true) end,
    %% spawn_request with the default reply.
    R7 = erlang:spawn_request(Server, erlang, node, [], []),
    receive {spawn_reply, R7, ok, P7} -> r("spawn_request", node(P7) =:= Server)
    after 10000 -> r("spawn_request", timeout) end,
    %% A term with every kind of value, echoed.
    T = {1, -1, 1 bsl 70, 2.5, atom, "str", <<1, 2, 3>>, <<1:3>>, [a | b], #{k => v},
         self(), make_ref(), fun lists:reverse/1, {}},
    Srv ! {echo, self(), T},
    receive {echo, T2} -> r("roundtrip", T2 =:= T) after 10000 -> r("roundtrip", timeout) end,
    sleep(300),
    r("done", ok).

shape(Pid) ->
    case pid_to_list(Pid) of
        "<0." ++ _ -> local;
        "<" ++ _ -> remote;
        _ -> other
    end.

three(B, C) ->
    pong = net_adm:ping(B),
    pong = net_adm:ping(C),
    sleep(200),
    r("nodes", lists:sort(nodes())),
    r("peer_nodes", lists:sort(rpc:call(B, erlang, nodes, []))),
    Me = self(),
    G = spawn(fun() -> receive {hello, F} -> F ! {global_hello, node()} end end),
    r("register", global:register_name(dtest_global, G)),
    r("register_again", global:register_name(dtest_global, self())),
    r("whereis_b", rpc:call(B, global, whereis_name, [dtest_global]) =:= G),
    r("whereis_c", rpc:call(C, global, whereis_name, [dtest_global]) =:= G),
    rpc:call(C, global, send, [dtest_global, {hello, Me}]),
    receive {global_hello, N} -> r("global_send", N =:= node()) after 10000 -> r("global_send", timeout) end,
    {Nodes, Bad} = rpc:multicall([B, C], erlang, node, []),
    r("multicall", {lists:sort(Nodes) =:= lists:sort([B, C]), Bad}),
    r("done", ok).

%% A client that watches the server in every way, then the server is killed.
faults(Server) ->
    process_flag(trap_exit, true),
    pong = net_adm:ping(Server),
    P = spawn(Server, dtest, sink, []),
    link(P),
    _ = monitor(process, P),
    monitor_node(Server, true),
    ok = net_kernel:monitor_nodes(true),
    io:format("WATCHING~n"),
    R = collect([], 4),
    r("faults", lists:sort(R)),
    r("nodes", nodes()),
    r("done", ok).

collect(Acc, 0) -> Acc;
collect(Acc, N) ->
    receive
        {'EXIT', _, Why} -> collect([{exit, Why} | Acc], N - 1);
        {'DOWN', _, process, _, Why} -> collect([{down, Why} | Acc], N - 1);
        {nodedown, _} -> collect([nodedown | Acc], N - 1)
    after 20000 -> [timeout | Acc]
    end.

%% After the server came back under the same name.
faults_again(Server) ->
    r("ping_again", ping_until(Server, 50)),
    r("done", ok).

ping_until(_, 0) -> pang;
ping_until(Server, N) ->
    case net_adm:ping(Server) of
        pong -> pong;
        pang -> sleep(200), ping_until(Server, N - 1)
    end.

bulk(Server, N) ->
    Srv = {dtest_srv, Server},
    B = big(),
    Srv ! {bin, self(), B},
    receive {bin_result, Size, Hash} -> r("bin", {Size, Hash =:= erlang:phash2(B)})
    after 120000 -> r("bin", timeout) end,
    Srv ! {seq, self(), N},
    send_seq(Srv, 1, N),
    receive {seq_result, Res} -> r("seq", Res) after 300000 -> r("seq", timeout) end,
    r("done", ok).

%% 100 MB, not all one byte.
big() ->
    Mb = double(list_to_binary(lists:seq(0, 255)), 4096),
    iolist_to_binary([[Mb, <<I>>] || I <- lists:seq(1, 100)]).

double(B, 1) -> B;
double(B, N) -> double(<<B/binary, B/binary>>, N div 2).

send_seq(_, I, N) when I > N -> ok;
send_seq(Srv, I, N) -> Srv ! {s, I}, send_seq(Srv, I + 1, N).

%% Against a real erl node (or another Ferl node).
interop(Server) ->
    r("ping", net_adm:ping(Server)),
    {dtest_srv, Server} ! {echo, self(), hi},
    receive {echo, X} -> r("echo", X) after 10000 -> r("echo", timeout) end,
    r("rpc", rpc:call(Server, lists, reverse, [[1, 2, 3]])),
    r("done", ok).

%% A process spawned on Server prints here (its group leader is ours).
spawn_print(Server) ->
    P = spawn(Server, dtest, loop, []),
    P ! {print, "from_remote"},
    sleep(500),
    P ! quit,
    _ = spawn(Server, nosuchmod, nosuchfun, []),
    sleep(1000),
    r("done", ok).

%% nl/1 of module dtest_nl (whose object file only this node has), then runs it there.
nl_to(Server) ->
    pong = net_adm:ping(Server),
    r("before", rpc:call(Server, code, is_loaded, [dtest_nl])),
    r("nl", c:nl(dtest_nl)),
    sleep(1000),
    r("after", rpc:call(Server, dtest_nl, hello, [])),
    r("done", ok).

ping(Node) ->
    r("ping", net_adm:ping(Node)),
    r("done", ok).

hidden(Server) ->
    r("ping", net_adm:ping(Server)),
    r("nodes", nodes()),
    r("hidden", nodes(hidden) =:= [Server]),
    r("peer_sees", rpc:call(Server, erlang, nodes, [])),
    r("peer_hidden", rpc:call(Server, erlang, nodes, [hidden]) =:= [node()]),
    r("done", ok).

%% ---- the seed walkthrough's distributed steps, without the shell ----

%% node1: the directory with test.beam; runs the server as the blog does.
seed1() ->
    true = test:start(),
    io:format("READY~n"),
    receive never -> ok end.

%% node2: an empty directory.
seed2(N1) ->
    r("nodes_before", nodes()),
    r("send", {test, N1} ! status),
    sleep(300),
    r("nodes_after", nodes() =:= [N1]),
    r("ping", net_adm:ping(N1)),
    r("peer_nodes", rpc:call(N1, erlang, nodes, []) =:= [node()]),
    r("undef", element(1, element(2, catch test:start()))),
    r("nl", rpc:call(N1, c, nl, [test])),
    sleep(500),
    Server = rpc:call(N1, erlang, whereis, [test]),
    r("old_code_on_node1", rpc:call(N1, erlang, check_process_code, [Server, test])),
    r("start", test:start()),
    io:format("LOCAL:~n"),
    test ! status,
    sleep(300),
    Remote = spawn(N1, test, loop, []),
    r("remote_node", node(Remote) =:= N1),
    io:format("REMOTE:~n"),
    Remote ! status,
    sleep(300),
    Remote ! quit,
    r("quit", test ! quit),
    sleep(100),
    r("whereis", whereis(test)),
    r("done", ok).

%% A node started without a name becomes distributed with net_kernel:start/1.
start_later(Server) ->
    r("alive_before", is_alive()),
    r("node_before", node()),
    {ok, _} = net_kernel:start([list_to_atom("late" ++ tl(atom_to_list(Server))), shortnames]),
    r("alive_after", is_alive()),
    r("ping", net_adm:ping(Server)),
    r("rpc", rpc:call(Server, erlang, nodes, []) =:= [node()]),
    {ok, Names} = net_adm:names(),
    r("names", lists:sort([list_to_atom(N) || {N, _} <- Names]) =:=
                   lists:sort([list_to_atom(hd(string:split(atom_to_list(N), "@")))
                               || N <- [node(), Server]])),
    r("known", lists:member(Server, nodes(known)) andalso lists:member(node(), nodes(known))),
    r("this", nodes(this) =:= [node()]),
    r("connected", nodes(connected) =:= [Server]),
    r("disconnect", erlang:disconnect_node(Server)),
    sleep(200),
    r("nodes_after_disconnect", nodes()),
    r("done", ok).

%% ---- gen_server calls across nodes (replies to aliases) ----

gs_serve() ->
    {ok, _} = gen_server:start({local, dtest_gs}, ?MODULE, [], []),
    io:format("READY~n"),
    receive never -> ok end.

init([]) -> {ok, 0}.
handle_call(ping, {From, _}, N) -> {reply, {pong, node(), node(From)}, N + 1};
handle_call(count, _, N) -> {reply, N, N}.
handle_cast(_, N) -> {noreply, N}.
handle_info(_, N) -> {noreply, N}.

gs_call(Server) ->
    Me = node(),
    r("call_timeout", gen_server:call({dtest_gs, Server}, ping, 5000) =:= {pong, Server, Me}),
    r("call_infinity", gen_server:call({dtest_gs, Server}, ping, infinity) =:= {pong, Server, Me}),
    r("count", gen_server:call({dtest_gs, Server}, count)),
    r("missing", element(1, catch gen_server:call({no_such_gs, Server}, ping, 5000))),
    %% spawn_opt/5 with a monitor.
    {P, M} = spawn_opt(Server, erlang, exit, [opt], [monitor]),
    receive {'DOWN', M, process, P, Why} -> r("spawn_opt", Why) after 10000 -> r("spawn_opt", timeout) end,
    r("done", ok).

%% Deeply nested terms: up to the decoder's depth limit they travel; deeper ones close
%% that connection only (a new one is made on demand).
deep(Server) ->
    Srv = {dtest_srv, Server},
    T = lists:foldl(fun(_, A) -> {A} end, x, lists:seq(1, 9500)),
    L = lists:foldl(fun(_, A) -> [A] end, x, lists:seq(1, 9500)),
    Srv ! {echo, self(), T},
    receive {echo, T2} -> r("tuple", T2 =:= T) after 10000 -> r("tuple", timeout) end,
    Srv ! {echo, self(), L},
    receive {echo, L2} -> r("list", L2 =:= L) after 10000 -> r("list", timeout) end,
    Srv ! {echo, self(), lists:foldl(fun(_, A) -> {A} end, x, lists:seq(1, 200000))},
    receive {echo, _} -> r("too_deep", echoed) after 2000 -> r("too_deep", dropped) end,
    r("ping_after", net_adm:ping(Server)),
    r("done", ok).
