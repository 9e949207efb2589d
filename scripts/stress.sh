#!/usr/bin/env bash
# Heavy checks kept out of CI: a million processes, a million stack frames, reload soaks.
set -eu
cd "$(dirname "$0")/.."
cargo build --release
for t in tests/stress/*.sh; do
  [ -e "$t" ] || continue
  echo "=== $t"; bash "$t"
done
