#!/bin/sh
# Whole-process start-up cost of a ten-step run file, three ways:
#   chainscript  FILE   - the builtins run in-process: 2 execve (chainscript, /bin/true)
#   execlineb -P FILE   - one program per step: 11 execve (execlineb + 9 + /bin/true)
#   /bin/sh FILE        - the same steps as shell builtins: 2 execve (sh, /bin/true)
# plus chainscript with its builtin `true` as the last step (1 execve).
#
# The ten steps: export, export, unexport, cd /, umask 022, fdmove -c 2 1,
# define, importas, redirfd -r 0 /dev/null, then the program /bin/true.
#
# Mean wall-clock time per run with hyperfine if it is installed (Debian
# package hyperfine), else with a fixed-count loop timed by `date +%s%N`; peak
# RSS (the largest of the whole exec chain, as getrusage reports it) with GNU
# time (Debian package time) if it is installed.
#
# usage: bench/startup.sh [CHAINSCRIPT]
# environment: CHAINSCRIPT (the binary; default build/chainscript, else
#   build-doc/chainscript), EXECLINE_BIN (default /usr/lib/execline/bin),
#   RUNS (default 500), WARMUP (default 50), RSS_RUNS (default 5), ORDER (the
#   order hyperfine runs them in; the first one tends to catch the noise of a
#   machine that is warming up, so sh goes first by default).
set -eu

. "$(dirname "$0")/binaries.sh"
[ -n "$execlineb" ] || { echo "execlineb not found (Debian package execline)" >&2; exit 2; }

RUNS=${RUNS:-500}
WARMUP=${WARMUP:-50}
RSS_RUNS=${RSS_RUNS:-5}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chainscript-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The run file for chainscript and execlineb (the same text), ending in $1.
native_run() {
  cat <<EOF
#!/usr/bin/env chainscript
export A 1
export B 2
unexport B
cd /
umask 022
fdmove -c 2 1
define X value
importas -D none Y HOME
redirfd -r 0 /dev/null
$1
EOF
}
# The same ten steps for /bin/sh.
sh_run() {
  cat <<EOF
export A=1
export B=2
unset B
cd /
umask 022
exec 2>&1
X=value
Y=\${HOME-none}
exec </dev/null
exec $1
EOF
}

# shellcheck disable=SC2016 # $X and $Y are for the run files, not for us
native_run '/bin/true $X $Y' >"$tmp/run"
# shellcheck disable=SC2016
native_run 'true $X $Y' >"$tmp/run-builtin-true"
# shellcheck disable=SC2016
sh_run '/bin/true "$X" "$Y"' >"$tmp/run.sh"

# First make sure the three do the same thing: swap the program for one that
# prints the state it was given.
cat >"$tmp/probe" <<'EOF'
echo "A=$A B=${B-unset} cwd=$(pwd) umask=$(umask) stdin=$(readlink /proc/self/fd/0) stderr-is-stdout=$([ "$(readlink /proc/$$/fd/2)" = "$(readlink /proc/$$/fd/1)" ] && echo yes || echo no) args=$*"
EOF
native_run "/bin/sh $tmp/probe \$X \$Y" >"$tmp/check"
sh_run "/bin/sh $tmp/probe \"\$X\" \"\$Y\"" >"$tmp/check.sh"
want=$(/bin/sh "$tmp/check.sh")
for got in "$("$cs" "$tmp/check")" "$("$execlineb" -P "$tmp/check")"; do
  if [ "$got" != "$want" ]; then
    echo "the run files do not do the same thing:" >&2
    echo "  sh:    $want" >&2
    echo "  other: $got" >&2
    exit 1
  fi
done
echo "state reached by all three: $want"
echo

names=${ORDER:-"sh chainscript execlineb chainscript-builtin-true"}
cmd_chainscript="$cs $tmp/run"
cmd_execlineb="$execlineb -P $tmp/run"
cmd_sh="/bin/sh $tmp/run.sh"
cmd_chainscript_builtin_true="$cs $tmp/run-builtin-true"
command_of() {
  case $1 in
    chainscript) echo "$cmd_chainscript" ;;
    execlineb) echo "$cmd_execlineb" ;;
    sh) echo "$cmd_sh" ;;
    chainscript-builtin-true) echo "$cmd_chainscript_builtin_true" ;;
  esac
}
# The commands are split on blanks on purpose (the paths have none).
# shellcheck disable=SC2086
for n in $names; do
  c=$(command_of "$n")
  $c >/dev/null 2>&1 || { echo "$n: the run file fails: $c" >&2; exit 1; }
done

# ---- time: mean in microseconds, into $tmp/mean.NAME ------------------------
if command -v hyperfine >/dev/null 2>&1; then
  method="hyperfine -N, $WARMUP warm-up runs + $RUNS runs each"
  set --
  for n in $names; do set -- "$@" -n "$n" "$(command_of "$n")"; done
  hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-csv "$tmp/h.csv" "$@"
  echo
  # command,mean,stddev,median,user,system,min,max (seconds) -> microseconds
  awk -F, -v dir="$tmp" 'NR > 1 {
    printf "%.1f\n", $2 * 1e6 >(dir "/mean." $1)
    printf "%.1f\n", $3 * 1e6 >(dir "/stddev." $1)
    printf "%.1f\n", $4 * 1e6 >(dir "/median." $1)
    printf "%.1f\n", ($5 + $6) * 1e6 >(dir "/cpu." $1)
    printf "%.1f\n", $7 * 1e6 >(dir "/min." $1)
  }' "$tmp/h.csv"
else
  method="loop of $RUNS runs each, timed with date +%s%N (hyperfine not installed)"
  for n in $names; do
    c=$(command_of "$n")
    i=0
    while [ $i -lt "$WARMUP" ]; do $c >/dev/null 2>&1; i=$((i + 1)); done
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$RUNS" ]; do $c >/dev/null 2>&1; i=$((i + 1)); done
    end=$(date +%s%N)
    awk -v a="$start" -v b="$end" -v n="$RUNS" 'BEGIN { printf "%.1f\n", (b - a) / n / 1000 }' >"$tmp/mean.$n"
    for v in stddev median min cpu; do echo "-" >"$tmp/$v.$n"; done
  done
fi

# ---- peak RSS in kB: the median of RSS_RUNS runs under GNU time --------------
rss_method="GNU time -f %M, median of $RSS_RUNS runs"
if ! /usr/bin/time -f %M /bin/true >/dev/null 2>&1; then
  rss_method="not measured (GNU time, Debian package time, not installed)"
fi
for n in $names; do
  if [ "${rss_method#not}" = "$rss_method" ]; then
    c=$(command_of "$n")
    i=0
    : >"$tmp/rss-runs"
    while [ $i -lt "$RSS_RUNS" ]; do
      # shellcheck disable=SC2086
      /usr/bin/time -f %M -o "$tmp/rss-one" $c >/dev/null 2>&1
      tail -n 1 "$tmp/rss-one" >>"$tmp/rss-runs"
      i=$((i + 1))
    done
    sort -n "$tmp/rss-runs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' >"$tmp/rss.$n"
  else
    echo "n/a" >"$tmp/rss.$n"
  fi
done

# ---- report ------------------------------------------------------------------
execs() {
  case $1 in
    chainscript) echo 2 ;; execlineb) echo 11 ;; sh) echo 2 ;; chainscript-builtin-true) echo 1 ;;
  esac
}
echo "time: $method"
echo "peak RSS: $rss_method"
echo "machine: $(nproc) CPUs, $(uname -sr), load average$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/ /')"
echo
printf '%-25s %6s %10s %9s %11s %9s %9s %13s\n' "run file under" "execve" "mean (us)" "sd (us)" "median (us)" "min (us)" "cpu (us)" "peak RSS (kB)"
for n in $names; do
  printf '%-25s %6s %10s %9s %11s %9s %9s %13s\n' "$n" "$(execs "$n")" "$(cat "$tmp/mean.$n")" \
    "$(cat "$tmp/stddev.$n")" "$(cat "$tmp/median.$n")" "$(cat "$tmp/min.$n")" "$(cat "$tmp/cpu.$n")" "$(cat "$tmp/rss.$n")"
done
echo "(cpu: mean user + system time, as hyperfine measures it)"
echo
for v in mean median cpu; do
  awk -v v="$v" -v c="$(cat "$tmp/$v.chainscript")" -v e="$(cat "$tmp/$v.execlineb")" -v s="$(cat "$tmp/$v.sh")" 'BEGIN {
    if (c == "-" || e == "-" || s == "-") exit
    printf "%-6s ratio chainscript/execlineb = %.3f   chainscript/sh = %.3f\n", v, c / e, c / s
  }'
done
