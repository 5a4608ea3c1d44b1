#!/bin/bash
# run-extra.sh CHAINSCRIPT RUN_CASE: every case of execline-extra/, judged by
# the public corpus's run-case. Last line: "N passed, M failed".
set -u
cs=$1 run_case=$2
dir=$(cd "$(dirname "$0")/execline-extra" && pwd)
pass=0 fail=0
for s in "$dir"/*.script; do
  n=$(basename "$s" .script)
  if out=$(RUN_CASE_TIMEOUT=20 "$run_case" "$cs" "$dir" "$n" 2>&1); then pass=$((pass + 1)); else fail=$((fail + 1)); echo "$out"; fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
