#!/bin/sh
# private-tmp.sh keeps what a command writes in /tmp away from the host's,
# still reaches the host's paths it was given under /tmp, and passes on no
# descriptor of its own (it holds the host's /tmp at fd 9). Exit 77 (skip) where no namespace can be made.
here=$(cd "$(dirname "$0")" && pwd)
probe='mount -t tmpfs probe /tmp'
unshare -m --propagation private sh -c "$probe" 2>/dev/null || unshare -rm --propagation private sh -c "$probe" 2>/dev/null ||
  { echo "no mount namespace here: private-tmp.sh would run the cases as they are"; exit 77; }
dir=$(mktemp -d /tmp/chainscript-private-tmp.XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
echo given >"$dir/given"
name=chainscript-private-tmp-probe.$$
fail=0
out=$(cd "$dir" && sh "$here/private-tmp.sh" sh -c '
  echo scratch >"/tmp/$1" && cat "/tmp/$1" && cat "$2/given" && cat given && ! ls /proc/self/fd | grep -qx 9 && echo "no fd 9"' \
  probe "$name" "$dir" </dev/null 2>&1)
[ "$out" = "scratch
given
given
no fd 9" ] || { echo "FAIL inside: $out"; fail=1; }
[ ! -e "/tmp/$name" ] || { echo "FAIL: /tmp/$name reached the host's /tmp"; rm -f "/tmp/$name"; fail=1; }
[ "$(ls "$dir")" = given ] || { echo "FAIL: the given directory changed: $(ls "$dir")"; fail=1; }
[ $fail = 0 ] && echo "private-tmp.sh OK"
exit $fail
