-module(macros).
-include("macros.hrl").
-export([f/0, g/1]).
-define(A, 1).
-define(B(X), {X, ??X}).
-define(B(X, Y), [X, Y]).
-define(C, ?A + 1).
-define(PAIR(X, Y), {X, Y}).
-define(EMPTY(), empty).
-define('quoted', q).
-define(Var, v).
-ifdef(A).
yes() -> ?A.
-else.
no() -> ?A.
-endif.
-ifndef(UNDEFINED).
-define(D, defined_d).
-endif.
-if(?A + 1 == 2).
-define(E, e_is_two).
-elif(true).
-define(E, never).
-else.
-define(E, never2).
-endif.
-if(defined(A) andalso not defined(NOPE)).
-define(F, f_yes).
-else.
-define(F, f_no).
-endif.
-if(?OTP_RELEASE >= 25).
-define(OTP, new).
-else.
-define(OTP, old).
-endif.
-ifdef(NESTED_NO).
-ifdef(A).
inner() -> never.
-endif.
-else.
-ifndef(NESTED_NO).
nested() -> ok.
-endif.
-endif.
-undef(A).
-define(A, 2).
f() ->
    {?A, ?B(1 + 2), ?B(a, b), ?C, ?PAIR(fun() -> x end, [1, 2]), ?EMPTY(), ?quoted, ?'quoted', ?Var,
     ?D, ?E, ?F, ?OTP, ?MODULE, ?MODULE_STRING, ?FILE, ?LINE, ?MACHINE, ?FUNCTION_NAME,
     ?FUNCTION_ARITY, ?INC_MACRO, #inc_rec{}, ?PAIR((1), {2, 3})}.
g(X) -> F = fun() -> {?FUNCTION_NAME, ?FUNCTION_ARITY} end, {F, X, ?B("s" ++ [$c])}.
-warning_attr(?LINE).
