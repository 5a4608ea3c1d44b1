#!/bin/sh
# package.sh BUILD_DIR SOURCE_DIR: make the Debian package with CPack, check
# its control fields and its files, install it with a real dpkg into a scratch
# root, run what it installed, purge it and check nothing is left; then
# lintian, when installed, against packaging/lintian-notes.md. Everything
# happens in one temporary directory: the host's dpkg database, /usr and
# /var/log/dpkg.log are never touched. Exit 77 when the tools are missing.
set -u
build=$1
src=$2

for tool in cpack:cmake dpkg-deb:dpkg dpkg:dpkg dpkg-shlibdeps:dpkg-dev file:file readelf:binutils; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "SKIP: ${tool%%:*} not found (Debian package ${tool#*:}): cannot build or install a .deb here"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chainscript-package.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# The tools' own temporary files go in ours too: lintian left an MLDBM file
# (/tmp/mldbm-elf-*) behind after every run.
export TMPDIR=$tmp
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# Checks after this one need the package: stop here.
fatal() { echo "FAIL: $*"; exit 1; }

# --- build ---------------------------------------------------------------
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  fatal "cpack -G DEB failed"
fi
# An install(CODE) error does not always stop cpack: a package missing files
# would be made all the same.
if grep -q 'CMake Error' "$tmp/cpack.log"; then
  cat "$tmp/cpack.log"
  fail "cpack reported an error"
fi
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
deb=$tmp/out/chainscript_${version}_${arch}.deb
[ -f "$deb" ] || fatal "no $(basename "$deb") in the output: $(ls "$tmp/out")"
echo "package: $(basename "$deb"), $(wc -c <"$deb") bytes"

# --- control fields --------------------------------------------------------
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = chainscript ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), not $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture), not $arch"
[ "$(field Section)" = admin ] || fail "Section: $(field Section)"
[ "$(field Priority)" = optional ] || fail "Priority: $(field Priority)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ "$(field Description | wc -l)" -ge 3 ] || fail "no extended Description: $(field Description)"
# No maintainer scripts: dpkg runs none, so the scratch install below needs no
# chroot (and no --force-script-chrootless, which would run them on the host).
controls=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -v '^$' | sort | tr '\n' ' ')
[ "$controls" = "control md5sums " ] || fail "control archive holds more than control and md5sums: $controls"

# Depends is what dpkg-shlibdeps found in the binary, and nothing else: libc6
# for a dynamic binary (libstdc++ and libgcc are linked in), nothing for a
# static PIE. Any other library in it is a new run-time dependency.
allowed_depends="libc6"
dpkg-deb -x "$deb" "$tmp/x" || fatal "dpkg-deb -x"
needed=$(readelf -d "$tmp/x/usr/bin/chainscript" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
depends=$(field Depends)
echo "binary needs: ${needed:-nothing (static)}; Depends: ${depends:-none}"
if [ -n "$needed" ]; then
  echo "$depends" | grep -Eq '(^|, )libc6 \(>= [0-9][^)]*\)' || fail "Depends has no versioned libc6: '$depends'"
else
  [ -z "$depends" ] || fail "a static binary, yet Depends: $depends"
fi
for dep in $(echo "$depends" | tr ',|' '\n\n' | sed 's/(.*)//; s/:any//'); do
  case " $allowed_depends " in
    *" $dep "*) ;;
    *) fail "unexpected dependency $dep (Depends: $depends)" ;;
  esac
done

# --- files -----------------------------------------------------------------
# One line per entry: type (first letter of the mode), owner, path, link target.
dpkg-deb -c "$deb" | awk '{ print substr($1, 1, 1), substr($1, 2), $2, $3, $6, $8 }' >"$tmp/contents"
awk '$5 != "./" && $5 !~ /^\.\/usr\// { print "FAIL: outside /usr: " $5 }' "$tmp/contents" | grep . && failures=$((failures + 1))
awk '$3 != "root/root" { print "FAIL: not owned by root: " $5 " " $3 }' "$tmp/contents" | grep . && failures=$((failures + 1))
awk '($1 == "d" && $2 != "rwxr-xr-x") || ($1 == "-" && $2 != "rw-r--r--" && $5 != "./usr/bin/chainscript") {
       print "FAIL: mode " $1 $2 " on " $5 }' "$tmp/contents" | grep . && failures=$((failures + 1))
awk '$1 == "-" && $2 == "rwxr-xr-x" && $5 == "./usr/bin/chainscript" { found = 1 } END { exit !found }' "$tmp/contents" ||
  fail "no executable ./usr/bin/chainscript"

# What the package must hold, every file and link but directories: the binary,
# the man pages gzipped, one link per multi-call name, the editor files, the
# copyright and changelog.
{
  echo "- ./usr/bin/chainscript"
  for page in "$src"/man/*.1; do
    echo "- ./usr/share/man/man1/$(basename "$page").gz"
  done
  for name in $("$build/chainscript" --list-names); do
    echo "l ./usr/libexec/chainscript/bin/$name"
  done
  (cd "$src/editors/vim" && find . -type f) | sed 's|^\./|- ./usr/share/vim/vimfiles/|'
  echo "- ./usr/share/bash-completion/completions/chainscript"
  echo "- ./usr/share/doc/chainscript/copyright"
  echo "- ./usr/share/doc/chainscript/changelog.gz"
} | sort >"$tmp/expected"
for kind in syntax ftdetect; do
  [ -n "$(ls "$src/editors/vim/$kind" 2>/dev/null)" ] || fail "editors/vim/$kind holds no file to package"
done
awk '$1 != "d" { print $1, $5 }' "$tmp/contents" | sort >"$tmp/actual"
comm -23 "$tmp/expected" "$tmp/actual" | sed 's/^/FAIL: missing from the package: /' | grep . && failures=$((failures + 1))
comm -13 "$tmp/expected" "$tmp/actual" | sed 's/^/FAIL: unexpected in the package: /' | grep . && failures=$((failures + 1))
# Relative links, so they resolve inside whatever root the package is in.
awk '$1 == "l" && $6 != "../../../bin/chainscript" { print "FAIL: link " $5 " -> " $6 }' "$tmp/contents" | grep . && failures=$((failures + 1))
# The man pages are the sources, gzipped.
for page in "$src"/man/*.1; do
  gz=$tmp/x/usr/share/man/man1/$(basename "$page").gz
  [ -f "$gz" ] && { gzip -dc "$gz" | cmp -s - "$page" || fail "$(basename "$gz") is not man/$(basename "$page")"; }
done
# Installed-Size counted as dpkg-gencontrol counts it: regular files in KiB
# rounded up, 1 for anything else (CPack alone counted each link as a copy of
# the binary).
size=$(awk '$5 != "./" { n += ($1 == "-") ? int(($4 + 1023) / 1024) : 1 } END { print n }' "$tmp/contents")
[ "$(field Installed-Size)" = "$size" ] || fail "Installed-Size: $(field Installed-Size), the files make $size"
echo "files: $(grep -c . "$tmp/actual") ($(grep -c '^l' "$tmp/actual") multi-call links), Installed-Size: $(field Installed-Size) KiB"

# --- install, run, purge in a scratch root ---------------------------------
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
# --root: the scratch admin dir and install dir; --log: not the host's
# dpkg.log; --force-depends: libc6 is not in the scratch database;
# --force-not-root: lets a non-root user do it (chown is then skipped).
# dpkg wants ldconfig and start-stop-daemon on PATH, in sbin.
scratch_dpkg() {
  PATH=/usr/local/sbin:/usr/sbin:/sbin:$PATH dpkg --root="$root" --log="$tmp/dpkg.log" \
    --force-depends --force-not-root "$@"
}
scratch_dpkg --install "$deb" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fatal "dpkg --install"; }
scratch_dpkg --status chainscript | grep -qx 'Status: install ok installed' || fail "not installed: $(scratch_dpkg --status chainscript 2>&1)"
verify=$(scratch_dpkg --verify chainscript 2>&1) && [ -z "$verify" ] || fail "dpkg --verify: $verify"

bin=$root/usr/bin/chainscript
script=$src/scripts/hello-service.run
out=$("$bin" --check "$script" 2>&1) || fail "installed chainscript --check $script exited $?: $out"
out=$("$bin" -n "$script" 2>&1); code=$?
[ $code = 0 ] || fail "installed chainscript -n exited $code: $out"
echo "$out" | grep -q ': exec: exec program=sh sh -c' || fail "plan of hello-service.run: $out"
out=$("$bin" "$script" 2>&1) || fail "installed chainscript $script exited $?: $out"
echo "$out" | grep -q '^hello: running as pid [0-9]* in /, umask 0022$' || fail "hello-service.run ran: $out"

dir=$root/usr/libexec/chainscript/bin
[ "$(readlink -f "$dir/fdmove")" = "$(readlink -f "$bin")" ] || fail "fdmove resolves to $(readlink -f "$dir/fdmove"), not the installed binary"
"$dir/fdmove" --help 2>&1 | grep -q '^usage: fdmove' || fail "installed fdmove --help"
out=$("$dir/foreground" ' echo' ' one' '' echo two 2>&1 | tr '\n' ' ')
[ "$out" = "one two " ] || fail "installed foreground: $out"
out=$("$dir/fdmove" 1 2>&1); code=$?
[ $code = 100 ] && echo "$out" | grep -q 'fdmove: missing FROM' || fail "installed fdmove 1: exit $code, $out"

scratch_dpkg --purge chainscript >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; fail "dpkg --purge"; }
scratch_dpkg --status chainscript >/dev/null 2>&1 && fail "still known after purge: $(scratch_dpkg --status chainscript)"
# Nothing may remain but the admin directory made above: dpkg removes the
# directories it made once they are empty, /usr included.
left=$(cd "$root" && find . -mindepth 1 ! -path ./var ! -path ./var/lib ! -path ./var/lib/dpkg ! -path './var/lib/dpkg/*')
[ -z "$left" ] || fail "left after purge: $(echo $left)"
echo "dpkg: installed, ran, purged in a scratch root"

# --- lintian ---------------------------------------------------------------
if command -v lintian >/dev/null 2>&1; then
  notes=$src/packaging/lintian-notes.md
  accepted=$(sed -n 's/^- `\([^`]*\)`.*/\1/p' "$notes")
  # --fail-on none: a non-zero exit is then lintian's own failure (1), not a
  # tag (2); the tags are judged below.
  lintian --fail-on none --tag-display-limit 0 "$deb" >"$tmp/lintian.out" 2>"$tmp/lintian.err"; code=$?
  [ $code = 0 ] || fail "lintian exited $code: $(cat "$tmp/lintian.err")"
  while read -r severity package tag rest; do
    case $severity in E:|W:) ;; *) continue ;; esac
    if echo "$accepted" | grep -qxF -- "$tag"; then
      echo "lintian: accepted in packaging/lintian-notes.md: $severity $tag $rest"
    else
      fail "lintian $severity $tag $rest (fix it, or say why in packaging/lintian-notes.md)"
    fi
  done <"$tmp/lintian.out"
else
  echo "lintian not installed: not run (Debian package lintian)"
fi

[ $failures = 0 ] || { echo "package: $failures failure(s)"; exit 1; }
echo "package: all checks passed"
