#!/usr/bin/env bash
# Drives an Erlang shell in a real terminal (tmux) as a user would, and checks what the
# screen shows. Written against real erl's behaviour; run it on ferl:
#
#   ERL=/path/to/ferl bash tests/shell/shell_in_tmux.sh
#   ERL=erl bash tests/shell/shell_in_tmux.sh        # the oracle: must pass too
#
# Checks marked "ferl only" (Ctrl-D leaves, history across sessions) are skipped for erl.
# Prints PASS/FAIL per check, then "N passed, M failed"; exit status 1 on any failure.
set -u
ERL=${ERL:-erl}
STEP_TIMEOUT=${STEP_TIMEOUT:-8}
work=$(mktemp -d "${TMPDIR:-/tmp}/ferl-shell-tmux.XXXXXX")
sock="ferl-shell-tmux-$$"
T() { tmux -L "$sock" "$@"; }
cleanup() { T kill-server >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
is_ferl=1
case "$(basename "$ERL")" in erl) is_ferl=0 ;; esac

passed=0; failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; echo "---- screen:"; screen | tail -15; echo "----"; }
screen() { T capture-pane -p -J -t s -S -200 | sed -e 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' ; }
# wait_for REGEX: true once the screen matches (grep -E on the whole screen)
wait_for() {
  local deadline=$((SECONDS + STEP_TIMEOUT))
  while [ $SECONDS -le $deadline ]; do
    if screen | grep -Eq -- "$1"; then return 0; fi
    sleep 0.05
  done
  return 1
}
# count REGEX: how many lines of the screen match
count() { screen | grep -Ec -- "$1"; }
# wait_for_count REGEX N: true once at least N lines match
wait_for_count() {
  local deadline=$((SECONDS + STEP_TIMEOUT))
  while [ $SECONDS -le $deadline ]; do
    if [ "$(count "$1")" -ge "$2" ]; then return 0; fi
    sleep 0.05
  done
  return 1
}
# last_prompt: the number of the last "N>" prompt on the screen
last_prompt() { screen | grep -Eo '^([(][^)]*[)])?[0-9]+>' | tail -1 | grep -Eo '[0-9]+>$' | tr -d '>'; }
type_line() { T send-keys -t s -l -- "$1"; T send-keys -t s Enter; }
# after COMMAND, wait for the next prompt number
run() {
  local n; n=$(last_prompt)
  type_line "$1"
  wait_for "^([(][^)]*[)])?$((n + 1))>"
}
check() { # NAME REGEX
  if wait_for "$2"; then pass "$1"; else fail "$1"; fi
}
start() {
  T kill-server >/dev/null 2>&1
  sleep 0.2
  T new-session -d -s s -x 100 -y 50 -c "$work" \
    "env HOME=$work FERL_HISTORY=$work/history $ERL; echo EXITED=\$?; sleep 30"
  wait_for '^1> ?$'
}

start && pass "banner and first prompt" || fail "banner and first prompt"
check "Eshell banner" '^Eshell V'

run "1 + 2." && check "arithmetic" '^3$' || fail "arithmetic"

n=$(last_prompt)
type_line "1 +."
check "syntax error" "^\\* 1:4: syntax error before: '\\.'"
[ "$(last_prompt)" = "$n" ] && pass "a syntax error keeps the prompt number" || fail "a syntax error keeps the prompt number"

run "Y." ; check "unbound variable" "^\\* 1:1: variable 'Y' is unbound"

T send-keys -t s -l "foo("; T send-keys -t s Enter; sleep 0.2
T send-keys -t s -l "1, 2)."; T send-keys -t s Enter
check "an expression over two lines" '^\*\* exception error: undefined shell command foo/2'

run "test ! status."
check "send to an unregistered name" '^\*\* exception error: bad argument$'
check "badarg: in operator" '^     in operator  !/2$'
check "badarg: called as" '^        called as test ! status$'

run "X = 5."
run "exit(self(), kill)." ; check "evaluator killed" '^\*\* exception exit: killed$'
run "X + 1." ; check "bindings survive a new evaluator" '^6$'

run "F = fun(A) -> A * X end."
run "lists:map(F, [1, 2, 3])." ; check "funs made at the prompt work" '^\[5,10,15\]$'

run "A1 = 1. A2 = A1 + 1. A3 = A2 + 1."
check "several expressions on one line" '^3$'

run "lists:seq(1, 40)."
check "long results wrap as erl's ~p" '^ 23,24,25,26,27,28,29\|\.\.\.\]$'

run 'spawn(fun() -> timer:sleep(700), io:format("~n async output ~n") end).'
T send-keys -t s -l "half"
if wait_for '^ async output'; then
  pass "output of another process while at the prompt"
  if screen | tail -1 | grep -Eq '^[0-9]+> half$'; then pass "the prompt and the typed text are drawn again below it"
  else fail "the prompt and the typed text are drawn again below it"; fi
else
  fail "output of another process while at the prompt"; failed=$((failed + 1))
fi
T send-keys -t s C-u

T send-keys -t s -l "lists:rev"; T send-keys -t s Tab
check "Tab completes module:function" '[0-9]+> lists:reverse\($'
T send-keys -t s C-u

T send-keys -t s C-g
check "Ctrl-G: job control" '^User switch command'
type_line "j"
check "job list" '^   1\* \{shell,start,\[init\]\}$'
type_line "c"
run "ok."

run "Z = 7."
type_line "timer:sleep(30000)."
sleep 0.5
T send-keys -t s C-g
check "Ctrl-G while the shell evaluates" '^User switch command'
type_line "i"
type_line "c"
check "job control i interrupts the evaluation" '^\*\* exception exit: killed$'
run "Z." ; check "bindings kept after an interrupt" '^7$'

n=$(last_prompt)
menus=$(count '^ -->')
type_line 'io:get_line("name? ").'
wait_for '^name\? ?$'
T send-keys -t s C-g
wait_for_count '^ -->' $((menus + 1))
type_line "i"
wait_for_count '^ -->' $((menus + 2))
type_line "c"
if wait_for '^\{error,interrupted\}$' && wait_for "^$((n + 1))> ?\$"; then
  pass "interrupting an evaluation that reads answers {error,interrupted}"
else
  fail "interrupting an evaluation that reads answers {error,interrupted} (prompt $n before)"
fi

T send-keys -t s C-c
check "Ctrl-C: BREAK menu" '^BREAK: \(a\)bort \(A\)bort with dump \(c\)ontinue \(p\)roc info \(i\)nfo$'
type_line "v"
check "BREAK v" '^Erlang \(BEAM\) emulator version '
run "back."
check "the shell goes on after BREAK" '^back$'

if [ "$is_ferl" = 1 ]; then
  run "remember_this(1)."
  T send-keys -t s C-d
  check "Ctrl-D on an empty line leaves (ferl only)" 'EXITED=0$'
  start
  T send-keys -t s Up
  check "history kept across sessions (ferl only)" '^1> remember_this\(1\)\.$'
  T send-keys -t s C-u
fi

type_line "q()."
check "q() leaves" 'EXITED=0$'

start
T send-keys -t s C-c
wait_for '^BREAK: ' && sleep 0.2
T send-keys -t s C-c
check "Ctrl-C twice leaves at once" 'EXITED=0$'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
