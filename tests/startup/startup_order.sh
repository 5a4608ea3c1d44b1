#!/bin/sh
# startup_order_is_current: the symbol ordering file the release link uses
# (cmake/startup-order.txt) is current, and was applied.
#
#   sh tests/startup/startup_order.sh REPO CHAINSCRIPT ORDERED
#
# 1. Of chainscript's own functions that a service start runs now
#    (tools/startup-order), at most a tenth may be missing from the file: a
#    renamed or new function on the start-up path is laid out far from the
#    rest, and enough of them undo the grouping.
# 2. Those of them the file lists lie together in the binary: the span from
#    the first to the end of the last is at most 1.25 times their total size
#    (laid out in link order they span about five times it).
# Exit 0 when both hold, 1 with a FAIL: line, 77 (skipped) without valgrind
# or when ORDERED is 0 (chainscript not linked by lld with the file).
set -u
repo=${1:?usage: startup_order.sh REPO CHAINSCRIPT ORDERED}
cs=${2:?}
ordered=${3:?}
[ "$ordered" = 1 ] || { echo "startup_order_is_current: skipped: chainscript was not linked by lld with the ordering file"; exit 77; }
command -v valgrind >/dev/null 2>&1 || { echo "startup_order_is_current: skipped: no valgrind (Debian package valgrind)"; exit 77; }
command -v nm >/dev/null 2>&1 || { echo "startup_order_is_current: skipped: no nm (Debian package binutils)"; exit 77; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

sh "$repo/tools/startup-order" "$cs" >"$tmp/now" || { echo "FAIL: tools/startup-order did not run"; exit 1; }
grep -v '^#' "$repo/cmake/startup-order.txt" | LC_ALL=C sort -u >"$tmp/listed"
grep '11chainscript' "$tmp/now" >"$tmp/own"
LC_ALL=C comm -23 "$tmp/own" "$tmp/listed" >"$tmp/missing"
own=$(wc -l <"$tmp/own")
missing=$(wc -l <"$tmp/missing")
[ "$own" -gt 50 ] || { echo "FAIL: only $own of chainscript's functions seen at start-up: the profile did not run"; exit 1; }
echo "chainscript's functions run at start-up: $own, of them missing from cmake/startup-order.txt: $missing"
if [ $((missing * 10)) -gt "$own" ]; then
  echo "FAIL: more than a tenth are missing; remake the file:"
  echo "  sh tools/startup-order build/chainscript > cmake/startup-order.txt  (as root, for setuidgid's path)"
  sed 's/^/  missing: /' "$tmp/missing" | head -20
  fail=1
fi

# Addresses and sizes of those of them the file lists, in the binary.
LC_ALL=C comm -12 "$tmp/own" "$tmp/listed" >"$tmp/own-listed"
nm -S "$cs" | awk 'NR == FNR { want[$1] = 1; next } NF == 4 && ($4 in want) { print $1, $2 }' "$tmp/own-listed" - >"$tmp/placed"
span=$(python3 - "$tmp/placed" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
starts = [int(a, 16) for a, _ in rows]
ends = [int(a, 16) + int(s, 16) for a, s in rows]
total = sum(int(s, 16) for _, s in rows)
print(max(ends) - min(starts), total)
PY
) || exit 1
set -- $span
echo "they take $(($2 / 1024)) KiB and span $(($1 / 1024)) KiB of text"
if [ $(($1 * 4)) -gt $(($2 * 5)) ]; then
  echo "FAIL: spread over more than 1.25 times their size: the ordering was not applied"
  fail=1
fi
exit $fail
