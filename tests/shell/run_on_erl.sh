#!/usr/bin/env bash
# Runs the shell's Erlang side (lib/shell.erl, shell_default, erl_error, ferl_group,
# shell_tty, shell_records) on real erl, with OTP's own shell modules out of the way by
# renaming ours (shell -> tshell, shell_default -> tshell_default, erl_error -> terl_error)
# and with tests/shell/mock/ferl_tty.erl standing in for the VM's native terminal.
#
#   1. erl_error: every case of erl_error_cases.erl against erl_error/expected.txt;
#   2. transcripts: each transcripts/NAME.in typed into our shell (stdin not a terminal)
#      must print transcripts/NAME.out, which real erl printed for the same input.
#
# Prints "N passed, M failed"; exit status 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$here/../../lib" && pwd)
work=${KEEP_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ferl-shell-test.XXXXXX")}
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

for m in shell shell_default erl_error ferl_group shell_tty shell_records; do
  sed -e 's/^-module(shell)\./-module(tshell)./' \
      -e 's/\bshell:/tshell:/g' \
      -e 's/\bshell_default\b/tshell_default/g' \
      -e 's/\berl_error\b/terl_error/g' \
      -e 's/^-define(SHELL, shell)\./-define(SHELL, tshell)./' \
      "$lib/$m.erl" > "$work/$(echo $m | sed -e 's/^shell$/tshell/' -e 's/^shell_default$/tshell_default/' -e 's/^erl_error$/terl_error/').erl"
done
cp "$here/mock/ferl_tty.erl" "$here/erl_error_cases.erl" "$work/"
(cd "$work" && erlc -Werror *.erl) || { echo "compile failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
count() { # reads "erl_error: N passed, M failed"
  local line; line=$(grep -E '^erl_error: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
  if [ -z "$line" ]; then failed=$((failed + 1)); cat "$1"; return; fi
  passed=$((passed + $(echo "$line" | sed -E 's/^erl_error: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')))
}
(cd "$work" && erl -noshell -pa "$work" \
   -eval "erl_error_cases:check(terl_error, \"$here/erl_error/expected.txt\"), halt()." > "$work/ee.log" 2>&1)
grep -v '^erl_error: ' "$work/ee.log"
count "$work/ee.log"

for input in "$here"/transcripts/*.in; do
  name=$(basename "$input" .in)
  expected="$here/transcripts/$name.out"
  actual="$work/$name.actual"
  (cd "$work" && HOME="$work" timeout 30 erl -noshell -pa "$work" -eval 'shell_tty:start().' \
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
