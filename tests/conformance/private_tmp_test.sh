#!/bin/sh
# private-tmp.sh keeps what a command writes in /tmp away from the host's,
# still reaches the host's paths under /tmp it was given (its working
# directory, a path that walks out of one directory into another with ..,
# a link), and passes on no descriptor of its own (it holds the host's /tmp
# at fd 9). Exit 77 (skip) where no namespace can be made.
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/private-tmp.sh" --probe ||
  { echo "no mount namespace here: private-tmp.sh would run the cases as they are"; exit 77; }
dir=$(mktemp -d /tmp/chainscript-private-tmp.XXXXXX) || exit 1
other=$(mktemp -d /tmp/chainscript-private-tmp.XXXXXX) || exit 1
trap 'rm -rf "$dir" "$other" "$dir.link"' EXIT
echo given >"$dir/given"
echo other >"$other/other"
ln -s "$other" "$dir.link"
name=chainscript-private-tmp-probe.$$
fail=0
out=$(cd "$dir" && sh "$here/private-tmp.sh" sh -c '
  echo scratch >"/tmp/$1" && cat "/tmp/$1" && cat given && cat "$2" && cat "$3" &&
  ! ls /proc/self/fd | grep -qx 9 && echo "no fd 9"' \
  probe "$name" "$dir/../$(basename "$other")/other" "$dir.link/other" </dev/null 2>&1)
[ "$out" = "scratch
given
other
other
no fd 9" ] || { echo "FAIL inside: $out"; fail=1; }
[ ! -e "/tmp/$name" ] || { echo "FAIL: /tmp/$name reached the host's /tmp"; rm -f "/tmp/$name"; fail=1; }
[ "$(ls "$dir")" = given ] || { echo "FAIL: the given directory changed: $(ls "$dir")"; fail=1; }
[ $fail = 0 ] && echo "private-tmp.sh OK"
exit $fail
