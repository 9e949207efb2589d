%% logger: the logging API and its default handler (Ferl's own, minimal implementation).
%%
%% API: log/2,3,4, macro_log/3,4,5, emergency/alert/critical/error/warning/notice/info/
%% debug (1,2,3 arity), allow/2, get_primary_config/0, set_primary_config/1,2,
%% update_primary_config/1, add_handler/3, remove_handler/1, get_handler_config/0,1,
%% set_handler_config/2,3, get_config/0, format_report/1 (the default report text).
%% Events are filtered and formatted in the calling process. The default handler
%% ("default") writes to the `user` io device in erl's legacy format:
%%   =ERROR REPORT==== 24-Nov-2026::00:27:46.188917 ===
%%   text
%% with the primary level notice and erl's default filters: events whose domain is not a
%% prefix of [otp, sasl] are dropped (sasl progress reports are at info level, so not
%% printed either). Other handlers: Module:log(Event, Config) is called
%% with Event = #{level, msg, meta}. Also: primary and handler filters (Fun(Event, Arg)
%% -> stop | ignore | Event, filter_default), process metadata (set/update/unset/
%% get_process_metadata; event metadata = call's > process's > primary's), module and
%% application levels, compare_levels/2, timestamp/0, get_handler_ids/0,
%% update_handler_config/2,3, update_formatter_config/2,3 (stored only), i/0,1 (short).
%% Not covered: formatter configuration's effect, file handlers, overload protection,
%% proxy (get_proxy_config returns erl's defaults), compile-time macros (logger.hrl uses
%% macro_log/4,5).
-module(logger).

-export([log/2, log/3, log/4, macro_log/3, macro_log/4, macro_log/5,
         emergency/1, emergency/2, emergency/3, alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3, error/1, error/2, error/3,
         warning/1, warning/2, warning/3, notice/1, notice/2, notice/3,
         info/1, info/2, info/3, debug/1, debug/2, debug/3, allow/2,
         get_primary_config/0, set_primary_config/1, set_primary_config/2,
         update_primary_config/1, add_handler/3, remove_handler/1,
         get_handler_config/0, get_handler_config/1, set_handler_config/2,
         set_handler_config/3, get_config/0, format_event/1, format_report/1,
         timestamp_text/1, compare_levels/2, timestamp/0, get_handler_ids/0,
         update_handler_config/2, update_handler_config/3, update_formatter_config/2,
         update_formatter_config/3, add_primary_filter/2, remove_primary_filter/1,
         add_handler_filter/3, remove_handler_filter/2, set_process_metadata/1,
         update_process_metadata/1, unset_process_metadata/0, get_process_metadata/0,
         set_module_level/2, unset_module_level/0, unset_module_level/1,
         get_module_level/0, get_module_level/1, set_application_level/2,
         unset_application_level/1, get_proxy_config/0, set_proxy_config/1,
         update_proxy_config/1, i/0, i/1]).

-compile({no_auto_import, [error/1, error/2, error/3]}).
-define(PRIMARY, {?MODULE, primary}).
-define(HANDLERS, {?MODULE, handlers}).
-define(MODULE_LEVELS, {?MODULE, module_levels}).
-define(PROC_META, '$logger_metadata$').

%% ---------------------------------------------------------------- levels

level_int(emergency) -> 0;
level_int(alert) -> 1;
level_int(critical) -> 2;
level_int(error) -> 3;
level_int(warning) -> 4;
level_int(notice) -> 5;
level_int(info) -> 6;
level_int(debug) -> 7;
level_int(all) -> 8;
level_int(none) -> -1.

emergency(A) -> log(emergency, A).
emergency(A, B) -> log(emergency, A, B).
emergency(A, B, C) -> log(emergency, A, B, C).
alert(A) -> log(alert, A).
alert(A, B) -> log(alert, A, B).
alert(A, B, C) -> log(alert, A, B, C).
critical(A) -> log(critical, A).
critical(A, B) -> log(critical, A, B).
critical(A, B, C) -> log(critical, A, B, C).
error(A) -> log(error, A).
error(A, B) -> log(error, A, B).
error(A, B, C) -> log(error, A, B, C).
warning(A) -> log(warning, A).
warning(A, B) -> log(warning, A, B).
warning(A, B, C) -> log(warning, A, B, C).
notice(A) -> log(notice, A).
notice(A, B) -> log(notice, A, B).
notice(A, B, C) -> log(notice, A, B, C).
info(A) -> log(info, A).
info(A, B) -> log(info, A, B).
info(A, B, C) -> log(info, A, B, C).
debug(A) -> log(debug, A).
debug(A, B) -> log(debug, A, B).
debug(A, B, C) -> log(debug, A, B, C).

%% ---------------------------------------------------------------- logging

log(Level, StringOrReport) -> log(Level, StringOrReport, #{}).

log(Level, Report, Meta) when is_map(Report), is_map(Meta) ->
    do_log(Level, {report, Report}, Meta);
log(Level, Report, Meta) when is_list(Report), is_map(Meta) ->
    case io_lib:printable_unicode_list(Report) orelse Report =:= [] of
        true -> do_log(Level, {string, Report}, Meta);
        false -> do_log(Level, {report, Report}, Meta)
    end;
log(Level, String, Meta) when is_binary(String), is_map(Meta) ->
    do_log(Level, {string, String}, Meta);
log(Level, Format, Args) when is_list(Args) -> log(Level, Format, Args, #{});
log(Level, Fun, FunArgs) when is_function(Fun) -> log(Level, Fun, FunArgs, #{}).

log(Level, Fun, FunArgs, Meta) when is_function(Fun, 1) ->
    case Fun(FunArgs) of
        {Format, Args} when is_list(Args) -> do_log(Level, {Format, Args}, Meta);
        {Format, Args, M2} -> do_log(Level, {Format, Args}, maps:merge(Meta, M2));
        Report when is_map(Report) -> do_log(Level, {report, Report}, Meta);
        String -> do_log(Level, {string, String}, Meta)
    end;
log(Level, Format, Args, Meta) -> do_log(Level, {Format, Args}, Meta).

macro_log(Location, Level, StringOrReport) ->
    log(Level, StringOrReport, Location).
macro_log(Location, Level, A, B) when is_map(B) -> log(Level, A, maps:merge(Location, B));
macro_log(Location, Level, A, B) -> log(Level, A, B, Location).
macro_log(Location, Level, A, B, Meta) -> log(Level, A, B, maps:merge(Location, Meta)).

allow(Level, Module) -> level_int(Level) =< level_int(effective_level(Module)).

primary_level() -> maps:get(level, get_primary_config()).

%% A module's own level (set_module_level/2) overrides the primary level.
effective_level(Module) ->
    case persistent_term:get(?MODULE_LEVELS, #{}) of
        #{Module := L} -> L;
        _ -> primary_level()
    end.

do_log(Level, Msg, Meta0) ->
    Meta = add_default_meta(Meta0),
    Module = case Meta of
                 #{mfa := {M, _, _}} -> M;
                 _ -> undefined
             end,
    case level_int(Level) =< level_int(effective_level(Module)) of
        true ->
            Event = #{level => Level, msg => Msg, meta => Meta},
            Primary = get_primary_config(),
            case apply_filters(maps:get(filters, Primary, []),
                               maps:get(filter_default, Primary, log), Event) of
                stop -> ok;
                Event1 -> [call_handler(H, Event1) || H <- handlers()], ok
            end;
        false -> ok
    end.

%% The metadata of an event: the call's, then the process's, then the primary config's.
add_default_meta(Meta) ->
    Proc = case get(?PROC_META) of
               M when is_map(M) -> M;
               _ -> #{}
           end,
    Primary = maps:get(metadata, get_primary_config(), #{}),
    maps:merge(maps:merge(maps:merge(#{pid => self(), gl => group_leader(),
                                       time => erlang:system_time(microsecond)}, Primary),
                          Proc), Meta).

%% Filters: Fun(Event, Arg) returns stop, ignore or a (possibly changed) event. An event
%% no filter has decided on is logged or stopped according to the default.
apply_filters(Filters, Default, Event) -> apply_filters(Filters, Default, Event, false).

apply_filters([], Default, Event, Decided) ->
    case Decided orelse Default =:= log of
        true -> Event;
        false -> stop
    end;
apply_filters([{_Id, {Fun, Arg}} | Fs], Default, Event, Decided) ->
    case catch Fun(Event, Arg) of
        stop -> stop;
        ignore -> apply_filters(Fs, Default, Event, Decided);
        #{level := _, msg := _, meta := _} = E -> apply_filters(Fs, Default, E, true);
        _ -> apply_filters(Fs, Default, Event, Decided)
    end.

%% ---------------------------------------------------------------- handlers

handlers() -> persistent_term:get(?HANDLERS, [default_handler()]).

default_handler() -> #{id => default, module => ?MODULE, level => all}.

call_handler(#{id := default, module := ?MODULE} = H, Event) ->
    case default_filter(Event) andalso level_ok(H, Event) of
        true ->
            Text = try lists:flatten(format_event(Event))
                   catch C:R -> io_lib:format("FORMAT ERROR: ~tp~n", [{C, R, Event}])
                   end,
            io:put_chars(user, Text);
        false -> ok
    end;
call_handler(#{module := M} = H, Event) ->
    case level_ok(H, Event) of
        true ->
            case apply_filters(maps:get(filters, H, []), maps:get(filter_default, H, log),
                               Event) of
                stop -> ok;
                Event1 ->
                    try M:log(Event1, H)
                    catch _:_ -> ok
                    end
            end;
        false -> ok
    end.

level_ok(H, #{level := L}) -> level_int(L) =< level_int(maps:get(level, H, all)).

%% erl's default handler filters: events from remote group leaders are dropped, events
%% with a domain must be in [otp | _] (but not [otp, sasl | _] subdomains other than
%% [otp, sasl] itself, which carries crash and supervisor reports).
default_filter(#{meta := Meta}) ->
    case Meta of
        #{gl := GL} when node(GL) =/= node() -> false;
        %% erl's default handler: only domains that are prefixes of [otp, sasl].
        #{domain := D} -> lists:prefix(D, [otp, sasl]);
        _ -> true
    end.

get_primary_config() ->
    persistent_term:get(?PRIMARY, #{level => notice, filters => [], filter_default => log,
                                    metadata => #{}}).

set_primary_config(Config) when is_map(Config) ->
    persistent_term:put(?PRIMARY, maps:merge(get_primary_config(), Config)),
    ok.
set_primary_config(level, L) ->
    case catch level_int(L) of
        N when is_integer(N) -> set_primary_config(#{level => L});
        _ -> {error, {invalid_level, L}}
    end;
set_primary_config(K, V) -> set_primary_config(#{K => V}).

update_primary_config(Config) -> set_primary_config(Config).

add_handler(Id, Module, Config) when is_atom(Id), is_atom(Module), is_map(Config) ->
    case lists:any(fun(#{id := I}) -> I =:= Id end, handlers()) of
        true -> {error, {already_exist, Id}};
        false ->
            H = maps:merge(#{level => all}, Config#{id => Id, module => Module}),
            persistent_term:put(?HANDLERS, handlers() ++ [H]),
            ok
    end.

remove_handler(Id) ->
    case lists:partition(fun(#{id := I}) -> I =:= Id end, handlers()) of
        {[], _} -> {error, {not_found, Id}};
        {_, Rest} ->
            persistent_term:put(?HANDLERS, Rest),
            ok
    end.

get_handler_config() -> handlers().
get_handler_config(Id) ->
    case [H || #{id := I} = H <- handlers(), I =:= Id] of
        [H] -> {ok, H};
        [] -> {error, {not_found, Id}}
    end.

set_handler_config(Id, Config) when is_map(Config) ->
    case get_handler_config(Id) of
        {ok, H} ->
            New = maps:merge(H, Config),
            persistent_term:put(?HANDLERS, [case I of Id -> New; _ -> X end
                                            || #{id := I} = X <- handlers()]),
            ok;
        E -> E
    end.
set_handler_config(Id, K, V) -> set_handler_config(Id, #{K => V}).

get_config() -> #{primary => get_primary_config(), handlers => handlers()}.

%% ---------------------------------------------------------------- formatting

format_event(#{level := Level, msg := Msg, meta := Meta}) ->
    Header = header(Level, Meta),
    Body = body(Msg, Meta),
    ["=", Header, " REPORT==== ", timestamp_text(maps:get(time, Meta)), " ===\n",
     Body, "\n"].

header(_, #{error_logger := #{type := crash_report}}) -> "CRASH";
header(_, #{error_logger := #{type := supervisor_report}}) -> "SUPERVISOR";
header(_, #{error_logger := #{type := progress}}) -> "PROGRESS";
header(_, #{error_logger := #{tag := Tag}}) when Tag =:= info_report; Tag =:= info_msg -> "INFO";
header(_, #{error_logger := #{tag := Tag}}) when Tag =:= warning_report; Tag =:= warning_msg ->
    "WARNING";
header(_, #{error_logger := #{tag := Tag}}) when Tag =:= error_report; Tag =:= error -> "ERROR";
header(Level, _) -> string:to_upper(atom_to_list(Level)).

body({string, S}, _) -> S;
body({report, R}, #{report_cb := Cb}) when is_function(Cb, 1) ->
    case Cb(R) of
        {Format, Args} -> io_lib:format(Format, Args);
        Chars -> Chars
    end;
body({report, R}, #{report_cb := Cb}) when is_function(Cb, 2) ->
    Cb(R, #{depth => unlimited, chars_limit => unlimited, single_line => false});
body({report, R}, _) -> format_report(R);
body({Format, Args}, _) ->
    try io_lib:format(Format, Args)
    catch _:_ -> io_lib:format("FORMAT ERROR: ~tp - ~tp", [Format, Args])
    end.

%% A report: "    key: value" lines for a map or key-value list, else the term.
format_report(R) when is_map(R) -> format_report(lists:sort(maps:to_list(R)));
format_report([{_, _} | _] = R) ->
    lists:join("\n", [io_lib:format("    ~tp: ~ts", [K, value_text(V)]) || {K, V} <- R]);
format_report(R) when is_list(R) ->
    case io_lib:printable_unicode_list(R) of
        true -> R;
        false -> io_lib:format("~tp", [R])
    end;
format_report(R) -> io_lib:format("~tp", [R]).

value_text(V) when is_list(V) ->
    case io_lib:printable_unicode_list(V) of
        true -> V;
        false -> io_lib:format("~tp", [V])
    end;
value_text(V) -> io_lib:format("~tp", [V]).

%% "24-Nov-2026::00:27:46.188917" in local time.
timestamp_text(MicroSecs) ->
    Secs = MicroSecs div 1000000,
    Micro = MicroSecs rem 1000000,
    UT = seconds_to_datetime(Secs),
    {{Y, Mo, D}, {H, Mi, S}} = try erlang:universaltime_to_localtime(UT)
                               catch error:_ -> UT
                               end,
    io_lib:format("~2..0w-~s-~4w::~2..0w:~2..0w:~2..0w.~6..0w",
                  [D, month(Mo), Y, H, Mi, S, Micro]).

month(M) ->
    element(M, {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                "Nov", "Dec"}).

%% Seconds since 1970 to a UTC date and time (days to civil date).
seconds_to_datetime(Secs) ->
    Days = Secs div 86400,
    Rem = Secs rem 86400,
    Z = Days + 719468,
    Era = Z div 146097,
    Doe = Z - Era * 146097,
    Yoe = (Doe - Doe div 1460 + Doe div 36524 - Doe div 146096) div 365,
    Doy = Doe - (365 * Yoe + Yoe div 4 - Yoe div 100),
    Mp = (5 * Doy + 2) div 153,
    Day = Doy - (153 * Mp + 2) div 5 + 1,
    Month = if Mp < 10 -> Mp + 3; true -> Mp - 9 end,
    Year = Yoe + Era * 400 + (if Month =< 2 -> 1; true -> 0 end),
    {{Year, Month, Day}, {Rem div 3600, (Rem rem 3600) div 60, Rem rem 60}}.

%% ---------------------------------------------------------------- more configuration

compare_levels(A, B) ->
    case {catch level_int(A), catch level_int(B)} of
        {X, Y} when is_integer(X), is_integer(Y), X < Y -> gt;
        {X, X} when is_integer(X) -> eq;
        {X, Y} when is_integer(X), is_integer(Y) -> lt;
        _ -> erlang:error(badarg, [A, B])
    end.

timestamp() -> erlang:system_time(microsecond).

get_handler_ids() -> [Id || #{id := Id} <- handlers()].

update_handler_config(Id, Config) when is_map(Config) ->
    case get_handler_config(Id) of
        {ok, H} ->
            Old = maps:get(config, H, #{}),
            New = case Config of
                      #{config := C} when is_map(C) -> Config#{config => maps:merge(Old, C)};
                      _ -> Config
                  end,
            set_handler_config(Id, New);
        E -> E
    end.
update_handler_config(Id, config, C) when is_map(C) -> update_handler_config(Id, #{config => C});
update_handler_config(Id, K, V) -> set_handler_config(Id, K, V).

update_formatter_config(Id, Config) when is_map(Config) ->
    case get_handler_config(Id) of
        {ok, H} ->
            {FMod, FConf} = maps:get(formatter, H, {logger_formatter, #{}}),
            set_handler_config(Id, formatter, {FMod, maps:merge(FConf, Config)});
        E -> E
    end.
update_formatter_config(Id, K, V) -> update_formatter_config(Id, #{K => V}).

add_primary_filter(Id, {Fun, _} = Filter) when is_atom(Id), is_function(Fun, 2) ->
    P = get_primary_config(),
    Fs = maps:get(filters, P, []),
    case lists:keymember(Id, 1, Fs) of
        true -> {error, {already_exist, Id}};
        false -> set_primary_config(P#{filters => Fs ++ [{Id, Filter}]})
    end;
add_primary_filter(Id, Filter) -> {error, {invalid_filter, {Id, Filter}}}.

remove_primary_filter(Id) ->
    P = get_primary_config(),
    Fs = maps:get(filters, P, []),
    case lists:keymember(Id, 1, Fs) of
        true -> set_primary_config(P#{filters => lists:keydelete(Id, 1, Fs)});
        false -> {error, {not_found, Id}}
    end.

add_handler_filter(HId, Id, {Fun, _} = Filter) when is_atom(Id), is_function(Fun, 2) ->
    case get_handler_config(HId) of
        {ok, H} ->
            Fs = maps:get(filters, H, []),
            case lists:keymember(Id, 1, Fs) of
                true -> {error, {already_exist, Id}};
                false -> set_handler_config(HId, filters, Fs ++ [{Id, Filter}])
            end;
        E -> E
    end;
add_handler_filter(_, Id, Filter) -> {error, {invalid_filter, {Id, Filter}}}.

remove_handler_filter(HId, Id) ->
    case get_handler_config(HId) of
        {ok, H} ->
            Fs = maps:get(filters, H, []),
            case lists:keymember(Id, 1, Fs) of
                true -> set_handler_config(HId, filters, lists:keydelete(Id, 1, Fs));
                false -> {error, {not_found, Id}}
            end;
        E -> E
    end.

set_process_metadata(Meta) when is_map(Meta) -> put(?PROC_META, Meta), ok;
set_process_metadata(Meta) -> erlang:error(badarg, [Meta]).

update_process_metadata(Meta) when is_map(Meta) ->
    set_process_metadata(maps:merge(get_process_metadata_map(), Meta));
update_process_metadata(Meta) -> erlang:error(badarg, [Meta]).

unset_process_metadata() -> erase(?PROC_META), ok.

get_process_metadata() ->
    case get(?PROC_META) of
        M when is_map(M) -> M;
        _ -> undefined
    end.

get_process_metadata_map() ->
    case get_process_metadata() of
        undefined -> #{};
        M -> M
    end.

set_module_level(Module, Level) when is_atom(Module) -> set_module_level([Module], Level);
set_module_level(Modules, Level) when is_list(Modules) ->
    case catch level_int(Level) of
        N when is_integer(N) ->
            ML = persistent_term:get(?MODULE_LEVELS, #{}),
            persistent_term:put(?MODULE_LEVELS,
                                maps:merge(ML, maps:from_list([{M, Level} || M <- Modules]))),
            ok;
        _ -> {error, {invalid_level, Level}}
    end.

unset_module_level() -> persistent_term:put(?MODULE_LEVELS, #{}), ok.
unset_module_level(Module) when is_atom(Module) -> unset_module_level([Module]);
unset_module_level(Modules) when is_list(Modules) ->
    persistent_term:put(?MODULE_LEVELS,
                        maps:without(Modules, persistent_term:get(?MODULE_LEVELS, #{}))),
    ok.

get_module_level() -> lists:sort(maps:to_list(persistent_term:get(?MODULE_LEVELS, #{}))).
get_module_level(Module) when is_atom(Module) -> get_module_level([Module]);
get_module_level(Modules) when is_list(Modules) ->
    [ML || {M, _} = ML <- get_module_level(), lists:member(M, Modules)].

set_application_level(App, Level) ->
    case application:get_key(App, modules) of
        {ok, Modules} -> set_module_level(Modules, Level);
        undefined -> {error, {not_loaded, App}}
    end.

unset_application_level(App) ->
    case application:get_key(App, modules) of
        {ok, Modules} -> unset_module_level(Modules);
        undefined -> {error, {not_loaded, App}}
    end.

get_proxy_config() ->
    #{sync_mode_qlen => 500, drop_mode_qlen => 1000, flush_qlen => 5000,
      burst_limit_enable => false, burst_limit_max_count => 500,
      burst_limit_window_time => 1000, overload_kill_enable => false,
      overload_kill_qlen => 20000, overload_kill_mem_size => 3000000,
      overload_kill_restart_after => 5000}.
set_proxy_config(C) when is_map(C) -> ok.
update_proxy_config(C) when is_map(C) -> ok.

%% A short description of the configuration.
i() -> i(all).
i(_What) ->
    P = get_primary_config(),
    io:format("Primary configuration: ~n    Level: ~p~n    Filter Default: ~p~n"
              "    Filters: ~p~n", [maps:get(level, P), maps:get(filter_default, P, log),
                                    maps:get(filters, P, [])]),
    io:format("Handler configuration: ~n", []),
    [io:format("    Id: ~p~n        Module: ~p~n        Level: ~p~n",
               [Id, M, maps:get(level, H, all)]) || #{id := Id, module := M} = H <- handlers()],
    io:format("Level set per module: ~n", []),
    [io:format("    Module: ~p~n        Level: ~p~n", [M, L]) || {M, L} <- get_module_level()],
    ok.
