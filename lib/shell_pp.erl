%% Prints expressions and record definitions as erl_pp prints short ones, on one line:
%% "X = f(1, [a | T])", "-record(person,{name = \"\", age})." The shell uses it for h/0
%% and rl/0,1 where the standard library has no erl_pp; longer constructs (case, fun,
%% try) come out on one line where erl_pp would break them.
-module(shell_pp).

-export([exprs/1, expr/1, record/2]).

%% Expressions separated by commas, as a command was typed.
exprs(Exprs) ->
    lists:flatten(lists:join(", ", [expr(E) || E <- Exprs])).

expr(E) ->
    lists:flatten(e(E)).

%% "-record(name,{a = Default, b}).\n"
record(Name, Fields) ->
    FieldText = lists:join(", ", [case Default of
                                      none -> atom(F);
                                      _ -> [atom(F), " = ", e(Default)]
                                  end || {F, Default} <- Fields]),
    lists:flatten(["-record(", atom(Name), ",{", FieldText, "}).\n"]).

e({var, _, V}) -> atom_to_list(V);
e({atom, _, A}) -> atom(A);
e({integer, _, I}) -> integer_to_list(I);
e({float, _, F}) -> io_lib:write(F);
e({char, _, C}) -> io_lib:write_char(C);
e({string, _, S}) -> io_lib:write_string(S);
e({nil, _}) -> "[]";
e({cons, _, _, _} = L) -> ["[", list(L), "]"];
e({tuple, _, Es}) -> ["{", args(Es), "}"];
e({map, _, Fields}) -> ["#{", args(Fields), "}"];
e({map, _, M, Fields}) -> [e(M), "#{", args(Fields), "}"];
e({map_field_assoc, _, K, V}) -> [e(K), " => ", e(V)];
e({map_field_exact, _, K, V}) -> [e(K), " := ", e(V)];
e({bin, _, Elements}) -> ["<<", lists:join(",", [bin_element(B) || B <- Elements]), ">>"];
e({match, _, P, E}) -> [e(P), " = ", e(E)];
e({op, _, Op, A}) -> unary(Op, A);
e({op, _, Op, A, B}) -> [e(A), " ", atom_to_list(Op), " ", e(B)];
e({call, _, {remote, _, M, F}, Args}) -> [e(M), ":", e(F), "(", args(Args), ")"];
e({call, _, F, Args}) -> [callee(F), "(", args(Args), ")"];
e({'fun', _, {function, F, A}}) -> ["fun ", atom(F), "/", integer_to_list(A)];
e({'fun', _, {function, M, F, A}}) -> ["fun ", e(M), ":", e(F), "/", e(A)];
e({'fun', _, {clauses, Cs}}) -> ["fun", clauses(Cs, fun_head), " end"];
e({named_fun, _, Name, Cs}) -> ["fun ", atom_to_list(Name), clauses(Cs, fun_head), " end"];
e({'case', _, E, Cs}) -> ["case ", e(E), " of ", clauses(Cs, pattern), " end"];
e({'if', _, Cs}) -> ["if ", clauses(Cs, guard), " end"];
e({'receive', _, Cs}) -> ["receive ", clauses(Cs, pattern), " end"];
e({'receive', _, Cs, T, After}) ->
    ["receive ", clauses(Cs, pattern), [" " || Cs =/= []], "after ", e(T), " -> ",
     body(After), " end"];
e({'try', _, Body, Of, Catch, After}) ->
    ["try ", body(Body),
     [[" of ", clauses(Of, pattern)] || Of =/= []],
     [[" catch ", clauses(Catch, catch_pattern)] || Catch =/= []],
     [[" after ", body(After)] || After =/= []], " end"];
e({'catch', _, E}) -> ["catch ", e(E)];
e({block, _, Body}) -> ["begin ", body(Body), " end"];
e({lc, _, E, Qs}) -> ["[", e(E), " || ", args(Qs), "]"];
e({bc, _, E, Qs}) -> ["<<", e(E), " || ", args(Qs), ">>"];
e({generate, _, P, E}) -> [e(P), " <- ", e(E)];
e({b_generate, _, P, E}) -> [e(P), " <= ", e(E)];
e({record, _, Name, Fields}) -> ["#", atom(Name), "{", args(Fields), "}"];
e({record, _, E, Name, Fields}) -> [e(E), "#", atom(Name), "{", args(Fields), "}"];
e({record_field, _, F, V}) -> [e(F), " = ", e(V)];
e({record_field, _, E, Name, F}) -> [e(E), "#", atom(Name), ".", e(F)];
e({record_index, _, Name, F}) -> ["#", atom(Name), ".", e(F)];
e(Other) -> io_lib:format("~tw", [Other]).

atom(A) -> io_lib:write_atom(A).

args(Es) -> lists:join(", ", [e(E) || E <- Es]).

callee({atom, _, F}) -> atom(F);
callee(F) -> e(F).

list({cons, _, H, {nil, _}}) -> e(H);
list({cons, _, H, {cons, _, _, _} = T}) -> [e(H), ", ", list(T)];
list({cons, _, H, T}) -> [e(H), " | ", e(T)].

unary(Op, A) when Op =:= '-'; Op =:= '+' -> [atom_to_list(Op), e(A)];
unary(Op, A) -> [atom_to_list(Op), " ", e(A)].

bin_element({bin_element, _, V, Size, Types}) ->
    [e(V),
     case Size of default -> ""; _ -> [":", e(Size)] end,
     case Types of
         default -> "";
         _ -> ["/", lists:join("-", [bin_type(T) || T <- Types])]
     end].

bin_type({T, N}) -> [atom_to_list(T), ":", integer_to_list(N)];
bin_type(T) -> atom_to_list(T).

body(Es) -> lists:join(", ", [e(E) || E <- Es]).

clauses(Cs, Kind) -> lists:join("; ", [clause(C, Kind) || C <- Cs]).

clause({clause, _, Ps, Gs, Body}, fun_head) ->
    ["(", args(Ps), ")", guards(Gs), " -> ", body(Body)];
clause({clause, _, [], Gs, Body}, guard) ->
    [lists:join("; ", [args(G) || G <- Gs]), " -> ", body(Body)];
clause({clause, _, [{tuple, _, [Class, Reason, Stack]}], Gs, Body}, catch_pattern) ->
    Head = case {Class, Stack} of
               {{atom, _, throw}, {var, _, '_'}} -> e(Reason);
               {_, {var, _, '_'}} -> [e(Class), ":", e(Reason)];
               _ -> [e(Class), ":", e(Reason), ":", e(Stack)]
           end,
    [Head, guards(Gs), " -> ", body(Body)];
clause(C, catch_pattern) ->
    clause(C, pattern);
clause({clause, _, [P], Gs, Body}, pattern) ->
    [e(P), guards(Gs), " -> ", body(Body)];
clause({clause, _, Ps, Gs, Body}, pattern) ->
    [args(Ps), guards(Gs), " -> ", body(Body)].

guards([]) -> "";
guards(Gs) -> [" when ", lists:join("; ", [args(G) || G <- Gs])].
