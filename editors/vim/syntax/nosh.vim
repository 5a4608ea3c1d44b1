" Vim syntax file
" Language:	nosh scripts as chainscript runs them (#!/usr/bin/nosh)
"
" The builtins and most rules are chainscript's; syntax/chainscript.vim keeps
" them and applies nosh's lexing (grammar/nosh.cpp: no substitution, no
" blocks) when told so.

if exists('b:current_syntax')
  finish
endif

let b:chainscript_syntax_dialect = 'nosh'
runtime! syntax/chainscript.vim
unlet! b:chainscript_syntax_dialect

let b:current_syntax = 'nosh'
