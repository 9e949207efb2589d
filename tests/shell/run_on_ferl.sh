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
# With the ferl_tty natives wired (docs/shell-wiring.patch), ferl runs its own shell on
# piped input (the terminal in plain mode); without them, the mock stands in through user.
native=0
[ "$(FERL_LIB_DIR="$work/lib" timeout 10 "$ferl" -noshell -eval 'io:format("~w", [catch ferl_tty:size()]), halt().' 2>/dev/null)" = "{error,enotsup}" ] && native=1
echo "ferl_tty natives: $([ $native = 1 ] && echo yes || echo "no (mock)")"
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd "$here/transcripts" && ls *.in | sed 's/\.in$//'))
passed=0; failed=0
skipped=0
for name in "${names[@]}"; do
  # NAME.mock: the transcript needs the mock terminal (a line "^G" for Ctrl-G).
  if [ $native = 1 ] && [ -f "$here/transcripts/$name.mock" ]; then skipped=$((skipped + 1)); continue; fi
  run="$work/run-$name"; mkdir -p "$run"; cp "$here"/transcripts/fixtures/* "$run/"
  if [ $native = 1 ]; then
    eval_args=()
    [ -f "$here/transcripts/$name.eval" ] && eval_args=(-eval "$(cat "$here/transcripts/$name.eval")")
    (cd "$run" && HOME="$run" FERL_HISTORY= FERL_LIB_DIR="$work/lib" timeout 30 "$ferl" "${eval_args[@]}" \
       < "$here/transcripts/$name.in" > "$work/$name.actual" 2>&1)
  else
    start='shell_tty:start().'
    [ -f "$here/transcripts/$name.start" ] && start=$(cat "$here/transcripts/$name.start")
    (cd "$run" && HOME="$run" FERL_LIB_DIR="$work/lib" timeout 30 "$ferl" -noshell -pa "$work/mock" \
       -eval "$start" < "$here/transcripts/$name.in" > "$work/$name.actual" 2>&1)
  fi
  if cmp -s "$here/transcripts/$name.out" "$work/$name.actual"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL transcript $name on ferl:"
    diff "$here/transcripts/$name.out" "$work/$name.actual" | head -${DIFF_LINES:-30}
  fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
