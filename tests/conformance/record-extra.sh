#!/bin/bash
# record-extra.sh NAME...: writes execline-extra/NAME.stdout and NAME.status
# from the real execlineb (the oracle), run as the corpus's run-case runs it
# (NAME.script, NAME.args, NAME.stdin), in a scratch copy of the case, three
# times; the runs must agree.
set -u
# The cases write at fixed names in /tmp: recorded, as they are tested, with
# a /tmp of their own (private-tmp.sh).
[ -n "${CHAINSCRIPT_PRIVATE_TMP:-}" ] || CHAINSCRIPT_PRIVATE_TMP=1 exec sh "$(dirname "$0")/private-tmp.sh" bash "$0" "$@"
dir=$(cd "$(dirname "$0")/execline-extra" && pwd)
once() {  # once NAME: "status" then the stdout, in a scratch directory
  local name=$1 work first shebang=() args=()
  work=$(mktemp -d) || exit 1
  cp "$dir/$name".* "$work/"
  IFS= read -r first < "$work/$name.script" || true
  if [[ $first =~ ^'#!'[[:blank:]]*[^[:blank:]]+[[:blank:]]+(.*[^[:blank:]])[[:blank:]]*$ ]]; then
    shebang=("${BASH_REMATCH[1]}")
  fi
  [ -f "$work/$name.args" ] && mapfile -t args < "$work/$name.args"
  local stdin=/dev/null
  [ -f "$work/$name.stdin" ] && stdin=$work/$name.stdin
  (cd "$work" && env -i PATH=/usr/lib/execline/bin:/usr/bin:/bin HOME=/nonexistent LC_ALL=C \
    timeout 20 /usr/lib/execline/bin/execlineb "${shebang[@]}" "$name.script" "${args[@]}" < "$stdin" > "$work/out" 2>/dev/null
   echo $? > "$work/status")
  cat "$work/status" "$work/out"
  rm -rf "$work"
}
status=0
for name; do
  a=$(once "$name"; echo .) b=$(once "$name"; echo .) c=$(once "$name"; echo .)
  if [ "$a" != "$b" ] || [ "$a" != "$c" ]; then
    echo "$name: execlineb gave different results on three runs; not recorded" >&2
    status=1
    continue
  fi
  once "$name" | { IFS= read -r s; echo "$s" > "$dir/$name.status"; cat > "$dir/$name.stdout"; }
  echo "$name: status $(cat "$dir/$name.status"), $(wc -c < "$dir/$name.stdout") bytes of stdout"
done
exit $status
