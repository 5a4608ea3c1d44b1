#!/bin/sh
# Checks the man pages against the builtins table:
#   - every builtin listed by `chainscript --list-builtins` has man/chainscript-NAME.1,
#     and man/chainscript.1 exists;
#   - each page's SYNOPSIS contains the builtin's synopsis exactly as the table
#     has it (after removing roff markup, with runs of blanks counted as one);
#   - `groff -man -ww -z` reports no warning for any page, formatted for the
#     default device and for a terminal (-Tutf8, what `man --warnings` sees);
#     skipped, with a message, when groff is not installed (Debian package
#     groff-base).
#
# usage: check_man_pages.sh CHAINSCRIPT MANDIR
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 CHAINSCRIPT MANDIR" >&2
  exit 2
fi
cs=$1
mandir=$2
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

list=$("$cs" --list-builtins) || {
  echo "FAIL: $cs --list-builtins exited $?"
  exit 1
}
if [ -z "$list" ]; then
  echo "FAIL: $cs --list-builtins printed nothing"
  exit 1
fi

# The text of a page's SYNOPSIS section with the roff markup removed: font
# escapes dropped, \- \e \& \(dq \(aq \~ turned back into what they print,
# .B/.I arguments joined with blanks, .BR-style arguments joined without.
synopsis_text() {
  awk '
    function args(s,    out, n, i, c, q, cur, have) {
      n = 0; q = 0; cur = ""; have = 0
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\"") { q = !q; have = 1; continue }
        if (!q && (c == " " || c == "\t")) {
          if (have) { A[++n] = cur; cur = ""; have = 0 }
          continue
        }
        cur = cur c; have = 1
      }
      if (have) A[++n] = cur
      return n
    }
    function unescape(s) {
      gsub(/\\f\[[^]]*\]/, "", s)
      gsub(/\\f\([A-Z][A-Z]/, "", s)
      gsub(/\\f[A-Z1-4]/, "", s)
      gsub(/\\\(dq/, "\"", s)
      gsub(/\\\(aq/, "\047", s)
      gsub(/\\-/, "-", s)
      gsub(/\\&/, "", s)
      gsub(/\\~/, " ", s)
      gsub(/\\ /, " ", s)
      gsub(/\\\|/, "", s)
      gsub(/\\\^/, "", s)
      gsub(/\\e/, "\\", s)
      return s
    }
    /^\.SH/ { if (insyn) exit; if ($0 ~ /^\.SH[ \t]+"?SYNOPSIS"?[ \t]*$/) insyn = 1; next }
    !insyn { next }
    /^[.\047]/ {
      macro = $1; sub(/^[.\047]/, "", macro)
      rest = $0; sub(/^[.\047][^ \t]*[ \t]*/, "", rest)
      n = args(rest); t = ""
      if (macro == "B" || macro == "I" || macro == "SM" || macro == "SB") {
        for (i = 1; i <= n; i++) t = t (i > 1 ? " " : "") A[i]
      } else if (macro ~ /^(BR|RB|BI|IB|IR|RI)$/) {
        for (i = 1; i <= n; i++) t = t A[i]
      } else {
        next
      }
      printf "%s ", unescape(t)
      next
    }
    { printf "%s ", unescape($0) }
  ' "$1" | tr -s ' \t\n' '   '
}

# The SYNOPSIS section as groff prints it, on lines long enough not to break.
rendered_synopsis() {
  groff -man -Tascii -P-c -P-b -P-u -P-o -rLL=2000n "$1" 2>/dev/null |
    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { if (on) exit } on { print }' |
    tr -s ' \t\n' '   '
}

contains() {  # contains HAYSTACK NEEDLE, both taken literally
  HAY=$1 NEEDLE=$2 awk 'BEGIN { exit index(ENVIRON["HAY"], ENVIRON["NEEDLE"]) ? 0 : 1 }'
}

have_groff=false
if command -v groff >/dev/null 2>&1; then have_groff=true; fi

pages="$mandir/chainscript.1"
npages=1
[ -f "$mandir/chainscript.1" ] || fail "missing $mandir/chainscript.1"

tab=$(printf '\t')
count=0
while IFS="$tab" read -r name synopsis; do
  [ -n "$name" ] || continue
  count=$((count + 1))
  page="$mandir/chainscript-$name.1"
  if [ ! -f "$page" ]; then
    fail "builtin $name has no man page ($page)"
    continue
  fi
  pages="$pages $page"
  npages=$((npages + 1))
  want=$(printf '%s' "$synopsis" | tr -s ' \t' '  ')
  got=$(synopsis_text "$page")
  if ! contains "$got" "$want"; then
    fail "$page: SYNOPSIS does not contain \"$want\""
    echo "      it reads: \"$got\""
  elif $have_groff; then
    shown=$(rendered_synopsis "$page")
    contains "$shown" "$want" ||
      fail "$page: SYNOPSIS as groff prints it does not contain \"$want\" (it prints \"$shown\")"
  fi
done <<LIST
$list
LIST

if $have_groff; then
  for page in $pages; do
    [ -f "$page" ] || continue
    # The default device, then a terminal, as man(1) formats for one.
    for dev in "" -Tutf8; do
      # shellcheck disable=SC2086
      warnings=$(groff -man -ww -z $dev "$page" 2>&1)
      if [ -n "$warnings" ]; then
        fail "groff -man -ww -z $dev $page reports:"
        printf '%s\n' "$warnings" | sed 's/^/      /'
      fi
    done
  done
  lint="groff -man -ww -z (default device and -Tutf8): checked"
else
  lint="groff not found: lint SKIPPED (install groff-base to check the roff)"
fi

echo "$count builtins, $npages pages; $lint"
if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "man pages OK"
