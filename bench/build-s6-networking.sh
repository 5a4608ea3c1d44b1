#!/bin/sh
# build-s6-networking.sh: build skarnet's s6-tcpserver, s6-tcpserverd and
# s6-tcpserver-socketbinder from source, outside this repository.
#
# They are the s6 rows of bench/accept.sh (S6_TCPSERVER=PREFIX/bin/s6-tcpserver).
# Built from current upstream, so the comparison is with skarnet's newest code.
#
# Usage: build-s6-networking.sh SRC_ROOT PREFIX
#   SRC_ROOT  holds git mirrors (bare or not) of github.com/skarnet/NAME as
#             SRC_ROOT/skarnet+NAME/repo or SRC_ROOT/skarnet+NAME, for NAME in
#             skalibs s6-dns s6 s6-networking. Each is built at its HEAD.
#   PREFIX    absolute installation prefix outside this repository; binaries
#             go to PREFIX/bin, static libraries and headers next to them.
#
# s6-networking's INSTALL and package/deps-build require skalibs, s6 and
# s6-dns (libs6, libs6dns); execline is optional, needed only for "exec"
# files in s6-tcpserver-access rules, so it is left out (--disable-execline)
# and so are TLS (no --enable-ssl) and nsss. Libraries are static only, so
# the binaries depend on nothing in PREFIX but each other.
# --enable-absolute-paths compiles PREFIX/bin/ into the binaries: s6-tcpserver
# execs PREFIX/bin/s6-tcpserver-socketbinder, s6-tcpserverd (and
# s6-applyuidgid with -u/-g/-U) whatever PATH holds, never Debian's copies.
# The build runs in a mktemp directory under /tmp, removed at the end, with
# nice -n 10 make -j2 (2 cores, shared with other builds); the make steps
# hold /tmp/chainscript-build.lock. On 2 cores with a load average of 15
# (other builds running) it took 24 minutes.
# The environment can override CC and CFLAGS (skarnet's configure reads them).
set -eu

LOCK=/tmp/chainscript-build.lock
PKGS="skalibs s6-dns s6 s6-networking"	# dependency order

usage() { echo "usage: $0 SRC_ROOT PREFIX" 1>&2; exit 100; }
die() { echo "$0: $*" 1>&2; exit 111; }
[ $# = 2 ] || usage
src_root=$1
case $2 in /*) prefix=${2%/} ;; *) die "PREFIX must be absolute: $2" ;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
case $prefix/ in "$repo"/*) die "PREFIX $prefix is inside the repository $repo" ;; esac
for c in git tar make "${CC:-cc}"; do
	command -v "$c" >/dev/null 2>&1 || die "needs $c"
done

gitdir() {
	for d in "$src_root/skarnet+$1/repo" "$src_root/skarnet+$1"; do
		git --git-dir="$d" rev-parse -q --verify "HEAD^{commit}" >/dev/null 2>&1 && { echo "$d"; return; }
		git -C "$d" rev-parse -q --verify "HEAD^{commit}" >/dev/null 2>&1 && { echo "$d/.git"; return; }
	done
	die "no git mirror of skarnet/$1 under $src_root"
}

# Both make steps nice'd, under the lock when flock exists.
run_make() {
	if command -v flock >/dev/null 2>&1; then
		flock "$LOCK" nice -n 10 make "$@"
	else
		nice -n 10 make "$@"
	fi
}

work=$(mktemp -d /tmp/s6net-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

mkdir -p "$prefix"
: > "$work/versions"
for p in $PKGS; do
	g=$(gitdir "$p")
	mkdir "$work/$p"
	git --git-dir="$g" archive HEAD | tar -x -C "$work/$p"
	ver=$(sed -n 's/^version=//p' "$work/$p/package/info")
	printf '%s %s %s (%s)\n' "$p" "$ver" "$(git --git-dir="$g" rev-parse HEAD)" \
		"$(git --git-dir="$g" describe --tags --always HEAD 2>/dev/null)" >> "$work/versions"
	set -- --prefix="$prefix" --disable-shared --enable-static
	# Every package after skalibs finds skalibs' sysdeps and all earlier
	# packages' headers and static libraries in PREFIX.
	[ "$p" = skalibs ] || set -- "$@" --with-sysdeps="$prefix/lib/skalibs/sysdeps" \
		--with-include="$prefix/include" --with-lib="$prefix/lib" --enable-absolute-paths
	case $p in
	s6) set -- "$@" --disable-execline --disable-nsss ;;
	s6-networking) set -- "$@" --disable-execline --disable-nsss --disable-ssl ;;
	esac
	echo "$0: building $p $ver: ./configure $*"
	(cd "$work/$p" && ./configure "$@" >configure.log) ||
		{ cat "$work/$p/configure.log" 1>&2; die "configure of $p failed"; }
	run_make -C "$work/$p" -j2
	run_make -C "$work/$p" install
done

for b in s6-tcpserver s6-tcpserverd s6-tcpserver-socketbinder; do
	[ -x "$prefix/bin/$b" ] || die "$prefix/bin/$b was not installed"
done
cp "$work/versions" "$prefix/VERSIONS"
cat "$prefix/VERSIONS"
echo "$0: binaries in $prefix/bin (they exec each other by absolute path; PATH is not needed)"
echo "$0: e.g. S6_TCPSERVER=$prefix/bin/s6-tcpserver sh bench/accept.sh"
