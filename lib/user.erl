%% user: the io server for standard input and output (Ferl's own implementation).
%%
%% A process registered as `user` that serves the Erlang I/O protocol, writing through
%% open_port({fd, 1, 1}, [out, binary]) and reading through
%% open_port({fd, 0, 0}, [in, binary, eof]), opened at the first read only, so that a
%% `user` that is never asked to read never touches standard input (the interactive
%% shell owns it) (start_standard_error/0: the same on fd 2, output only, registered as
%% standard_error): put_chars (latin1/unicode, and the
%% {put_chars, Enc, M, F, A} form evaluated in the server), get_line, get_chars, get_until
%% (the continuation protocol of io_lib:collect_* style functions such as
%% erl_scan:tokens/3 and io_lib:fread/3), setopts/getopts (binary | list, encoding),
%% get_geometry ({error, enotsup}: no terminal), {requests, Rs}, and the old request forms.
%% Output is written in the server's encoding (latin1 by default, as erl -noshell): a
%% character above 255 is written as \x{H} in latin1 mode, as UTF-8 in unicode mode.
%% Input is read as bytes and decoded with the same encoding.
-module(user).

-export([start/0, start/1, start_link/0, start_standard_error/0, start_standard_error/1,
         init/2, init/3, interfaces/1]).

-record(st, {port, in = none, in_spec = none, buf = <<>>, eof = false, binary = false,
             enc = latin1}).

start() -> start(?MODULE).

%% The same server on file descriptor 2 (output only), registered as standard_error.
start_standard_error() -> start_standard_error(standard_error).
start_standard_error(Name) -> start(Name, {fd, 2, 2}, none).

%% Name: the registered name (tests run it under another name beside erl's own user).
start(Name) -> start(Name, {fd, 1, 1}, {{fd, 0, 0}, [in, binary, eof]}).

%% InSpec: the input port to open at the first read, or none.
start(Name, PortName, InSpec) ->
    Parent = self(),
    Pid = spawn(?MODULE, init, [Parent, Name, {PortName, InSpec}]),
    receive
        {Pid, started} -> Pid;
        {Pid, {error, _} = E} -> E
    end.

start_link() ->
    Pid = start(),
    link(Pid),
    Pid.

interfaces(User) ->
    case process_info(User, dictionary) of
        {dictionary, D} ->
            case lists:keyfind(port, 1, D) of
                {port, P} -> [{port, P}];
                false -> []
            end;
        _ -> []
    end.

init(Parent, Name) -> init(Parent, Name, {{fd, 1, 1}, {{fd, 0, 0}, [in, binary, eof]}}).

init(Parent, Name, {PortName, InSpec}) ->
    case catch register(Name, self()) of
        true ->
            process_flag(trap_exit, true),
            Port = open_port(PortName, [out, binary]),
            put(port, Port),
            Parent ! {self(), started},
            loop(#st{port = Port, in_spec = InSpec});
        _ ->
            Parent ! {self(), {error, already_started}}
    end.

loop(S) ->
    receive
        {io_request, From, ReplyAs, Req} when is_pid(From) ->
            {Reply, S1} = request(Req, S),
            From ! {io_reply, ReplyAs, Reply},
            loop(S1);
        {Port, {data, Bytes}} when Port =:= S#st.in ->
            loop(S#st{buf = <<(S#st.buf)/binary, Bytes/binary>>});
        {Port, {data, Bytes}} when Port =:= S#st.port ->
            %% A runtime whose output port also reads: use it for input.
            loop(S#st{in = Port, buf = <<(S#st.buf)/binary, Bytes/binary>>});
        {Port, eof} when Port =:= S#st.in ->
            loop(S#st{eof = true});
        {'EXIT', Port, _} when Port =:= S#st.in ->
            loop(S#st{eof = true});
        _Other ->
            loop(S)
    end.

%% ---------------------------------------------------------------- requests

request({put_chars, Enc, Chars}, S) -> put_chars(Enc, Chars, S);
request({put_chars, Enc, M, F, A}, S) ->
    try apply(M, F, A) of
        Chars -> put_chars(Enc, Chars, S)
    catch _:_ -> {{error, F}, S}
    end;
request({put_chars, Chars}, S) -> put_chars(latin1, Chars, S);
request({put_chars, M, F, A}, S) -> request({put_chars, latin1, M, F, A}, S);
request({get_line, Enc, Prompt}, S) -> get_line(Enc, Prompt, S);
request({get_line, Prompt}, S) -> get_line(latin1, Prompt, S);
request({get_chars, Enc, Prompt, N}, S) -> get_chars(Enc, Prompt, N, S);
request({get_chars, Prompt, N}, S) -> get_chars(latin1, Prompt, N, S);
request({get_until, Enc, Prompt, M, F, As}, S) -> get_until(Enc, Prompt, M, F, As, S);
request({get_until, Prompt, M, F, As}, S) -> get_until(latin1, Prompt, M, F, As, S);
request({setopts, Opts}, S) when is_list(Opts) -> setopts(Opts, S);
request(getopts, S) ->
    {[{binary, S#st.binary}, {encoding, S#st.enc}], S};
request({get_geometry, _}, S) -> {{error, enotsup}, S};
request({requests, Rs}, S) when is_list(Rs) -> requests(Rs, {ok, S});
request(R, S) -> {{error, {request, R}}, S}.

requests([], Acc) -> Acc;
requests([R | Rs], {_, S}) ->
    case request(R, S) of
        {{error, _}, _} = E -> E;
        Acc -> requests(Rs, Acc)
    end.

setopts(Opts, S) ->
    try lists:foldl(fun setopt/2, S, Opts) of
        S1 -> {ok, S1}
    catch _:_ -> {{error, enotsup}, S}
    end.

setopt(binary, S) -> S#st{binary = true};
setopt(list, S) -> S#st{binary = false};
setopt({binary, B}, S) when is_boolean(B) -> S#st{binary = B};
setopt({encoding, E}, S) when E =:= latin1; E =:= unicode; E =:= utf8 ->
    S#st{enc = case E of utf8 -> unicode; _ -> E end};
setopt({echo, _}, S) -> S;
setopt({expand_fun, _}, S) -> S.

%% ---------------------------------------------------------------- output

put_chars(Enc, Chars, S) ->
    case to_chars(Enc, Chars) of
        {ok, Cs} ->
            write(Cs, S),
            {ok, S};
        error -> {{error, put_chars}, S}
    end.

%% The characters of chardata sent with encoding Enc.
to_chars(latin1, Chars) ->
    try {ok, binary_to_list(iolist_to_binary(Chars))}
    catch _:_ -> error
    end;
to_chars(_, Chars) ->
    case unicode:characters_to_list(Chars, unicode) of
        L when is_list(L) -> {ok, L};
        _ -> error
    end.

write([], _) -> ok;
write(Cs, #st{port = Port, enc = Enc}) ->
    Bin = encode(Cs, Enc),
    port_command(Port, Bin),
    ok.

encode(Cs, unicode) -> unicode:characters_to_binary(Cs);
encode(Cs, latin1) ->
    list_to_binary([latin1_char(C) || C <- Cs]).

latin1_char(C) when C < 256 -> C;
latin1_char(C) -> "\\x{" ++ integer_to_list(C, 16) ++ "}".

prompt(Prompt, S) ->
    Cs = case Prompt of
             '' -> [];
             A when is_atom(A) -> atom_to_list(A);
             _ ->
                 case to_chars(unicode, Prompt) of
                     {ok, L} -> L;
                     error ->
                         try io_lib:format("~p", [Prompt]) of
                             L -> lists:flatten(L)
                         catch _:_ -> []
                         end
                 end
         end,
    write(Cs, S).

%% ---------------------------------------------------------------- input

%% Read until Pred(Buffer) says there is enough: {Taken, Rest} | more.
read_until(Pred, #st{in = none, in_spec = {Name, Opts}, port = Out} = S) ->
    In = receive
             {Out, {data, _}} = First ->
                 self() ! First,
                 Out
         after 0 ->
                 try open_port(Name, Opts)
                 catch error:_ -> none
                 end
         end,
    case In of
        none -> read_until(Pred, S#st{in_spec = none, eof = true});
        _ -> read_until(Pred, S#st{in = In})
    end;
read_until(Pred, #st{in = none, in_spec = none} = S) when not S#st.eof ->
    read_until(Pred, S#st{eof = true});
read_until(Pred, S) ->
    case Pred(S#st.buf) of
        {Taken, Rest} -> {Taken, S#st{buf = Rest}};
        more when S#st.eof ->
            case S#st.buf of
                <<>> -> {eof, S};
                All -> {All, S#st{buf = <<>>}}
            end;
        more ->
            Port = S#st.in,
            receive
                {Port, {data, Bytes}} ->
                    read_until(Pred, S#st{buf = <<(S#st.buf)/binary, Bytes/binary>>});
                {Port, eof} -> read_until(Pred, S#st{eof = true});
                {'EXIT', Port, _} -> read_until(Pred, S#st{eof = true})
            end
    end.

line(Buf) ->
    case binary:match(Buf, <<"\n">>) of
        {P, 1} -> split_binary(Buf, P + 1);
        nomatch -> more
    end.

get_line(Enc, Prompt, S) ->
    prompt(Prompt, S),
    case read_until(fun line/1, S) of
        {eof, S1} -> {eof, S1};
        {Bytes, S1} -> {result(Enc, Bytes, S1), S1}
    end.

get_chars(Enc, Prompt, N, S) ->
    prompt(Prompt, S),
    Pred = fun(Buf) when byte_size(Buf) >= N, N > 0 -> split_binary(Buf, N);
              (Buf) when N =:= 0 -> {<<>>, Buf};
              (_) -> more
           end,
    case read_until(Pred, S) of
        {eof, S1} -> {eof, S1};
        {Bytes, S1} -> {result(Enc, Bytes, S1), S1}
    end.

%% Bytes read from the device, decoded with the device encoding, returned as a list or
%% binary in the request's encoding.
result(Enc, Bytes, #st{enc = DevEnc, binary = Bin}) ->
    Cs = decode(Bytes, DevEnc),
    case Bin of
        false -> Cs;
        true when Enc =:= latin1 -> list_to_binary([C band 255 || C <- Cs]);
        true -> unicode:characters_to_binary(Cs)
    end.

decode(Bytes, unicode) ->
    case unicode:characters_to_list(Bytes, utf8) of
        L when is_list(L) -> L;
        _ -> binary_to_list(Bytes)
    end;
decode(Bytes, latin1) -> binary_to_list(Bytes).

%% The get_until continuation protocol: M:F(Cont, Chars, As...) returns
%% {done, Result, RestChars} or {more, Cont}; Chars is eof at end of input.
get_until(Enc, Prompt, M, F, As, S) ->
    prompt(Prompt, S),
    get_until_loop(Enc, M, F, As, [], S).

get_until_loop(Enc, M, F, As, Cont, S) ->
    {Data, S1} = case read_until(fun line/1, S) of
                     {eof, Sx} -> {eof, Sx};
                     {Bytes, Sx} -> {decode(Bytes, Sx#st.enc), Sx}
                 end,
    try apply(M, F, [Cont, Data | As]) of
        {done, Result, Rest} ->
            Rest1 = case Rest of
                        eof -> <<>>;
                        _ -> encode_back(Rest, S1#st.enc)
                    end,
            S2 = S1#st{buf = <<Rest1/binary, (S1#st.buf)/binary>>},
            {binary_result(Enc, Result, S2), S2};
        {more, _} when Data =:= eof -> {eof, S1};
        {more, Cont1} ->
            get_until_loop(Enc, M, F, As, Cont1, S1)
    catch _:_ -> {{error, F}, S1}
    end.

encode_back(Cs, unicode) -> unicode:characters_to_binary(Cs);
encode_back(Cs, latin1) -> list_to_binary([C band 255 || C <- Cs]).

binary_result(_, Result, #st{binary = false}) -> Result;
binary_result(unicode, Result, _) when is_list(Result) ->
    case unicode:characters_to_binary(Result) of
        B when is_binary(B) -> B;
        _ -> Result
    end;
binary_result(_, Result, _) -> Result.
