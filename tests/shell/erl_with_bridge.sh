#!/usr/bin/env bash
# Starts the shell's Erlang side on real erl in front of the real terminal driver
# (ferl_tty_bridge), so that the whole stack can be driven in tmux before Ferl's VM runs it:
#   ERL=tests/shell/erl_with_bridge.sh bash tests/shell/shell_in_tmux.sh
# BRIDGE names the ferl_tty_bridge binary (default: target/debug/ferl_tty_bridge).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bridge=${BRIDGE:-$here/../../target/debug/ferl_tty_bridge}
dir=$(mktemp -d "${TMPDIR:-/tmp}/ferl-shell-bridge.XXXXXX")
trap 'rm -rf "$dir"' EXIT
bash "$here/build_on_erl.sh" "$dir" "$here/bridge" >/dev/null
# Ctrl-C and Ctrl-G (while the shell evaluates) reach the terminal driver as signals;
# this script must outlive them.
trap '' INT QUIT
# -remsh NODE (first) is the shell's option, the rest is erl's.
start='shell_tty:start().'
if [ "${1:-}" = "-remsh" ]; then start="shell_tty:start([{remsh, '$2'}])."; shift 2; fi
"$bridge" erl -noshell -pa "$dir" -eval "$start" "$@"
