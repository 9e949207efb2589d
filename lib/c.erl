%% c: the shell's command functions about code: l/1 and nl/1 (loading on every node).
-module(c).
-export([l/1, nl/1]).

%% Purges any old code (killing what runs it), then loads the object file.
l(Mod) ->
    _ = code:purge(Mod),
    code:load_file(Mod).

%% Loads the object file on this node and every connected node: abcast, or error when
%% there is no object file.
nl(Mod) ->
    case code:get_object_code(Mod) of
        {_Mod, Bin, File} ->
            rpc:eval_everywhere(code, load_binary, [Mod, File, Bin]);
        Other ->
            Other
    end.
