-module(types).
-export([f/1]).
-export_type([t/0, u/1]).
-type t() :: integer() | atom() | [t()] | {t(), t()} | #{atom() => t(), binary() := t()}.
-type u(A) :: {A, list(A), nonempty_list(A), [A, ...], []}.
-opaque o() :: 0..10 | -1..1 | 1 bsl 8.
-type f() :: fun() | fun((...) -> ok) | fun((integer(), atom()) -> t()) | fun(() -> ok).
-type b() :: <<>> | <<_:8>> | <<_:_*4>> | <<_:8, _:_*4>>.
-type r() :: #r{} | #r{a :: integer()}.
-type remote() :: lists:list(integer()) | erlang:timestamp().
-type any_() :: any() | term() | tuple() | map() | none() | no_return() | $a | 'x' | 42.
-type ann() :: {Name :: atom(), Value :: term()}.
-type user() :: t() | u(integer()) | my_undefined_type(atom()).
-record(r, {a :: integer(), b = [] :: [atom()]}).
-spec f(X) -> X when X :: integer(); (atom()) -> atom().
f(X) -> X.
-spec g(integer()) -> ok.
g(_) -> ok.
-spec types:h() -> ok.
h() -> ok.
-spec(k(A :: integer()) -> {ok, A} | error).
k(A) -> {ok, A}.
-spec w(T) -> T when is_subtype(T, atom()).
w(T) -> T.
-callback init(Args :: term()) -> {ok, State :: term()} | {stop, Reason :: term()}.
-callback handle(term()) -> ok.
-optional_callbacks([handle/1]).
