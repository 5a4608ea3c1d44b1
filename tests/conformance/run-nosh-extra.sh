#!/bin/bash
# run-nosh-extra.sh CHAINSCRIPT: every case of nosh-extra/, run as the public
# nosh corpus's run-all runs its own (env -i PATH=/usr/bin:/bin CHAINSCRIPT
# /abs/NAME.script </dev/null), each in an empty scratch directory of its own
# (a case may make files there); stdout and status must be nosh's.
# A case with a NAME.needs-root beside it changes credentials: skipped, with
# a line saying so, when not run as root; one with a NAME.not-under-asan
# (an address-space limit) is skipped when CHAINSCRIPT is built with
# AddressSanitizer.
# Last line: "N passed, M failed".
set -u
cs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # absolute: each case runs elsewhere
dir=$(cd "$(dirname "$0")/nosh-extra" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
asan=false; grep -qa __asan_init "$cs" && asan=true
for s in "$dir"/*.script; do
  n=${s%.script}
  if [ -e "$n.needs-root" ] && [ "$(id -u)" != 0 ]; then echo "skipped ${n##*/}: needs root"; continue; fi
  if [ -e "$n.not-under-asan" ] && $asan; then echo "skipped ${n##*/}: AddressSanitizer"; continue; fi
  rm -rf "$tmp/cwd" && mkdir "$tmp/cwd"
  (cd "$tmp/cwd" && env -i PATH=/usr/bin:/bin "$cs" "$s" </dev/null >"$tmp/out" 2>"$tmp/err"); st=$?
  if cmp -s "$tmp/out" "$n.stdout" && [ "$st" = "$(cat "$n.status")" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "FAIL ${n##*/} (status $st, want $(cat "$n.status"))"; diff -u "$n.stdout" "$tmp/out" | head -12; head -5 "$tmp/err"; fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
