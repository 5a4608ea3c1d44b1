#!/bin/bash
# completion.sh SOURCE_DIR CHAINSCRIPT: drives the bash completion of
# editors/bash-completion/chainscript as bash's readline would (COMP_WORDS,
# COMP_CWORD, COMP_LINE, COMP_POINT, and the function's $1 $2 $3), in a
# non-interactive bash, and compares COMPREPLY with what chainscript's own
# listings say, read here independently of the completion code.
set -u
[ $# -eq 2 ] || { echo "usage: completion.sh SOURCE_DIR CHAINSCRIPT" >&2; exit 2; }
# absolute: the cases run in a scratch directory
src=$(cd "$1" && pwd) || exit 1
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") || exit 1
[ -x "$bin" ] || { echo "FAIL: $bin is not executable"; exit 1; }
completion=$src/editors/bash-completion/chainscript

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the completion runs the chainscript on PATH: this one
mkdir "$tmp/bin" "$tmp/files"
ln -s "$bin" "$tmp/bin/chainscript"
PATH=$tmp/bin:$PATH
# file names to complete: the test runs inside this directory
: >"$tmp/files/a.run"
: >"$tmp/files/b.txt"
cd "$tmp/files" || exit 1

# shellcheck source=/dev/null
source "$completion" || { echo "FAIL: sourcing $completion"; exit 1; }
# the function `complete -p chainscript` names: "complete -F FUNC chainscript"
spec=$(complete -p chainscript 2>/dev/null)
func=$(printf '%s\n' "$spec" | sed -n 's/.*-F \([^ ]*\).*/\1/p')
if [ -z "$func" ] || ! declare -F "$func" >/dev/null; then
  echo "FAIL: no completion function registered for chainscript (complete -p: '$spec')"
  exit 1
fi

failures=0
# complete_line WORD...: completes the last WORD (the cursor at its end) of the
# command line WORD...; got: the sorted replies joined by spaces.
complete_line() {
  local cur prev
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  # the line as typed: no blanks around a "=" that split the words
  COMP_LINE=$(printf '%s ' "$@")
  COMP_LINE=${COMP_LINE% }
  COMP_LINE=${COMP_LINE// = /=}
  COMP_LINE=${COMP_LINE% =}
  [ "${COMP_WORDS[COMP_CWORD]}" = "=" ] && COMP_LINE=$COMP_LINE=
  COMP_POINT=${#COMP_LINE}
  # bash's $2: the word readline replaces, "" right after a splitting "=",
  # dequoted; $3: the word before
  cur=${COMP_WORDS[COMP_CWORD]}
  [ "$cur" = "=" ] && cur=
  cur=${cur#[\'\"]}
  prev=
  [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()
  "$func" "${COMP_WORDS[0]}" "$cur" "$prev" 2>"$tmp/stderr"
  got=$(printf '%s\n' ${COMPREPLY[@]+"${COMPREPLY[@]}"} | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
  got=${got% }
  if [ -s "$tmp/stderr" ]; then
    echo "FAIL: $*: the completion wrote to stderr: $(cat "$tmp/stderr")"
    failures=$((failures + 1))
  fi
}

# check NAME WANT WORD...: complete_line WORD..., WANT the replies it gets.
check() {
  local name=$1 want=$2
  shift 2
  complete_line "$@"
  if [ "$got" != "$want" ]; then
    echo "FAIL: $name: got '$got' want '$want'"
    failures=$((failures + 1))
  fi
}

sorted() { LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'; }

# What chainscript says, read without the completion code.
names=$(chainscript --list-names | sorted)
# fdmove's option words in --list-options ("fdmove<TAB>-c, --copy"), '-' ones
fdmove_opts=$(chainscript --list-options |
  awk -F'\t' '$1 == "fdmove" { n = split($2, p, /, /); for (i = 1; i <= n; i++) { split(p[i], w, " "); print w[1] } }' | sorted)
# the alias of tcp-socket-listen: --list-names lists a builtin's aliases after it
tcp_names=$(chainscript --list-names | grep '^tcp-' | sorted)
# every option --help documents: "-n, --dry-run", "--format=F", "-P -p -S n ..."
help_opts=$(chainscript --help | grep -E '^ +-' | grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*=?' |
  sed 's/^[ ,]*//' | sorted)

if [ -z "$names" ] || [ -z "$fdmove_opts" ] || [ -z "$help_opts" ]; then
  echo "FAIL: $bin gives no --list-names, --list-options (fdmove) or --help"
  exit 1
fi

# chainscript's own options
check 'chainscript --dr' '--dry-run' chainscript --dr
check 'chainscript --form' '--format=' chainscript --form
check 'chainscript --l' '--list-builtins --list-names --list-options' chainscript --l
check 'chainscript -n --tr' '--trace' chainscript -n --tr
check 'chainscript -S 1 --dr (-S takes the next word)' '--dry-run' chainscript -S 1 --dr
check 'chainscript -S (a number: nothing)' '' chainscript -S ''
# every option --help documents is offered (the reply holds more: --list-names...)
complete_line chainscript -
missing=
for o in $help_opts; do
  case " $got " in *" $o "*) ;; *) missing="$missing $o" ;; esac
done
if [ -n "$missing" ]; then
  echo "FAIL: chainscript -: got '$got', which lacks what --help documents:$missing"
  failures=$((failures + 1))
fi

# --format and --dialect values, with and without "=" in COMP_WORDBREAKS
check 'chainscript --format= (split, cursor on "=")' 'json text' chainscript --format =
check 'chainscript --format= (split, empty word after "=")' 'json text' chainscript --format = ''
check 'chainscript --format=j (split)' 'json' chainscript --format = j
check 'chainscript --format= (not split)' '--format=json --format=text' chainscript --format=
check 'chainscript --format=j (not split)' '--format=json' chainscript --format=j
check 'chainscript --dialect=n (split)' 'nosh' chainscript --dialect = n
check 'chainscript --dialect=n (not split)' '--dialect=nosh' chainscript --dialect=n
check 'chainscript --dialect= (split)' 'chainscript execline nosh' chainscript --dialect = ''
check 'chainscript --dialect e (value as next word)' 'execline' chainscript --dialect e
check 'chainscript --format=json --dr (split)' '--dry-run' chainscript --format = json --dr

# builtin names: --help NAME and -c SCRIPT
check 'chainscript --help fdm' 'fdmove' chainscript --help fdm
check 'chainscript --help (every name, aliases too)' "$names" chainscript --help ''
check 'chainscript --help fdmove (after NAME: nothing)' '' chainscript --help fdmove ''
check 'chainscript -c tcp-socket-l' 'tcp-socket-listen' chainscript -c tcp-socket-l
check 'chainscript -c tcp- (names and aliases)' "$tcp_names" chainscript -c tcp-
check 'chainscript -nc tcp-socket-l (-c in a cluster)' 'tcp-socket-listen' chainscript -nc tcp-socket-l
check "chainscript -c 'fdm (quoted)" 'fdmove' chainscript -c "'fdm"
check 'chainscript -c (every name)' "$names" chainscript -c ''

# a builtin's options, after -c NAME
check 'chainscript -c tcp-socket-listen --reuse-' '--reuse-port' chainscript -c tcp-socket-listen --reuse-
check 'chainscript -c tcp-listen --reuse- (an alias)' '--reuse-port' chainscript -c tcp-listen --reuse-
check 'chainscript -c fdmove -' "$fdmove_opts" chainscript -c fdmove -
check 'chainscript -c fdmove 1 2 tcp-socket-listen --reuse- (the last builtin)' '--reuse-port' \
  chainscript -c fdmove 1 2 tcp-socket-listen --reuse-
check "chainscript -c 'fdmove' - (quoted)" "$fdmove_opts" chainscript -c "'fdmove'" -
check 'chainscript -cfdmove - (script in the -c word)' "$fdmove_opts" chainscript -cfdmove -
check 'chainscript -c true - (no builtin: files)' '' chainscript -c true -

# file names: the script FILE, and its ARGS
check 'chainscript a' 'a.run' chainscript a
check 'chainscript (every file)' 'a.run b.txt' chainscript ''
check 'chainscript -n --format=json b' 'b.txt' chainscript -n --format=json b
check 'chainscript -- a' 'a.run' chainscript -- a
check 'chainscript a.run --dr (an ARG, not an option)' '' chainscript a.run --dr
check 'chainscript a.run b' 'b.txt' chainscript a.run b

# the command word as a path: that chainscript answers, none on PATH needed
PATH=/usr/bin:/bin check 'CHAINSCRIPT-PATH --help fdm' 'fdmove' "$bin" --help fdm

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "bash completion: all cases passed"
exit 0
