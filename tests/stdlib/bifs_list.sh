#!/usr/bin/env bash
# Regenerates docs/bifs.md: the hand-written part (bifs_head.md) followed by the list of
# native functions lib/ calls, from the import tables of the compiled modules.
#   tests/stdlib/bifs_list.sh > docs/bifs.md
# tests/stdlib/run.sh fails if docs/bifs.md misses a function of that list.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
erlc -o "$tmp" "$here/st_prep.erl"
cat "$here/bifs_head.md"
erl -noshell -pa "$tmp" -eval "[io:format(\"- \`~s\`~n\", [N]) || N <- st_prep:natives(\"$here/../../lib\")], halt()."
