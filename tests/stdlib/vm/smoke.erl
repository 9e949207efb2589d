%% A smoke test of the standard library on the Ferl VM: run by tests/stdlib/vm_smoke.sh
%% with erl and with ferl; the outputs (dates and pids masked) and exit statuses must be
%% the same. Each step prints one result, or the exception it raised.
-module(smoke).
-export([main/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

main() ->
    Steps =
        [{seq, fun() -> lists:seq(1, 30) end},
         {map, fun() -> #{a => 1, b => [1, 2, 3], c => "str", d => {x, <<"bin">>}} end},
         {format, fun() -> lists:flatten(io_lib:format("~w ~s ~.2f ~e ~B ~10.3.0f|~-6s|",
                                                       [atom, "string", 3.14159, 1.5, 255, 2.5, "ab"])) end},
         {sort, fun() -> lists:sort([3, 1, 2]) ++ lists:reverse([a, b]) ++ lists:usort([b, a, b]) end},
         {string, fun() -> {string:split("a,b,c", ",", all), string:trim("  x  "),
                            string:uppercase("abc"), string:tokens("a b", " ")} end},
         {maps, fun() -> maps:to_list(maps:map(fun(_, V) -> V * 2 end, #{x => 1, y => 2})) end},
         {containers, fun() -> {gb_trees:to_list(gb_trees:insert(b, 2, gb_trees:insert(a, 1, gb_trees:empty()))),
                                queue:to_list(queue:in(2, queue:in(1, queue:new()))),
                                lists:sort(sets:to_list(sets:from_list([c, a, b]))),
                                orddict:to_list(orddict:store(k, v, orddict:new())),
                                array:to_list(array:set(2, x, array:new()))} end},
         {proplists, fun() -> proplists:get_value(b, [a, {b, 2}]) end},
         {filename, fun() -> {filename:join("a", "b.erl"), filename:rootname("x/y.erl"), filename:extension("z.beam")} end},
         {gen_server, fun() ->
                              {ok, P} = gen_server:start_link(?MODULE, [], []),
                              R = gen_server:call(P, hello),
                              ok = gen_server:cast(P, ignored),
                              R2 = gen_server:call(P, hello, 1000),
                              {R, R2, sys:get_state(P)}
                      end},
         {supervisor, fun() ->
                              {ok, S} = supervisor:start_link(smoke_sup, []),
                              [{Id, is_pid(C), T} || {Id, C, T, _} <- supervisor:which_children(S)]
                      end},
         {erl_eval, fun() -> erl_eval:exprs([{op, 1, '+', {integer, 1, 1}, {integer, 1, 2}}], []) end},
         {erl_eval_fun, fun() ->
                                {value, F, _} = erl_eval:expr({'fun', 1, {clauses, [{clause, 1, [{var, 1, 'X'}], [], [{op, 1, '*', {var, 1, 'X'}, {integer, 1, 2}}]}]}}, []),
                                F(21)
                        end},
         {code, fun() -> filename:basename(code:which(smoke)) end},
         {timer, fun() -> {T, ok} = timer:tc(fun() -> timer:sleep(10) end), T >= 10000 end},
         {proc_lib, fun() ->
                            Parent = self(),
                            P = proc_lib:spawn(fun() -> Parent ! {ancestors, get('$ancestors')} end),
                            receive {ancestors, A} -> A =:= [Parent] andalso is_pid(P) after 1000 -> timeout end
                    end},
         {crash_report, fun() ->
                                {ok, P} = gen_server:start(?MODULE, [], []),
                                gen_server:cast(P, crash),
                                timer:sleep(100),
                                is_process_alive(P)
                        end}],
    [io:format("~p: ~p~n", [Name, catch F()]) || {Name, F} <- Steps],
    io:format("done~n"),
    init:stop(7).

init([]) -> {ok, 0}.
handle_call(crash, _, S) -> {stop, smoke_crash, S};
handle_call(X, _, S) -> {reply, {got, X, S}, S + 1}.
handle_cast(crash, S) -> {stop, smoke_crash, S};
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
