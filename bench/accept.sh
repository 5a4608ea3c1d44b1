#!/bin/sh
# Super-servers under load: connections per second and latency when every
# connection runs a trivial service (/bin/echo ok, the same program for all),
# over TCP on 127.0.0.1 and over Unix stream sockets. chainscript's
# tcp-socket-accept / local-stream-socket-accept against ucspi-tcp's
# tcpserver, ipsvd's and busybox's tcpsvd, s6, and nosh, where installed.
#
# usage: sh bench/accept.sh [--quick] [--json FILE]
#   --quick      200 connections after 20 of warm-up (for CI), instead of
#                5000 after 200
#   --json FILE  also write the results as a JSON list
# environment: CHAINSCRIPT (default build/chainscript next to this bench/),
#   NOSH_EXEC (nosh's multi-call binary; default /tmp/nosh-out/exec if there),
#   S6_TCPSERVER (default s6-tcpserver in PATH, else /tmp/s6net/bin/s6-tcpserver,
#   which bench/build-s6-networking.sh builds), CONCURRENCY (16),
#   CONNECTIONS and WARMUP (see --quick), RUNS (2), READY_TIMEOUT (5 s),
#   BACKLOG (128: the same listen backlog for every server that takes one, so
#   that a queue of 5 dropping SYNs does not decide; empty: each server's
#   own default), ROWS (which rows, in order; default all: cs_tcp
#   cs_chain cs_exec ucspi bb_tcpsvd ipsvd s6_tcp nosh_tcp cs_unix s6_unix nosh_unix).
# Exit status: 0; 1 if a chainscript row failed to start or had errors; 2 on
# usage errors.
set -u

here=$(cd "$(dirname "$0")" && pwd)
quick=0 json=
while [ $# -gt 0 ]; do
  case $1 in
  --quick) quick=1 ;;
  --json) [ $# -ge 2 ] || { echo "accept.sh: --json needs a file" >&2; exit 2; }; json=$2; shift ;;
  --json=*) json=${1#--json=} ;;
  -h | --help) sed -n '2,/^set/ s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "usage: sh bench/accept.sh [--quick] [--json FILE]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  CONNECTIONS=${CONNECTIONS:-200} WARMUP=${WARMUP:-20}
else
  CONNECTIONS=${CONNECTIONS:-5000} WARMUP=${WARMUP:-200}
fi
CONCURRENCY=${CONCURRENCY:-16}
RUNS=${RUNS:-2}
READY_TIMEOUT=${READY_TIMEOUT:-5}
BACKLOG=${BACKLOG-128}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chainscript-accept.XXXXXX") || exit 2
pg=  # process group of the server running now, for the trap
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  [ -n "$pg" ] && kill -s KILL -- "-$pg" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -O2 -o "$tmp/accept_load" "$here/accept_load.c" || { echo "accept.sh: cannot build accept_load" >&2; exit 2; }
load=$tmp/accept_load

# A copy of chainscript: the build directory's binary may be rebuilt while we
# run, and every run should measure the same one.
cs_src=${CHAINSCRIPT:-$(dirname "$here")/build/chainscript}
cs=
[ -x "$cs_src" ] && cp "$cs_src" "$tmp/chainscript" && cs=$tmp/chainscript
nosh=${NOSH_EXEC:-}
[ -z "$nosh" ] && [ -x /tmp/nosh-out/exec ] && nosh=/tmp/nosh-out/exec
s6_tcpserver=${S6_TCPSERVER:-$(command -v s6-tcpserver || { [ -x /tmp/s6net/bin/s6-tcpserver ] && echo /tmp/s6net/bin/s6-tcpserver; } || true)}
ipsvd=$(command -v tcpsvd || true)
# Debian's /usr/bin/tcpsvd is ipsvd's; do not take a link to busybox for it.
case $(readlink -f "${ipsvd:-/nonexistent}") in */busybox) ipsvd= ;; esac
# The per-connection chain drops privileges too when it can, as a real one would.
setuid=
[ "$(id -u)" = 0 ] && setuid="setuidgid nobody "

# --backlog / -b for those servers that take one, when BACKLOG is set.
bl_long="" bl_short=""
[ -n "$BACKLOG" ] && bl_long="--backlog $BACKLOG " bl_short="-b $BACKLOG"

rows=${ROWS:-cs_tcp cs_chain cs_exec ucspi bb_tcpsvd ipsvd s6_tcp nosh_tcp cs_unix s6_unix nosh_unix}

label() {
  case $1 in
  cs_tcp | cs_unix) echo chainscript ;;
  cs_chain) echo chainscript+chain ;;
  cs_exec) echo chainscript+exec ;;
  ucspi) echo "tcpserver (ucspi-tcp)" ;;
  bb_tcpsvd) echo "busybox tcpsvd" ;;
  ipsvd) echo "tcpsvd (ipsvd)" ;;
  s6_tcp) echo s6-tcpserver ;;
  s6_unix) echo s6-ipcserver ;;
  nosh_tcp | nosh_unix) echo nosh ;;
  esac
}
transport() { case $1 in *_unix) echo unix ;; *) echo tcp ;; esac; }

# Why row $1 cannot run here (printed), or nothing (status 0) if it can.
unavailable() {
  case $1 in
  cs_*)
    [ -n "$cs" ] || { echo "failed to start: no chainscript at $cs_src"; return; }
    case $1 in cs_unix) b=local-stream-socket-accept ;; *) b=tcp-socket-accept ;; esac
    # Without the builtin, chainscript would exec whatever $b is in PATH.
    "$cs" --help "$b" >/dev/null 2>&1 || echo "failed to start: this chainscript has no builtin $b"
    ;;
  ucspi) command -v tcpserver >/dev/null || echo "not installed (Debian package ucspi-tcp)" ;;
  bb_tcpsvd) busybox --list 2>/dev/null | grep -qx tcpsvd || echo "not installed (no busybox with a tcpsvd applet)" ;;
  ipsvd) [ -n "$ipsvd" ] || echo "not installed (Debian package ipsvd)" ;;
  s6_tcp) [ -n "$s6_tcpserver" ] || echo "not installed (s6-networking; or set S6_TCPSERVER)" ;;
  s6_unix) command -v s6-ipcserver >/dev/null || echo "not installed (Debian package s6)" ;;
  nosh_*)
    case $1 in nosh_tcp) l=tcp-socket-listen a=tcp-socket-accept ;; *) l=local-stream-socket-listen a=local-stream-socket-accept ;; esac
    if [ -z "$nosh" ]; then echo "not installed (set NOSH_EXEC to nosh's exec binary)"
    elif ! "$nosh" "$l" --help >/dev/null 2>&1 || ! "$nosh" "$a" --help >/dev/null 2>&1; then
      echo "$nosh has no $l / $a"
    fi
    ;;
  esac
}

# launch CMD...: run CMD in a session (and process group) of its own, so that
# it and every child it forks can be killed together; sets pg and bgpid.
launch() {
  rm -f "$tmp/server.pid"
  # shellcheck disable=SC2016 # $$ and $@ are the inner shell's
  setsid -w sh -c 'echo $$ >"$0.pid"; "$@"' "$tmp/server" "$@" \
    </dev/null >"$tmp/server.log" 2>&1 &
  bgpid=$!
  i=0
  while [ ! -s "$tmp/server.pid" ] && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
  pg=$(cat "$tmp/server.pid" 2>/dev/null)
}

# start ROW ADDR: ADDR is a port, or a socket path for the Unix rows.
# (${bl_long} and ${bl_short} are unquoted on purpose: empty or two words.)
# shellcheck disable=SC2086
start() {
  a=$2
  case $1 in
  cs_tcp) launch "$cs" -c "tcp-socket-listen ${bl_long}127.0.0.1 $a tcp-socket-accept --connection-limit 1000 /bin/echo ok" ;;
  cs_chain) launch "$cs" -c "tcp-socket-listen ${bl_long}127.0.0.1 $a tcp-socket-accept --connection-limit 1000 fdmove -c 2 1 export GREETING hi umask 022 ${setuid}/bin/echo ok" ;;
  # The yardstick of the chain's cost: the bare service behind one extra exec.
  cs_exec) launch "$cs" -c "tcp-socket-listen ${bl_long}127.0.0.1 $a tcp-socket-accept --connection-limit 1000 /usr/bin/env /bin/echo ok" ;;
  ucspi) launch tcpserver -c 1000 $bl_short -R -H -l 0 127.0.0.1 "$a" /bin/echo ok ;;
  # -l 0, as tcpserver's: without it tcpsvd looks the local host name up in
  # DNS, which here put a 3 s tail on its latency (p99 3.2 s, 0.33 s with -l).
  bb_tcpsvd) launch busybox tcpsvd -c 1000 $bl_short -l 0 127.0.0.1 "$a" /bin/echo ok ;;
  ipsvd) launch "$ipsvd" -c 1000 $bl_short -l 0 127.0.0.1 "$a" /bin/echo ok ;;
  s6_tcp) launch "$s6_tcpserver" -c 1000 -C 1000 $bl_short 127.0.0.1 "$a" /bin/echo ok ;;
  nosh_tcp) launch "$nosh" tcp-socket-listen $bl_long 127.0.0.1 "$a" tcp-socket-accept --connection-limit 1000 /bin/echo ok ;;
  cs_unix) launch "$cs" -c "local-stream-socket-listen ${bl_long}$a local-stream-socket-accept --connection-limit 1000 /bin/echo ok" ;;
  # -C: s6 also limits connections per client uid, and all of ours share one.
  s6_unix) launch s6-ipcserver -c 1000 -C 1000 $bl_short "$a" /bin/echo ok ;;
  nosh_unix) launch "$nosh" local-stream-socket-listen $bl_long "$a" local-stream-socket-accept --connection-limit 1000 /bin/echo ok ;;
  esac
}

# TERM the server's group, then KILL whatever is left of it (children too),
# and reap the launcher.
stop() {
  [ -n "$pg" ] || return 0
  kill -s TERM -- "-$pg" 2>/dev/null
  sleep 0.3
  kill -s KILL -- "-$pg" 2>/dev/null
  wait "$bgpid" 2>/dev/null
  pg=
}

# A free port: bind port 0 and see what the kernel picked; without python3,
# ports counting up from a base that depends on our pid.
port_seq=0
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + $$ % 20000 + port_seq))
}

field() { printf '%s\n' "$1" | sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p"; }

# measure ROW RUN: one run; appends "ROW RUN per_second p50_us p99_us errors
# retries" to $tmp/results, or marks the row failed.
measure() {
  row=$1
  if [ "$(transport "$row")" = unix ]; then
    addr=$tmp/$row.$2.sock target="-u $addr"
  else
    addr=$(free_port) port_seq=$((port_seq + 1)) target="-t 127.0.0.1:$addr"
  fi
  start "$row" "$addr"
  # Ready when one connection gets its line; give up after READY_TIMEOUT s,
  # or as soon as the server has exited.
  end=$(($(date +%s) + READY_TIMEOUT))
  # shellcheck disable=SC2086 # $target is two words
  until "$load" -c 1 -n 1 $target >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$end" ] || ! [ -d "/proc/$pg" ] || grep -q '^[^(]*([^)]*) Z' "/proc/$pg/stat" 2>/dev/null; then
      stop
      # shellcheck disable=SC2034 # read by the eval
      msg="failed to start$(tail -n 1 "$tmp/server.log" | sed 's/^/: /')"
      eval "fail_$row=\$msg"
      printf '  %-22s %-5s failed to start\n' "$(label "$row")" "$(transport "$row")" >&2
      return
    fi
    sleep 0.1
  done
  # shellcheck disable=SC2086
  out=$("$load" -c "$CONCURRENCY" -n $((CONNECTIONS + WARMUP)) -w "$WARMUP" $target)
  stop
  ps=$(field "$out" per_second) p50=$(field "$out" p50_us) p99=$(field "$out" p99_us)
  err=$(field "$out" errors) retr=$(field "$out" retries)
  echo "$row $2 ${ps:--} ${p50:--} ${p99:--} ${err:--} ${retr:--}" >>"$tmp/results"
  printf '  %-22s %-5s run %s: %s\n' "$(label "$row")" "$(transport "$row")" "$2" "$out" >&2
}

echo "accept.sh: $CONCURRENCY concurrent clients, $CONNECTIONS connections after $WARMUP of warm-up, best of $RUNS alternated runs"
echo "service: /bin/echo ok; connection limit 1000; listen backlog: ${BACKLOG:-the default of each server}"
if [ -n "$setuid" ]; then
  echo "chainscript+chain: fdmove -c 2 1, export, umask 022, setuidgid nobody (running as root), then /bin/echo"
else
  echo "chainscript+chain: fdmove -c 2 1, export, umask 022, then /bin/echo (no setuidgid: not running as root)"
fi
[ -n "$cs" ] && echo "chainscript: $cs_src"
[ -n "$nosh" ] && echo "nosh: $nosh"

run_rows=
for row in $rows; do
  why=$(unavailable "$row")
  if [ -n "$why" ]; then
    echo "skipped $(label "$row") ($(transport "$row")): $why"
    case $why in failed*) eval "fail_$row=\$why" ;; esac
  else
    run_rows="$run_rows $row"
  fi
done

: >"$tmp/results"
# Alternate the rows (A B C ... A B C ...), so that a slow spell of the machine
# is shared out rather than landing on one server.
run=1
while [ "$run" -le "$RUNS" ]; do
  echo "run $run of $RUNS" >&2
  for row in $run_rows; do
    eval "f=\${fail_$row:-}"
    [ -n "$f" ] || measure "$row" "$run"
  done
  run=$((run + 1))
done

# The better of the runs (highest conn/s, with that run's latencies and
# retries), and the errors of all runs together.
best() { awk -v r="$1" '$1 != r { next }
  { e += $6 } $4 != "-" && (b == "" || $3 + 0 > b + 0) { b = $3; l = $4 " " $5 " " $7 }
  END { if (b != "") print b, l, e }' "$tmp/results"; }

echo
printf '%-22s %-9s %9s %8s %8s %7s %8s\n' server transport conn/s "p50 ms" "p99 ms" errors retries
status=0
jsep="" jout="["
for row in $rows; do
  # shellcheck disable=SC2046 # five numbers, or nothing
  set -- $(best "$row")
  eval "f=\${fail_$row:-}"
  if [ $# -eq 5 ]; then
    eval "ps_$row=$1"
    printf '%-22s %-9s %9.0f %8.2f %8.2f %7s %8s\n' "$(label "$row")" "$(transport "$row")" "$1" \
      "$(echo "$2" | awk '{ print $1 / 1000 }')" "$(echo "$3" | awk '{ print $1 / 1000 }')" "$5" "$4"
    jout="$jout$jsep{\"server\":\"$(label "$row")\",\"transport\":\"$(transport "$row")\",\"per_second\":$1,\"p50_us\":$2,\"p99_us\":$3,\"errors\":$5,\"failed\":false}"
    jsep=,
    case $row in cs_*) [ "$5" = 0 ] || status=1 ;; esac
  else
    case " $run_rows " in *" $row "*) f=${f:-no connection succeeded} ;; esac
    [ -n "$f" ] || continue  # not installed: said so above
    printf '%-22s %-9s %s\n' "$(label "$row")" "$(transport "$row")" "$f"
    jout="$jout$jsep{\"server\":\"$(label "$row")\",\"transport\":\"$(transport "$row")\",\"per_second\":null,\"p50_us\":null,\"p99_us\":null,\"errors\":null,\"failed\":true}"
    jsep=,
    case $row in cs_*) status=1 ;; esac
  fi
done
jout="$jout]"

echo
echo "conn/s relative to chainscript on the same transport (above 1: faster than chainscript):"
for row in $rows; do
  case $row in cs_tcp | cs_unix) continue ;; esac
  eval "p=\${ps_$row:-}"
  [ -n "$p" ] || continue
  if [ "$(transport "$row")" = unix ]; then ref=cs_unix; else ref=cs_tcp; fi
  eval "c=\${ps_$ref:-}"
  if [ -n "$c" ]; then
    printf '  %-22s %-5s %.2f\n' "$(label "$row")" "$(transport "$row")" "$(awk -v p="$p" -v c="$c" 'BEGIN { print p / c }')"
  else
    printf '  %-22s %-5s n/a (no chainscript result)\n' "$(label "$row")" "$(transport "$row")"
  fi
done

[ -z "$json" ] || printf '%s\n' "$jout" >"$json"
exit $status
