#!/usr/bin/env bash
# Prints the native functions that lib/ calls (from the import tables), one per line, in
# the form docs/bifs.md lists them. tests/stdlib/run.sh fails if docs/bifs.md misses one.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
erlc -o "$tmp" "$here/st_prep.erl"
erl -noshell -pa "$tmp" -eval "[io:format(\"- \`~s\`~n\", [N]) || N <- st_prep:natives(\"$here/../../lib\")], halt()."
