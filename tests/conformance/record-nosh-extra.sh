#!/bin/bash
# record-nosh-extra.sh NOSH_OUTDIR NAME...: writes nosh-extra/NAME.stdout and
# NAME.status from nosh 1.40 itself (tests/differential/build-nosh.sh's
# OUTDIR), run as run-nosh-extra.sh runs chainscript but with nosh's tools
# first in PATH; three runs must agree.
# The cases write at fixed names in /tmp: recorded, as they are tested, with
# a /tmp of their own (private-tmp.sh).
[ -n "${CHAINSCRIPT_PRIVATE_TMP:-}" ] || CHAINSCRIPT_PRIVATE_TMP=1 exec sh "$(dirname "$0")/private-tmp.sh" bash "$0" "$@"
set -u
nosh=$(cd "$1" && pwd); shift
dir=$(cd "$(dirname "$0")/nosh-extra" && pwd)
# Each run in an empty scratch directory, as run-nosh-extra.sh runs each case.
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
fresh() { rm -rf "$scratch/cwd" && mkdir "$scratch/cwd"; }
once() { fresh; (cd "$scratch/cwd" && env -i PATH="$nosh/bin:/usr/bin:/bin" "$nosh/nosh" "$dir/$1.script" </dev/null 2>/dev/null; echo "status $?"); }
status=0
for name; do
  a=$(once "$name") b=$(once "$name") c=$(once "$name")
  if [ "$a" != "$b" ] || [ "$a" != "$c" ]; then echo "$name: nosh gave different results; not recorded" >&2; status=1; continue; fi
  fresh
  (cd "$scratch/cwd" && env -i PATH="$nosh/bin:/usr/bin:/bin" "$nosh/nosh" "$dir/$name.script" </dev/null >"$dir/$name.stdout" 2>/dev/null
   echo $? > "$dir/$name.status")
  echo "$name: status $(cat "$dir/$name.status"), $(wc -c < "$dir/$name.stdout") bytes of stdout"
done
exit $status
