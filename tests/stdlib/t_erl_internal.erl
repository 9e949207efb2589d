%% erl_internal's tables compared with OTP's on every function of module erlang and on
%% operator and type names.
-module(t_erl_internal).
-export([run/0]).

run() ->
    Ex = [{F, A} || {F, A} <- erlang:module_info(exports)] ++
        [{F, A} || F <- [foo, spawn, apply, integer, record, float, function], A <- [0, 1, 2, 3]],
    Ops = ['+', '-', '*', '/', 'div', 'rem', 'band', 'bor', 'bxor', 'bsl', 'bsr', 'bnot',
           'not', 'and', 'or', 'xor', 'andalso', 'orelse', '==', '/=', '=<', '<', '>=', '>',
           '=:=', '=/=', '++', '--', '!', foo],
    Types = [any, arity, atom, binary, bitstring, bool, boolean, byte, char, dynamic, float,
             function, identifier, integer, iodata, iolist, list, map, maybe_improper_list,
             mfa, module, neg_integer, nil, no_return, node, non_neg_integer, none,
             nonempty_binary, nonempty_bitstring, nonempty_improper_list, nonempty_list,
             nonempty_maybe_improper_list, nonempty_string, number, pid, port, pos_integer,
             range, record, reference, string, term, timeout, tuple, 'fun', union, var,
             product, bounded_fun],
    C = fun(F, Args) -> st:cmp({erl_internal, F, Args},
                               fun() -> apply(ferl_erl_internal, F, Args) end,
                               fun() -> apply(erl_internal, F, Args) end) end,
    [[C(F, [N, A]) || F <- [bif, guard_bif, type_test, new_type_test, old_type_test, old_bif]]
     || {N, A} <- Ex],
    [C(bif, [M, N, A]) || {N, A} <- Ex, M <- [erlang, lists]],
    [[C(F, [O, A]) || F <- [arith_op, bool_op, comp_op, list_op, send_op, op_type]]
     || O <- Ops, A <- [1, 2]],
    [C(is_type, [T, A]) || T <- Types, A <- [0, 1, 2, 3]],
    ok.
