#!/bin/sh
# build-nosh.sh: build nosh 1.40's `exec` multi-call binary from source,
# outside this repository.
#
# It is the oracle for differential tests of chainscript's nosh dialect.
# Debian does not package nosh. `exec` runs a nosh script as
# `exec nosh SCRIPT`, or as `nosh SCRIPT` through the nosh symlink. Its
# builtins run in-process: foreground, fdmove, setenv, printenv,
# line-banner, read-conf and the rest.
#
# Usage: build-nosh.sh [NOSH_GIT_DIR] OUTDIR
#   NOSH_GIT_DIR  a clone (bare or not) of https://github.com/jdebp/nosh. If
#                 it is left out, the script clones it into the build directory.
#   OUTDIR        receives exec, nosh -> exec, and bin/NAME -> ../exec for
#                 every builtin, ready to go first in PATH like an installed
#                 nosh.
#
# Upstream builds with redo, which Debian 12 does not have. This script
# compiles with g++ and make -j2 only the 148 objects that linking `exec`
# needs. The list comes from the linker map of upstream's exec.do link at
# 1.40 on Linux. The build runs in a mktemp directory under /tmp, which is
# removed at the end. Heavy steps hold /tmp/chainscript-build.lock.
# On 2 cores the build takes about 40 s, plus the clone when no git
# directory is given. As root it first apt-gets the missing build
# dependencies: g++ make git ca-certificates uuid-dev.
# The environment can override CXX and CXXFLAGS.
set -eu

NOSH_COMMIT=79b1c0aab9834a09a59e15d47710f355c5c0417a	# "Version 1.40" (upstream has no tags)
NOSH_URL=https://github.com/jdebp/nosh
LOCK=/tmp/chainscript-build.lock

usage() { echo "usage: $0 [NOSH_GIT_DIR] OUTDIR" 1>&2; exit 100; }
case $# in
1) gitdir=; outdir=$1 ;;
2) gitdir=$1; outdir=$2 ;;
*) usage ;;
esac

# Build dependencies (Debian 12). Only the missing ones are installed.
DEPS="g++ make git ca-certificates uuid-dev"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	missing=
	for p in $DEPS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		apt-get update
		# shellcheck disable=SC2086 # $missing is a word list
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
	fi
fi

work=$(mktemp -d /tmp/nosh-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if [ -z "$gitdir" ]; then
	git clone --bare --quiet "$NOSH_URL" "$work/nosh.git"
	gitdir=$work/nosh.git
fi
git -C "$gitdir" cat-file -e "$NOSH_COMMIT^{commit}" 2>/dev/null || {
	echo "$0: $gitdir lacks commit $NOSH_COMMIT (nosh 1.40)" 1>&2; exit 111; }
git -C "$gitdir" archive "$NOSH_COMMIT" source | tar -x -C "$work"
src=$work/source

# Files that upstream's redo scripts generate.
echo '#define VERSION "1.40"' > "$src/version.h"	# version.h.do takes it from the directory name
ln -s wait.cpp.waitid "$src/wait.cpp"			# wait.cpp.do: Linux has waitid()

# The objects of builtins.a and utils.a that linking exec pulls in, plus
# exec.do's main-exec.o and builtins-exec.o.
OBJS="main-exec.o builtins-exec.o
ECMA48Decoder.o ECMA48Output.o FileDescriptorOwner.o IPAddress.o MapColours.o
ProcessEnvironment.o SignalManagement.o TUIDisplayCompositor.o TUIInputBase.o
TUIOutputBase.o TUIVIO.o TerminalCapabilities.o UTF8Decoder.o
UnicodeClassification.o UserEnvironmentSetter.o appendpath.o basename.o
begins_with.o builtins.o chdir.o chroot.o clearenv.o console-docbook-xml-viewer.o
console-flat-table-viewer.o control_groups.o create-control-group.o cyclog.o
delegate-control-group-to.o dirname.o envdir.o envgid.o envuidgid.o
erase-machine-id.o exec.o export-to-rsyslog.o false.o fdmove.o fdredir.o
fifo-listen.o find-default-jvm.o find-matching-jvm.o follow-log-directories.o
foreground-background.o getaddrinfo_unix.o getuidgid.o host_id.o ifconfig.o
iovec.o is_bool.o is_jail.o is_set_hostname_allowed.o klog-read.o kqueue_linux.o
line-banner.o listen.o local-datagram-socket-listen.o local-reaper.o
local-seqpacket-socket-accept.o local-seqpacket-socket-listen.o
local-stream-socket-accept.o local-stream-socket-connect.o
local-stream-socket-listen.o machine_id.o machineenv.o make-private-fs.o
make-read-only-fs.o monitor-fsck-progress.o monitored-fsck.o
move-to-control-group.o netlink-datagram-socket-listen.o nmount.o nosh.o
oom-kill-protect.o open_exec.o open_lockfile.o open_lockfile_or_wait.o pause.o
pipe.o pipe_close_on_exec.o plug-and-play-event-handler.o popt-bool.o
popt-compound.o popt-integral.o popt-named.o popt-signed.o popt-simple.o
popt-string-list.o popt-string.o popt-table.o popt-top-table.o popt-unsigned.o
popt.o prependpath.o printenv.o process_env_dir.o quote.o raw.o read-conf.o
read-file.o read_env_file.o recordio.o set-control-group-knob.o
set-dynamic-hostname.o set-mount-object.o setenv.o setgid-fromenv.o setlock.o
setlogin.o setpgrp.o setprocargv.o setprocenvv.o setprocname.o setsid.o
setuidgid-fromenv.o setuidgid.o setup-machine-id.o socket_close_on_exec.o
socket_connect.o socket_set_option.o subreaper.o syslog-read.o tai64.o tai64n.o
tai64nlocal.o tcgetattr.o tcgetwinsz.o tcp-socket-accept.o tcp-socket-connect.o
tcp-socket-listen.o tcpserver.o tcsetattr.o timers.o tolower.o trim.o true.o
ucspi-socket-rules-check.o udp-socket-connect.o udp-socket-listen.o ulimit.o
umask.o unsetenv.o unshare.o userenv-fromenv.o userenv.o val.o wait.o"

# cxx.do's g++ flags without the warnings (-w) and -g.
# unshare.cpp uses CLONE_NEW* and unshare() without <sched.h>. glibc 2.36 and
# g++ 12 no longer bring that header in through others, so it is forced in.
# shellcheck disable=SC2016 # make's $(...), not the shell's
{
	printf 'CXX = %s\n' "${CXX:-g++}"
	printf 'CXXFLAGS = %s\n' "${CXXFLAGS:--pthread -std=gnu++11 -Os -w}"
	printf 'CPPFLAGS = -I .\n'
	printf 'OBJS = %s\n' "$(printf '%s\n' "$OBJS" | tr '\n' ' ')"
	printf 'exec: $(OBJS)\n\t$(CXX) $(CXXFLAGS) -o $@ $(OBJS) -luuid -lrt\n'
	printf 'unshare.o: CPPFLAGS += -include sched.h\n'
	printf '%%.o: %%.cpp\n\t$(CXX) $(CXXFLAGS) $(CPPFLAGS) -c -o $@ $<\n'
} > "$src/Makefile.chainscript"

flock "$LOCK" make -C "$src" -f Makefile.chainscript -j2 exec

mkdir -p "$outdir/bin"
rm -f "$outdir/exec" "$outdir/nosh"
cp "$src/exec" "$outdir/exec"
ln -s exec "$outdir/nosh"
# One link per builtin in builtins-exec.cpp's command table.
sed -n 's/^[[:space:]]*{[[:space:]]*"\([^"]*\)",.*/\1/p' "$src/builtins-exec.cpp" |
while read -r name; do
	ln -sf ../exec "$outdir/bin/$name"
done

# Smoke test.
printf 'setenv A hello\nprintenv A\n' > "$work/smoke.nosh"
test "$("$outdir/exec" nosh "$work/smoke.nosh")" = hello || {
	echo "$0: smoke test of $outdir/exec failed" 1>&2; exit 111; }
echo "$0: built nosh 1.40 ($NOSH_COMMIT) into $outdir"
