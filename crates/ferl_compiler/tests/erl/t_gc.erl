-module(t_gc).
-export([main/0]).

%% Heavy allocation with many values live in x and y registers across collections.
main() ->
    io:format("~p~n", [churn(20000, {0, [], <<>>, #{}})]),
    io:format("~p~n", [wide(3000)]),
    io:format("~p~n", [length(nested_try(2000, []))]),
    io:format("~p~n", [recv_loop(5000)]),
    io:format("~p~n", [bins(3000, <<>>)]),
    ok.

churn(0, {N, L, B, M}) -> {N, length(L), byte_size(B), map_size(M)};
churn(K, {N, L, B, M}) ->
    T = {K, [K | L], <<B/binary, (K rem 256)>>, M#{K rem 100 => [K]}},
    X = lists:seq(1, K rem 7),
    Y = {X, X, T},
    churn(K - 1, {N + length(element(1, Y)), element(2, T), element(3, T), element(4, T)}).

wide(N) -> wide(N, 1, 2, 3, 4, 5, 6, 7, 8, []).
wide(0, A, B, C, D, E, F, G, H, Acc) -> {A + B + C + D + E + F + G + H, length(Acc)};
wide(N, A, B, C, D, E, F, G, H, Acc) ->
    L = [A, B, C, D | lists:duplicate(N rem 13, E)],
    T = list_to_tuple(L ++ [F, G, H]),
    wide(N - 1, B, C, D, E, F, G, H, tuple_size(T) + A, [T | Acc]).

nested_try(0, Acc) -> Acc;
nested_try(N, Acc) ->
    V = try
            case N rem 3 of
                0 -> throw({big, lists:seq(1, 20)});
                1 -> error(small);
                _ -> {ok, N}
            end
        catch
            throw:{big, L} -> length(L);
            error:small -> [N, N]
        end,
    nested_try(N - 1, [V | Acc]).

recv_loop(N) ->
    Self = self(),
    P = spawn(fun() -> [Self ! {n, I, lists:seq(1, I rem 10)} || I <- lists:seq(1, N)] end),
    Sum = collect(N, 0),
    {Sum, is_pid(P)}.

collect(0, S) -> S;
collect(K, S) ->
    receive
        {n, I, L} when is_list(L) -> collect(K - 1, S + I + length(L))
    after 5000 -> timeout
    end.

bins(0, B) -> {byte_size(B), erlang:crc32(B)};
bins(N, B) ->
    <<Prefix:8, _/binary>> = <<N:32, B/binary>>,
    bins(N - 1, <<B/binary, Prefix, (integer_to_binary(N))/binary>>).
