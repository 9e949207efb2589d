#!/usr/bin/env bash
# record.sh NAME...: writes NAME.out from real erl (OTP 25) for NAME.in, in a fresh
# directory holding fixtures/ (as run_on_erl.sh runs our shell).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for name in "$@"; do
  dir=$(mktemp -d); cp "$here"/fixtures/* "$dir/"
  (cd "$dir" && HOME="$dir" erl < "$here/$name.in" > "$here/$name.out" 2>&1)
  rm -rf "$dir"
done
