#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, unit and integration tests, the
# conformance corpus in its three pairings (erlc+ferl, ferlc+erl, ferlc+ferl) against the
# committed minimum pass counts in tests/minimums, and the seed walkthrough.
# Installs real Erlang (the test oracle only) when it is missing. Exits non-zero on failure.
set -u
cd "$(dirname "$0")/.."
root=$PWD
failures=()
step() { echo; echo "=== $*"; }
fail() { failures+=("$1"); echo "FAILED: $1"; }

if ! command -v erl >/dev/null 2>&1; then
  step "installing erlang-nox (test oracle)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update && $SUDO apt-get install -y erlang-nox || fail "install erlang-nox"
fi
command -v tmux >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y tmux; }

step "cargo fmt --check"
cargo fmt --all -- --check || fail "cargo fmt"

step "cargo clippy"
cargo clippy --workspace --all-targets --release -- -D warnings || fail "clippy"

step "cargo build --release"
cargo build --workspace --release || { fail "build"; printf 'FAILED: %s\n' "${failures[@]}"; exit 1; }
export PATH="$root/target/release:$PATH"

step "cargo test"
cargo test --workspace --release || fail "cargo test"

# A corpus run: compare its pass count with the committed minimum.
# corpus NAME COMMAND... ; the command's output ends with "N passed, M failed".
corpus() {
  local name=$1; shift
  local min out passed
  min=$(awk -v k="$name" '$1 == k { print $2 }' tests/minimums)
  step "$name (minimum $min)"
  out=$("$@" 2>&1); echo "$out" | grep -E '^(PASS|FAIL)|passed' | tail -n 200
  passed=$(echo "$out" | grep -Eo '^[0-9]+ passed' | tail -n 1 | grep -Eo '^[0-9]+')
  passed=${passed:-0}
  echo "$name: $passed passed (minimum $min)"
  (( passed >= min )) || fail "$name: $passed passed, below the minimum $min"
}

step "standard library against erl (tests/stdlib)"
bash tests/stdlib/run.sh || fail "tests/stdlib"

step "shell: Erlang side on erl, then the terminal on ferl in tmux (tests/shell)"
bash tests/shell/run_on_erl.sh || fail "tests/shell/run_on_erl.sh"
ERL="$root/target/release/ferl" bash tests/shell/shell_in_tmux.sh || fail "tests/shell/shell_in_tmux.sh"

corpus conformance_erlc_ferl env ERL=ferl ERLC=erlc bash tests/conformance/run.sh
corpus conformance_ferlc_erl env ERL=erl ERLC=ferlc bash tests/conformance/run.sh
corpus conformance_ferlc_ferl env ERL=ferl ERLC=ferlc bash tests/conformance/run.sh
corpus seed_walkthrough env ERL=ferl ERLC=ferlc NODE1="ci1$$" NODE2="ci2$$" bash tests/acceptance/seed_walkthrough.sh

echo
if (( ${#failures[@]} )); then
  printf 'FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "all checks passed"
