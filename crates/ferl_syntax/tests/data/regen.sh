#!/usr/bin/env bash
# Records what real erl (OTP 25) produces, as the oracle for the golden tests:
#  - expected/<set>__<name>.forms : epp:parse_file/2 of each source file, one form per
#    line in ~w format (columns on, include dir = the file's directory);
#  - diag/<name>.stderr : what `erlc` prints for each diag/<name>.erl.
# Run from anywhere: bash crates/ferl_syntax/tests/data/regen.sh
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
dump() { # set file
  local set=$1 f=$2 dir base
  dir=$(dirname "$f"); base=$(basename "$f" .erl)
  (cd "$dir" && erl -noshell -eval '
    {ok, Forms} = epp:parse_file("'"$base"'.erl", [{includes, ["."]}, {location, {1,1}}]),
    [io:format("~w.~n", [F]) || F <- Forms], halt().') > "$here/expected/${set}__${base}.forms"
}
rm -f "$here"/expected/*.forms
for f in "$root"/tests/conformance/cases/*.erl; do dump conformance "$f"; done
for f in "$root"/benches/programs/*.erl; do dump benches "$f"; done
for f in "$here"/golden/*.erl; do dump golden "$f"; done
tmp=$(mktemp -d)
for f in "$here"/diag/*.erl; do
  [ -e "$f" ] || continue
  base=$(basename "$f" .erl)
  cp "$f" "$tmp/$base.erl"
  (cd "$tmp" && erlc -o "$tmp" "$base.erl" 2>&1 | grep -v '^%' | grep -v '^$' > "$here/diag/$base.stderr" || true)
done
rm -rf "$tmp"
