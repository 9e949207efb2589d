#!/usr/bin/env bash
# Every test of the shell that needs no Ferl VM, in one command:
#   1. run_on_erl.sh: erl_error against erl's texts, and the transcripts (the shell's
#      Erlang side on real erl, plain terminal) against erl's own output;
#   2. shell_in_tmux.sh on real erl (checks the checks);
#   3. shell_in_tmux.sh on the whole shell: the real terminal driver (ferl_tty_bridge)
#      in front of the Erlang side running on real erl;
#   4. with WALKTHROUGH=1, the seed walkthrough on that same stack (needs two distributed
#      erl nodes on loopback);
#   5. with FERLC=path/to/ferlc, step 1 again with the shell's modules compiled by ferlc.
# (cargo test -p ferl_shell covers the terminal driver alone.) Prints the totals as
# "N passed, M failed"; exit status 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
passed=0; failed=0
tally() { # the last "N passed, M failed" line of a log
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
  if [ -z "$line" ]; then failed=$((failed + 1)); tail -20 "$1"; return; fi
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
  grep -E '^FAIL' "$1" || true
}
log=$(mktemp)
(cd "$root" && cargo build -q -p ferl_shell) || { echo "0 passed, 1 failed"; exit 1; }
bash "$here/run_on_erl.sh" > "$log" 2>&1; echo "run_on_erl: $(tail -1 "$log")"; tally "$log"
if [ -n "${FERLC:-}" ]; then  # the same, with the shell's modules compiled by ferlc
  ERLC="$FERLC" bash "$here/run_on_erl.sh" > "$log" 2>&1
  echo "run_on_erl, compiled by ferlc: $(tail -1 "$log")"; tally "$log"
fi
ERL=erl bash "$here/shell_in_tmux.sh" > "$log" 2>&1; echo "tmux, erl: $(tail -1 "$log")"; tally "$log"
ERL="$here/erl_with_bridge.sh" bash "$here/shell_in_tmux.sh" > "$log" 2>&1
echo "tmux, ferl_shell + erl: $(tail -1 "$log")"; tally "$log"
if [ "${WALKTHROUGH:-0}" = 1 ]; then
  (cd "${TMPDIR:-/tmp}" && ERL="$here/erl_with_bridge.sh" ERLC=erlc \
     bash "$root/tests/acceptance/seed_walkthrough.sh") > "$log" 2>&1
  echo "seed walkthrough, ferl_shell + erl: $(tail -1 "$log")"; tally "$log"
fi
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
