" Vim syntax file
" Language:	execline scripts as chainscript runs them (#!/bin/execlineb)
"
" The builtins and most rules are chainscript's; syntax/chainscript.vim keeps
" them and applies execline's lexing (grammar/execline.cpp) when told so.

if exists('b:current_syntax')
  finish
endif

let b:chainscript_syntax_dialect = 'execline'
runtime! syntax/chainscript.vim
unlet! b:chainscript_syntax_dialect

let b:current_syntax = 'execline'
