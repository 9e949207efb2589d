#!/usr/bin/env bash
# A tool, not a test: runs the transcripts on real erl with the shell AND Ferl's own
# standard library modules it leans on (erl_eval, eval_bits, io, io_lib, io_lib_format,
# io_lib_pretty, string from LIB, default this repository's lib/; those missing there
# stay OTP's), all renamed beside OTP's, and shows how the output differs from erl's.
#   bash tests/shell/compat_with_lib.sh [LIB]
# Differences point at what the standard library still lacks for the shell (or at a
# native such as ferl:receive_match/2 that only Ferl's VM has).
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=${1:-$here/../../lib}
work=$(mktemp -d "${TMPDIR:-/tmp}/ferl-shell-compat.XXXXXX")
trap 'rm -rf "$work"' EXIT
bash "$here/build_on_erl.sh" "$work" "$here/mock" >/dev/null || exit 1
mods=""
for m in erl_eval io_lib_pretty eval_bits io_lib io_lib_format io string; do
  [ -f "$lib/$m.erl" ] && mods="$mods $m"
done
echo "Ferl's modules used:$mods"
sed_args=()
for m in $mods; do sed_args+=(-e "s/\\b$m:/t$m:/g" -e "s/^-module($m)\\./-module(t$m)./"); done
[ -n "$mods" ] || { echo "none found in $lib"; exit 0; }
for m in $mods; do sed "${sed_args[@]}" "$lib/$m.erl" > "$work/t$m.erl"; done
(cd "$work" && sed -i "${sed_args[@]}" tshell.erl shell_records.erl shell_commands.erl terl_error.erl ferl_group.erl \
   shell_tty.erl tshell_default.erl shell_check.erl)
case " $mods " in *" erl_eval "*) sed -i 's/\berl_eval\b/terl_eval/g' "$work/tshell.erl" "$work/shell_records.erl" "$work/shell_commands.erl" ;; esac
(cd "$work" && erlc ./*.erl 2>&1 | grep -v -i warning | grep -A3 -i error)
for input in "$here"/transcripts/*.in; do
  name=$(basename "$input" .in)
  run="$work/run-$name"; mkdir -p "$run"; cp "$here"/transcripts/fixtures/* "$run/"
  (cd "$run" && HOME="$run" timeout 30 erl -noshell -pa "$work" -eval 'shell_tty:start().' \
     < "$input" > "$work/$name.actual" 2>&1)
  echo "== $name: $(diff "$here/transcripts/$name.out" "$work/$name.actual" | grep -c '^<') lines differ"
  diff "$here/transcripts/$name.out" "$work/$name.actual" | head -30
done
