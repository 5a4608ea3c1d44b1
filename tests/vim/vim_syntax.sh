#!/bin/sh
# vim_syntax: the Vim support in editors/vim, in a clean vim. Every example in
# scripts/ and a few fixtures (one per dialect, and one per kind of #! line)
# get the file type their #! line names, load their syntax without an error,
# and the fixtures are highlighted as they should be at chosen places.
#
#   sh tests/vim/vim_syntax.sh REPO
#
# Exit 0 when all pass, 1 with a FAIL: line per mismatch, 77 (skipped) when
# there is no vim with syntax support. Writes only in its own temporary
# directory.

# The $NAME in single quotes below is script text for vim, not the shell's.
# shellcheck disable=SC2016
set -u

repo=${1:?usage: vim_syntax.sh REPO}
repo=$(cd "$repo" && pwd) || exit 1

if ! command -v vim >/dev/null 2>&1; then
  echo "vim_syntax: skipped: no vim on PATH (Debian package: vim)"
  exit 77
fi
# vim-tiny has no syntax highlighting at all.
if ! vim --version 2>/dev/null | grep -q '+syntax'; then
  echo "vim_syntax: skipped: this vim has no +syntax (Debian package: vim)"
  exit 77
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# ---- fixtures -----------------------------------------------------------

fx=$tmp/fixtures
mkdir -p "$fx/a" "$fx/b" "$fx/c"

# One per dialect, highlighted at the places listed in probes below.
cat >"$fx/native.run" <<'EOF'
#!/usr/bin/chainscript
fdmove --copy 2 1
# a comment, and another after a word
define -s X "a\tb ${Y}" foreground { /bin/true } # done
importas -D 'lit $Z' Y HOME
echo $X ${X} \$X a#b true#x "\q" "\x00"
tcp-socket-listen --backlog 5 :: 80
foreground echo a ;
echo "x"true
true"x"
EOF

cat >"$fx/execline.run" <<'EOF'
#!/bin/execlineb -P
foreground { echo "x\q" "\0x41" "\256" 'y' } # c
define X 1 echo $X ${X} "${X}" \$X
s6-setuidgid nobody /bin/true
EOF

cat >"$fx/nosh.run" <<'EOF'
#!/usr/local/bin/nosh
foreground printf "a\n$X" ;
setenv X 'y z' { }
fdmove --copy 2 1
local-stream-socket-listen --mode=0600 /tmp/s /bin/true
EOF

# The other kinds of #! line, and names: the file type only.
printf '#!/usr/bin/execlineb -S1\nexit 0\n' >"$fx/a/run"
printf '#!/command/execlineb\nexit 0\n' >"$fx/b/run"
printf '#!/bin/nosh\nexit 0\n' >"$fx/c/run"
printf '#!/usr/local/bin/chainscript -nx\nexit 0\n' >"$fx/flags.run"
printf '#!/bin/execlineb\nexit 0\n' >"$fx/plain"
printf '# no #! line: the extension names it\nexit 0\n' >"$fx/ext.chainscript"
printf '#!/bin/nosh\nexit 0\n' >"$fx/nosh.chainscript"
# Not ours: another interpreter, and a file type set by a specific rule.
printf '#!/usr/bin/chainscript-wrapper\nexit 0\n' >"$fx/other"
printf '#!/usr/bin/chainscript\nexit 0\n' >"$fx/script.py"

# ---- what is expected -------------------------------------------------

# files: FILE TAB FILETYPE (the syntax loaded must be the same when it is
# one of ours).
files=$tmp/files
: >"$files"
expect_ft() { printf '%s\t%s\n' "$1" "$2" >>"$files"; }

for f in "$repo"/scripts/*; do
  [ -f "$f" ] || continue
  # The base name of the interpreter on the #! line, as chainscript reads it.
  interpreter=$(awk 'NR == 1 && /^#!/ { sub(/^#![ \t]*/, ""); split($0, w, /[ \t\r]/); n = split(w[1], p, "/"); print p[n] } { exit }' "$f")
  case $interpreter in
    execlineb) ft=execline ;;
    nosh | chainscript) ft=$interpreter ;;
    *) ft="(a #! line naming chainscript, execlineb or nosh)" ;;
  esac
  expect_ft "$f" "$ft"
done
expect_ft "$fx/native.run" chainscript
expect_ft "$fx/execline.run" execline
expect_ft "$fx/nosh.run" nosh
expect_ft "$fx/a/run" execline
expect_ft "$fx/b/run" execline
expect_ft "$fx/c/run" nosh
expect_ft "$fx/flags.run" chainscript
expect_ft "$fx/plain" execline
expect_ft "$fx/ext.chainscript" chainscript
expect_ft "$fx/nosh.chainscript" nosh
expect_ft "$fx/other" conf
expect_ft "$fx/script.py" python

# probes: FILE TAB LINE TAB TEXT TAB GROUP: the syntax group at the first
# TEXT on LINE; "none" for no group, !GROUP for anything but GROUP.
probes=$tmp/probes
: >"$probes"
expect_syn() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$probes"; }

n=$fx/native.run
expect_syn "$n" 1 '#!' chainscriptComment
expect_syn "$n" 2 fdmove chainscriptBuiltin
expect_syn "$n" 2 --copy chainscriptOption
expect_syn "$n" 2 2 chainscriptNumber
expect_syn "$n" 3 '#' chainscriptComment
expect_syn "$n" 4 -s chainscriptOption
expect_syn "$n" 4 '"a' chainscriptString
expect_syn "$n" 4 '\t' chainscriptStringEscape
expect_syn "$n" 4 '${Y}' chainscriptStringSubst
expect_syn "$n" 4 foreground chainscriptBuiltin
expect_syn "$n" 4 '{ /' chainscriptBlock
expect_syn "$n" 4 /bin/true none
expect_syn "$n" 4 true '!chainscriptBuiltin'
expect_syn "$n" 4 '} #' chainscriptBlock
expect_syn "$n" 4 '# done' chainscriptComment
expect_syn "$n" 5 -D chainscriptOption
expect_syn "$n" 5 "'lit" chainscriptSqString
expect_syn "$n" 5 '$Z' chainscriptSqString
expect_syn "$n" 6 echo none
expect_syn "$n" 6 '$X' chainscriptSubst
expect_syn "$n" 6 '${X}' chainscriptSubst
expect_syn "$n" 6 '\$' chainscriptEscape
expect_syn "$n" 6 '#b' none
expect_syn "$n" 6 'true#' none
expect_syn "$n" 6 '\q' chainscriptStringError
expect_syn "$n" 6 '\x00' chainscriptStringError
expect_syn "$n" 7 tcp-socket-listen chainscriptBuiltin
expect_syn "$n" 7 socket-listen chainscriptBuiltin
expect_syn "$n" 7 --backlog chainscriptOption
expect_syn "$n" 8 ';' chainscriptSeparator
expect_syn "$n" 9 true none
expect_syn "$n" 10 true none

e=$fx/execline.run
expect_syn "$e" 1 '#!' chainscriptComment
expect_syn "$e" 2 foreground chainscriptBuiltin
expect_syn "$e" 2 '{' chainscriptBlock
expect_syn "$e" 2 '"x' chainscriptString
expect_syn "$e" 2 '\q' chainscriptStringEscape
expect_syn "$e" 2 x41 chainscriptStringEscape
expect_syn "$e" 2 '\256' chainscriptStringError
expect_syn "$e" 2 "'y'" none
expect_syn "$e" 2 '# c' chainscriptComment
expect_syn "$e" 3 '$X' chainscriptSubst
expect_syn "$e" 3 '${X}' chainscriptSubst
expect_syn "$e" 3 '"${X}' chainscriptString
expect_syn "$e" 3 '${X}"' chainscriptStringSubst
expect_syn "$e" 3 '\$X' none
expect_syn "$e" 4 s6-setuidgid chainscriptBuiltin
expect_syn "$e" 4 /bin/true '!chainscriptBuiltin'
expect_syn "$e" 4 true none

s=$fx/nosh.run
expect_syn "$s" 1 '#!' chainscriptComment
expect_syn "$s" 2 foreground chainscriptBuiltin
expect_syn "$s" 2 '"a' chainscriptString
expect_syn "$s" 2 '\n' chainscriptStringEscape
expect_syn "$s" 2 '$X' chainscriptString
expect_syn "$s" 2 ';' chainscriptSeparator
expect_syn "$s" 3 "'y" chainscriptSqString
expect_syn "$s" 3 '{' none
expect_syn "$s" 4 --copy chainscriptOption
expect_syn "$s" 5 local-stream-socket-listen chainscriptBuiltin
expect_syn "$s" 5 --mode=0600 chainscriptOption
expect_syn "$s" 5 true none

# ---- what vim does --------------------------------------------------------

# For each file: its file type, the syntax loaded and the last error; for
# each probe, the group found. Every line and column is highlighted, so that
# an error in a pattern met only there is raised too. Any error message vim
# gives while doing so is kept (redir) and reported.
cat >"$tmp/check.vim" <<'EOF'
let s:dir = $VIM_SYNTAX_TMP
let s:out = []
redir => s:messages
for s:f in readfile(s:dir . '/files')
  let s:file = split(s:f, "\t")[0]
  let v:errmsg = ''
  execute 'edit' fnameescape(s:file)
  for s:l in range(1, line('$'))
    for s:c in range(1, col([s:l, '$']))
      call synID(s:l, s:c, 1)
    endfor
  endfor
  call add(s:out, join(['ft', s:file, &filetype], "\t"))
  call add(s:out, join(['syntax', s:file, get(b:, 'current_syntax', '(none)')], "\t"))
  call add(s:out, join(['errmsg', s:file, v:errmsg], "\t"))
  bwipeout!
endfor
for s:p in readfile(s:dir . '/probes')
  let [s:file, s:line, s:text, s:want] = split(s:p, "\t", 1)
  execute 'edit' fnameescape(s:file)
  let s:col = stridx(getline(s:line), s:text) + 1
  let s:got = s:col == 0 ? '(text not found)' : synIDattr(synID(s:line, s:col, 1), 'name')
  call add(s:out, join(['syn', s:file, s:line, s:text, s:got == '' ? 'none' : s:got], "\t"))
  bwipeout!
endfor
redir END
for s:m in split(s:messages, "\n")
  if s:m =~# 'E\d\+:'
    call add(s:out, "message\t" . s:m)
  endif
endfor
call add(s:out, 'done')
call writefile(s:out, s:dir . '/result')
qall!
EOF

# A clean vim: no vimrc, no plugins, no viminfo, no swap files, and a
# runtimepath of editors/vim and vim's own files only, so that nothing
# installed elsewhere (an older copy of these files) takes part.
VIM_SYNTAX_TMP=$tmp VIM_SYNTAX_DIR=$repo/editors/vim HOME=$tmp \
  vim -N -u NONE -i NONE -n -es \
  --cmd 'let &runtimepath = escape($VIM_SYNTAX_DIR, ",\\") . "," . $VIMRUNTIME' \
  --cmd 'filetype on' --cmd 'syntax on' \
  -S "$tmp/check.vim" </dev/null >"$tmp/vim.out" 2>&1
status=$?

# ---- comparison -----------------------------------------------------------

fail=0
if [ ! -f "$tmp/result" ] || [ "$(tail -n 1 "$tmp/result")" != "done" ]; then
  echo "FAIL: vim did not finish (status $status):"
  sed 's/^/  /' "$tmp/vim.out"
  exit 1
fi

result=$tmp/result
report=$(
  awk -F '\t' -v files="$files" -v probes="$probes" '
    FILENAME == ARGV[1] {
      if ($1 == "ft") ft[$2] = $3
      else if ($1 == "syntax") syn[$2] = $3
      else if ($1 == "errmsg") err[$2] = $3
      else if ($1 == "syn") got[$2 "\t" $3 "\t" $4] = $5
      else if ($1 == "message" && !seen[$2]++) { print "FAIL: vim gave an error: " $2; bad++ }
      next
    }
    FILENAME == files {
      checks++
      if (!($1 in ft)) { print "FAIL: " $1 ": not checked"; bad++; next }
      if (ft[$1] != $2) { print "FAIL: " $1 ": file type " ft[$1] ", expected " $2; bad++ }
      if ($2 ~ /^(chainscript|execline|nosh)$/ && syn[$1] != $2) {
        print "FAIL: " $1 ": syntax " syn[$1] ", expected " $2; bad++
      }
      if (err[$1] != "") { print "FAIL: " $1 ": error: " err[$1]; bad++ }
      next
    }
    FILENAME == probes {
      checks++
      key = $1 "\t" $2 "\t" $3
      g = (key in got) ? got[key] : "(not checked)"
      if (substr($4, 1, 1) == "!" ? g == substr($4, 2) : g != $4) {
        print "FAIL: " $1 ":" $2 ": at \"" $3 "\": group " g ", expected " $4; bad++
      }
    }
    END { print checks " checks, " bad + 0 " failures"; exit bad > 0 }
  ' "$result" "$files" "$probes"
) || fail=1
printf '%s\n' "$report"
if [ "$fail" -ne 0 ] || [ "$status" -ne 0 ]; then
  [ "$status" -ne 0 ] && echo "FAIL: vim exited with status $status"
  exit 1
fi
exit 0
