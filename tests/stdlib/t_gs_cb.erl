%% A gen_server callback module used by t_gen_server with both gen_server
%% implementations. The test process is told about callbacks with {cb, What}.
-module(t_gs_cb).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, handle_continue/2,
         terminate/2, code_change/3]).

init({Tester, Mode}) ->
    Tester ! {cb, init},
    case Mode of
        ok -> {ok, #{tester => Tester, n => 0}};
        timeout -> {ok, #{tester => Tester, n => 0}, 50};
        continue -> {ok, #{tester => Tester, n => 0}, {continue, go}};
        hibernate -> {ok, #{tester => Tester, n => 0}, hibernate};
        ignore -> ignore;
        stop -> {stop, no_way};
        bad -> what;
        crash -> erlang:error(init_crash);
        throw -> throw({stop, thrown});
        exit -> exit(init_exit);
        slow -> timer:sleep(500), {ok, #{}}
    end.

handle_call(get, _From, S) -> {reply, maps:get(n, S), S};
handle_call(inc, _From, S = #{n := N}) -> {reply, ok, S#{n := N + 1}};
handle_call(noreply_later, From, S) -> gen_server:reply(From, later), {noreply, S};
handle_call(stop_reply, _From, S) -> {stop, normal, stopped, S};
handle_call({sleep, T}, _From, S) -> timer:sleep(T), {reply, slept, S};
handle_call(throw_reply, _From, S) -> throw({reply, thrown, S});
handle_call(bad_return, _From, _S) -> nonsense;
handle_call(with_timeout, _From, S) -> {reply, ok, S, 30};
handle_call(with_continue, _From, S) -> {reply, ok, S, {continue, more}};
handle_call(Other, _From, S) -> {reply, {unknown, Other}, S}.

handle_cast(inc, S = #{n := N}) -> {noreply, S#{n := N + 1}};
handle_cast({stop, R}, S) -> {stop, R, S};
handle_cast(_, S) -> {noreply, S}.

handle_info(timeout, S = #{tester := T}) -> T ! {cb, timeout}, {noreply, S};
handle_info({ping, P}, S) -> P ! pong, {noreply, S};
handle_info(_, S) -> {noreply, S}.

handle_continue(C, S = #{tester := T}) -> T ! {cb, {continue, C}}, {noreply, S}.

terminate(R, #{tester := T}) -> T ! {cb, {terminate, R}}, ok;
terminate(_, _) -> ok.

code_change(Old, S, Extra) -> {ok, S#{code_change => {Old, Extra}}}.
