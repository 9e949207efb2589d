#!/usr/bin/env bash
# Differential tests of Ferl's standard library (lib/*.erl) against real OTP 25.
# Every lib module M is copied to a temp dir as ferl_M (calls between lib modules renamed
# the same way), compiled with OTP's compiler, and the test modules here (t_*.erl) compare
# ferl_M's results with OTP's M on hand-picked and random inputs.
# Usage: tests/stdlib/run.sh [t_module ...]   Exits non-zero on any mismatch beyond the
# known differences listed in tests/stdlib/known_failures.
# STDLIB_ERLC=/path/to/ferlc compiles lib/ with Ferl's compiler instead of OTP's.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d /tmp/ferl_stdlib_test.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
erlc -o "$tmp" "$here/st_prep.erl" || exit 2
cd "$tmp" && erl -noshell -pa "$tmp" -run st_prep main "$root/lib" "$here" "$tmp" "$@" -s init stop
