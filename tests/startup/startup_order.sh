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
# 2. Those of them the file lists lie in the binary in the file's order: of
#    each two that follow each other in the file, the second lies after the
#    first for at least nine pairs in ten (in link order, about half).
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
grep '11chainscript' "$tmp/now" | LC_ALL=C sort -u >"$tmp/own" # the file is in link order, not sorted
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

# Of those of them the file lists, in the file's order: their addresses.
LC_ALL=C comm -12 "$tmp/own" "$tmp/listed" >"$tmp/own-listed"
nm "$cs" >"$tmp/symbols"
in_order=$(python3 - "$repo/cmake/startup-order.txt" "$tmp/own-listed" "$tmp/symbols" <<'PY'
import sys
order, own, symbols = sys.argv[1:]
own = set(open(own).read().split())
address = {}
for line in open(symbols):
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        address.setdefault(parts[2], int(parts[0], 16))
placed = [address[n] for n in (l.strip() for l in open(order)) if n in own and n in address]
pairs = list(zip(placed, placed[1:]))
print(sum(a < b for a, b in pairs), len(pairs))
PY
) || exit 1
set -- $in_order
echo "of $2 pairs of them next to each other in the file, $1 lie in that order in the binary"
if [ $(($1 * 10)) -lt $(($2 * 9)) ]; then
  echo "FAIL: fewer than nine in ten: the ordering was not applied"
  fail=1
fi
exit $fail
