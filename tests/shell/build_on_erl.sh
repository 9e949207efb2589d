#!/usr/bin/env bash
# build_on_erl.sh DIR TTY_MODULE_DIR: compiles the shell's Erlang side into DIR for real
# erl, renaming the modules that OTP has too (shell -> tshell, shell_default ->
# tshell_default, erl_error -> terl_error), with the ferl_tty module of TTY_MODULE_DIR
# (mock/: plain lines on stdin; bridge/: the real terminal through ferl_tty_bridge).
set -eu
dir=$1; tty=$2
here=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$here/../../lib" && pwd)
mkdir -p "$dir"
for m in shell shell_default erl_error ferl_group shell_tty shell_records shell_check shell_commands shell_pp; do
  case $m in shell|shell_default|erl_error) out=t$m ;; *) out=$m ;; esac
  sed -e 's/^-module(shell)\./-module(tshell)./' \
      -e 's/\bshell:/tshell:/g' \
      -e 's/\bshell_default\b/tshell_default/g' \
      -e 's/\berl_error\b/terl_error/g' \
      -e 's/^-define(SHELL, shell)\./-define(SHELL, tshell)./' \
      "$lib/$m.erl" > "$dir/$out.erl"
done
cp "$tty/ferl_tty.erl" "$dir/"
cd "$dir" && ${ERLC:-erlc} -Werror ./*.erl
