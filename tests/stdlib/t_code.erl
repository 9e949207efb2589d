%% code compared with OTP's: the same loading scenario (shared/notes/code-loading.md)
%% runs with Ferl's code on module tcode_f and with OTP's on module tcode_o.
-module(t_code).
-export([run/0]).

run() ->
    ferl_logger:remove_handler(default),
    logger:set_primary_config(level, none),
    Dir = filename:join(["/tmp", "ferl_t_code_" ++ os:getpid()]),
    ok = filelib:ensure_dir(filename:join(Dir, "x")),
    {ok, Cwd} = file:get_cwd(),
    R1 = scenario(ferl_code, tcode_f, Dir),
    R2 = scenario(code, tcode_o, Dir),
    file:set_cwd(Cwd),
    st:same(code_scenario, norm(R1, tcode_f, Dir), norm(R2, tcode_o, Dir)),
    case os:getenv("ST_VERBOSE") of false -> ok; _ -> io:format("~s~n", [norm(R1, tcode_f, Dir)]) end,
    os:cmd("rm -rf " ++ Dir),
    logger:set_primary_config(level, notice),
    ok.

norm(T, M, Dir) ->
    S = lists:flatten(io_lib:format("~p", [T])),
    S1 = re:replace(S, atom_to_list(M), "MOD", [global, {return, list}]),
    S2 = re:replace(S1, Dir, "DIR", [global, {return, list}]),
    re:replace(S2, "<[0-9.]+>", "PID", [global, {return, list}]).

write(Dir, M, Vsn) ->
    Src = io_lib:format("-module(~w).~n-export([loop/0, vsn/0]).~nvsn() -> ~w.~n"
                        "loop() -> receive {vsn, P} -> P ! {vsn, vsn()}, loop(); stop -> ok end.~n",
                        [M, Vsn]),
    File = filename:join(Dir, atom_to_list(M) ++ ".erl"),
    ok = file:write_file(File, Src),
    {ok, M, Bin} = compile:file(File, [binary]),
    ok = file:write_file(filename:join(Dir, atom_to_list(M) ++ ".beam"), Bin),
    Bin.

scenario(C, M, Dir) ->
    write(Dir, M, 1),
    A1 = C:add_patha(Dir),
    A2 = C:add_patha(Dir ++ "/nonexistent"),
    L1 = C:load_file(M),
    I1 = C:is_loaded(M),
    W1 = C:which(M),
    St1 = C:module_status(M),
    P = spawn(M, loop, []),
    timer:sleep(10),
    write(Dir, M, 2),
    St2 = C:module_status(M),
    Mm = lists:member(M, C:modified_modules()),
    L2 = C:load_file(M),
    P ! {vsn, self()}, V1 = receive {vsn, X1} -> X1 after 500 -> none end,
    L3 = C:load_file(M),
    Sp = C:soft_purge(M),
    D1 = C:delete(M),
    Pu = C:purge(M),
    timer:sleep(10),
    Alive = is_process_alive(P),
    Pu2 = C:purge(M),
    Sp2 = C:soft_purge(M),
    {M, Bin, F} = C:get_object_code(M),
    LB = C:load_binary(M, "fake/path.beam", Bin),
    I2 = C:is_loaded(M),
    LB2 = C:load_binary(M, "fake2.beam", <<"junk">>),
    D2 = C:delete(M),
    I3 = C:is_loaded(M),
    Pu3 = C:purge(M),
    E1 = C:ensure_loaded(M),
    E2 = C:ensure_loaded(no_such_module_xyz),
    LA = C:load_abs(filename:join(Dir, "nonexist")),
    GO = C:get_object_code(no_such_module_xyz),
    Wh = C:which(no_such_module_xyz),
    C:stick_mod(M),
    Sk = C:load_file(M),
    C:unstick_mod(M),
    AL = C:atomic_load([M]),
    C:purge(M),
    AL2 = C:atomic_load([M, no_such_module_xyz]),
    D3 = C:del_path(Dir),
    D4 = C:del_path(Dir),
    NF = C:load_file(M),
    WF = C:where_is_file("nonexist.beam"),
    C:purge(M), C:delete(M), C:purge(M),
    {A1, A2, L1, I1, W1, St1, St2, Mm, L2, V1, L3, Sp, D1, Pu, Alive, Pu2, Sp2,
     is_binary(Bin), F, LB, I2, LB2, D2, I3, Pu3, E1, E2, LA, GO, Wh, Sk, AL, AL2, D3, D4, NF, WF}.
