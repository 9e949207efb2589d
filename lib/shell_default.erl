%% The functions the shell offers without a module prefix (l/1, c/1, flush/0, ...). Like
%% erl's, it only delegates: the work is done by module c. Users add their own in a
%% module named user_default, which the shell asks first.
-module(shell_default).

-export([help/0, bt/1, c/1, c/2, c/3, cd/1, erlangrc/1, flush/0, i/0, i/3, ni/0,
         l/1, lc/1, lm/0, ls/0, ls/1, m/0, m/1, mm/0, memory/0, memory/1, nc/1, nc/2,
         nl/1, nregs/0, pid/3, pwd/0, q/0, regs/0, uptime/0, xm/1, y/1, y/2]).

help() ->
    shell:help(),
    c:help(),
    true.

bt(Pid) -> c:bt(Pid).
c(File) -> c:c(File).
c(File, Options) -> c:c(File, Options).
c(File, Options, Filter) -> c:c(File, Options, Filter).
cd(Dir) -> c:cd(Dir).
erlangrc(Home) -> c:erlangrc(Home).
flush() -> c:flush().
i() -> c:i().
i(X, Y, Z) -> c:i(X, Y, Z).
ni() -> c:ni().
l(Module) -> c:l(Module).
lc(Files) -> c:lc(Files).
lm() -> c:lm().
ls() -> c:ls().
ls(Dir) -> c:ls(Dir).
m() -> c:m().
m(Module) -> c:m(Module).
mm() -> c:mm().
memory() -> c:memory().
memory(Type) -> c:memory(Type).
nc(File) -> c:nc(File).
nc(File, Options) -> c:nc(File, Options).
nl(Module) -> c:nl(Module).
nregs() -> c:nregs().
pid(X, Y, Z) -> c:pid(X, Y, Z).
pwd() -> c:pwd().
q() -> c:q().
regs() -> c:regs().
uptime() -> c:uptime().
xm(Module) -> c:xm(Module).
y(File) -> c:y(File).
y(File, Options) -> c:y(File, Options).
