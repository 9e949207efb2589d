%% logger/error_logger text, compared with erl's default handler in child nodes:
%% the same calls, timestamps and pids masked.
-module(t_logger).
-export([run/0, log/2]).

script(P) ->
    lists:flatten(
      [P, "error_logger:error_msg(\"hello ~p~n\", [x]), ",
       P, "logger:error(\"via logger ~p\", [y]), ",
       P, "error_logger:error_report([{a,1},{b,\"text\"}]), ",
       P, "error_logger:error_report(some_term), ",
       P, "error_logger:info_msg(\"info~n\"), ",
       P, "error_logger:warning_msg(\"wm ~p~n\", [1]), ",
       P, "error_logger:info_report(progress), ",
       P, "error_logger:error_report(type, [{a,1}]), ",
       P, "logger:error(#{a => 1, b => \"x\"}), ",
       P, "logger:error(\"~p\", [lists:seq(1,40)]), ",
       P, "logger:notice(\"notice\"), ",
       P, "logger:info(\"not shown\"), ",
       P, "logger:warning(\"warn\"), ",
       "timer:sleep(200), halt()."]).

%% The primary level, error_logger's levels (info -> notice) and the default domain filter.
levels(P) ->
    lists:flatten(
      [P, "logger:set_primary_config(level, warning), ",
       P, "error_logger:info_msg(\"info~n\"), ",
       P, "error_logger:warning_msg(\"warn~n\"), ",
       P, "error_logger:error_msg(\"err~n\"), ",
       "[", P, "logger:error(\"dom ~p~n\", [D], #{domain => D}) || "
       "D <- [[otp], [otp,sasl], [otp,sasl,x], [otp,x], [x], [], [sasl]]], ",
       P, "logger:set_primary_config(level, notice), ",
       P, "error_logger:info_report(r), ",
       P, "error_logger:info_report(progress, r), ",
       P, "error_logger:error_report(type1, r), ",
       P, "logger:set_primary_config(level, none), ",
       P, "error_logger:error_msg(\"err~n\"), ",
       P, "logger:emergency(\"em\"), ",
       "timer:sleep(200), halt()."]).

run() ->
    Dir = filename:dirname(code:which(ferl_logger)),
    Otp = child(Dir, script("")),
    Ferl = child(Dir, script("ferl_")),
    st:same(logger_text, mask(Ferl), mask(Otp)),
    st:same(logger_levels, mask(child(Dir, levels("ferl_"))), mask(child(Dir, levels("")))),
    %% proc_lib crash reports and supervisor reports: headers and fixed lines
    Crash = "P = PL:spawn(fun() -> exit(boom) end), timer:sleep(200), halt().",
    C1 = mask(child(Dir, re:replace(Crash, "PL", "ferl_proc_lib", [{return, list}]))),
    C2 = mask(child(Dir, re:replace(Crash, "PL", "proc_lib", [{return, list}]))),
    st:same(crash_report_head, lists:sublist(string:split(C1, "\n", all), 6),
            lists:sublist(string:split(C2, "\n", all), 6)),
    st:same(crash_report_tail, lists:nthtail(9, string:split(C1, "\n", all)) -- ["    heap_size: N", "    stack_size: N", "    reductions: N"],
            lists:nthtail(9, string:split(C2, "\n", all)) -- ["    heap_size: N", "    stack_size: N", "    reductions: N"]),
    Sup = "process_flag(trap_exit, true), {ok, S} = SUP:start_link(h_sup_cb, {#{}, [#{id => a, start => {h_sup_cb, worker, [a, self()]}}]}), "
        "a ! {die, boom}, timer:sleep(200), halt().",
    S1 = mask(child(Dir, re:replace(Sup, "SUP", "ferl_supervisor", [{return, list}]))),
    S2 = mask(child(Dir, re:replace(Sup, "SUP", "supervisor", [{return, list}]))),
    st:same(supervisor_report, S1, S2),
    config(),
    ok.

%% A capturing handler: sends the level, message and chosen metadata to the test process.
log(#{level := L, msg := Msg, meta := Meta}, #{config := #{to := To}}) ->
    To ! {logged, L, Msg, maps:with([a, b, c, domain], Meta)}.

%% Filters, process metadata, module levels and compare_levels, in this node with
%% each implementation (their configurations are separate).
config() ->
    Run = fun(L) ->
                  Old = L:get_primary_config(),
                  _ = L:set_handler_config(default, level, none),
                  ok = L:add_handler(t_cap, ?MODULE, #{config => #{to => self()}}),
                  Ids = lists:member(t_cap, L:get_handler_ids()),
                  ok = L:set_primary_config(level, notice),
                  ok = L:set_process_metadata(#{a => 1}),
                  ok = L:update_process_metadata(#{b => 2}),
                  PM = L:get_process_metadata(),
                  L:notice("one", #{c => 3}),
                  L:notice("two", #{a => override}),
                  ok = L:unset_process_metadata(),
                  U = L:get_process_metadata(),
                  ok = L:add_primary_filter(f1, {fun(#{msg := {string, "drop"}}, _) -> stop;
                                                    (#{msg := {string, "change"}} = E, _) -> E#{level := alert};
                                                    (_, _) -> ignore end, x}),
                  Dup = L:add_primary_filter(f1, {fun(E, _) -> E end, x}),
                  L:notice("drop"), L:notice("change"), L:notice("keep"),
                  ok = L:remove_primary_filter(f1),
                  NF = L:remove_primary_filter(f1),
                  ok = L:add_handler_filter(t_cap, hf, {fun(_, _) -> stop end, y}),
                  L:notice("stopped by the handler filter"),
                  ok = L:remove_handler_filter(t_cap, hf),
                  ok = L:set_module_level(t_mod_a, debug),
                  ML = L:get_module_level(),
                  L:debug("from module a", #{mfa => {t_mod_a, f, 0}}),
                  L:debug("from module b", #{mfa => {t_mod_b, f, 0}}),
                  A1 = L:allow(debug, t_mod_a), A2 = L:allow(debug, t_mod_b),
                  ok = L:unset_module_level(t_mod_a),
                  ML2 = L:get_module_level(),
                  ok = L:update_handler_config(t_cap, config, #{extra => 1}),
                  {ok, #{config := HC}} = L:get_handler_config(t_cap),
                  ok = L:remove_handler(t_cap),
                  _ = L:set_handler_config(default, level, all),
                  L:set_primary_config(Old),
                  timer:sleep(10),
                  Logged = flush_logged(),
                  Cmp = [L:compare_levels(X, Y) || X <- [debug, error, all, none], Y <- [info, error]],
                  BadCmp = catch L:compare_levels(foo, info),
                  {Ids, PM, U, Dup, NF, ML, ML2, A1, A2, maps:without([to], HC), Logged, Cmp,
                   element(1, element(2, BadCmp))}
          end,
    st:same(logger_config, Run(ferl_logger), Run(logger)).

flush_logged() ->
    receive {logged, L, M, Meta} -> [{L, M, Meta} | flush_logged()]
    after 0 -> []
    end.

mask(S) ->
    S1 = re:replace(S, "==== [^=]* ===", "==== DATE ===", [global, {return, list}]),
    S2 = re:replace(S1, "<[0-9]+\\.[0-9]+\\.[0-9]+>", "<PID>", [global, {return, list}]),
    S3 = re:replace(S2, "(heap_size|stack_size|reductions): [0-9]+", "\\1: N", [global, {return, list}]),
    re:replace(S3, "ferl_", "", [global, {return, list}]).

child(Dir, Script) ->
    File = filename:join(Dir, "t_logger_script"),
    ok = file:write_file(File, Script),
    os:cmd("cd " ++ Dir ++ " && timeout 20 erl -noshell -pa " ++ Dir ++
               " -eval '{ok, B} = file:read_file(\"" ++ File ++ "\"), "
               "{ok, T, _} = erl_scan:string(binary_to_list(B)), "
               "{ok, Es} = erl_parse:parse_exprs(T), erl_eval:exprs(Es, [])' 2>&1").
