-module(vm_arith).
-export([main/0]).
main() ->
    Big = 1 bsl 100,
    io:format("~w~n", [[Big, -Big, Big * Big, Big div 7, Big rem 7, -Big div 7, -Big rem 7]]),
    io:format("~w~n", [[(1 bsl 59) - 1 + 1, -(1 bsl 59) - 1, 576460752303423487 * 3]]),
    io:format("~w~n", [[7 div -2, -7 rem 2, 7 band 3, -1 bsr 70, 1 bsl 64, Big bsr 99, bnot Big]]),
    io:format("~w~n", [[1.5 + 2, 3 / 2, 2.0 * 3, 10 / 4, abs(-3.5), trunc(-3.7), round(2.5), float(Big)]]),
    io:format("~w~n", [[1 == 1.0, 1 =:= 1.0, 1 < 1.0, Big > 1.0e30, Big < 1.0e31, a < {}, [] < [a]]]),
    io:format("~w~n", [lists:sort([b, 3, {x}, [], "s", <<"b">>, 2.5, make_ref() == 1, #{}])]),
    io:format("~w~n", [element(1, element(2, catch 1 + a))]),
    io:format("~w~n", [[integer_to_list(255, 16), list_to_integer("-ff", 16), integer_to_binary(Big)]]),
    io:format("~s ~s ~s~n", [float_to_list(0.1, [short]), float_to_list(1.0e20, [short]), float_to_list(2.5, [{decimals, 3}])]),
    io:format("~w~n", [[max(1, 2.0), min(a, 1), element(2, {a, b}), setelement(1, {a, b}, c), tuple_size({})]]).
