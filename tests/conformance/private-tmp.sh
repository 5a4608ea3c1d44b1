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
[ $# -ge 1 ] || { echo "usage: private-tmp.sh COMMAND [ARG...]" >&2; exit 100; }

# The first component under /tmp of each path that lies there, once each.
keep=
for p in "$@" "$PWD" "${TMPDIR:-}"; do
  case $p in
    /tmp/?*) top=${p#/tmp/}; top=${top%%/*}
             case " $keep " in *" $top "*) ;; *) keep="$keep $top" ;; esac ;;
  esac
done

inside='
keep=$1; shift
exec 9</tmp || exit 111
mount -t tmpfs -o mode=1777,size=256m chainscript-private-tmp /tmp || exit 111
for top in $keep; do
  # -c: the source as written; canonicalised, it would name the new /tmp.
  mkdir "/tmp/$top" && mount -c --bind "/proc/self/fd/9/$top" "/tmp/$top" || exit 111
done
exec 9<&-
cd "$PWD" || exit 111
exec "$@"'

if [ "$(id -u)" = 0 ]; then ns=-m; else ns=-rm; fi
# The probe mounts too: a container may allow the namespace and not the mount.
if unshare $ns --propagation private sh -c 'mount -t tmpfs probe /tmp' 2>/dev/null; then
  exec unshare $ns --propagation private sh -c "$inside" private-tmp "$keep" "$@"
fi
echo "private-tmp.sh: no mount namespace here (unshare $ns failed): the cases use the host's /tmp" >&2
exec "$@"
