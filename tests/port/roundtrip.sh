#!/bin/bash
# roundtrip.sh CHAINSCRIPT SHARED_DIR SCRIPTS_DIR: --port as a property. Every
# execline and nosh conformance case, ported to the native dialect, must give
# the stdout and exit status the original gives (the corpus's own runners
# judge it); every example in scripts/ must give the same stdout (numbers
# such as pids and times masked) and status as itself ported.
set -u
cs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") shared=$2 scripts=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# execline corpus: ported scripts beside copies of the expected results
mkdir -p "$tmp/execline"
for s in "$shared"/conformance/execline/*.script; do
  n=$(basename "$s" .script)
  "$cs" --port "$s" >"$tmp/execline/$n.script" 2>>"$tmp/warnings"
  ported=$?
  # a script that does not parse is ported (exit 100) to one that fails the same way
  if [ $ported != 0 ] && ! { [ $ported = 100 ] && [ "$(cat "$shared/conformance/execline/$n.status")" = 100 ]; }; then
    echo "FAIL port $n (exit $ported)"; fail=1
  fi
  chmod +x "$tmp/execline/$n.script"
  for ext in args stdin stdout status; do
    [ -f "$shared/conformance/execline/$n.$ext" ] && cp "$shared/conformance/execline/$n.$ext" "$tmp/execline/"
  done
  out=$("$shared/conformance/execline/run-case" "$cs" "$tmp/execline" "$n") || { echo "$out"; fail=1; }
done

# nosh corpus: its run-all judges the ported copies
mkdir -p "$tmp/nosh"
cp "$shared/conformance/nosh/run-all" "$tmp/nosh/"
for s in "$shared"/conformance/nosh/*.script; do
  n=$(basename "$s" .script)
  "$cs" --port "$s" >"$tmp/nosh/$n.script" 2>>"$tmp/warnings" || { echo "FAIL port $n"; fail=1; }
  cp "$shared/conformance/nosh/$n.stdout" "$shared/conformance/nosh/$n.status" "$tmp/nosh/"
done
"$tmp/nosh/run-all" "$cs" >"$tmp/nosh.log" 2>&1 || { cat "$tmp/nosh.log"; fail=1; }

# nosh-extra: nosh 1.40's own answers, which each ported case must give too
# (a usage error included: the ported script's --nosh-tools reads options as
# nosh's popt does)
extra=$(cd "$(dirname "$0")/../conformance/nosh-extra" && pwd)
mkdir -p "$tmp/extra"
asan=false; grep -qa __asan_init "$cs" && asan=true
for s in "$extra"/*.script; do
  n=$(basename "$s" .script)
  if [ -e "$extra/$n.needs-root" ] && [ "$(id -u)" != 0 ]; then continue; fi
  if [ -e "$extra/$n.not-under-asan" ] && $asan; then continue; fi
  "$cs" --port "$s" >"$tmp/extra/$n.script" 2>>"$tmp/warnings" || { echo "FAIL port nosh-extra $n"; fail=1; continue; }
  rm -rf "$tmp/cwd" && mkdir "$tmp/cwd"
  got=$(cd "$tmp/cwd" && env -i PATH=/usr/bin:/bin "$cs" "$tmp/extra/$n.script" </dev/null 2>/dev/null; echo "status $?")
  want=$(cat "$extra/$n.stdout"; echo "status $(cat "$extra/$n.status")")
  [ "$got" = "$want" ] || { echo "FAIL nosh-extra $n ported:"; diff <(echo "$want") <(echo "$got"); fail=1; }
done

# examples: the original against itself ported (their control sockets,
# CONTROL_SOCKET, default /tmp/...: here, in this test's directory)
mask() { sed -E 's/[0-9]+/N/g'; }
mkdir -p "$tmp/original" "$tmp/ported"
export CONTROL_SOCKET=$tmp/control.sock
for s in "$scripts"/*.run; do
  n=$(basename "$s")
  cp "$s" "$tmp/original/$n"
  "$cs" --port "$s" >"$tmp/ported/$n" 2>>"$tmp/warnings" || { echo "FAIL port $n"; fail=1; }
  a=$(cd "$tmp/original" && "$cs" "$n" one "two words" 2>&1 </dev/null | mask; exit "${PIPESTATUS[0]}"); as=$?
  b=$(cd "$tmp/ported" && "$cs" "$n" one "two words" 2>&1 </dev/null | mask; exit "${PIPESTATUS[0]}"); bs=$?
  if [ "$a" != "$b" ] || [ $as != $bs ]; then
    echo "FAIL example $n: original ($as) and ported ($bs) differ"; diff <(echo "$a") <(echo "$b"); fail=1
  fi
done

# What the native dialect cannot say the same way: execline's fdmove -c N N
# fails 111 when it runs (native: a no-op), so it is ported as that exit;
# a block read as a flat argv's words, and an error after ifthenelse -s
# (whose rest may be words), are left as written with a located warning.
port_of() { printf '#!/usr/bin/execlineb -P\n%s\n' "$1" >"$tmp/p.script"; "$cs" --port "$tmp/p.script" 2>"$tmp/p.warn"; }
expect() {  # what, needle in the ported text, needle in the warnings
  if ! grep -qF -- "$2" <<<"$out" || ! grep -qF -- "$3" "$tmp/p.warn"; then
    echo "FAIL port of $1:"; echo "$out"; cat "$tmp/p.warn"; fail=1
  fi
}
out=$(port_of 'foreground { fdmove -c 1 1 echo a } echo b')
expect "fdmove -c 1 1" 'foreground { exit 111 } echo b' "p.script:2:14: warning: fdmove is an error"
out=$(port_of 'case -- { x { echo y } } echo z')
expect "a block as case's value" 'case -- { x { echo y } } echo z' "p.script:2:9: warning: case reads the block here as its words (execline's argv is flat): no native equivalent"
# execline's posix-umask keeps a class's bits on "o=" (no permissions named);
# the native one, as POSIX, clears them: the port drops such an action.
out=$(port_of 'posix-umask u=rwx,g=rx,o= posix-umask')
grep -qF -- 'posix-umask u=rwx,g=rx,o posix-umask' <<<"$out" || { echo "FAIL port of posix-umask's o=:"; echo "$out"; fail=1; }
a=$(cd "$tmp" && "$cs" p.script); printf '%s\n' "$out" >"$tmp/p.native"; b=$(cd "$tmp" && "$cs" p.native)
[ "$a" = "$b" ] || { echo "FAIL posix-umask ported: $a, not $b"; fail=1; }
out=$(port_of 'ifthenelse -s { true } { echo } { echo } fdmove -c 1 1 x')
expect "an error after ifthenelse -s" 'fdmove -c 1 1 x' "after ifthenelse -s, whose rest may be words, not commands: no native equivalent"

# From nosh: its tools fail with 1 and keep their quirks (the ported #! line
# says --failures-exit-1 --nosh-tools),
# read numbers as C writes them, close N on fdmove N N, and fail on setsid's
# failure; the port says each the native way, and runs as nosh would.
printf '#!/bin/nosh\nforeground umask 0x12 fdmove 0x3 03 fdmove 1 1 true ;\nsetsid chdir nonexistent true\n' >"$tmp/n.script"
out=$("$cs" --port "$tmp/n.script" 2>"$tmp/p.warn")
for want in '#!/usr/bin/chainscript -P --failures-exit-1 --nosh-tools' 'umask 0022 fdmove -c 3 3 fdclose 3 fdmove -c 1 1 fdclose 1 true' 'setsid -i chdir nonexistent true'; do
  grep -qF -- "$want" <<<"$out" || { echo "FAIL nosh port: no \"$want\" in:"; echo "$out"; fail=1; }
done
printf '%s\n' "$out" >"$tmp/n.ported"
(cd "$tmp" && "$cs" "-P --failures-exit-1 --nosh-tools" n.ported </dev/null >/dev/null 2>&1); st=$?  # as the kernel passes its #! line
[ $st = 1 ] || { echo "FAIL nosh port: the ported script exits $st, not 1 as nosh's chdir"; fail=1; }
"$cs" --failures-exit-1 -c 'cd /nonexistent true' 2>/dev/null; st=$?
[ $st = 1 ] || { echo "FAIL --failures-exit-1: cd's failure exits $st, not 1"; fail=1; }
# nosh's printenv goes on when its write fails (stdout closed); chainscript's fails 111.
"$cs" --nosh-tools -c 'printenv PATH' >&- 2>/dev/null; st=$?
[ $st = 0 ] || { echo "FAIL --nosh-tools: printenv to a closed stdout exits $st, not 0 as nosh's"; fail=1; }
"$cs" -c 'printenv PATH' >&- 2>/dev/null; st=$?
[ $st = 111 ] || { echo "FAIL: printenv to a closed stdout exits $st, not 111 without --nosh-tools"; fail=1; }

if [ $fail = 0 ]; then echo "port round trip: every case and example gives the same output"; fi
exit $fail
