#!/bin/bash
# quines.sh CHAINSCRIPT: execline's quines (Debian's execline-doc) give the
# same stdout and exit status under chainscript as under the real execlineb,
# run the way the conformance corpus runs a case (execline's programs on PATH
# for the oracle only).
set -u
cs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
doc=/usr/share/doc/execline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
quines=("$doc"/quine-*.txt "$doc"/quine-*.txt.gz)
[ ${#quines[@]} -gt 0 ] || { echo "no quines in $doc (install execline-doc)"; exit 1; }
fail=0 n=0
for q in "${quines[@]}"; do
  name=$(basename "$q" .gz)
  case $q in *.gz) zcat "$q" >"$tmp/$name" ;; *) cp "$q" "$tmp/$name" ;; esac
  # the #! line's flags, passed as the kernel would
  flags=$(head -n 1 "$tmp/$name" | sed -nE 's/^#![[:blank:]]*[^[:blank:]]+[[:blank:]]+(.*[^[:blank:]])[[:blank:]]*$/\1/p')
  (cd "$tmp" && env -i PATH=/usr/lib/execline/bin:/usr/bin:/bin /usr/lib/execline/bin/execlineb $flags "$name" \
     >"$name.oracle" 2>/dev/null </dev/null); want=$?
  (cd "$tmp" && env -i PATH=/usr/bin:/bin "$cs" --dialect=execline $flags "$name" >"$name.out" 2>"$name.err" </dev/null); got=$?
  n=$((n + 1))
  if [ $want != $got ] || ! cmp -s "$tmp/$name.oracle" "$tmp/$name.out"; then
    echo "FAIL $name: status $got, want $want"; diff "$tmp/$name.oracle" "$tmp/$name.out" | head -5; head -3 "$tmp/$name.err"
    fail=$((fail + 1))
  else
    echo "PASS $name"
  fi
done
echo "$((n - fail)) passed, $fail failed"
[ $fail = 0 ]
