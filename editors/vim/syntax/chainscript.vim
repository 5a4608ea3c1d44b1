" Vim syntax file
" Language:	chainscript run files, native dialect (#!/usr/bin/chainscript)
"
" syntax/execline.vim and syntax/nosh.vim include this file for the other two
" dialects: the builtins are the same, the lexing differs in a few places.
" Every rule follows the grammar in grammar/native.cpp, grammar/execline.cpp
" or grammar/nosh.cpp; where they differ, s:dialect says which one applies.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" Set by syntax/execline.vim and syntax/nosh.vim before they include this file.
let s:dialect = get(b:, 'chainscript_syntax_dialect', 'chainscript')

syn case match
" Multi-line quoted strings are rare; a hundred lines back is plenty to find
" where one starts, without reading a very long script from its top.
syn sync minlines=100

" ---- the pieces the patterns are made of ------------------------------------

" Blanks separate words: execline takes every control byte for one. execline
" has no single quotes ('...' is plain text there).
if s:dialect ==# 'execline'
  let s:blanks = '\x01-\x20'
  let s:quotes = '"'
else
  let s:blanks = ' \t\r\x0b\x0c'
  let s:quotes = '"'''
endif
let s:nonbare = s:blanks . s:quotes . '\\'
let s:part = {
      \ 'start': '\%(^\|[' . s:blanks . ']\)\@1<=',
      \ 'end': '\%([' . s:blanks . ']\|$\)\@=',
      \ 'bare': '[^' . s:nonbare . ']',
      \ 'value': '[^' . s:nonbare . '{}#-]',
      \ 'key': '[^' . s:nonbare . '${}]',
      \ }

" Runs a :syntax command with <start> (a word starts here), <end> (a word
" ends here), <bare> (a character of unquoted text), <value> (the first one
" of an option's value) and <key> (a character of a $NAME) filled in.
function! s:Syn(command) abort
  execute substitute(a:command, '<\(start\|end\|bare\|value\|key\)>', '\=s:part[submatch(1)]', 'g')
endfunction

" ---- builtins and their options -------------------------------------------

" A builtin is a whole word: "true" in /bin/true, true"x" or 'x'true is not
" one. Keywords are runs of these characters: every one but the blanks, so
" that only a whole word (hyphenated names such as tcp-socket-listen
" included) can be a keyword.
syn iskeyword 33-255

" Every builtin name and alias, from `chainscript --list-names`.
let s:builtins = [
      \ 'appendpath', 'background', 'backtick', 'case', 'cd', 'chdir', 'chroot',
      \ 'clearenv', 'define', 'dollarat', 'elgetopt', 'elgetpositionals',
      \ 'elglob', 'eltest', 'emptyenv', 'env', 'envdir', 'envfile', 'envuidgid',
      \ 'exec', 'execline-cd', 'execline-umask', 'exit', 'export', 'false',
      \ 'fdblock', 'fdclose', 'fdmove', 'fdredir', 'fdreserve', 'fdswap',
      \ 'forbacktickx', 'foreground', 'forstdin', 'forx', 'getcwd', 'getpid',
      \ 'hardlimit', 'heredoc', 'homeof', 'if', 'ifelse', 'ifte', 'ifthenelse',
      \ 'importas', 'line-banner', 'local-datagram-listen',
      \ 'local-datagram-socket-listen', 'local-reaper', 'local-seqpacket-listen',
      \ 'local-seqpacket-socket-accept', 'local-seqpacket-socket-listen',
      \ 'local-stream-listen', 'local-stream-socket-accept',
      \ 'local-stream-socket-listen', 'loopwhilex', 'multidefine',
      \ 'multisubstitute', 'netlink-datagram-socket-listen', 'netlink-listen',
      \ 'pause', 'pipe', 'pipeline', 'piperw', 'posix-cd', 'posix-umask',
      \ 'prependpath', 'printenv', 'read-conf', 'redirfd', 'runblock',
      \ 's6-applyuidgid', 's6-envdir', 's6-envuidgid',
      \ 's6-ipcserver-socketbinder', 's6-ipcserverd', 's6-setsid',
      \ 's6-setuidgid', 's6-softlimit', 's6-tcpserver-socketbinder',
      \ 's6-tcpserver4-socketbinder', 's6-tcpserver6-socketbinder',
      \ 's6-tcpserverd', 'setenv', 'setpgrp', 'setsid', 'setuidgid',
      \ 'setuidgid-fromenv', 'shift', 'softlimit', 'tcp-listen',
      \ 'tcp-socket-accept', 'tcp-socket-listen', 'trap', 'true', 'tryexec',
      \ 'udp-listen', 'udp-socket-listen', 'ulimit', 'umask', 'unexport',
      \ 'unix-listen', 'unsetenv', 'wait', 'withstdinas',
      \ ]
execute 'syn keyword chainscriptBuiltin nextgroup=chainscriptOption,chainscriptOptionJoin skipwhite'
      \ join(s:builtins)

" Options are the words starting with - right after a builtin: -c, -nt, -b0,
" --copy, --mode=0600, and a lone -- that ends them. Which options take a
" value is the builtin's business, so one plain word between two options is
" taken for the first one's value: both options of --name x --backlog 5 show.
call s:Syn('syn match chainscriptOption contained /--\=[[:alnum:]]<bare>*/'
      \ . ' nextgroup=chainscriptOption,chainscriptOptionValue,chainscriptOptionJoin skipwhite')
call s:Syn('syn match chainscriptOption contained /--<end>/'
      \ . ' nextgroup=chainscriptOption,chainscriptOptionValue,chainscriptOptionJoin skipwhite')
call s:Syn('syn match chainscriptOptionValue contained /<value><bare>*/'
      \ . ' contains=chainscriptSubst,chainscriptNumber'
      \ . ' nextgroup=chainscriptOption,chainscriptOptionJoin skipwhite')
" A backslash-newline between options keeps them going on the next line.
syn match chainscriptOptionJoin contained /\\$/
      \ nextgroup=chainscriptOption,chainscriptOptionValue skipwhite skipnl

" ---- words --------------------------------------------------------------

" '#' comments to the end of the line only where a word would start (a#b is
" a word); the #! line is one such comment.
call s:Syn('syn match chainscriptComment /<start>#.*/ contains=chainscriptTodo,@Spell')
syn match chainscriptTodo contained /\%(TODO\|FIXME\|XXX\)/

" A bare { or } word opens or closes a block; "{" is a plain word. nosh has
" no blocks: its foreground, background and pipe end their first program at
" a ; & or | word, which the native dialect accepts too.
if s:dialect !=# 'nosh'
  call s:Syn('syn match chainscriptBlock /<start>[{}]<end>/')
endif
if s:dialect !=# 'execline'
  call s:Syn('syn match chainscriptSeparator /<start>[;&|]<end>/')
endif

" Numbers: fds, exit codes, ports, sizes.
call s:Syn('syn match chainscriptNumber /<start>\d\+<end>/')

" Outside quotes a backslash makes the next character literal, and a
" backslash-newline joins lines. In execline, \$ gives a $ that is still
" substituted, so the $ is left to the substitution below.
if s:dialect ==# 'execline'
  syn match chainscriptEscape /\\[^$]/
else
  syn match chainscriptEscape /\\./
endif
syn match chainscriptLineJoin /\\$/

" Substitution (native and execline; nosh has none): ${NAME}, and $NAME,
" whose name runs to the end of the piece or the next \ $ { or }. Inside
" double quotes that is up to the closing quote: "$X: y" names "X: y", as
" chainscript and execline read it.
if s:dialect !=# 'nosh'
  call s:Syn('syn match chainscriptSubst /\$\%({<key>*}\|<key>\+\)/')
  syn match chainscriptStringSubst contained /\$\%({[^"\\${}]*}\|[^"\\${}]\+\)/
endif

" Double quotes, in every dialect; what a backslash may start differs.
syn region chainscriptString start=/"/ skip=/\\./ end=/"/
      \ contains=chainscriptStringEscape,chainscriptStringError,chainscriptStringSubst
if s:dialect ==# 'chainscript'
  " Only these escapes; any other is a syntax error, and so is one making a
  " NUL byte or, in octal, more than 0377. (Defined in this order: of two
  " matches at one place, the later wins.)
  syn match chainscriptStringError contained /\\./
  syn match chainscriptStringEscape contained /\\\%([abtnvfre\\"$]\|x\x\x\|0\o\{,3}\|$\)/
  syn match chainscriptStringError contained /\\\%(x00\|0\%(0\{3}\|0\{,2}\o\@!\)\|0[4-7]\o\o\)/
elseif s:dialect ==# 'execline'
  " Any character may follow: control letters, \0xHH, \0NNN, decimal \NNN,
  " the character itself. Errors: \0x without a hex digit, a value of 0, a
  " value over 255. \$ is a $ still substituted (see chainscriptEscape).
  syn match chainscriptStringEscape contained /\\\%([^$]\|$\)/
  syn match chainscriptStringEscape contained /\\\%(0x\x\x\=\|0\o\{,3}\|[1-9]\d\{,2}\)/
  syn match chainscriptStringError contained
        \ /\\\%(0x\x\@!\|0x0\%(0\|\x\@!\)\|0x\@!\%(0\{3}\|0\{,2}\o\@!\)\|0[4-7]\o\o\|25[6-9]\|2[6-9]\d\|[3-9]\d\d\)/
else
  " nosh: a backslash makes any next character literal.
  syn match chainscriptStringEscape contained /\\\%(.\|$\)/
endif

" Single quotes (native and nosh): literal, nothing special, never
" substituted.
if s:dialect !=# 'execline'
  syn region chainscriptSqString start=/'/ end=/'/
endif

" ---- colours ------------------------------------------------------------

hi def link chainscriptComment Comment
hi def link chainscriptTodo Todo
hi def link chainscriptBuiltin Statement
hi def link chainscriptOption Identifier
hi def link chainscriptBlock Delimiter
hi def link chainscriptSeparator Delimiter
hi def link chainscriptNumber Number
hi def link chainscriptEscape SpecialChar
hi def link chainscriptLineJoin Special
hi def link chainscriptOptionJoin chainscriptLineJoin
hi def link chainscriptSubst PreProc
hi def link chainscriptStringSubst chainscriptSubst
hi def link chainscriptString String
hi def link chainscriptSqString String
hi def link chainscriptStringEscape SpecialChar
hi def link chainscriptStringError Error

delfunction s:Syn
unlet s:part s:builtins s:blanks s:quotes s:nonbare s:dialect

let b:current_syntax = 'chainscript'

let &cpo = s:cpo_save
unlet s:cpo_save
