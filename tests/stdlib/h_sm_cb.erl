%% gen_statem callback modules for t_gen_statem: a door lock (state functions, with state
%% enter calls) and a counter (handle_event_function).
-module(h_sm_cb).
-export([init/1, callback_mode/0, locked/3, open/3, handle_event/4, terminate/3,
         code_change/4]).

init({door, T}) -> put(mode, door), {ok, locked, #{code => [1, 2], buf => [], t => T}};
init({counter, T}) -> put(mode, counter), {ok, 0, #{t => T}, [{next_event, internal, hello}]};
init(stop) -> {stop, nope};
init(ignore) -> ignore.

callback_mode() ->
    case get(mode) of
        door -> [state_functions, state_enter];
        _ -> handle_event_function
    end.

locked(enter, Old, #{t := T} = D) -> T ! {enter, locked, Old}, {keep_state, D#{buf := []}};
locked(cast, {button, B}, #{code := Code, buf := Buf} = D) ->
    case Buf ++ [B] of
        Code -> {next_state, open, D};
        New when length(New) < length(Code) -> {keep_state, D#{buf := New}};
        _ -> {keep_state, D#{buf := []}}
    end;
locked({call, From}, state, _) -> {keep_state_and_data, [{reply, From, locked}]};
locked({call, _From}, later, _) -> {keep_state_and_data, [postpone]};
locked({call, From}, crash, _) -> erlang:error(door_crash), {keep_state_and_data, [{reply, From, x}]};
locked(info, stop_me, D) -> {stop, {shutdown, asked}, D};
locked(_, _, _) -> keep_state_and_data.

open(enter, Old, #{t := T}) -> T ! {enter, open, Old}, {keep_state_and_data, [{state_timeout, 50, lock}]};
open(state_timeout, lock, D) -> {next_state, locked, D};
open({call, From}, state, _) -> {keep_state_and_data, [{reply, From, open}]};
open({call, From}, later, _) -> {keep_state_and_data, [{reply, From, later_in_open}]};
open(_, _, _) -> keep_state_and_data.

handle_event(internal, hello, N, #{t := T}) -> T ! {internal, N}, {next_state, N + 1, #{t => T}};
handle_event({call, From}, get, N, _) -> {keep_state_and_data, {reply, From, N}};
handle_event({call, From}, inc, N, D) -> {next_state, N + 1, D, [{reply, From, ok}]};
handle_event(cast, {timeout, Ms}, _, _) -> {keep_state_and_data, [{timeout, Ms, tick}]};
handle_event(cast, {named, Ms}, _, _) -> {keep_state_and_data, [{{timeout, foo}, Ms, named_tick}]};
handle_event(timeout, tick, N, #{t := T}) -> T ! {tick, N}, keep_state_and_data;
handle_event({timeout, foo}, named_tick, N, #{t := T}) -> T ! {named, N}, keep_state_and_data;
handle_event({call, From}, {stop, R}, _, D) -> {stop_and_reply, R, [{reply, From, stopping}], D};
handle_event({call, From}, repeat, _, _) -> {repeat_state_and_data, [{reply, From, repeated}]};
handle_event({call, _}, bad, _, _) -> what;
handle_event(_, _, _, _) -> keep_state_and_data.

terminate(R, _, #{t := T}) -> T ! {terminate, R}, ok;
terminate(_, _, _) -> ok.

code_change(_, S, D, _) -> {ok, S, D}.
