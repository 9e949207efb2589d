%% The Ferl-specific primitives (module ferl, native in Ferl's VM) implemented on real erl
%% for the stdlib tests. See docs/bifs.md for their specification.
-module(ferl).
-export([receive_match/2]).

%% Scan the mailbox in order, calling Fun(Msg) on each message, waiting for new ones,
%% until Fun returns something other than nomatch: that message is removed and the value
%% returned. After Timeout milliseconds (or never, for infinity): timeout.
receive_match(Fun, Timeout) -> prim_eval:'receive'(Fun, Timeout).
