# Sourced by the benchmarks: finds the binaries they compare.
#   cs         chainscript: $1, else $CHAINSCRIPT, else build/chainscript, else
#              build-doc/chainscript (made absolute)
#   execlineb  the real execlineb in $EXECLINE_BIN (default
#              /usr/lib/execline/bin), with the execline programs put first in
#              PATH: Debian's /usr/bin/execlineb is a wrapper that execs four
#              more times to set PATH, which would be measured too.
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

cs=${1:-${CHAINSCRIPT:-}}
if [ -z "$cs" ]; then
  for c in "$root/build/chainscript" "$root/build-doc/chainscript"; do
    if [ -x "$c" ]; then cs=$c; break; fi
  done
fi
if [ -z "$cs" ] || [ ! -x "$cs" ]; then
  echo "no chainscript binary: build it or pass its path" >&2
  exit 2
fi
cs=$(cd "$(dirname "$cs")" && pwd)/$(basename "$cs")

EXECLINE_BIN=${EXECLINE_BIN:-/usr/lib/execline/bin}
execlineb=$EXECLINE_BIN/execlineb
[ -x "$execlineb" ] || execlineb=$(command -v execlineb || true)  # empty: not found
PATH=$EXECLINE_BIN:$PATH
export PATH
