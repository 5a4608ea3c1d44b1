" Vim file-type detection for chainscript run files.
" The dialect is chosen as chainscript itself chooses it: by the interpreter
" named on the #! line (execlineb: execline, nosh: nosh, chainscript: the
" native dialect). Run files have no telling name (run, *.run), so the first
" line is what counts.

function! s:Detect() abort
  " Only replace a guess: nothing yet, vim's generic "conf" for files
  " starting with #, or "ampl", which vim gives every *.run file. A file type
  " set by a more specific rule is left alone.
  if index(['', 'conf', 'ampl'], &filetype) < 0
    return
  endif
  " The interpreter is the first word after #!; only its base name matters
  " (#!/command/execlineb -P, #!/usr/local/bin/nosh).
  let interpreter = matchstr(getline(1), '^#!\s*\zs[^ \t\r]\+')
  let name = matchstr(interpreter, '[^/]*$')
  if name ==# 'chainscript'
    setlocal filetype=chainscript
  elseif name ==# 'execlineb'
    setlocal filetype=execline
  elseif name ==# 'nosh'
    setlocal filetype=nosh
  elseif expand('<amatch>') =~# '\.chainscript$'
    " The extension says chainscript; without a #! naming another
    " interpreter, the native dialect is what chainscript would read.
    setlocal filetype=chainscript
  endif
endfunction

au BufNewFile,BufRead * call <SID>Detect()
