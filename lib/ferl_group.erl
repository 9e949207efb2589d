%% The io server of one shell job: the group leader of its shell, of the shell's
%% evaluator and of every process started from them, wherever they run. It serves the io
%% protocol (put_chars in all its forms, get_line, get_chars, get_until, setopts, getopts,
%% get_geometry, requests) and talks to the terminal through shell_tty, which owns it.
%%
%% Input arrives from the terminal as whole lines (a whole expression when the line
%% editor validated it); what a read does not consume stays buffered for the next one.
%% With a terminal, each line read shows the prompt, and buffered text that a new read
%% starts with is echoed after its prompt, as erl shows the rest of a line that held
%% several expressions. Without one (plain mode) the prompt is printed once per read and
%% nothing is echoed, as erl does when stdin is not a terminal.
-module(ferl_group).

-export([start/2, collect_expression/2, collect_line/2, collect_chars/3]).
-export([init/2]).

-record(st, {drv :: pid(),
             tty :: boolean(),
             buf = [] :: [char()] | eof,
             %% Read requests waiting for their turn: [{From, ReplyAs, Request}].
             queue = [] :: list(),
             %% The read being served: {From, ReplyAs, Read}, or none.
             reading = none,
             binary = false :: boolean(),
             encoding = unicode :: unicode | latin1,
             echo = true :: boolean(),
             expand_fun}).

%% A read in progress: the collector and its state, the prompt, and whether the prompt
%% was shown already (plain mode shows it once).
-record(read, {collect :: fun((term(), [char()] | eof) -> term()),
               cont = [] :: term(),
               prompt :: string(),
               kind :: expression | line,
               shown = false :: boolean(),
               result :: fun((term(), #st{}) -> term()),
               %% The reader is monitored: a reader that dies (an evaluation
               %% interrupted while it read) gives its turn to the next.
               monitor :: reference() | undefined}).

%% Starts a group talking to the terminal driver Drv; Tty says whether a line editor is
%% behind it.
start(Drv, Tty) ->
    spawn_link(?MODULE, init, [Drv, Tty]).

init(Drv, Tty) ->
    process_flag(trap_exit, true),
    loop(#st{drv = Drv, tty = Tty}).

loop(St) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            loop(request(From, ReplyAs, Request, St));
        {shell_tty, input, Input} ->
            loop(input(Input, St));
        {'DOWN', Ref, process, _, _} ->
            loop(reader_down(Ref, St));
        {shell_tty, interrupt, Shell} ->
            loop(interrupt(Shell, St));
        {ferl_variables, Names} when is_list(Names) ->
            St#st.drv ! {self(), variables, Names},
            loop(St);
        {'EXIT', Drv, Reason} when Drv =:= St#st.drv ->
            exit(Reason);
        {'EXIT', _, _} ->
            loop(St);
        _Other ->
            loop(St)
    end.

%% Job control's "i": an evaluation waiting for input gets {error, interrupted} as its
%% answer, as in erl (and goes on); one that is busy is stopped by the shell.
interrupt(Shell, #st{reading = {From, ReplyAs, _}} = St) when From =/= Shell ->
    reply(From, ReplyAs, {error, interrupted}),
    St#st.drv ! {self(), interrupted, true},
    next(read_done(St));
interrupt(Shell, St) ->
    St#st.drv ! {self(), interrupted, false},
    Shell ! {shell_tty, interrupt},
    St.

reader_down(Ref, #st{reading = {_, _, #read{monitor = Ref}}} = St) ->
    %% What the terminal answers to that reader's request goes to the next one.
    next(St#st{reading = none});
reader_down(_, St) ->
    St.

%%% Requests

request(From, ReplyAs, {requests, Requests}, St) when is_list(Requests) ->
    %% A batch of output requests is served in one go; reads are taken one by one.
    case lists:all(fun is_output/1, Requests) of
        true ->
            {Reply, St1} = outputs(Requests, ok, St),
            reply(From, ReplyAs, Reply),
            St1;
        false ->
            enqueue(From, ReplyAs, {requests, Requests}, St)
    end;
request(From, ReplyAs, Request, St) ->
    case is_output(Request) of
        true ->
            {Reply, St1} = output(Request, St),
            reply(From, ReplyAs, Reply),
            St1;
        false ->
            case is_read(Request) of
                true ->
                    enqueue(From, ReplyAs, Request, St);
                false ->
                    {Reply, St1} = control(Request, St),
                    reply(From, ReplyAs, Reply),
                    St1
            end
    end.

reply(From, ReplyAs, Reply) ->
    From ! {io_reply, ReplyAs, Reply},
    ok.

is_output({put_chars, _}) -> true;
is_output({put_chars, _, _}) -> true;
is_output({put_chars, _, _, _}) -> true;
is_output({put_chars, _, _, _, _}) -> true;
is_output(nl) -> true;
is_output(_) -> false.

is_read({get_line, _}) -> true;
is_read({get_line, _, _}) -> true;
is_read({get_chars, _, _}) -> true;
is_read({get_chars, _, _, _}) -> true;
is_read({get_until, _, _, _, _}) -> true;
is_read({get_until, _, _, _, _, _}) -> true;
is_read({get_password, _}) -> true;
is_read(get_password) -> true;
is_read({requests, _}) -> true;
is_read(_) -> false.

outputs([R | Rs], _, St) ->
    case output(R, St) of
        {ok, St1} -> outputs(Rs, ok, St1);
        Error -> Error
    end;
outputs([], Reply, St) ->
    {Reply, St}.

output(nl, St) ->
    output({put_chars, unicode, "\n"}, St);
output({put_chars, Chars}, St) ->
    output({put_chars, latin1, Chars}, St);
output({put_chars, M, F, A}, St) ->
    output({put_chars, latin1, M, F, A}, St);
output({put_chars, Enc, M, F, A}, St) ->
    try apply(M, F, A) of
        Chars -> output({put_chars, Enc, Chars}, St)
    catch
        _:_ -> {{error, {put_chars, Enc, M, F, A}}, St}
    end;
output({put_chars, Enc, Chars}, St) ->
    case to_binary(Chars, Enc) of
        {ok, <<>>} ->
            {ok, St};
        {ok, Bin} ->
            St#st.drv ! {self(), put_chars, Bin},
            {ok, St};
        error ->
            {{error, put_chars}, St}
    end.

to_binary(Chars, Enc) ->
    try unicode:characters_to_binary(Chars, Enc, unicode) of
        Bin when is_binary(Bin) -> {ok, Bin};
        _ -> error
    catch
        _:_ -> error
    end.

control({setopts, Opts}, St) when is_list(Opts) ->
    setopts(Opts, St);
control(getopts, St) ->
    {[{binary, St#st.binary}, {encoding, St#st.encoding}, {echo, St#st.echo},
      {expand_fun, St#st.expand_fun}], St};
control({get_geometry, What}, St) when What =:= columns; What =:= rows ->
    St#st.drv ! {self(), size},
    receive
        {shell_tty, size, {ok, {Cols, Rows}}} ->
            {{ok, case What of columns -> Cols; rows -> Rows end}, St};
        {shell_tty, size, _} ->
            {{error, enotsup}, St}
    after 1000 ->
            {{error, enotsup}, St}
    end;
control(Request, St) ->
    %% What erl's io server answers to a request it does not know.
    {{error, {request, Request}}, St}.

setopts([binary | Opts], St) -> setopts(Opts, St#st{binary = true});
setopts([list | Opts], St) -> setopts(Opts, St#st{binary = false});
setopts([{binary, B} | Opts], St) when is_boolean(B) -> setopts(Opts, St#st{binary = B});
setopts([{encoding, E} | Opts], St) when E =:= unicode; E =:= latin1; E =:= utf8 ->
    setopts(Opts, St#st{encoding = case E of utf8 -> unicode; _ -> E end});
setopts([{echo, B} | Opts], St) when is_boolean(B) -> setopts(Opts, St#st{echo = B});
setopts([{expand_fun, F} | Opts], St) -> setopts(Opts, St#st{expand_fun = F});
setopts([], St) -> {ok, St};
setopts(_, St) -> {{error, enotsup}, St}.

%%% Reads

enqueue(From, ReplyAs, Request, St) ->
    next(St#st{queue = St#st.queue ++ [{From, ReplyAs, Request}]}).

%% Starts the next queued read when none is being served.
next(#st{reading = none, queue = [{From, ReplyAs, Request} | Queue]} = St) ->
    case read_spec(Request, St) of
        {ok, Read} ->
            Prompted = prompt_buffered(Read, St),
            Monitored = Prompted#read{monitor = erlang:monitor(process, From)},
            feed(St#st{reading = {From, ReplyAs, Monitored}, queue = Queue});
        {error, Reply} ->
            reply(From, ReplyAs, Reply),
            next(St#st{queue = Queue})
    end;
next(St) ->
    St.

read_spec({requests, Requests}, St) ->
    %% Outputs before the read are done now; the read's answer is the batch's answer.
    case lists:splitwith(fun is_output/1, Requests) of
        {Outputs, [Read]} ->
            {_, _} = outputs(Outputs, ok, St),
            read_spec(Read, St);
        _ ->
            {error, {error, request}}
    end;
read_spec({get_line, Prompt}, St) ->
    read_spec({get_line, latin1, Prompt}, St);
read_spec({get_line, Enc, Prompt}, _St) ->
    {ok, #read{collect = fun collect_line/2, prompt = prompt(Prompt), kind = line,
               result = result(Enc)}};
read_spec({get_chars, Prompt, N}, St) ->
    read_spec({get_chars, latin1, Prompt, N}, St);
read_spec({get_chars, Enc, Prompt, N}, _St) when is_integer(N), N >= 0 ->
    {ok, #read{collect = fun(C, D) -> collect_chars(C, D, N) end, prompt = prompt(Prompt),
               kind = line, result = result(Enc)}};
read_spec({get_until, Prompt, M, F, As}, St) ->
    read_spec({get_until, latin1, Prompt, M, F, As}, St);
read_spec({get_until, _Enc, Prompt, erl_scan, tokens, [Loc | Options]}, _St)
  when length(Options) =< 1 ->
    %% An expression, as erl_scan:tokens/3,4 would collect it: served with this module's
    %% collector and erl_scan:string/2,3, so that the standard library needs no
    %% continuation scanner.
    {ok, #read{collect = fun collect_expression/2, prompt = prompt(Prompt), kind = expression,
               result = fun(Result, _) -> scan(Result, Loc, Options) end}};
read_spec({get_until, _Enc, Prompt, M, F, As}, _St) when is_atom(M), is_atom(F), is_list(As) ->
    Kind = case {M, F} of
               {?MODULE, collect_expression} -> expression;
               _ -> line
           end,
    {ok, #read{collect = fun(C, D) -> apply(M, F, [C, D | As]) end,
               prompt = prompt(Prompt), kind = Kind,
               result = fun(R, _) -> R end}};
read_spec({get_password, _Enc}, St) ->
    read_spec({get_line, unicode, ""}, St);
read_spec(get_password, St) ->
    read_spec({get_line, unicode, ""}, St);
read_spec(_, _) ->
    {error, {error, request}}.

scan({ok, Chars}, Loc, []) -> erl_scan:string(Chars, Loc);
scan({ok, Chars}, Loc, [Options]) -> erl_scan:string(Chars, Loc, Options);
scan(eof, Loc, _) -> {eof, Loc}.

%% get_line and get_chars answer a string, or a binary in binary mode.
result(Enc) ->
    fun(eof, _) -> eof;
       (Chars, #st{binary = true}) -> unicode:characters_to_binary(Chars, unicode, Enc);
       (Chars, _) -> Chars
    end.

prompt(Prompt) when is_atom(Prompt) ->
    atom_to_list(Prompt);
prompt(Prompt) when not is_list(Prompt), not is_binary(Prompt) ->
    lists:flatten(io_lib:format("~tp", [Prompt]));
prompt(Prompt) ->
    try unicode:characters_to_list(Prompt) of
        Chars when is_list(Chars) -> Chars;
        _ -> lists:flatten(io_lib:format("~tp", [Prompt]))
    catch
        _:_ -> lists:flatten(io_lib:format("~tp", [Prompt]))
    end.

%% A read that starts with buffered text shows its prompt now: with a terminal, followed
%% by that text as if it had been typed; in plain mode, alone.
prompt_buffered(#read{prompt = Prompt} = Read, #st{buf = Buf, tty = Tty} = St)
  when Buf =/= [], Buf =/= eof ->
    Echo = case Tty andalso St#st.echo of
               true -> Buf;
               false -> ""
           end,
    St#st.drv ! {self(), put_chars, unicode:characters_to_binary([Prompt, Echo])},
    Read#read{shown = true};
prompt_buffered(#read{prompt = Prompt} = Read, #st{buf = eof} = St) ->
    %% The input has ended: the prompt is shown all the same, as erl does.
    St#st.drv ! {self(), put_chars, unicode:characters_to_binary(Prompt)},
    Read#read{shown = true};
prompt_buffered(Read, _St) ->
    Read.

%% Gives the buffered input to the current read's collector; asks the terminal for more
%% when it wants more.
feed(#st{reading = {From, ReplyAs, Read}, buf = Buf} = St) ->
    case Buf of
        [] ->
            ask(St);
        _ ->
            Collect = Read#read.collect,
            try Collect(Read#read.cont, Buf) of
                {done, Result, Rest} ->
                    reply(From, ReplyAs, (Read#read.result)(Result, St)),
                    next(read_done(St#st{buf = rest(Rest, Buf)}));
                {more, Cont} when Buf =:= eof ->
                    %% A collector that wants more after the end gets no more.
                    _ = Cont,
                    reply(From, ReplyAs, eof),
                    next(read_done(St));
                {more, Cont} ->
                    ask(St#st{reading = {From, ReplyAs, Read#read{cont = Cont}}, buf = []})
            catch
                Class:Reason ->
                    reply(From, ReplyAs, {error, {Class, Reason}}),
                    next(read_done(St#st{buf = []}))
            end
    end;
feed(St) ->
    St.

read_done(#st{reading = {_, _, #read{monitor = Ref}}} = St) ->
    _ = is_reference(Ref) andalso erlang:demonitor(Ref, [flush]),
    St#st{reading = none};
read_done(St) ->
    St#st{reading = none}.

rest(eof, _) -> eof;
rest(Rest, eof) when Rest =:= [] -> eof;
rest(Rest, _) when is_list(Rest) -> Rest;
rest(Rest, _) when is_binary(Rest) -> unicode:characters_to_list(Rest);
rest(_, _) -> [].

%% Asks the terminal for a line. With a terminal every line shows the prompt; in plain
%% mode only the first one of a read does.
ask(#st{reading = {From, ReplyAs, Read}} = St) ->
    Prompt = case St#st.tty orelse not Read#read.shown of
                 true -> Read#read.prompt;
                 false -> ""
             end,
    St#st.drv ! {self(), read, unicode:characters_to_binary(Prompt), Read#read.kind},
    St#st{reading = {From, ReplyAs, Read#read{shown = true}}}.

input({line, Bin}, St) ->
    Chars = case unicode:characters_to_list(Bin) of
                L when is_list(L) -> L;
                _ -> binary_to_list(Bin)
            end,
    feed(St#st{buf = buffer(St#st.buf) ++ Chars});
input(eof, St) ->
    feed(St#st{buf = eof}).

buffer(eof) -> [];
buffer(Buf) -> Buf.

%%% Collectors (the io protocol's get_until functions)

%% One line, newline included; at the end of input, what there is, or eof.
collect_line(Acc, eof) ->
    case Acc of
        [] -> {done, eof, eof};
        _ -> {done, lists:reverse(Acc), eof}
    end;
collect_line(Acc, Chars) ->
    case lists:splitwith(fun(C) -> C =/= $\n end, Chars) of
        {Line, [$\n | Rest]} -> {done, lists:reverse(Acc, Line ++ "\n"), Rest};
        {Line, []} -> {more, lists:reverse(Line, Acc)}
    end.

collect_chars(Acc, eof, _N) ->
    case Acc of
        [] -> {done, eof, eof};
        _ -> {done, lists:reverse(Acc), eof}
    end;
collect_chars(Acc, Chars, N) ->
    Need = N - length(Acc),
    case length(Chars) >= Need of
        true ->
            {Take, Rest} = lists:split(Need, Chars),
            {done, lists:reverse(Acc, Take), Rest};
        false ->
            {more, lists:reverse(Chars, Acc)}
    end.

%% One Erlang expression (or several separated by commas), up to and including its
%% terminating dot and the white space character after it: {ok, Chars}. At the end of
%% input, what was typed ({ok, Chars}, which then fails to parse) or eof when it was
%% only white space and comments.
collect_expression(Acc, eof) ->
    case blank(Acc) of
        true -> {done, eof, eof};
        false -> {done, {ok, Acc}, eof}
    end;
collect_expression(Acc, Chars) ->
    Text = Acc ++ Chars,
    case dot_end(Text, code) of
        {ok, Len} ->
            {Expr, Rest} = lists:split(Len, Text),
            {done, {ok, Expr}, Rest};
        more ->
            {more, Text}
    end.

blank(Chars) ->
    blank(Chars, code).

blank([], _) -> true;
blank([$% | Rest], code) -> blank(Rest, comment);
blank([$\n | Rest], comment) -> blank(Rest, code);
blank([_ | Rest], comment) -> blank(Rest, comment);
blank([C | Rest], code) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> blank(Rest, code);
blank(_, _) -> false.

%% The length of the text up to the end of the first expression: its terminating dot
%% (a "." in code followed by white space, a "%" or the end of the text, as erl_scan's
%% dot token) and one white space character after it.
dot_end(Text, State) ->
    dot_end(Text, State, 0, none).

dot_end([], _, _, _) ->
    more;
dot_end([$. | Rest], code, N, Prev) when Prev =/= $. ->
    case Rest of
        [C | _] when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> {ok, N + 2};
        [$% | _] -> {ok, N + 1};
        [] -> more;
        _ -> dot_end(Rest, code, N + 1, $.)
    end;
dot_end([Q | Rest], code, N, _) when Q =:= $"; Q =:= $' ->
    dot_end(Rest, {quoted, Q}, N + 1, Q);
dot_end([$\\, _ | Rest], {quoted, _} = S, N, _) ->
    dot_end(Rest, S, N + 2, none);
dot_end([Q | Rest], {quoted, Q}, N, _) ->
    dot_end(Rest, code, N + 1, Q);
dot_end([_ | Rest], {quoted, _} = S, N, _) ->
    dot_end(Rest, S, N + 1, none);
dot_end([$$, $\\, _ | Rest], code, N, _) ->
    %% $\n, $\x..., $\^A: the character after the backslash cannot end anything.
    dot_end(Rest, code, N + 3, none);
dot_end([$$, _ | Rest], code, N, _) ->
    dot_end(Rest, code, N + 2, none);
dot_end([$% | Rest], code, N, _) ->
    dot_end(Rest, comment, N + 1, none);
dot_end([$\n | Rest], comment, N, _) ->
    dot_end(Rest, code, N + 1, $\n);
dot_end([_ | Rest], comment, N, _) ->
    dot_end(Rest, comment, N + 1, none);
dot_end([C | Rest], code, N, _) ->
    dot_end(Rest, code, N + 1, C).
