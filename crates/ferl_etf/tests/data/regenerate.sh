#!/bin/sh
# Regenerates the golden term files from real erl (OTP 25). The node is distributed so
# that pids, references and ports carry a real node name; it listens on a fixed port
# without any port mapper, so this leaves nothing running.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
erlc -o "$tmp" "$here/etf_golden.erl"
rm -rf "$here/golden"
erl -noshell -pa "$tmp" -sname ferl_etf_golden -setcookie golden \
    -start_epmd false -erl_epmd_port 47999 \
    -run etf_golden main "$here/golden"
