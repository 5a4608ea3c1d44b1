#!/bin/sh
# Every start-up and throughput benchmark of issue 11, one after the other:
#   startup.sh           the realistic run file against the floor and the peers
#   parser_bench         parser and validation throughput (Google Benchmark)
#   parser_throughput.sh long scripts: 10k to 1M steps, time and memory
# With --quick each runs briefly, to prove it still runs (CI does this; no
# time decides anything). accept.sh (the accepting builtins) is separate.
#
# usage: bench/run.sh [--quick] [CHAINSCRIPT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
export QUICK=$quick

echo "== startup.sh"
sh "$here/startup.sh" "$@"
echo
echo "== parser_bench"
pb=$(dirname "$here")/build/bench/parser_bench
if [ -x "$pb" ]; then
  if [ $quick = 1 ]; then
    "$pb" --benchmark_filter='/1024$' --benchmark_min_time=0.01
  else
    "$pb" --benchmark_min_time=1
  fi
else
  echo "skipped: no $pb (Google Benchmark, Debian package libbenchmark-dev, when building)"
fi
echo
echo "== parser_throughput.sh"
sh "$here/parser_throughput.sh" "$@"
