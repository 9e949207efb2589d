%% ferl_net: spawning on another node with erl's spawn/2,4, spawn_link and spawn_monitor
%% semantics (the BIFs trap here for remote nodes): a spawn request, then its reply.
-module(ferl_net).
-export([spawn/5]).

spawn(Node, M, F, A, Opts) ->
    Tag = make_ref(),
    ReqId = erlang:spawn_request(Node, M, F, A, [{reply_tag, Tag}, {reply, yes} | Opts]),
    Monitor = lists:member(monitor, Opts),
    receive
        {Tag, ReqId, ok, Pid} when Monitor -> {Pid, ReqId};
        {Tag, ReqId, ok, Pid} -> Pid;
        {Tag, ReqId, error, badarg} -> erlang:error(badarg, [Node, M, F, A]);
        {Tag, ReqId, error, _Reason} -> unreachable(Node, ReqId, Opts)
    end.

%% The node could not be reached: as in erl, a pid that never existed, whose link or
%% monitor fires noconnection at once.
unreachable(Node, ReqId, Opts) ->
    A = atom_to_binary(Node, utf8),
    Pid = binary_to_term(<<131, 88, 118, (byte_size(A)):16, A/binary, 0:32, 0:32, 0:32>>),
    case lists:member(link, Opts) of
        true ->
            case process_flag(trap_exit, true) of
                true -> self() ! {'EXIT', Pid, noconnection};
                false -> process_flag(trap_exit, false), exit(noconnection)
            end;
        false -> ok
    end,
    case lists:member(monitor, Opts) of
        true -> self() ! {'DOWN', ReqId, process, Pid, noconnection}, {Pid, ReqId};
        false -> Pid
    end.
