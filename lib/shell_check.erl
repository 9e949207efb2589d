%% The checks erl's shell makes on a command before evaluating it, for a standard library
%% without erl_eval:check_command/2: patterns that are not patterns ("illegal pattern",
%% reported at the offending part, as erl_lint does). Unbound variables are reported by
%% the shell when the evaluation finds them.
-module(shell_check).

-export([patterns/1]).

%% ok, or {error, Location} of the first illegal pattern.
patterns(Exprs) ->
    try
        walk(Exprs),
        ok
    catch
        throw:{illegal_pattern, Loc} -> {error, Loc}
    end.

walk({match, _, P, E}) ->
    pattern(P),
    walk(E);
walk({clause, _, Ps, Guards, Body}) ->
    lists:foreach(fun pattern/1, Ps),
    walk(Guards),
    walk(Body);
walk({generate, _, P, E}) ->
    pattern(P),
    walk(E);
walk({b_generate, _, P, E}) ->
    pattern(P),
    walk(E);
walk(T) when is_tuple(T) ->
    walk(tuple_to_list(T));
walk(L) when is_list(L) ->
    lists:foreach(fun walk/1, L);
walk(_) ->
    ok.

pattern({var, _, _}) -> ok;
pattern({atom, _, _}) -> ok;
pattern({integer, _, _}) -> ok;
pattern({float, _, _}) -> ok;
pattern({char, _, _}) -> ok;
pattern({string, _, _}) -> ok;
pattern({nil, _}) -> ok;
pattern({cons, _, H, T}) -> pattern(H), pattern(T);
pattern({tuple, _, Es}) -> lists:foreach(fun pattern/1, Es);
pattern({match, _, P1, P2}) -> pattern(P1), pattern(P2);
pattern({map, _, Fields}) ->
    lists:foreach(fun({map_field_exact, _, _Key, V}) -> pattern(V);
                     (Other) -> illegal(Other)
                  end, Fields);
pattern({bin, _, Elements}) ->
    lists:foreach(fun({bin_element, _, V, _Size, _Type}) -> pattern(V);
                     (Other) -> illegal(Other)
                  end, Elements);
%% Arithmetic on constants and "prefix" ++ Rest are patterns; erl_eval checks the rest.
pattern({op, _, _, A}) -> pattern(A);
pattern({op, _, '++', A, B}) -> pattern(A), pattern(B);
pattern({op, _, _, A, B}) -> pattern(A), pattern(B);
pattern({record, _, _, Fields}) ->
    lists:foreach(fun({record_field, _, _, V}) -> pattern(V);
                     (_) -> ok
                  end, Fields);
pattern({record_index, _, _, _}) -> ok;
pattern(Other) -> illegal(Other).

illegal(Node) when is_tuple(Node), tuple_size(Node) >= 2 ->
    throw({illegal_pattern, element(2, Node)});
illegal(_) ->
    throw({illegal_pattern, 1}).
