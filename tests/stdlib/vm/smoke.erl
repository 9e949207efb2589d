%% A smoke test of the standard library on the Ferl VM: run by tests/stdlib/vm_smoke.sh
%% with erl and with ferl; the outputs and exit statuses must be the same.
-module(smoke).
-export([main/0, init/1, handle_call/3, handle_cast/2]).
main() ->
    io:format("~p~n", [lists:seq(1, 30)]),
    io:format("~p~n", [#{a => 1, b => [1,2,3], c => "str", d => {x, <<"bin">>}}]),
    io:format("~w ~s ~.2f ~e ~B~n", [atom, "string", 3.14159, 1.5, 255]),
    io:format("~p~n", [lists:sort([3,1,2]) ++ lists:reverse([a,b])]),
    io:format("~p~n", [string:split("a,b,c", ",", all)]),
    io:format("~p~n", [maps:to_list(maps:map(fun(_, V) -> V * 2 end, #{x => 1, y => 2}))]),
    {ok, P} = gen_server:start_link(?MODULE, [], []),
    io:format("call: ~p~n", [gen_server:call(P, hello)]),
    {ok, S} = supervisor:start_link(smoke_sup, []),
    io:format("children: ~p~n", [[{Id, is_pid(C), T} || {Id, C, T, _} <- supervisor:which_children(S)]]),
    io:format("erl_eval: ~p~n", [catch erl_eval:exprs([{op,1,'+',{integer,1,1},{integer,1,2}}], [])]),
    io:format("code: ~p~n", [filename:basename(code:which(smoke))]),
    io:format("done~n"),
    init:stop(7).
init([]) -> {ok, 0}.
handle_call(X, _, S) -> {reply, {got, X, S}, S + 1}.
handle_cast(_, S) -> {noreply, S}.
