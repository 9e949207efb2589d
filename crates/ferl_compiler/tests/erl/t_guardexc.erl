-module(t_guardexc).
-export([main/0]).
main() ->
    io:format("~p~n", [[f(X) || X <- [{a}, {b}, atom, 1, [x]]]]),
    io:format("~p~n", [[g(X) || X <- [{a}, {c, b}, {c}, 5, [1, 2, 3], [1]]]]).
f(X) when element(1, X) =:= a orelse is_atom(X) -> yes;
f(X) when (hd(X) =:= x) or is_integer(X) -> or_yes;
f(_) -> no.
g(X) when is_tuple(X) andalso (element(1, X) =:= a orelse element(2, X) =:= b) -> ab;
g(X) when not is_list(X); length(X) > 2 -> notlist_or_long;
g(_) -> other.
