%% error_logger: the legacy error logging API, on top of logger (Ferl's own).
%%
%% API: error_msg/1,2, format/2, error_report/1,2, warning_msg/1,2, warning_report/1,2,
%% info_msg/1,2, info_report/1,2, warning_map/0, tty/1, add_report_handler/1,2,
%% delete_report_handler/1. As erl: info_msg/info_report log at level notice (so they are
%% printed at the default primary level), warnings at warning, errors at error; a report
%% of a non-standard type gets domain [Type], which the default handler drops.
%% Not covered: logfile/1 and event handlers (add_report_handler accepts and ignores).
-module(error_logger).

-export([error_msg/1, error_msg/2, format/2, error_report/1, error_report/2,
         warning_msg/1, warning_msg/2, warning_report/1, warning_report/2,
         info_msg/1, info_msg/2, info_report/1, info_report/2, warning_map/0, tty/1,
         add_report_handler/1, add_report_handler/2, delete_report_handler/1]).

error_msg(Format) -> error_msg(Format, []).
error_msg(Format, Args) -> msg(error, error, Format, Args).
format(Format, Args) -> error_msg(Format, Args).

warning_msg(Format) -> warning_msg(Format, []).
warning_msg(Format, Args) -> msg(warning, warning_msg, Format, Args).

info_msg(Format) -> info_msg(Format, []).
info_msg(Format, Args) -> msg(notice, info_msg, Format, Args).

error_report(Report) -> report(error, error_report, std_error, Report).
error_report(Type, Report) -> report(error, error_report, Type, Report).

warning_report(Report) -> report(warning, warning_report, std_warning, Report).
warning_report(Type, Report) -> report(warning, warning_report, Type, Report).

info_report(Report) -> report(notice, info_report, std_info, Report).
info_report(Type, Report) -> report(notice, info_report, Type, Report).

msg(Level, Tag, Format, Args) ->
    logger:log(Level, Format, Args, #{error_logger => #{tag => Tag}}),
    ok.

report(Level, Tag, Type, Report) ->
    Meta0 = #{error_logger => #{tag => Tag, type => Type}},
    Meta = case lists:member(Type, [std_error, std_warning, std_info]) of
               true -> Meta0;
               false -> Meta0#{domain => [Type]}
           end,
    logger:log(Level, #{label => {error_logger, Tag}, report => Report},
               Meta#{report_cb => fun({_, R}) -> report_text(R);
                                     (#{report := R}) -> report_text(R)
                                  end}),
    ok.

report_text(R) -> logger:format_report(R).

warning_map() -> warning.

tty(_) -> ok.

add_report_handler(_) -> ok.
add_report_handler(_, _) -> ok.
delete_report_handler(_) -> ok.
