-module(t_funs).
-export([main/0, add/2]).

add(A, B) -> A + B.

main() ->
    F = fun(X) -> X * 2 end,
    G = fun add/2,
    H = fun ?MODULE:add/2,
    M = t_funs, Fn = add, Ar = 2,
    I = fun M:Fn/Ar,
    io:format("~p ~p ~p ~p~n", [F(3), G(1, 2), H(3, 4), I(5, 6)]),
    Fact = fun Loop(0) -> 1; Loop(N) -> N * Loop(N - 1) end,
    io:format("~p~n", [Fact(10)]),
    Adders = [fun(Y) -> X + Y end || X <- [1, 2, 3]],
    io:format("~p~n", [[A(10) || A <- Adders]]),
    Compose = fun(P, Q) -> fun(Z) -> P(Q(Z)) end end,
    io:format("~p~n", [(Compose(F, fun(Z) -> Z + 1 end))(5)]),
    io:format("~p~n", [lists:map(fun erlang:abs/1, [-1, 2, -3])]),
    io:format("~p~n", [erlang:fun_info(F, arity)]),
    io:format("~p~n", [is_function(G, 2)]),
    {'EXIT', {{badarity, {_, Args}}, [Top | _]}} = (catch F(1, 2)),
    io:format("~p ~p~n", [Args, Top]),
    NF = id(not_a_fun),
    {'EXIT', {Bad, [Top2 | _]}} = (catch NF(1)),
    io:format("~p ~p~n", [Bad, Top2]),
    Counter = counter(0),
    io:format("~p~n", [Counter(Counter(Counter(inc)))]),
    io:format("~p~n", [apply(fun lists:reverse/1, [[1, 2, 3]])]),
    io:format("~p~n", [apply(t_funs, add, [1, 1])]),
    io:format("~p~n", [M:Fn(7, 8)]),
    W = 5,
    Shadow = fun(W2) -> W + W2 end,
    io:format("~p~n", [Shadow(1)]),
    io:format("~p~n", [lists:foldl(fun(E, Acc) -> E + Acc end, 0, lists:seq(1, 100))]).

id(X) -> X.

counter(N) ->
    fun(inc) -> N + 1;
       (V) when is_integer(V) -> V + N + 1
    end.
