#!/usr/bin/env bash
# The transcripts on Ferl itself: the shell (lib/, no renaming) runs on the ferl VM with
# tests/shell/mock/ferl_tty.erl as its terminal (plain lines through `user'), and each
# transcripts/NAME.in must print transcripts/NAME.out, erl's own output.
#   FERL=target/debug/ferl bash tests/shell/run_on_ferl.sh [NAME...]
# The standard library is lib/ compiled with $ERLC (default erlc) into a temporary
# directory given as FERL_LIB_DIR. Prints a diff per failing transcript, then
# "N passed, M failed"; exit status 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ferl=${FERL:-$root/target/debug/ferl}
case "$ferl" in /*) ;; *) ferl="$PWD/$ferl" ;; esac
work=${KEEP_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ferl-shell-on-ferl.XXXXXX")}
mkdir -p "$work/lib" "$work/mock"
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
(cd "$work/lib" && ${ERLC:-erlc} "$root"/lib/*.erl >/dev/null 2>&1) || { echo "lib compile failed"; echo "0 passed, 1 failed"; exit 1; }
(cd "$work/mock" && ${ERLC:-erlc} "$here/mock/ferl_tty.erl") || { echo "0 passed, 1 failed"; exit 1; }
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd "$here/transcripts" && ls *.in | sed 's/\.in$//'))
passed=0; failed=0
for name in "${names[@]}"; do
  run="$work/run-$name"; mkdir -p "$run"; cp "$here"/transcripts/fixtures/* "$run/"
  start='shell_tty:start().'
  [ -f "$here/transcripts/$name.start" ] && start=$(cat "$here/transcripts/$name.start")
  (cd "$run" && HOME="$run" FERL_LIB_DIR="$work/lib" timeout 30 "$ferl" -noshell -pa "$work/mock" \
     -eval "$start" < "$here/transcripts/$name.in" > "$work/$name.actual" 2>&1)
  if cmp -s "$here/transcripts/$name.out" "$work/$name.actual"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL transcript $name on ferl:"
    diff "$here/transcripts/$name.out" "$work/$name.actual" | head -${DIFF_LINES:-30}
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
