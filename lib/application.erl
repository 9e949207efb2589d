%% application: OTP applications, minimal (Ferl's own implementation).
%%
%% API: load/1,2, unload/1, start/1,2, ensure_started/1,2, ensure_all_started/1,2,
%% stop/1, get_env/1,2,3, get_all_env/0,1, set_env/3,4, set_env/1,2, unset_env/2,3,
%% get_key/1,2, get_all_key/0,1, get_application/0,1, which_applications/0,1,
%% loaded_applications/0, info/0 (partial). Applications are described by App.app
%% files found on the code path, or by an {application, App, Props} term given to
%% load/1. kernel and stdlib count as started. Starting runs Mod:start(normal, Args)
%% under an application master that is the group leader of the application's processes
%% (it forwards io to the real group leader), which is how get_env/1 knows the caller's
%% application. The state lives in application_controller (a registered gen_server and
%% an ETS table). Not covered: distributed applications, start phases, included
%% applications, permanent applications stopping the node.
-module(application).

-export([load/1, load/2, unload/1, start/1, start/2, ensure_started/1, ensure_started/2,
         ensure_all_started/1, ensure_all_started/2, stop/1, get_env/1, get_env/2,
         get_env/3, get_all_env/0, get_all_env/1, set_env/1, set_env/2, set_env/3,
         set_env/4, unset_env/2, unset_env/3, get_key/1, get_key/2, get_all_key/0,
         get_all_key/1, get_application/0, get_application/1, which_applications/0,
         which_applications/1, loaded_applications/0, info/0]).

load(App) -> load(App, []).
load(AppOrSpec, _Distributed) -> application_controller:load(AppOrSpec).

unload(App) -> application_controller:unload(App).

start(App) -> start(App, temporary).
start(App, Type) -> application_controller:start(App, Type).

ensure_started(App) -> ensure_started(App, temporary).
ensure_started(App, Type) ->
    case start(App, Type) of
        ok -> ok;
        {error, {already_started, App}} -> ok;
        Error -> Error
    end.

ensure_all_started(App) -> ensure_all_started(App, temporary).
ensure_all_started(App, Type) ->
    case ensure_all_started([App], Type, []) of
        {ok, Started} -> {ok, lists:reverse(Started)};
        {error, Reason, Started} ->
            [stop(A) || A <- Started],
            {error, Reason}
    end.

ensure_all_started([App | Apps], Type, Started) ->
    case start(App, Type) of
        ok -> ensure_all_started(Apps, Type, [App | Started]);
        {error, {already_started, App}} -> ensure_all_started(Apps, Type, Started);
        {error, {not_started, Dep}} ->
            case ensure_all_started([Dep], Type, []) of
                {ok, DepStarted} ->
                    ensure_all_started([App | Apps], Type, lists:reverse(DepStarted, Started));
                {error, Reason, DepStarted} ->
                    {error, Reason, lists:reverse(DepStarted, Started)}
            end;
        {error, Reason} -> {error, {App, Reason}, Started}
    end;
ensure_all_started([], _, Started) -> {ok, Started}.

stop(App) -> application_controller:stop(App).

get_env(Key) ->
    case get_application() of
        {ok, App} -> get_env(App, Key);
        undefined -> undefined
    end.

get_env(App, Key) -> application_controller:get_env(App, Key).

get_env(App, Key, Default) ->
    case get_env(App, Key) of
        {ok, V} -> V;
        undefined -> Default
    end.

get_all_env() ->
    case get_application() of
        {ok, App} -> get_all_env(App);
        undefined -> []
    end.
get_all_env(App) -> application_controller:get_all_env(App).

set_env(Config) -> set_env(Config, []).
set_env(Config, _Opts) ->
    [set_env(App, K, V) || {App, Env} <- Config, {K, V} <- Env],
    ok.
set_env(App, Key, Val) -> set_env(App, Key, Val, []).
set_env(App, Key, Val, _Opts) -> application_controller:set_env(App, Key, Val).

unset_env(App, Key) -> unset_env(App, Key, []).
unset_env(App, Key, _Opts) -> application_controller:unset_env(App, Key).

get_key(Key) ->
    case get_application() of
        {ok, App} -> get_key(App, Key);
        undefined -> undefined
    end.
get_key(App, Key) -> application_controller:get_key(App, Key).

get_all_key() ->
    case get_application() of
        {ok, App} -> get_all_key(App);
        undefined -> []
    end.
get_all_key(App) -> application_controller:get_all_key(App).

get_application() -> get_application(self()).
get_application(Pid) when is_pid(Pid) ->
    case process_info(Pid, group_leader) of
        {group_leader, GL} -> application_controller:app_of_master(GL);
        undefined -> undefined
    end;
get_application(Module) when is_atom(Module) ->
    application_controller:app_of_module(Module).

which_applications() -> application_controller:which_applications().
which_applications(_Timeout) -> which_applications().

loaded_applications() -> application_controller:loaded_applications().

info() -> [{loaded, loaded_applications()}, {running, [{A, P} || {A, P} <- application_controller:running()]}].
