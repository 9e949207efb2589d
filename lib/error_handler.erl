%% error_handler: what happens on a call to an undefined function (Ferl's own).
%%
%% undefined_function/3: the module is loaded through code:ensure_loaded/1 (in
%% interactive mode) and the call made; if the function still does not exist, the
%% module's '$handle_undefined_function'/2 is used when exported; otherwise error undef
%% is raised with {M, F, Args, []} on top of the caller's stack, as erl does.
%% undefined_lambda/3: the same for a fun whose module is not loaded.
%% breakpoint/3 and stub_function/3 raise undef.
-module(error_handler).

-export([undefined_function/3, undefined_lambda/3, breakpoint/3, stub_function/3,
         raise_undef_exception/3]).

undefined_function(M, F, A) ->
    case ensure_loaded(M) of
        {module, M} ->
            case erlang:function_exported(M, F, length(A)) of
                true -> erlang:apply(M, F, A);
                false ->
                    case erlang:function_exported(M, '$handle_undefined_function', 2)
                        andalso F =/= '$handle_undefined_function' of
                        true -> M:'$handle_undefined_function'(F, A);
                        false -> crash(M, F, A)
                    end
            end;
        _ -> crash(M, F, A)
    end.

undefined_lambda(M, Fun, Args) ->
    case ensure_loaded(M) of
        {module, M} -> erlang:apply(Fun, Args);
        _ -> crash(Fun, Args)
    end.

breakpoint(M, F, A) -> crash(M, F, A).
stub_function(M, F, A) -> crash(M, F, A).
raise_undef_exception(M, F, A) -> crash(M, F, A).

crash(M, F, A) -> raise({M, F, A, []}).
crash(Fun, Args) -> raise({Fun, Args, []}).

raise(Frame) ->
    Stack = try process_info(self(), current_stacktrace) of
                {current_stacktrace, St} -> St;
                _ -> []
            catch error:_ -> []
            end,
    Caller = lists:dropwhile(fun({Mod, _, _, _}) -> Mod =:= ?MODULE; (_) -> false end, Stack),
    erlang:raise(error, undef, [Frame | Caller]).

ensure_loaded(M) ->
    case erlang:module_loaded(M) of
        true -> {module, M};
        false ->
            Self = self(),
            case whereis(code_server) of
                Self -> {error, nofile};
                _ -> code:ensure_loaded(M)
            end
    end.
