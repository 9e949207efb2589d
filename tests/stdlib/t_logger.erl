%% logger/error_logger text, compared with erl's default handler in child nodes:
%% the same calls, timestamps and pids masked.
-module(t_logger).
-export([run/0]).

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
    ok.

mask(S) ->
    S1 = re:replace(S, "==== [^=]* ===", "==== DATE ===", [global, {return, list}]),
    S2 = re:replace(S1, "<[0-9]+\\.[0-9]+\\.[0-9]+>", "<PID>", [global, {return, list}]),
    S3 = re:replace(S2, "(heap_size|stack_size|reductions): [0-9]+", "\\1: N", [global, {return, list}]),
    re:replace(S3, "ferl_", "", [global, {return, list}]).

child(Dir, Script) ->
    File = filename:join(Dir, "t_logger_script"),
    ok = file:write_file(File, Script),
    os:cmd("cd /tmp && timeout 20 erl -noshell -pa " ++ Dir ++
               " -eval '{ok, B} = file:read_file(\"" ++ File ++ "\"), "
               "{ok, T, _} = erl_scan:string(binary_to_list(B)), "
               "{ok, Es} = erl_parse:parse_exprs(T), erl_eval:exprs(Es, [])' 2>&1").
