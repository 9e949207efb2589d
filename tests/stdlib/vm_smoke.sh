#!/usr/bin/env bash
# Runs tests/stdlib/vm/smoke.erl with erl and with ferl (lib/ compiled by ferlc, loaded
# through FERL_LIB_DIR) and compares their output and exit status.
# Usage: FERL=path/to/ferl FERLC=path/to/ferlc tests/stdlib/vm_smoke.sh
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
FERL=${FERL:-ferl}
FERLC=${FERLC:-ferlc}
tmp="$(mktemp -d /tmp/ferl_vm_smoke.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/smoke"
for f in "$root"/lib/*.erl; do
  "$FERLC" -o "$tmp/lib" "$f" >/dev/null 2>&1 || { echo "ferlc failed on $f"; exit 1; }
done
"$FERLC" -o "$tmp/smoke" "$here"/vm/*.erl || exit 1
erlc -o "$tmp/smoke" "$here"/vm/*.erl 2>/dev/null || true
cd "$tmp"
input='line one\nabc 42 hello\nrest\n'
{ erl -noshell -pa "$tmp/smoke" -s smoke main 2>&1; echo "exit $?";
  printf "$input" | erl -noshell -pa "$tmp/smoke" -s smoke_io main 2>&1; echo "exit $?"; } > erl.out
{ FERL_LIB_DIR="$tmp/lib" timeout 30 "$FERL" -noshell -pa "$tmp/smoke" -s smoke main 2>&1; echo "exit $?";
  printf "$input" | FERL_LIB_DIR="$tmp/lib" timeout 30 "$FERL" -noshell -pa "$tmp/smoke" -s smoke_io main 2>&1; echo "exit $?"; } > ferl.out
erl_rc=0; ferl_rc=0
# Masked: dates, pids, process sizes, and the stack lines of crash reports (their frames
# are the implementation's).
mask() {
  sed -E 's/==== [^=]* ===/==== DATE ===/; s/<[0-9]+\.[0-9]+\.[0-9]+>/<PID>/g;
          s/(heap_size|stack_size|reductions): [0-9]+/\1: N/; /^      in (function|call from) /d' "$1"
}
mask erl.out > erl.masked; mask ferl.out > ferl.masked
if diff -u erl.masked ferl.masked && [ "$erl_rc" = "$ferl_rc" ]; then
  echo "vm smoke: passed"
else
  echo "vm smoke: FAILED"
  exit 1
fi
