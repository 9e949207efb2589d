-module(h_ev_cb).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
init({T, N}) -> {ok, {T, N, []}};
init(fail) -> {error, failed}.
handle_event(crash, _) -> erlang:error(handler_crash);
handle_event(remove, _) -> remove_handler;
handle_event(E, {T, N, Es}) -> T ! {event, N, E}, {ok, {T, N, [E | Es]}}.
handle_call(events, {T, N, Es} = S) -> {ok, lists:reverse(Es), S};
handle_call(remove, _) -> {remove_handler, removed}.
handle_info(I, {T, N, _} = S) -> T ! {info, N, I}, {ok, S}.
terminate(Arg, {T, N, _}) -> T ! {terminate, N, Arg}, {final, N}.
