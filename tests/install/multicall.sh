#!/bin/sh
# multicall.sh BUILD_DIR: cmake --install into a scratch prefix, then run
# builtins by their own names, as one process each, the way a shell user does.
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
dir=$prefix/libexec/chainscript/bin
fail() { echo "FAIL: $*"; exit 1; }

# every name and alias is linked in the private directory, nothing else in bin/
for name in $("$prefix/bin/chainscript" --list-names); do
  [ -L "$dir/$name" ] || fail "no link for $name"
done
[ "$(ls "$prefix/bin")" = chainscript ] || fail "bin/ holds more than chainscript: $(ls "$prefix/bin")"

# a listener chain typed at a shell: one process, the socket on fd 3
out=$("$dir/tcp-socket-listen" --systemd-compatibility 127.0.0.1 0 \
      fdmove -c 2 1 sh -c 'echo "$LISTEN_FDS $LISTEN_PID $$"; test -S /proc/self/fd/3 && echo socket')
set -- $out
[ "$1" = 1 ] || fail "LISTEN_FDS=$1"
[ "$2" = "$3" ] || fail "LISTEN_PID $2 is not the program's pid $3: chainscript must exec, not fork"
[ "$4" = socket ] || fail "fd 3 is not a socket"

# blocks encoded the execline way, as execline's tools take them
[ "$("$dir/foreground" ' echo' ' one' '' echo two | tr '\n' ' ')" = "one two " ] || fail "foreground block"
# an alias, and --help
[ "$("$dir/setenv" X 1 sh -c 'echo $X')" = 1 ] || fail "setenv alias"
"$dir/fdmove" --help | grep -q '^usage: fdmove' || fail "fdmove --help"
# a usage error names the builtin and exits 100
set +e
"$dir/fdmove" 1 2>"$prefix/err"; code=$?
set -e
[ $code = 100 ] || fail "fdmove 1 exited $code"
grep -q 'fdmove: missing FROM' "$prefix/err" || fail "message: $(cat "$prefix/err")"
echo "multicall: all checks passed"
