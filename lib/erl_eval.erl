%% erl_eval: the interpreter of the erl_parse abstract format (Ferl's own).
%%
%% API (OTP 25): exprs/2,3,4, expr/2,3,4,5, expr_list/2,3,4, new_bindings/0,
%% bindings/1, binding/2, add_binding/3, del_binding/2, match_clause/4,
%% is_constant_expr/1, partial_eval/1, fun_data/1. Bindings are orddicts (maps are
%% accepted on input). Every expression form of Erlang except records (the shell expands
%% them first) and `maybe`: patterns with maps and bit syntax, guards, case/if/receive/
%% try/catch/begin, funs (real closures; named funs), list and bitstring comprehensions,
%% the local function handler ({value, F} | {eval, F} | none) and the non-local one
%% ({value, F} | none). Operators and BIFs are applied with erlang:apply/3 so that errors
%% carry erl's stack frames (e.g. {erlang, '!', [test, status], _}). Errors are erl_eval's:
%% {unbound_var, V}, {badmatch, V}, {case_clause, V}, if_clause, {try_clause, V},
%% function_clause from '-inside-an-interpreted-fun-', {bad_generator, V},
%% {badarg, V} for a non-boolean andalso/orelse operand, undef for unknown local calls.
%% receive uses the native ferl:receive_match/2 (see docs/bifs.md) to scan the mailbox
%% without reordering it.
-module(erl_eval).

-export([exprs/2, exprs/3, exprs/4, expr/2, expr/3, expr/4, expr/5,
         expr_list/2, expr_list/3, expr_list/4, new_bindings/0, bindings/1, binding/2,
         add_binding/3, del_binding/2, match_clause/4, is_constant_expr/1,
         partial_eval/1, fun_data/1]).

%% ---------------------------------------------------------------- bindings

new_bindings() -> orddict:new().

bindings(Bs) when is_map(Bs) -> orddict:from_list(maps:to_list(Bs));
bindings(Bs) when is_list(Bs) -> Bs.

binding(Name, Bs) when is_map(Bs) ->
    case Bs of
        #{Name := V} -> {value, V};
        _ -> unbound
    end;
binding(Name, Bs) when is_list(Bs) ->
    case orddict:find(Name, Bs) of
        {ok, V} -> {value, V};
        error -> unbound
    end.

add_binding(Name, V, Bs) when is_map(Bs) -> Bs#{Name => V};
add_binding(Name, V, Bs) when is_list(Bs) -> orddict:store(Name, V, Bs).

del_binding(Name, Bs) when is_map(Bs) -> maps:remove(Name, Bs);
del_binding(Name, Bs) when is_list(Bs) -> orddict:erase(Name, Bs).

%% ---------------------------------------------------------------- entry points

exprs(Es, Bs) -> exprs(Es, Bs, none, none).
exprs(Es, Bs, Lf) -> exprs(Es, Bs, Lf, none).
exprs(Es, Bs, Lf, Ef) -> seq(Es, Bs, Lf, Ef).

expr(E, Bs) -> expr(E, Bs, none, none, value_bindings).
expr(E, Bs, Lf) -> expr(E, Bs, Lf, none, value_bindings).
expr(E, Bs, Lf, Ef) -> expr(E, Bs, Lf, Ef, value_bindings).
expr(E, Bs, Lf, Ef, RF) ->
    {value, V, Bs1} = ev(E, Bs, Lf, Ef),
    ret(V, Bs1, RF).

ret(V, _, value) -> V;
ret(V, Bs, value_bindings) -> {value, V, Bs}.

expr_list(Es, Bs) -> expr_list(Es, Bs, none, none).
expr_list(Es, Bs, Lf) -> expr_list(Es, Bs, Lf, none).
expr_list(Es, Bs, Lf, Ef) -> ev_list(Es, Bs, Lf, Ef).

seq([E], Bs, Lf, Ef) -> ev(E, Bs, Lf, Ef);
seq([E | Es], Bs, Lf, Ef) ->
    {value, _, Bs1} = ev(E, Bs, Lf, Ef),
    seq(Es, Bs1, Lf, Ef).

%% Evaluate a list of expressions left to right; bindings accumulate.
ev_list(Es, Bs, Lf, Ef) ->
    {Vs, Bs1} = lists:foldl(fun(E, {Acc, B}) ->
                                    {value, V, B1} = ev(E, B, Lf, Ef),
                                    {[V | Acc], B1}
                            end, {[], Bs}, Es),
    {lists:reverse(Vs), Bs1}.

%% ---------------------------------------------------------------- expressions

ev({var, _, '_'}, _, _, _) -> erlang:error({unbound_var, '_'});
ev({var, _, V}, Bs, _, _) ->
    case binding(V, Bs) of
        {value, Val} -> {value, Val, Bs};
        unbound -> erlang:error({unbound_var, V})
    end;
ev({integer, _, I}, Bs, _, _) -> {value, I, Bs};
ev({float, _, F}, Bs, _, _) -> {value, F, Bs};
ev({char, _, C}, Bs, _, _) -> {value, C, Bs};
ev({atom, _, A}, Bs, _, _) -> {value, A, Bs};
ev({string, _, S}, Bs, _, _) -> {value, S, Bs};
ev({nil, _}, Bs, _, _) -> {value, [], Bs};
ev({cons, _, H, T}, Bs, Lf, Ef) ->
    {value, HV, Bs1} = ev(H, Bs, Lf, Ef),
    {value, TV, Bs2} = ev(T, Bs1, Lf, Ef),
    {value, [HV | TV], Bs2};
ev({tuple, _, Es}, Bs, Lf, Ef) ->
    {Vs, Bs1} = ev_list(Es, Bs, Lf, Ef),
    {value, list_to_tuple(Vs), Bs1};
ev({map, _, Assocs}, Bs, Lf, Ef) ->
    {Pairs, Bs1} = assocs(Assocs, Bs, Lf, Ef),
    {value, lists:foldl(fun({assoc, K, V}, M) -> M#{K => V} end, #{}, Pairs), Bs1};
ev({map, _, ME, Assocs}, Bs, Lf, Ef) ->
    {value, M, Bs1} = ev(ME, Bs, Lf, Ef),
    {Pairs, Bs2} = assocs(Assocs, Bs1, Lf, Ef),
    {value, map_update(M, Pairs), Bs2};
ev({bin, _, Elements}, Bs, Lf, Ef) ->
    eval_bits:expr_grp(Elements, Bs, fun(E, B) -> ev(E, B, Lf, Ef) end);
ev({block, _, Es}, Bs, Lf, Ef) -> seq(Es, Bs, Lf, Ef);
ev({match, _, P, E}, Bs, Lf, Ef) ->
    {value, V, Bs1} = ev(E, Bs, Lf, Ef),
    case match(P, V, Bs1, Lf, Ef) of
        {match, Bs2} -> {value, V, Bs2};
        nomatch -> erlang:error({badmatch, V})
    end;
ev({op, _, 'andalso', L, R}, Bs, Lf, Ef) ->
    case ev(L, Bs, Lf, Ef) of
        {value, true, Bs1} -> ev(R, Bs1, Lf, Ef);
        {value, false, Bs1} -> {value, false, Bs1};
        {value, V, _} -> erlang:error({badarg, V})
    end;
ev({op, _, 'orelse', L, R}, Bs, Lf, Ef) ->
    case ev(L, Bs, Lf, Ef) of
        {value, false, Bs1} -> ev(R, Bs1, Lf, Ef);
        {value, true, Bs1} -> {value, true, Bs1};
        {value, V, _} -> erlang:error({badarg, V})
    end;
ev({op, _, Op, L, R}, Bs, Lf, Ef) ->
    {value, LV, Bs1} = ev(L, Bs, Lf, Ef),
    {value, RV, Bs2} = ev(R, Bs1, Lf, Ef),
    {value, do_apply(erlang, Op, [LV, RV], Ef), Bs2};
ev({op, _, Op, A}, Bs, Lf, Ef) ->
    {value, AV, Bs1} = ev(A, Bs, Lf, Ef),
    {value, do_apply(erlang, Op, [AV], Ef), Bs1};
ev({'if', _, Cs}, Bs, Lf, Ef) -> if_clauses(Cs, Bs, Lf, Ef);
ev({'case', _, E, Cs}, Bs, Lf, Ef) ->
    {value, V, Bs1} = ev(E, Bs, Lf, Ef),
    case match_clauses(Cs, [V], Bs1, Lf, Ef) of
        {Body, Bs2} -> seq(Body, Bs2, Lf, Ef);
        nomatch -> erlang:error({case_clause, V})
    end;
ev({'try', _, Body, Cases, Catches, After}, Bs, Lf, Ef) ->
    try_expr(Body, Cases, Catches, After, Bs, Lf, Ef);
ev({'catch', _, E}, Bs, Lf, Ef) ->
    try ev(E, Bs, Lf, Ef) of
        {value, V, Bs1} -> {value, V, Bs1}
    catch
        throw:T -> {value, T, Bs};
        exit:R -> {value, {'EXIT', R}, Bs};
        error:R:St -> {value, {'EXIT', {R, St}}, Bs}
    end;
ev({'receive', _, Cs}, Bs, Lf, Ef) -> receive_clauses(Cs, infinity, [], Bs, Lf, Ef);
ev({'receive', _, Cs, TE, TBody}, Bs, Lf, Ef) ->
    {value, T, Bs1} = ev(TE, Bs, Lf, Ef),
    case T =:= infinity orelse (is_integer(T) andalso T >= 0) of
        true -> receive_clauses(Cs, T, TBody, Bs1, Lf, Ef);
        false -> erlang:error(timeout_value)
    end;
ev({'fun', _, {clauses, Cs}}, Bs, Lf, Ef) ->
    {value, make_fun(Cs, Bs, Lf, Ef, none), Bs};
ev({named_fun, _, Name, Cs}, Bs, Lf, Ef) ->
    {value, make_fun(Cs, Bs, Lf, Ef, Name), Bs};
ev({'fun', _, {function, F, A}}, Bs, _Lf, Ef) ->
    %% erl_eval of OTP 25 does not support local fun references.
    {value, do_apply(erlang, raise, [error, undef, [{?MODULE, F, A}]], Ef), Bs};
ev({'fun', _, {function, ME, FE, AE}}, Bs, Lf, Ef) ->
    {[M, F, A], Bs1} = ev_list([ME, FE, AE], Bs, Lf, Ef),
    {value, erlang:make_fun(M, F, A), Bs1};
ev({call, _, {remote, _, ME, FE}, As}, Bs, Lf, Ef) ->
    {value, M, Bs1} = ev(ME, Bs, Lf, Ef),
    {value, F, Bs2} = ev(FE, Bs1, Lf, Ef),
    {Args, Bs3} = ev_list(As, Bs2, Lf, Ef),
    {value, do_apply(M, F, Args, Ef), Bs3};
ev({call, _, {atom, _, F}, As}, Bs, Lf, Ef) ->
    case auto_imported(F, length(As)) of
        true ->
            {Args, Bs1} = ev_list(As, Bs, Lf, Ef),
            {value, do_apply(erlang, F, Args, Ef), Bs1};
        false -> local_call(F, As, Bs, Lf, Ef)
    end;
ev({call, _, FE, As}, Bs, Lf, Ef) ->
    {value, Fun, Bs1} = ev(FE, Bs, Lf, Ef),
    {Args, Bs2} = ev_list(As, Bs1, Lf, Ef),
    {value, apply_fun(Fun, Args, Ef), Bs2};
ev({lc, _, E, Qs}, Bs, Lf, Ef) ->
    {value, lc(E, Qs, Bs, Lf, Ef), Bs};
ev({bc, _, E, Qs}, Bs, Lf, Ef) ->
    {value, list_to_bitstring(bc(E, Qs, Bs, Lf, Ef)), Bs};
ev({remote, _, _, _}, _, _, _) -> erlang:error({badexpr, ':'});
ev(Other, _, _, _) -> erlang:error({badexpr, element(1, Other)}).

assocs(Assocs, Bs, Lf, Ef) ->
    {Ps, Bs1} = lists:foldl(
                  fun({Kind, _, KE, VE}, {Acc, B}) ->
                          {value, K, B1} = ev(KE, B, Lf, Ef),
                          {value, V, B2} = ev(VE, B1, Lf, Ef),
                          Tag = case Kind of
                                    map_field_assoc -> assoc;
                                    map_field_exact -> exact
                                end,
                          {[{Tag, K, V} | Acc], B2}
                  end, {[], Bs}, Assocs),
    {lists:reverse(Ps), Bs1}.

map_update(M, Pairs) when is_map(M) ->
    lists:foldl(fun({assoc, K, V}, Acc) -> Acc#{K => V};
                   ({exact, K, V}, Acc) ->
                        case Acc of
                            #{K := _} -> Acc#{K := V};
                            _ -> erlang:error({badkey, K})
                        end
                end, M, Pairs);
map_update(M, _) -> erlang:error({badmap, M}).

%% ---------------------------------------------------------------- calls

%% Every non-local call goes through the non-local function handler if there is one.
do_apply(M, F, Args, {value, Ef}) -> Ef({M, F}, Args);
do_apply(M, F, Args, _) -> erlang:apply(M, F, Args).

%% Funs made by this interpreter are applied directly, others through the handler.
apply_fun(Fun, Args, {value, Ef}) ->
    case is_function(Fun) andalso erlang:fun_info(Fun, module) =:= {module, ?MODULE} of
        true -> erlang:apply(Fun, Args);
        false -> Ef(Fun, Args)
    end;
apply_fun(Fun, Args, _) -> erlang:apply(Fun, Args).

local_call(F, As, Bs, {value, LfF} = Lf, Ef) ->
    {Args, Bs1} = ev_list(As, Bs, Lf, Ef),
    {value, LfF(F, Args), Bs1};
local_call(F, As, Bs, {eval, LfF}, _) ->
    LfF(F, As, Bs);
local_call(F, As, Bs, Lf, Ef) ->
    {_, Bs1} = ev_list(As, Bs, Lf, Ef),
    {value, do_apply(erlang, raise, [error, undef, [{?MODULE, F, length(As)}]], Ef), Bs1}.

%% ---------------------------------------------------------------- funs

make_fun(Cs, Bs, Lf, Ef, Name) ->
    [{clause, _, Ps, _, _} | _] = Cs,
    Info = {Bs, Lf, Ef, Cs, Name},
    arity_fun(length(Ps), fun(Args) -> eval_fun(Args, Info) end).

arity_fun(0, F) -> fun() -> F([]) end;
arity_fun(1, F) -> fun(A) -> F([A]) end;
arity_fun(2, F) -> fun(A, B) -> F([A, B]) end;
arity_fun(3, F) -> fun(A, B, C) -> F([A, B, C]) end;
arity_fun(4, F) -> fun(A, B, C, D) -> F([A, B, C, D]) end;
arity_fun(5, F) -> fun(A, B, C, D, E) -> F([A, B, C, D, E]) end;
arity_fun(6, F) -> fun(A, B, C, D, E, G) -> F([A, B, C, D, E, G]) end;
arity_fun(7, F) -> fun(A, B, C, D, E, G, H) -> F([A, B, C, D, E, G, H]) end;
arity_fun(8, F) -> fun(A, B, C, D, E, G, H, I) -> F([A, B, C, D, E, G, H, I]) end;
arity_fun(9, F) -> fun(A, B, C, D, E, G, H, I, J) -> F([A, B, C, D, E, G, H, I, J]) end;
arity_fun(10, F) ->
    fun(A, B, C, D, E, G, H, I, J, K) -> F([A, B, C, D, E, G, H, I, J, K]) end;
arity_fun(11, F) ->
    fun(A, B, C, D, E, G, H, I, J, K, L) -> F([A, B, C, D, E, G, H, I, J, K, L]) end;
arity_fun(12, F) ->
    fun(A, B, C, D, E, G, H, I, J, K, L, M) -> F([A, B, C, D, E, G, H, I, J, K, L, M]) end;
arity_fun(N, _) -> erlang:error({argument_limit, N}).

eval_fun(Args, {Bs, Lf, Ef, Cs, Name} = Info) ->
    Bs0 = case Name of
              none -> Bs;
              _ -> add_binding(Name, make_fun(Cs, Bs, Lf, Ef, Name), Bs)
          end,
    case fun_clauses(Cs, Args, Bs0, Lf, Ef) of
        {Body, Bs1} ->
            {value, V, _} = seq(Body, Bs1, Lf, Ef),
            V;
        nomatch ->
            _ = Info,
            erlang:raise(error, function_clause,
                         [{?MODULE, '-inside-an-interpreted-fun-', Args, []}])
    end.

%% Fun heads bind fresh variables (they shadow the closure's).
fun_clauses([{clause, _, Ps, G, Body} | Cs], Args, Bs, Lf, Ef) ->
    case match_list(Ps, Args, new_bindings(), Lf, Ef) of
        {match, Head} ->
            Bs1 = lists:foldl(fun({K, V}, Acc) -> add_binding(K, V, Acc) end, Bs, Head),
            case guard(G, Bs1, Lf, Ef) of
                true -> {Body, Bs1};
                false -> fun_clauses(Cs, Args, Bs, Lf, Ef)
            end;
        nomatch -> fun_clauses(Cs, Args, Bs, Lf, Ef)
    end;
fun_clauses([], _, _, _, _) -> nomatch.

%% Introspection of a fun made here.
fun_data(F) when is_function(F) ->
    case erlang:fun_info(F, module) of
        {module, ?MODULE} ->
            case erlang:fun_info(F, env) of
                {env, [Inner]} when is_function(Inner) -> fun_data(Inner);
                {env, [{Bs, _, _, Cs, Name}]} when Name =:= none -> {fun_data, Bs, Cs};
                {env, [{Bs, _, _, Cs, Name}]} -> {named_fun_data, Bs, Name, Cs};
                _ -> false
            end;
        _ -> false
    end;
fun_data(_) -> false.

%% ---------------------------------------------------------------- control

if_clauses([{clause, _, [], G, Body} | Cs], Bs, Lf, Ef) ->
    case guard(G, Bs, Lf, Ef) of
        true -> seq(Body, Bs, Lf, Ef);
        false -> if_clauses(Cs, Bs, Lf, Ef)
    end;
if_clauses([], _, _, _) -> erlang:error(if_clause).

%% Match Values against the clauses' patterns (and guards): {Body, Bindings} | nomatch.
match_clauses([{clause, _, Ps, G, Body} | Cs], Vs, Bs, Lf, Ef) ->
    case match_list(Ps, Vs, Bs, Lf, Ef) of
        {match, Bs1} ->
            case guard(G, Bs1, Lf, Ef) of
                true -> {Body, Bs1};
                false -> match_clauses(Cs, Vs, Bs, Lf, Ef)
            end;
        nomatch -> match_clauses(Cs, Vs, Bs, Lf, Ef)
    end;
match_clauses([], _, _, _, _) -> nomatch.

match_clause(Cs, Vs, Bs, Lf) -> match_clauses(Cs, Vs, bindings(Bs), Lf, none).

try_expr(Body, Cases, Catches, After, Bs, Lf, Ef) ->
    try
        Result = try seq(Body, Bs, Lf, Ef) of
                     {value, V, Bs1} -> {ok, V, Bs1}
                 catch C:R:St -> {exception, C, R, St}
                 end,
        case Result of
            {ok, V0, Bs2} when Cases =:= [] -> {value, V0, Bs2};
            {ok, V0, Bs2} ->
                case match_clauses(Cases, [V0], Bs2, Lf, Ef) of
                    {CB, Bs3} -> seq(CB, Bs3, Lf, Ef);
                    nomatch -> erlang:error({try_clause, V0})
                end;
            {exception, Class, Reason, Stack} ->
                case match_clauses(Catches, [{Class, Reason, Stack}], Bs, Lf, Ef) of
                    {CB, Bs3} -> seq(CB, Bs3, Lf, Ef);
                    nomatch -> erlang:raise(Class, Reason, Stack)
                end
        end
    after
        case After of
            [] -> ok;
            _ -> seq(After, Bs, Lf, Ef)
        end
    end.

receive_clauses(Cs, T, TBody, Bs, Lf, Ef) ->
    Match = fun(Msg) ->
                    case match_clauses(Cs, [Msg], Bs, Lf, Ef) of
                        nomatch -> nomatch;
                        {Body, Bs1} -> {matched, Body, Bs1}
                    end
            end,
    case ferl:receive_match(Match, T) of
        {matched, Body, Bs1} -> seq(Body, Bs1, Lf, Ef);
        timeout when TBody =:= [] -> {value, true, Bs};
        timeout -> seq(TBody, Bs, Lf, Ef)
    end.

%% ---------------------------------------------------------------- comprehensions

lc(E, [], Bs, Lf, Ef) ->
    {value, V, _} = ev(E, Bs, Lf, Ef),
    [V];
lc(E, [{generate, _, P, LE} | Qs], Bs, Lf, Ef) ->
    {value, L, _} = ev(LE, Bs, Lf, Ef),
    gen_list(L, L, fun(X) ->
                           case match_fresh(P, X, Bs, Lf, Ef) of
                               {match, Bs1} -> lc(E, Qs, Bs1, Lf, Ef);
                               nomatch -> []
                           end
                   end);
lc(E, [{b_generate, _, P, BE} | Qs], Bs, Lf, Ef) ->
    {value, B, _} = ev(BE, Bs, Lf, Ef),
    gen_bits(P, B, Bs, Lf, Ef, fun(Bs1) -> lc(E, Qs, Bs1, Lf, Ef) end);
lc(E, [F | Qs], Bs, Lf, Ef) ->
    case filter(F, Bs, Lf, Ef) of
        true -> lc(E, Qs, Bs, Lf, Ef);
        false -> []
    end.

bc(E, [], Bs, Lf, Ef) ->
    case ev(E, Bs, Lf, Ef) of
        {value, V, _} when is_bitstring(V) -> [V];
        {value, _, _} -> erlang:error(badarg)
    end;
bc(E, [{generate, _, P, LE} | Qs], Bs, Lf, Ef) ->
    {value, L, _} = ev(LE, Bs, Lf, Ef),
    gen_list(L, L, fun(X) ->
                           case match_fresh(P, X, Bs, Lf, Ef) of
                               {match, Bs1} -> bc(E, Qs, Bs1, Lf, Ef);
                               nomatch -> []
                           end
                   end);
bc(E, [{b_generate, _, P, BE} | Qs], Bs, Lf, Ef) ->
    {value, B, _} = ev(BE, Bs, Lf, Ef),
    gen_bits(P, B, Bs, Lf, Ef, fun(Bs1) -> bc(E, Qs, Bs1, Lf, Ef) end);
bc(E, [F | Qs], Bs, Lf, Ef) ->
    case filter(F, Bs, Lf, Ef) of
        true -> bc(E, Qs, Bs, Lf, Ef);
        false -> []
    end.

gen_list([X | Xs], L, F) -> F(X) ++ gen_list(Xs, L, F);
gen_list([], _, _) -> [];
gen_list(Tail, _, _) -> erlang:error({bad_generator, Tail}).

gen_bits({bin, _, Segs}, B, Bs, Lf, Ef, F) when is_bitstring(B) ->
    case eval_bits:bin_gen_match(Segs, B, Bs, matcher(Lf, Ef, fresh)) of
        {match, Bs1, Rest} -> F(Bs1) ++ gen_bits({bin, 0, Segs}, Rest, Bs, Lf, Ef, F);
        nomatch -> []
    end;
gen_bits(_, B, _, _, _, _) -> erlang:error({bad_generator, B}).

%% A filter: a guard test is evaluated as a guard; other expressions must give a boolean.
filter(F, Bs, Lf, Ef) ->
    case is_guard_test(F) of
        true -> guard_test(F, Bs, Lf, Ef);
        false ->
            case ev(F, Bs, Lf, Ef) of
                {value, true, _} -> true;
                {value, false, _} -> false;
                {value, V, _} -> erlang:error({bad_filter, V})
            end
    end.

%% Generator patterns bind fresh variables.
match_fresh(P, V, Bs, Lf, Ef) ->
    Shadowed = lists:foldl(fun(N, B) -> del_binding(N, B) end, Bs, pattern_vars(P)),
    match(P, V, Shadowed, Lf, Ef).

pattern_vars({var, _, '_'}) -> [];
pattern_vars({var, _, V}) -> [V];
pattern_vars(T) when is_tuple(T) -> pattern_vars(tuple_to_list(T));
pattern_vars([H | T]) -> pattern_vars(H) ++ pattern_vars(T);
pattern_vars(_) -> [].

%% ---------------------------------------------------------------- guards

guard([], _, _, _) -> true;
guard(Gs, Bs, Lf, Ef) -> lists:any(fun(G) -> guard_and(G, Bs, Lf, Ef) end, Gs).

guard_and(Tests, Bs, Lf, Ef) -> lists:all(fun(T) -> guard_test(T, Bs, Lf, Ef) end, Tests).

guard_test(T, Bs, _Lf, _Ef) ->
    try ev(T, Bs, none, none) of
        {value, true, _} -> true;
        _ -> false
    catch error:_ -> false
    end.

is_guard_test({call, _, {atom, _, F}, As}) ->
    (erl_internal_type_test(F, length(As)) orelse auto_imported(F, length(As)))
        andalso lists:all(fun is_guard_test/1, As);
is_guard_test({call, _, {remote, _, {atom, _, erlang}, {atom, _, _}}, As}) ->
    lists:all(fun is_guard_test/1, As);
is_guard_test({op, _, _, A, B}) -> is_guard_test(A) andalso is_guard_test(B);
is_guard_test({op, _, _, A}) -> is_guard_test(A);
is_guard_test({cons, _, H, T}) -> is_guard_test(H) andalso is_guard_test(T);
is_guard_test({tuple, _, Es}) -> lists:all(fun is_guard_test/1, Es);
is_guard_test({map, _, As}) -> lists:all(fun({_, _, K, V}) -> is_guard_test(K) andalso is_guard_test(V) end, As);
is_guard_test({bin, _, Es}) -> lists:all(fun({bin_element, _, V, _, _}) -> is_guard_test(V) end, Es);
is_guard_test({T, _, _}) when T =:= var; T =:= integer; T =:= float; T =:= atom;
                              T =:= char; T =:= string -> true;
is_guard_test({nil, _}) -> true;
is_guard_test(_) -> false.

erl_internal_type_test(F, 1) ->
    lists:member(F, [is_atom, is_binary, is_bitstring, is_boolean, is_float, is_function,
                     is_integer, is_list, is_map, is_number, is_pid, is_port,
                     is_reference, is_tuple]);
erl_internal_type_test(is_function, 2) -> true;
erl_internal_type_test(is_record, N) -> N =:= 2 orelse N =:= 3;
erl_internal_type_test(_, _) -> false.

%% ---------------------------------------------------------------- patterns

match_list(Ps, Vs, Bs, Lf, Ef) when length(Ps) =:= length(Vs) ->
    try lists:foldl(fun({P, V}, B) ->
                            case match(P, V, B, Lf, Ef) of
                                {match, B1} -> B1;
                                nomatch -> throw(nomatch)
                            end
                    end, Bs, lists:zip(Ps, Vs)) of
        Bs1 -> {match, Bs1}
    catch throw:nomatch -> nomatch
    end;
match_list(_, _, _, _, _) -> nomatch.

match(P, V, Bs, Lf, Ef) ->
    try m(P, V, Bs, Lf, Ef) of
        Bs1 -> {match, Bs1}
    catch throw:nomatch -> nomatch
    end.

matcher(Lf, Ef, _) ->
    {fun(P, V, B) -> match(P, V, B, Lf, Ef) end,
     fun(E, B) -> ev(E, B, Lf, Ef) end}.

m({var, _, '_'}, _, Bs, _, _) -> Bs;
m({var, _, N}, V, Bs, _, _) ->
    case binding(N, Bs) of
        {value, V} -> Bs;
        {value, _} -> throw(nomatch);
        unbound -> add_binding(N, V, Bs)
    end;
m({integer, _, I}, V, Bs, _, _) -> eq(I, V, Bs);
m({float, _, F}, V, Bs, _, _) -> eq(F, V, Bs);
m({char, _, C}, V, Bs, _, _) -> eq(C, V, Bs);
m({atom, _, A}, V, Bs, _, _) -> eq(A, V, Bs);
m({string, _, S}, V, Bs, _, _) -> eq(S, V, Bs);
m({nil, _}, V, Bs, _, _) -> eq([], V, Bs);
m({cons, _, HP, TP}, [H | T], Bs, Lf, Ef) -> m(TP, T, m(HP, H, Bs, Lf, Ef), Lf, Ef);
m({tuple, _, Ps}, V, Bs, Lf, Ef) when is_tuple(V), tuple_size(V) =:= length(Ps) ->
    lists:foldl(fun({P, X}, B) -> m(P, X, B, Lf, Ef) end, Bs,
                lists:zip(Ps, tuple_to_list(V)));
m({map, _, Assocs}, V, Bs, Lf, Ef) when is_map(V) ->
    lists:foldl(fun({map_field_exact, _, KE, P}, B) ->
                        K = try ev(KE, B, Lf, Ef) of
                                {value, K0, _} -> K0
                            catch error:_ -> throw(nomatch)
                            end,
                        case V of
                            #{K := X} -> m(P, X, B, Lf, Ef);
                            _ -> throw(nomatch)
                        end
                end, Bs, Assocs);
m({bin, _, Segs}, V, Bs, Lf, Ef) ->
    case eval_bits:match_bits(Segs, V, Bs, matcher(Lf, Ef, bound)) of
        {match, Bs1} -> Bs1;
        nomatch -> throw(nomatch)
    end;
m({match, _, P1, P2}, V, Bs, Lf, Ef) -> m(P2, V, m(P1, V, Bs, Lf, Ef), Lf, Ef);
m({op, _, '++', Prefix, P}, V, Bs, Lf, Ef) ->
    {value, L, _} = ev(Prefix, Bs, Lf, Ef),
    case lists:prefix(L, V) of
        true when is_list(V) -> m(P, lists:nthtail(length(L), V), Bs, Lf, Ef);
        _ -> throw(nomatch)
    end;
m({op, _, _, _} = E, V, Bs, Lf, Ef) -> const_match(E, V, Bs, Lf, Ef);
m({op, _, _, _, _} = E, V, Bs, Lf, Ef) -> const_match(E, V, Bs, Lf, Ef);
m({Kind, _, _}, _, _, _, _) when Kind =:= var; Kind =:= integer; Kind =:= atom -> throw(nomatch);
m(P, _, _, _, _) ->
    case lists:member(element(1, P), [cons, tuple, map, bin, nil, string, char, float]) of
        true -> throw(nomatch);
        false -> erlang:error(illegal_pattern)
    end.

const_match(E, V, Bs, Lf, Ef) ->
    case ev(E, Bs, Lf, Ef) of
        {value, C, _} -> eq(C, V, Bs)
    end.

eq(X, X, Bs) -> Bs;
eq(_, _, _) -> throw(nomatch).

%% ---------------------------------------------------------------- utilities

is_constant_expr(E) ->
    constant_shape(E) andalso
        try ev(E, [], none, none) of
            {value, V, _} -> is_number(V)
        catch _:_ -> false
        end.

constant_shape({T, _, _}) when T =:= integer; T =:= float; T =:= char -> true;
constant_shape({op, _, _, A}) -> constant_shape(A);
constant_shape({op, _, _, A, B}) -> constant_shape(A) andalso constant_shape(B);
constant_shape(_) -> false.

%% Constant-fold arithmetic in an abstract expression (used for -1 etc. in patterns).
partial_eval(E) ->
    case is_constant_expr(E) of
        true ->
            {value, V, _} = ev(E, [], none, none),
            erl_parse:abstract(V, element(2, E));
        false -> E
    end.

%% The BIFs a local call may name without a module (erl_internal:bif/2 of OTP 25).
auto_imported(F, A) ->
    lists:member({F, A},
                 [{abs, 1}, {apply, 2}, {apply, 3}, {atom_to_binary, 1}, {atom_to_binary, 2},
                  {atom_to_list, 1}, {binary_part, 2}, {binary_part, 3},
                  {binary_to_atom, 1}, {binary_to_atom, 2}, {binary_to_existing_atom, 1},
                  {binary_to_existing_atom, 2}, {binary_to_integer, 1},
                  {binary_to_integer, 2}, {binary_to_float, 1}, {binary_to_list, 1},
                  {binary_to_list, 3}, {binary_to_term, 1}, {binary_to_term, 2},
                  {bitsize, 1}, {bit_size, 1}, {bitstring_to_list, 1}, {byte_size, 1},
                  {ceil, 1}, {check_old_code, 1}, {check_process_code, 2},
                  {check_process_code, 3}, {date, 0}, {delete_module, 1}, {demonitor, 1},
                  {demonitor, 2}, {disconnect_node, 1}, {element, 2}, {erase, 0},
                  {erase, 1}, {error, 1}, {error, 2}, {error, 3}, {exit, 1}, {exit, 2},
                  {float, 1}, {float_to_list, 1}, {float_to_list, 2},
                  {float_to_binary, 1}, {float_to_binary, 2}, {floor, 1},
                  {garbage_collect, 0}, {garbage_collect, 1}, {garbage_collect, 2},
                  {get, 0}, {get, 1}, {get_keys, 0}, {get_keys, 1}, {group_leader, 0},
                  {group_leader, 2}, {halt, 0}, {halt, 1}, {halt, 2}, {hd, 1},
                  {integer_to_binary, 1}, {integer_to_binary, 2}, {integer_to_list, 1},
                  {integer_to_list, 2}, {iolist_size, 1}, {iolist_to_binary, 1},
                  {is_alive, 0}, {is_process_alive, 1}, {is_atom, 1}, {is_boolean, 1},
                  {is_binary, 1}, {is_bitstring, 1}, {is_float, 1}, {is_function, 1},
                  {is_function, 2}, {is_integer, 1}, {is_list, 1}, {is_map, 1},
                  {is_map_key, 2}, {is_number, 1}, {is_pid, 1}, {is_port, 1},
                  {is_reference, 1}, {is_tuple, 1}, {is_record, 2}, {is_record, 3},
                  {length, 1}, {link, 1}, {list_to_atom, 1}, {list_to_binary, 1},
                  {list_to_bitstring, 1}, {list_to_existing_atom, 1},
                  {list_to_float, 1}, {list_to_integer, 1}, {list_to_integer, 2},
                  {list_to_pid, 1}, {list_to_port, 1}, {list_to_ref, 1},
                  {list_to_tuple, 1}, {load_module, 2}, {make_ref, 0}, {map_get, 2},
                  {map_size, 1}, {max, 2}, {min, 2}, {module_loaded, 1}, {monitor, 2},
                  {monitor, 3}, {monitor_node, 2}, {node, 0}, {node, 1}, {nodes, 0},
                  {nodes, 1}, {now, 0}, {open_port, 2}, {pid_to_list, 1},
                  {port_to_list, 1}, {port_close, 1}, {port_command, 2},
                  {port_command, 3}, {port_connect, 2}, {port_control, 3},
                  {pre_loaded, 0}, {process_flag, 2}, {process_flag, 3},
                  {process_info, 1}, {process_info, 2}, {processes, 0}, {purge_module, 1},
                  {put, 2}, {ref_to_list, 1}, {register, 2}, {registered, 0},
                  {round, 1}, {self, 0}, {setelement, 3}, {size, 1}, {spawn, 1},
                  {spawn, 2}, {spawn, 3}, {spawn, 4}, {spawn_link, 1}, {spawn_link, 2},
                  {spawn_link, 3}, {spawn_link, 4}, {spawn_request, 1}, {spawn_request, 2},
                  {spawn_request, 3}, {spawn_request, 4}, {spawn_request, 5},
                  {spawn_request_abandon, 1}, {spawn_monitor, 1}, {spawn_monitor, 2},
                  {spawn_monitor, 3}, {spawn_monitor, 4}, {spawn_opt, 2}, {spawn_opt, 3},
                  {spawn_opt, 4}, {spawn_opt, 5}, {split_binary, 2}, {statistics, 1},
                  {term_to_binary, 1}, {term_to_binary, 2}, {term_to_iovec, 1},
                  {term_to_iovec, 2}, {throw, 1}, {time, 0}, {tl, 1}, {trunc, 1},
                  {tuple_size, 1}, {tuple_to_list, 1}, {unalias, 1}, {unlink, 1},
                  {unregister, 1}, {whereis, 1}, {alias, 0}, {alias, 1}]).
