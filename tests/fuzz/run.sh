#!/bin/sh
# run.sh BUILD_DIR SECONDS: each fuzzer for SECONDS, from its corpus
# (tests/fuzz/corpus/NAME, the seeds and every input that once crashed). A
# finding fails the run and is left in BUILD_DIR/fuzz-findings/NAME.
set -u
build=$1 seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
status=0
for name in parse_native parse_execline parse_nosh validate; do
  work="$build/fuzz-work/$name" findings="$build/fuzz-findings/$name"
  mkdir -p "$work" "$findings"
  echo "== $name, $seconds s"
  "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$work" "$here/corpus/$name" > "$build/fuzz-$name.log" 2>&1 ||
    status=1
  tail -n 15 "$build/fuzz-$name.log"
  [ -z "$(ls -A "$findings")" ] || { echo "FINDINGS in $findings:"; ls "$findings"; status=1; }
done
exit $status
