#!/bin/sh
# Start-up of a realistic run file, against the floor and every peer, in one
# run (issue 11). Rows:
#   chainscript  the run file below under chainscript (builtins in-process)
#   s6-chain     the same steps as a chain of programs: execline's fdmove,
#                export, cd, umask; s6-networking's s6-tcpserver-socketbinder;
#                s6's s6-ipcserver-socketbinder and s6-setuidgid
#   nosh         nosh 1.40's nosh with the same file (setenv and chdir)
#   execlineb    execlineb -P with the s6-chain as an execline script
#   true         /bin/true
#   floor        bench/floor.c: a minimal C program that only execs /bin/true
# Each ends in /bin/true. Before timing, /bin/true is swapped for a probe and
# every row must leave the same state (variable, directory, umask, ids, a
# listening socket: at fd 3, or at fd 0 where s6's binders put it).
#
# Timing: bench/paired.c runs the rows in rounds, shuffled each round, and
# quotes, for chainscript against each row, the median of the per-round
# ratios, so that the drift of a shared machine cancels; hyperfine -N (Debian)
# gives the usual table and JSON beside it. Then: system calls from
# chainscript's execve to the program's (strace -f), against the floor's and
# the peers', and peak RSS (getrusage of the whole exec chain).
#
# usage: bench/startup.sh [CHAINSCRIPT]
# environment: RUNS (300), WARMUP (30), BLOCKS (10: the rounds in blocks, each
#   after every row's executables and libraries were dropped from the page
#   cache, see paired.c), QUICK=1 (20 runs, 2 warm-up, 2 blocks: proves the
#   script runs), OUT (a directory to keep the JSON in), NOSH (nosh 1.40's
#   nosh; default /tmp/nosh-out/nosh), S6NET_BIN (s6-networking's binaries;
#   default /tmp/s6net/bin), PORT (the first of four TCP ports, 18460).
# A peer that is not found is skipped, with a line saying so. Without root the
# setuidgid step is left out of every row (said too).
set -eu

. "$(dirname "$0")/binaries.sh"

RUNS=${RUNS:-300}
WARMUP=${WARMUP:-30}
BLOCKS=${BLOCKS:-10}
if [ "${QUICK:-0}" = 1 ]; then RUNS=20; WARMUP=2; BLOCKS=2; fi
NOSH=${NOSH:-/tmp/nosh-out/nosh}
S6NET_BIN=${S6NET_BIN:-/tmp/s6net/bin}
PORT=${PORT:-18460}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chainscript-startup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp" # the probe runs as nobody

cc -O2 -o "$tmp/paired" "$here/paired.c"
cc -O2 -o "$tmp/floor" "$here/floor.c"

user_step=yes
if [ "$(id -u)" != 0 ]; then
  user_step=
  echo "not root: the setuidgid step is left out of every row"
fi

# The run file, for chainscript's and nosh's dialects, ending in $3; $1 port, $2 path.
native_file() {
  printf '#!/usr/bin/env chainscript\nfdmove -c 2 1\nexport SERVICE web\ncd /\numask 022\n'
  printf 'tcp-socket-listen 127.0.0.1 %s\nlocal-stream-socket-listen %s\n' "$1" "$2"
  [ -z "$user_step" ] || printf 'setuidgid nobody\n'
  printf '%s\n' "$3"
}
nosh_file() {
  printf '#!%s\nfdmove -c 2 1\nsetenv SERVICE web\nchdir /\numask 022\n' "$NOSH"
  printf 'tcp-socket-listen 127.0.0.1 %s\nlocal-stream-socket-listen %s\n' "$1" "$2"
  [ -z "$user_step" ] || printf 'setuidgid nobody\n'
  printf '%s\n' "$3"
}
# The chain of programs as one line of words; $1 port, $2 path, $3 program.
s6_chain() {
  printf '%s ' "$EXECLINE_BIN/fdmove -c 2 1" "$EXECLINE_BIN/export SERVICE web" "$EXECLINE_BIN/cd /" \
    "$EXECLINE_BIN/umask 022" "$S6NET_BIN/s6-tcpserver-socketbinder 127.0.0.1 $1" \
    "$s6_ipc_binder $2"
  [ -z "$user_step" ] || printf '%s ' "$s6_setuidgid nobody"
  printf '%s\n' "$3"
}

s6_ipc_binder=$(command -v s6-ipcserver-socketbinder || true)
s6_setuidgid=$(command -v s6-setuidgid || true)
have_s6=yes
for p in "$EXECLINE_BIN/fdmove" "$S6NET_BIN/s6-tcpserver-socketbinder" "$s6_ipc_binder" "$s6_setuidgid"; do
  [ -n "$p" ] && [ -x "$p" ] || { have_s6=; echo "skipped: s6-chain and execlineb (missing: ${p:-s6's socketbinder or setuidgid}; bench/build-s6-networking.sh builds s6-networking)"; break; }
done
[ -n "$execlineb" ] || { have_s6=; echo "skipped: execlineb (Debian package execline)"; }
have_nosh=yes
[ -x "$NOSH" ] || { have_nosh=; echo "skipped: nosh (not at $NOSH; tests/differential/build-nosh.sh builds it)"; }

probe=$tmp/probe
cat >"$probe" <<'EOF2'
#!/bin/sh
echo "SERVICE=$SERVICE cwd=$(pwd) umask=$(umask) ids=$(id -u):$(id -g):$(id -G)" \
  "stderr-is-stdout=$([ "$(readlink /proc/$$/fd/2)" = "$(readlink /proc/$$/fd/1)" ] && echo yes || echo no)" \
  "listener=$(for fd in 3 0; do readlink /proc/$$/fd/$fd; done | grep -m1 -c '^socket:')"
EOF2
chmod 755 "$probe"

# Row NAME: its command (files made here), its probe command.
rows=chainscript
native_file "$PORT" "$tmp/cs.sock" /bin/true >"$tmp/web"
native_file "$PORT" "$tmp/cs.sock" "$probe" >"$tmp/web.probe"
cmd_chainscript="$cs $tmp/web"
probe_chainscript="$cs $tmp/web.probe"
if [ -n "$have_s6" ]; then
  rows="$rows s6-chain execlineb"
  cmd_s6_chain=$(s6_chain $((PORT + 1)) "$tmp/s6.sock" /bin/true)
  probe_s6_chain=$(s6_chain $((PORT + 1)) "$tmp/s6.sock" "$probe")
  { echo '#!/usr/lib/execline/bin/execlineb -P'; s6_chain $((PORT + 2)) "$tmp/el.sock" /bin/true | tr ' ' '\n'; } >"$tmp/web.el"
  { echo '#!/usr/lib/execline/bin/execlineb -P'; s6_chain $((PORT + 2)) "$tmp/el.sock" "$probe" | tr ' ' '\n'; } >"$tmp/web.el.probe"
  cmd_execlineb="$execlineb -P $tmp/web.el"
  probe_execlineb="$execlineb -P $tmp/web.el.probe"
fi
if [ -n "$have_nosh" ]; then
  rows="$rows nosh"
  nosh_file $((PORT + 3)) "$tmp/nosh.sock" /bin/true >"$tmp/web.nosh"
  nosh_file $((PORT + 3)) "$tmp/nosh.sock" "$probe" >"$tmp/web.nosh.probe"
  cmd_nosh="$NOSH $tmp/web.nosh"
  probe_nosh="$NOSH $tmp/web.nosh.probe"
fi
rows="$rows true floor"
cmd_true=/bin/true
cmd_floor=$tmp/floor
var() { echo "$1_$2" | tr - _; }
command_of() { eval "echo \"\$$(var cmd "$1")\""; }

# ---- the same state from every run file ------------------------------------
want=
for r in $rows; do
  case $r in true | floor) continue ;; esac
  p=$(eval "echo \"\$$(var probe "$r")\"")
  # shellcheck disable=SC2086 # commands are split at blanks on purpose
  got=$($p 2>&1) || { echo "$r: the probe run fails: $got" >&2; exit 1; }
  if [ -z "$want" ]; then
    want=$got
    echo "state reached: $want"
  elif [ "$got" != "$want" ]; then
    printf '%s leaves a different state:\n  %s\n  %s\n' "$r" "$got" "$want" >&2
    exit 1
  fi
done

# ---- the files every row runs, read afresh before each block of rounds -------
# Where a binary's pages sit in memory moves its start by several percent (one
# binary measured 4% slower after an hour in the page cache than read afresh,
# and 2% apart between two fresh reads): each block of rounds begins with every
# row's executables and their libraries dropped from the page cache, so that
# no row keeps a lucky or unlucky placement. glibc's libc and loader, which
# every process of the machine maps, are left alone.
for f in "$cs" "$tmp/floor" /bin/true "$tmp/web" ${have_nosh:+"$NOSH" "$tmp/web.nosh"} \
  ${have_s6:+"$execlineb" "$tmp/web.el" "$EXECLINE_BIN/fdmove" "$EXECLINE_BIN/export" "$EXECLINE_BIN/cd" \
    "$EXECLINE_BIN/umask" "$S6NET_BIN/s6-tcpserver-socketbinder" "$s6_ipc_binder" "$s6_setuidgid"}; do
  readlink -f "$f"
  ldd "$f" 2>/dev/null | awk '$3 ~ /^\// { print $3 }' | xargs -r readlink -f
done | grep -v -e '/libc\.so' -e '/ld-linux' | sort -u >"$tmp/files"

# ---- time -------------------------------------------------------------------
echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "paired: $RUNS rounds after $WARMUP warm-up rounds, in $BLOCKS blocks; before each, $(wc -l <"$tmp/files") files read afresh"
set --
while read -r f; do set -- "$@" -d "$f"; done <"$tmp/files"
for r in $rows; do set -- "$@" "$r=$(command_of "$r")"; done
"$tmp/paired" -r "$RUNS" -w "$WARMUP" -b "$BLOCKS" -j "$tmp/paired.json" "$@"
echo
if command -v hyperfine >/dev/null 2>&1; then
  set --
  for r in $rows; do set -- "$@" -n "$r" "$(command_of "$r")"; done
  hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$tmp/hyperfine.json" "$@" |
    grep -E '^Benchmark|Time \(' || true
  echo
else
  echo "skipped: hyperfine (Debian package hyperfine)"
fi

# ---- system calls: from the row's execve to /bin/true's ------------------------
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null /bin/true 2>/dev/null; then
  echo "system calls from the first execve up to /bin/true's (strace -f):"
  for r in $rows; do
    [ "$r" = true ] && continue
    # shellcheck disable=SC2086
    strace -f -qq -o "$tmp/strace.$r" $(command_of "$r") >/dev/null 2>&1
    n=$(awk '/execve\("\/bin\/true"/ { exit } { n++ } END { print n }' "$tmp/strace.$r")
    e=$(awk '/execve\("\/bin\/true"/ { exit } /execve\(/ && !/ENOENT/ { n++ } END { print n }' "$tmp/strace.$r")
    printf '  %-12s %4s  (%s execve)\n' "$r" "$n" "$e"
    echo "$r $n" >>"$tmp/syscalls"
  done
  echo "  chainscript by call:"
  awk '/execve\("\/bin\/true"/ { exit } { sub(/^[0-9]+ +/, ""); sub(/\(.*/, ""); c[$0]++ }
       END { for (k in c) printf "%s %d\n", k, c[k] }' "$tmp/strace.chainscript" | sort -k2,2nr -k1,1 |
    awk '{ printf "%s%s %s", (NR % 8 == 1 ? "\n    " : ", "), $1, $2 } END { print "" }'
  echo
else
  echo "skipped: system call counts (strace missing, or not allowed to trace here)"
fi

# ---- the targets -----------------------------------------------------------------
ratio() { sed -n "s/.*\"denominator\": \"$1\", \"median_wall\": \([0-9.]*\).*/\1/p" "$tmp/paired.json"; }
rss() { sed -n "s/.*\"name\": \"$1\".*\"maxrss_kib\": \([0-9]*\).*/\1/p" "$tmp/paired.json"; }
check() { # NAME VALUE LIMIT: a line saying whether VALUE <= LIMIT
  [ -n "$2" ] || { printf '  %-44s %8s\n' "$1" "(peer skipped)"; return; }
  awk -v n="$1" -v v="$2" -v l="$3" 'BEGIN { printf "  %-44s %8s  target <= %-6s %s\n", n, v, l, (v + 0 <= l + 0 ? "met" : "NOT MET") }'
}
echo "targets:"
check "chainscript / floor (median of ratios)" "$(ratio floor)" 1.15
check "chainscript / nosh" "$(ratio nosh)" 0.65
check "chainscript / s6-chain" "$(ratio s6-chain)" 0.25
[ ! -s "$tmp/syscalls" ] || check "system calls, execve to the program's execve" "$(awk '$1 == "chainscript" { print $2 }' "$tmp/syscalls")" 70
check "peak RSS above /bin/true's (KiB)" "$(($(rss chainscript) - $(rss true)))" 3072

if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  cp "$tmp/paired.json" "$OUT/startup-paired.json"
  [ ! -e "$tmp/hyperfine.json" ] || cp "$tmp/hyperfine.json" "$OUT/startup-hyperfine.json"
  echo "JSON kept in $OUT"
fi
