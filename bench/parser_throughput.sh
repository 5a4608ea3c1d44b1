#!/bin/sh
# Parser and interpreter throughput on long scripts.
#
# Generates scripts of 10k, 100k, 400k and 1M lines (a cycle of nine builtins:
# export, export, unexport, cd /, umask 022, fdmove -c 2 1, define, importas,
# redirfd -r 0 /dev/null; then /bin/true $X $Y) and times, for each:
#   chainscript --check FILE   parse and check everything, run nothing
#   chainscript FILE           run every step, then exec /bin/true
#   execlineb -P PFILE         parse: the same lines behind a first line
#                              /bin/true, so execlineb parses the whole file and
#                              execs /bin/true with all of it as arguments
#   execlineb -P FILE          run: one exec per step (very slow: every step
#                              re-executes the rest of the script; skipped above
#                              EXECLINE_RUN_MAX lines)
# execlineb hands the whole script to the kernel as one argv, so it fails with
# E2BIG beyond a few tens of thousands of lines; the script looks for the
# largest line count it can take.
#
# Times are the best of REPEAT runs (one run for execlineb's real run), from
# `date +%s%N`; peak RSS from GNU time when installed, and per byte of script
# (the target: at most 20 bytes of memory per byte for --check).
#
# Then nested blocks, NEST_SIZES deep: --check and --port, time per block.
#
# With SUBST_HEAVY=1 it also times a substitution-heavy script (each line pair
# `define Xi v` / `export A $Xi`) at 5k, 10k and 20k lines, where every word
# that needs substituting goes through every substitution in force (execlineb
# only up to SUBST_EXECLINE_MAX lines: about 20 s for 5k here).
#
# usage: bench/parser_throughput.sh [CHAINSCRIPT]
# environment: CHAINSCRIPT, EXECLINE_BIN (default /usr/lib/execline/bin),
#   SIZES (default "10000 100000 400000 1000000"), REPEAT (default 3), QUICK=1 (10k, once),
#   LIMIT_SEARCH (default 1: look for execlineb's largest script),
#   EXECLINE_RUN_MAX (default 10000), SUBST_HEAVY (default 0), SUBST_SIZES
#   (default "5000 10000 20000"), SUBST_EXECLINE_MAX (default 5000),
#   NEST_SIZES (default "1000 5000 10000": nested blocks, the limit is 10000).
set -eu

. "$(dirname "$0")/binaries.sh"

SIZES=${SIZES:-10000 100000 400000 1000000}
NEST_SIZES=${NEST_SIZES:-1000 5000 10000}
LIMIT_SEARCH=${LIMIT_SEARCH:-1}
# Quick (CI): one small size, once; not execlineb's minutes-long real run or its limit search.
if [ "${QUICK:-0}" = 1 ]; then SIZES=10000; NEST_SIZES=1000; REPEAT=1; EXECLINE_RUN_MAX=0; LIMIT_SEARCH=0; fi
REPEAT=${REPEAT:-3}
EXECLINE_RUN_MAX=${EXECLINE_RUN_MAX:-10000}
SUBST_HEAVY=${SUBST_HEAVY:-0}
SUBST_SIZES=${SUBST_SIZES:-5000 10000 20000}
SUBST_EXECLINE_MAX=${SUBST_EXECLINE_MAX:-5000}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chainscript-throughput.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

have_time=false
if /usr/bin/time -f %M /bin/true >/dev/null 2>&1; then have_time=true; fi

# gen N: N lines of builtins, then the program (N+1 lines in all).
gen() {
  awk -v n="$1" 'BEGIN {
    split("export A 1|export B 2|unexport B|cd /|umask 022|fdmove -c 2 1|define X value|importas -D none Y HOME|redirfd -r 0 /dev/null", step, "|")
    for (i = 0; i < n; i++) print step[i % 9 + 1]
    print "/bin/true $X $Y"
  }'
}
# gen_subst N: N lines alternating `define Xi v` and `export A $Xi`.
gen_subst() {
  awk -v n="$1" 'BEGIN {
    for (i = 0; i < n / 2; i++) { print "define X" i " v"; print "export A $X" i }
    print "/bin/true"
  }'
}

# now_ns; elapsed_ms START
now_ns() { date +%s%N; }
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

# best_ms REPEAT CMD...: the best wall time in ms, or FAIL:status (unless
# the status is OK_STATUS)
best_ms() {
  r=$1; shift
  best=
  i=0
  while [ $i -lt "$r" ]; do
    t0=$(now_ns)
    if "$@" >/dev/null 2>"$tmp/err"; then
      t=$(ms_since "$t0")
    else
      status=$?
      t=$(ms_since "$t0")
      # OK_STATUS: an exit status that is the expected answer (--check of a
      # script too deep to run)
      if [ "$status" != "${OK_STATUS:-0}" ]; then
        echo "FAIL:$status"
        return
      fi
    fi
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    i=$((i + 1))
  done
  echo "$best"
}

rss_kb() {
  if $have_time; then
    /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$tmp/rss"
  else
    echo "n/a"
  fi
}

rate() {  # rate LINES MS
  case $2 in
    FAIL*|skipped|n/a) echo "-" ;;
    *) awk -v n="$1" -v ms="$2" 'BEGIN { if (ms <= 0) print "-"; else printf "%.0f", n / (ms / 1000) }' ;;
  esac
}

echo "chainscript: $cs"
echo "execlineb:   ${execlineb:-not found}"
echo "machine: $(nproc) CPUs, $(uname -sr), load average$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/ /')"
echo "times: best of $REPEAT (execlineb real run: one run); rates in lines per second"
echo

printf '%-8s %-26s %12s %14s %12s %14s\n' lines measurement "time (ms)" "lines/s" "peak RSS kB" "RSS per byte"
row() { printf '%-8s %-26s %12s %14s %12s %14s\n' "$@"; }
per_byte() {  # per_byte RSS_KB BYTES: bytes of memory per byte of script
  case $1 in
    n/a|-) echo "-" ;;
    *) awk -v k="$1" -v b="$2" 'BEGIN { printf "%.1f", k * 1024 / b }' ;;
  esac
}

for n in $SIZES; do
  f=$tmp/s$n
  gen "$n" >"$f"
  lines=$((n + 1))
  bytes=$(wc -c <"$f")

  t=$(best_ms "$REPEAT" "$cs" --check "$f")
  k=$(rss_kb "$cs" --check "$f")
  row "$lines" "chainscript --check" "$t" "$(rate $lines "$t")" "$k" "$(per_byte "$k" "$bytes")"
  t=$(best_ms "$REPEAT" "$cs" "$f")
  k=$(rss_kb "$cs" "$f")
  row "$lines" "chainscript run" "$t" "$(rate $lines "$t")" "$k" "$(per_byte "$k" "$bytes")"

  if [ -n "$execlineb" ]; then
    { echo /bin/true; cat "$f"; } >"$tmp/p$n"
    t=$(best_ms "$REPEAT" "$execlineb" -P "$tmp/p$n")
    case $t in
      FAIL*)
        row "$lines" "execlineb parse" "fails" "-" "-"
        echo "         execlineb: $(head -c 200 "$tmp/err") (exit ${t#FAIL:}; script is $bytes bytes)"
        row "$lines" "execlineb run" "cannot" "-" "-"
        ;;
      *)
        row "$lines" "execlineb parse + 1 exec" "$t" "$(rate $lines "$t")" "$(rss_kb "$execlineb" -P "$tmp/p$n")"
        if [ "$n" -le "$EXECLINE_RUN_MAX" ]; then
          t=$(best_ms 1 "$execlineb" -P "$f")
          row "$lines" "execlineb run" "$t" "$(rate $lines "$t")" "-"
        else
          row "$lines" "execlineb run" "skipped" "-" "-"
        fi
        ;;
    esac
  fi
done

# The largest script execlineb can take: bisect on the line count (to 250 lines).
if [ -n "$execlineb" ] && [ "$LIMIT_SEARCH" = 1 ]; then
  ok=0 bad=
  for n in 1000 10000 20000 50000 100000 200000 400000; do
    { echo /bin/true; gen "$n"; } >"$tmp/probe"
    if "$execlineb" -P "$tmp/probe" >/dev/null 2>&1; then ok=$n; else bad=$n; break; fi
  done
  if [ -n "$bad" ]; then
    while [ $((bad - ok)) -gt 250 ]; do
      mid=$(((ok + bad) / 2))
      { echo /bin/true; gen "$mid"; } >"$tmp/probe"
      if "$execlineb" -P "$tmp/probe" >/dev/null 2>&1; then ok=$mid; else bad=$mid; fi
    done
    { echo /bin/true; gen "$ok"; } >"$tmp/probe"
    echo
    echo "execlineb limit: works with $ok lines ($(wc -c <"$tmp/probe") bytes of script), fails with $bad lines:"
    { echo /bin/true; gen "$bad"; } >"$tmp/probe"
    echo "  $("$execlineb" -P "$tmp/probe" 2>&1 >/dev/null | head -n 1)"
    # shellcheck disable=SC3045
    echo "  (ARG_MAX $(getconf ARG_MAX) bytes for argv + envp, stack limit $(ulimit -s 2>/dev/null || echo '?') kB)"
  else
    echo
    echo "execlineb took every size up to 400000 lines"
  fi
fi

# Nested blocks: N foregrounds, each inside the last. --check parses and
# checks every level (and answers 100 beyond 500: too deep to run, each level
# a process); --port walks and prints them; both without recursion.
echo
echo "nested blocks (foreground { ... } inside one another), time per block in microseconds:"
printf '%-8s %-26s %12s %14s %12s\n' blocks measurement "time (ms)" "us per block" "peak RSS kB"
for n in $NEST_SIZES; do
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "foreground { "; printf "true"; for (i = 0; i < n; i++) printf " }"; print " echo deep" }' >"$tmp/n$n"
  for m in --check --port; do
    t=$(OK_STATUS=100 best_ms "$REPEAT" "$cs" $m "$tmp/n$n")
    per=$(case $t in FAIL*) echo - ;; *) awk -v t="$t" -v n="$n" 'BEGIN { printf "%.2f", t * 1000 / n }' ;; esac)
    printf '%-8s %-26s %12s %14s %12s\n' "$n" "chainscript $m" "$t" "$per" "$(rss_kb "$cs" $m "$tmp/n$n")"
  done
done

if [ "$SUBST_HEAVY" = 1 ]; then
  echo
  echo "substitution-heavy scripts (define Xi v / export A \$Xi):"
  printf '%-8s %-26s %12s %14s\n' lines measurement "time (ms)" "lines/s"
  for n in $SUBST_SIZES; do
    gen_subst "$n" >"$tmp/d$n"
    t=$(best_ms 1 "$cs" "$tmp/d$n")
    printf '%-8s %-26s %12s %14s\n' "$((n + 1))" "chainscript run" "$t" "$(rate $((n + 1)) "$t")"
    if [ -n "$execlineb" ] && [ "$n" -le "$SUBST_EXECLINE_MAX" ]; then
      t=$(best_ms 1 "$execlineb" -P "$tmp/d$n")
      printf '%-8s %-26s %12s %14s\n' "$((n + 1))" "execlineb run" "$t" "$(rate $((n + 1)) "$t")"
    fi
  done
fi
