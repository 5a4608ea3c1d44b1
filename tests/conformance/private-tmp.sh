#!/bin/sh
# private-tmp.sh COMMAND [ARG...]: runs COMMAND with a /tmp of its own.
#
# The conformance cases keep their scratch files at fixed names in /tmp
# (/tmp/redirfd-modes.txt...), as the oracle ran them: their text and
# expected output say so. Run as they are, every suite run would create and
# remove files in the host's /tmp. Here they run in a private mount
# namespace whose /tmp is an empty tmpfs, gone with the namespace. What
# COMMAND needs from the host's /tmp (a build, a clone or TMPDIR there: the
# arguments, the working directory and TMPDIR that lie under /tmp) is bound
# back in, through a descriptor of the host's /tmp opened before it is hidden.
#
# Root makes a mount namespace; any other user a user namespace too
# (unshare -r), in which the cases run as root, as CI runs them. Where no
# namespace can be made, COMMAND runs as it is, with a line saying so.
#
# private-tmp.sh --probe: exits 0 where such a namespace can be made, 1 where
# not (its test skips there).
[ $# -ge 1 ] || { echo "usage: private-tmp.sh COMMAND [ARG...] | --probe" >&2; exit 100; }

if [ "$(id -u)" = 0 ]; then ns=-m; else ns=-rm; fi
# The probe mounts too: a container may allow the namespace and not the mount.
can_make() { unshare $ns --propagation private sh -c 'mount -t tmpfs probe /tmp' 2>/dev/null; }
if [ "$1" = --probe ]; then can_make; exit; fi

# Every /tmp/NAME the walk of a given path passes through (the arguments,
# the working directory, TMPDIR), once each, if it exists: in the namespace
# /tmp/clone/../shared walks out of the bound clone into the new /tmp, so
# both clone and shared must be bound. Arguments that are no paths give
# names that do not exist, and are left out.
tops() {
  awk -v p="$1" 'BEGIN {
    n = split(p, c, "/"); d = 0
    for (i = 1; i <= n; i++) {
      if (c[i] == "" || c[i] == ".") continue
      if (c[i] == "..") { if (d > 0) d--; continue }
      s[++d] = c[i]
      if (d == 2 && s[1] == "tmp") print c[i]
    }
  }'
}
keep=
for p in "$@" "$PWD" "${TMPDIR:-}"; do
  case $p in "") continue ;; /*) ;; *) p=$PWD/$p ;; esac
  for top in $(tops "$p"); do
    [ -e "/tmp/$top" ] || continue
    case " $keep " in *" $top "*) ;; *) keep="$keep $top" ;; esac
  done
done

inside='
keep=$1; shift
exec 9</tmp || exit 111
mount -t tmpfs -o mode=1777,size=256m chainscript-private-tmp /tmp || exit 111
for top in $keep; do
  # A directory (or a link to one) on a directory, anything else on a file.
  # -c: the source as written; canonicalised, it would name the new /tmp.
  if [ -d "/proc/self/fd/9/$top" ]; then mkdir "/tmp/$top"; else : >"/tmp/$top"; fi &&
    mount -c --bind "/proc/self/fd/9/$top" "/tmp/$top" || exit 111
done
exec 9<&-
cd "$PWD" || exit 111
exec "$@"'

if can_make; then
  exec unshare $ns --propagation private sh -c "$inside" private-tmp "$keep" "$@"
fi
echo "private-tmp.sh: no mount namespace with a /tmp of its own here (unshare $ns): the cases use the host's /tmp" >&2
exec "$@"
