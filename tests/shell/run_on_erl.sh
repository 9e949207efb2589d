#!/usr/bin/env bash
# Runs the shell's Erlang side (lib/shell.erl, shell_default, erl_error, ferl_group,
# shell_tty, shell_records) on real erl, with OTP's own shell modules out of the way by
# renaming ours (shell -> tshell, shell_default -> tshell_default, erl_error -> terl_error)
# and with tests/shell/mock/ferl_tty.erl standing in for the VM's native terminal.
#
#   1. erl_error: every case of erl_error_cases.erl against erl_error/expected.txt;
#      shell_pp (h() and rl() without erl_pp) against erl_pp (shell_pp_cases.erl);
#   2. transcripts: each transcripts/NAME.in typed into our shell (stdin not a terminal)
#      must print transcripts/NAME.out, which real erl printed for the same input
#      (NAME.start, if present, is the expression that starts the shell).
#
# Prints "N passed, M failed"; exit status 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$here/../../lib" && pwd)
work=${KEEP_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ferl-shell-test.XXXXXX")}
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

cp "$here/erl_error_cases.erl" "$here/shell_pp_cases.erl" "$work/"
bash "$here/build_on_erl.sh" "$work" "$here/mock" && (cd "$work" && erlc erl_error_cases.erl shell_pp_cases.erl) \
  || { echo "compile failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
count() { # reads "WHAT: N passed, M failed"
  local line; line=$(grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
  if [ -z "$line" ]; then failed=$((failed + 1)); cat "$1"; return; fi
  passed=$((passed + $(echo "$line" | sed -E 's/^[a-z_]+: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')))
}
(cd "$work" && erl -noshell -pa "$work" \
   -eval "erl_error_cases:check(terl_error, \"$here/erl_error/expected.txt\"), halt()." > "$work/ee.log" 2>&1)
grep -v '^erl_error: ' "$work/ee.log"
count "$work/ee.log"
(cd "$work" && erl -noshell -pa "$work" -eval "shell_pp_cases:check(shell_pp), halt()." > "$work/pp.log" 2>&1)
grep -v '^shell_pp: ' "$work/pp.log"
count "$work/pp.log"

for input in "$here"/transcripts/*.in; do
  name=$(basename "$input" .in)
  expected="$here/transcripts/$name.out"
  actual="$work/$name.actual"
  run="$work/run-$name"; mkdir -p "$run"; cp "$here"/transcripts/fixtures/* "$run/"
  start='shell_tty:start().'
  [ -f "$here/transcripts/$name.start" ] && start=$(cat "$here/transcripts/$name.start")
  (cd "$run" && HOME="$run" timeout 30 erl -noshell -pa "$work" -eval "$start" \
     < "$input" > "$actual" 2>&1)
  if cmp -s "$expected" "$actual"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL transcript $name:"
    diff "$expected" "$actual" | head -40
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
