%% error_handler: auto-loading and undef exceptions, compared with OTP's error_handler.
-module(t_error_handler).
-export([run/0]).

run() ->
    Dir = filename:join(["/tmp", "ferl_t_eh_" ++ os:getpid()]),
    ok = filelib:ensure_dir(filename:join(Dir, "x")),
    [write(Dir, M) || M <- [teh_f, teh_o]],
    {module, _} = code:ensure_loaded(ferl_error_handler),
    ferl_code:add_patha(Dir),
    code:add_patha(Dir),
    R1 = scenario(ferl_error_handler, teh_f),
    R2 = scenario(error_handler, teh_o),
    st:same(error_handler, norm(R1, teh_f), norm(R2, teh_o)),
    code:del_path(Dir),
    os:cmd("rm -rf " ++ Dir),
    ok.

norm(T, M) ->
    re:replace(lists:flatten(io_lib:format("~p", [T])), atom_to_list(M), "MOD",
               [global, {return, list}]).

write(Dir, M) ->
    Src = io_lib:format("-module(~w).~n-export([f/1, '$handle_undefined_function'/2]).~n"
                        "f(X) -> {f, X}.~n"
                        "'$handle_undefined_function'(hooked, A) -> {hooked, A};~n"
                        "'$handle_undefined_function'(F, A) -> error_handler:raise_undef_exception(~w, F, A).~n",
                        [M, M]),
    File = filename:join(Dir, atom_to_list(M) ++ ".erl"),
    ok = file:write_file(File, Src),
    {ok, M, Bin} = compile:file(File, [binary]),
    ok = file:write_file(filename:join(Dir, atom_to_list(M) ++ ".beam"), Bin).

scenario(EH, M) ->
    Self = self(),
    spawn(fun() ->
                  process_flag(error_handler, EH),
                  Loaded0 = erlang:module_loaded(M),
                  A = M:f(1),
                  Loaded1 = erlang:module_loaded(M),
                  B = M:hooked(2, 3),
                  C = try no_such_mod_abc:g(1) catch error:R1:S1 -> {R1, hd(S1)} end,
                  D = try erlang:apply(lists, no_such_fun, [1]) catch error:R2:S2 -> {R2, hd(S2)} end,
                  Self ! {result, {Loaded0, A, Loaded1, B, C, D}}
          end),
    receive {result, R} -> R after 2000 -> timeout end.
