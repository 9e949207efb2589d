%% io: the client side of the Erlang I/O protocol (Ferl's own implementation).
%%
%% Every function sends {io_request, From, ReplyAs, Request} to an io device (a pid, a
%% registered name, standard_io = the group leader, standard_error) and waits for
%% {io_reply, ReplyAs, Reply}, monitoring the device. Covers format/1,2,3, fwrite/1,2,3,
%% put_chars/1,2, nl/0,1, write/1,2, get_line/1,2, get_chars/2,3, read/1,2,3, fread/2,3,
%% setopts/1,2, getopts/0,1, columns/0,1, rows/0,1, printable_range/0, request/1,2,
%% requests/1,2, scan_erl_exprs/1,2,3, scan_erl_form/1,2,3, parse_erl_exprs/1,2,3,
%% parse_erl_form/1,2,3, and the /4 variants taking erl_scan options (read/4 too),
%% get_password/0,1 (the {get_password, unicode} request; erl's -noshell user refuses
%% it with {error, {request, _}}, and so does Ferl's). Output requests that fail raise badarg, as in erl.
%% printable_range/0 reads the persistent term {io, printable_range} (latin1 by default;
%% the VM sets it to unicode for +pc unicode).
-module(io).

-export([format/1, format/2, format/3, fwrite/1, fwrite/2, fwrite/3,
         put_chars/1, put_chars/2, nl/0, nl/1, write/1, write/2,
         get_line/1, get_line/2, get_chars/2, get_chars/3,
         read/1, read/2, read/3, fread/2, fread/3,
         setopts/1, setopts/2, getopts/0, getopts/1,
         columns/0, columns/1, rows/0, rows/1, printable_range/0,
         request/1, request/2, requests/1, requests/2,
         scan_erl_exprs/1, scan_erl_exprs/2, scan_erl_exprs/3,
         scan_erl_form/1, scan_erl_form/2, scan_erl_form/3,
         parse_erl_exprs/1, parse_erl_exprs/2, parse_erl_exprs/3,
         parse_erl_form/1, parse_erl_form/2, parse_erl_form/3,
         read/4, scan_erl_exprs/4, scan_erl_form/4, parse_erl_exprs/4, parse_erl_form/4,
         get_password/0, get_password/1]).

%% ---------------------------------------------------------------- output

format(Format) -> format(Format, []).
format(Format, Args) -> format(default_output(), Format, Args).
format(Io, Format, Args) ->
    o_request(Io, {put_chars, unicode, io_lib, format, [Format, Args]}, [Io, Format, Args]).

fwrite(Format) -> format(Format).
fwrite(Format, Args) -> format(Format, Args).
fwrite(Io, Format, Args) -> format(Io, Format, Args).

put_chars(Chars) -> put_chars(default_output(), Chars).
put_chars(Io, Chars) -> o_request(Io, {put_chars, unicode, Chars}, [Io, Chars]).

nl() -> nl(default_output()).
nl(Io) -> o_request(Io, nl, [Io]).

write(Term) -> write(default_output(), Term).
write(Io, Term) -> o_request(Io, {put_chars, unicode, io_lib, write, [Term]}, [Io, Term]).

o_request(Io, Request, CallArgs) ->
    case request(Io, Request) of
        {error, _} -> erlang:error(badarg, CallArgs);
        Other -> Other
    end.

%% ---------------------------------------------------------------- input

get_line(Prompt) -> get_line(default_input(), Prompt).
get_line(Io, Prompt) -> request(Io, {get_line, unicode, Prompt}).

get_chars(Prompt, N) -> get_chars(default_input(), Prompt, N).
get_chars(Io, Prompt, N) when is_integer(N), N >= 0 ->
    request(Io, {get_chars, unicode, Prompt, N}).

read(Prompt) -> read(default_input(), Prompt).
read(Io, Prompt) ->
    case request(Io, {get_until, unicode, Prompt, erl_scan, tokens, [1]}) of
        {ok, Toks, _EndLine} -> erl_parse:parse_term(Toks);
        {error, E, _EndLine} -> {error, E};
        {eof, _EndLine} -> eof;
        Other -> Other
    end.

read(Io, Prompt, Pos) ->
    case request(Io, {get_until, unicode, Prompt, erl_scan, tokens, [Pos]}) of
        {ok, Toks, EndLine} ->
            case erl_parse:parse_term(Toks) of
                {ok, Term} -> {ok, Term, EndLine};
                {error, E} -> {error, E, EndLine}
            end;
        Other -> Other
    end.

read(Io, Prompt, Pos, Opts) ->
    case request(Io, {get_until, unicode, Prompt, erl_scan, tokens, [Pos, Opts]}) of
        {ok, Toks, EndLine} ->
            case erl_parse:parse_term(Toks) of
                {ok, Term} -> {ok, Term, EndLine};
                {error, E} -> {error, E, EndLine}
            end;
        Other -> Other
    end.

scan_erl_exprs(Io, Prompt, Pos, Opts) ->
    request(Io, {get_until, unicode, Prompt, erl_scan, tokens, [Pos, Opts]}).

scan_erl_form(Io, Prompt, Pos, Opts) -> scan_erl_exprs(Io, Prompt, Pos, Opts).

parse_erl_exprs(Io, Prompt, Pos, Opts) ->
    parsed(scan_erl_exprs(Io, Prompt, Pos, Opts), fun erl_parse:parse_exprs/1).

parse_erl_form(Io, Prompt, Pos, Opts) ->
    parsed(scan_erl_exprs(Io, Prompt, Pos, Opts), fun erl_parse:parse_form/1).

parsed({ok, Toks, EndPos}, Parse) ->
    case Parse(Toks) of
        {ok, X} -> {ok, X, EndPos};
        {error, E} -> {error, E, EndPos}
    end;
parsed(Other, _) -> Other.

get_password() -> get_password(default_input()).
get_password(Io) -> request(Io, {get_password, unicode}).

fread(Prompt, Format) -> fread(default_input(), Prompt, Format).
fread(Io, Prompt, Format) -> request(Io, {fread, Prompt, Format}).

scan_erl_exprs(Prompt) -> scan_erl_exprs(default_input(), Prompt, 1).
scan_erl_exprs(Io, Prompt) -> scan_erl_exprs(Io, Prompt, 1).
scan_erl_exprs(Io, Prompt, Pos) ->
    request(Io, {get_until, unicode, Prompt, erl_scan, tokens, [Pos]}).

scan_erl_form(Prompt) -> scan_erl_form(default_input(), Prompt, 1).
scan_erl_form(Io, Prompt) -> scan_erl_form(Io, Prompt, 1).
scan_erl_form(Io, Prompt, Pos) -> scan_erl_exprs(Io, Prompt, Pos).

parse_erl_exprs(Prompt) -> parse_erl_exprs(default_input(), Prompt, 1).
parse_erl_exprs(Io, Prompt) -> parse_erl_exprs(Io, Prompt, 1).
parse_erl_exprs(Io, Prompt, Pos) ->
    case scan_erl_exprs(Io, Prompt, Pos) of
        {ok, Toks, EndPos} ->
            case erl_parse:parse_exprs(Toks) of
                {ok, Exprs} -> {ok, Exprs, EndPos};
                {error, E} -> {error, E, EndPos}
            end;
        Other -> Other
    end.

parse_erl_form(Prompt) -> parse_erl_form(default_input(), Prompt, 1).
parse_erl_form(Io, Prompt) -> parse_erl_form(Io, Prompt, 1).
parse_erl_form(Io, Prompt, Pos) ->
    case scan_erl_exprs(Io, Prompt, Pos) of
        {ok, Toks, EndPos} ->
            case erl_parse:parse_form(Toks) of
                {ok, Form} -> {ok, Form, EndPos};
                {error, E} -> {error, E, EndPos}
            end;
        Other -> Other
    end.

%% ---------------------------------------------------------------- options

setopts(Opts) -> setopts(default_input(), Opts).
setopts(Io, Opts) -> request(Io, {setopts, Opts}).

getopts() -> getopts(default_input()).
getopts(Io) -> request(Io, getopts).

columns() -> columns(default_output()).
columns(Io) -> geometry(Io, columns).

rows() -> rows(default_output()).
rows(Io) -> geometry(Io, rows).

geometry(Io, What) ->
    case request(Io, {get_geometry, What}) of
        N when is_integer(N), N > 0 -> {ok, N};
        _ -> {error, enotsup}
    end.

printable_range() -> persistent_term:get({io, printable_range}, latin1).

%% ---------------------------------------------------------------- the protocol

default_output() -> group_leader().
default_input() -> group_leader().

request(Request) -> request(default_output(), Request).

request(standard_io, Request) -> request(group_leader(), Request);
request(Pid, Request) when is_pid(Pid) -> execute_request(Pid, io_request(Pid, Request));
request(Name, Request) when is_atom(Name) ->
    case whereis(Name) of
        undefined -> {error, arguments};
        Pid -> request(Pid, Request)
    end;
request(_, _) -> {error, arguments}.

requests(Requests) -> requests(default_output(), Requests).
requests(Io, Requests) -> request(Io, {requests, Requests}).

%% Old-style requests are converted here so that servers only see the unicode forms.
io_request(_, {format, Format, Args}) -> {put_chars, unicode, io_lib, format, [Format, Args]};
io_request(_, {put_chars, Chars}) -> {put_chars, latin1, Chars};
io_request(_, nl) -> {put_chars, unicode, "\n"};
io_request(_, {fread, Prompt, Format}) ->
    {get_until, unicode, Prompt, io_lib, fread, [Format]};
io_request(Pid, {requests, Rs}) when is_list(Rs) ->
    {requests, [io_request(Pid, R) || R <- Rs]};
io_request(_, R) -> R.

execute_request(Pid, Request) ->
    Mref = erlang:monitor(process, Pid),
    Pid ! {io_request, self(), Mref, Request},
    receive
        {io_reply, Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            Reply;
        {'DOWN', Mref, _, _, _} ->
            receive
                {'EXIT', Pid, _} -> true
            after 0 -> true
            end,
            {error, terminated}
    end.
