#!/usr/bin/env python3
"""Differential testing: random execline scripts, judged by the real execlineb.

usage: differential.py CHAINSCRIPT [--cases N] [--seed S] [--record DIR]
                       [--execlineb PATH] [--show K]

Each case is a script valid by construction in the execline dialect (blocks
nested in blocks, every quoting form, substitutions, positional parameters,
#! flags), with small deterministic programs at its leaves (printf, sh -c
'exit N', cat). It runs twice, in a fresh scratch directory each time, with
the same arguments, stdin and environment as the conformance corpus's
run-case: once under execlineb (the oracle, execline's programs first in
PATH) and once under chainscript. Stdout, the exit status and the files left
in the directory must be the same.

--record DIR writes each divergent case in the conformance format (NAME.script,
.args, .stdin, and the oracle's .stdout and .status), to become a case under
tests/conformance/ once fixed, or a departure listed in README.md.
Exit status: 0 when no case diverged, 1 otherwise.
"""
import argparse
import collections
import concurrent.futures
import gzip
import json
import os
import random
import re
import shutil
import socket
import signal
import subprocess
import sys
import tempfile
import threading

ORACLE_PATH = "/usr/lib/execline/bin:/usr/bin:/bin"
PLAIN_PATH = "/usr/bin:/bin"


# ---- words ---------------------------------------------------------------------

PLAIN = ["a", "b", "x1", "hello", "1", "0", "2", "-", "--", "a=b", "+", "@", "x.y", "A_B"]
VARS = ["A", "B", "C", "V", "X"]


class Gen:
    def __init__(self, rng, positional):
        self.r = rng
        self.bound = []  # variables a substitution is in force for
        self.positional = positional
        self.depth = 0
        self.pids = 0  # background pids imported so far

    def plain(self):
        return self.r.choice(PLAIN)

    def quoted(self):
        inner = self.r.choice(["a b", "", "x\\ty", "\\x41\\x42", "tab\\there", "q\\\"q", "back\\\\slash", "new\\nline", "$", "a{b}c", " lead", "\\0101"])
        return '"' + inner + '"'

    def subst(self):
        pool = list(self.bound)
        if self.positional:
            pool += ["1", "2", "#", "0"] if self.positional == "P" else ["1", "#"]
        if not pool:
            return self.plain()
        v = self.r.choice(pool)
        form = self.r.randrange(4)
        if form == 0:
            return "$" + v if v not in ("#",) else "${#}"
        if form == 1:
            return "${" + v + "}"
        if form == 2:
            return "${" + v + "}x"
        return '"<${' + v + '}>"'

    def word(self):
        k = self.r.randrange(10)
        if k < 5:
            return self.plain()
        if k < 7:
            return self.quoted()
        return self.subst()

    def words(self, lo=0, hi=3):
        return [self.word() for _ in range(self.r.randint(lo, hi))]

    # ---- leaves: programs that end a chain -----------------------------------

    def leaf(self):
        k = self.r.randrange(11)
        if k == 0:
            return ["printf", '"[%s]\\n"'] + self.words(1, 3)
        if k == 1:
            return ["printf", '"%s\\n"', self.word()]
        if k == 2:
            return ["sh", "-c", '"exit ' + str(self.r.choice([0, 1, 2, 3, 100, 127])) + '"']
        if k == 3:
            return ["echo"] + self.words(0, 3)
        if k == 4:
            return ["true"]
        if k == 5:
            return ["false"]
        if k == 6:
            return ["cat"]
        if k == 7:  # the environment it was given (PWD and OLDPWD name the scratch directory)
            return ["sh", "-c", '"env | grep -v -e ^PWD= -e ^OLDPWD= -e ^PATH= -e ^PID= | sort"']
        if k == 8:  # the fds it was given, 0 to 9 (a test runner may leave higher ones open)
            return ["sh", "-c", '"cd /proc/self/fd && echo ?"']
        if k == 9:  # killed by a signal
            return ["sh", "-c", '"kill -' + self.r.choice(["TERM", "KILL", "USR1"]) + ' $$"']
        return ["sh", "-c", '"echo \\$0:$#:$*"', "argv0"] + self.words(0, 2)

    # ---- chains ------------------------------------------------------------------

    def block(self):
        self.depth += 1
        saved = list(self.bound)
        body = self.chain(self.r.randint(0, 2))
        self.bound = saved
        self.depth -= 1
        return ["{"] + body + ["}"]

    def var(self):
        return self.r.choice(VARS)

    def step(self):
        r = self.r
        choices = ["foreground", "if", "ifelse", "define", "importas", "export", "unexport", "backtick",
                   "forx", "heredoc", "redirfd", "fdmove", "multisubstitute", "case", "eltest", "ifte", "withstdinas",
                   "umask", "exec", "emptyenv", "background", "cd", "dollarat", "elgetpositionals", "shift",
                   "elglob", "envfile", "exit", "fdclose", "fdswap", "fdreserve", "fdblock", "forbacktickx",
                   "forstdin", "homeof", "ifthenelse", "loopwhilex", "multidefine", "pipeline", "piperw",
                   "posix-cd", "posix-umask", "trap", "tryexec", "getpid", "elgetopt", "getcwd"]
        nesting = ("foreground", "if", "ifelse", "backtick", "forx", "ifte", "background", "forbacktickx",
                   "ifthenelse", "pipeline", "trap", "tryexec", "loopwhilex", "forstdin")
        if self.depth >= 3:
            choices = [c for c in choices if c not in nesting]
        c = r.choice(choices)
        if c == "foreground":
            return ["foreground"] + self.block()
        if c == "if":
            return ["if"] + r.choice([[], ["-n"], ["-t"], ["-X"]]) + self.block()
        if c == "ifelse":
            return ["ifelse"] + r.choice([[], ["-n"]]) + self.block() + self.block()
        if c == "ifte":
            return ["ifte"] + r.choice([[], ["-n"]]) + self.block() + self.block()
        if c == "define":
            v = self.var()
            opts = r.choice([[], ["-s"], ["-n"], ["-d", ":"], ["-s", "-d", "' '"], ["-C"], ["-N"]])
            w = ["define"] + opts + [v, self.word()]
            self.bound.append(v)
            return w
        if c == "importas":
            v = self.var()
            opts = r.choice([[], ["-D", "dflt"], ["-i"], ["-s"], ["-u"], ["-D", "''"]])
            w = ["importas"] + opts + [v, r.choice(["HOME", "A", "B", "NOPE"])]
            self.bound.append(v)
            return w
        if c == "export":
            return ["export", r.choice(["A", "B", "E"]), self.word()]
        if c == "unexport":
            return ["unexport", r.choice(["A", "B", "HOME"])]
        if c == "backtick":
            v = self.var()
            opts = r.choice([[], ["-n"], ["-E"], ["-i"], ["-D", "dd"], ["-x"]])
            w = ["backtick"] + opts + [v] + self.block()
            if "-E" in opts:
                self.bound.append(v)
            return w
        if c == "forx":
            v = self.var()
            # No -p: parallel rounds write in whatever order they are scheduled.
            opts = r.choice([[], ["-E"], ["-o", "0"], ["-x", "1"], ["-o", "0,1"]])
            vals = ["{"] + self.words(0, 3) + ["}"]
            if "-E" in opts:
                self.bound.append(v)
            return ["forx"] + opts + [v] + vals
        if c == "heredoc":
            return ["heredoc"] + r.choice([[], ["-d"]]) + ["0", self.r.choice(['"in\\n"', '"two\nlines\n"', '""', "noeol"])]
        if c == "redirfd":
            return ["redirfd", r.choice(["-w", "-a", "-r", "-c", "-x", "-W"]), r.choice(["1", "0", "3"]), r.choice(["f1", "f2", "./f1"])]
        if c == "fdmove":
            # Never onto fd 2: error messages would land in the compared stdout,
            # and chainscript's are worded (and located) its own way.
            return ["fdmove"] + r.choice([[], ["-c"]]) + [r.choice(["1", "3"]), r.choice(["1", "2", "3"])]
        if c == "multisubstitute":
            parts = []
            for _ in range(r.randint(1, 3)):
                v = self.var()
                if r.random() < 0.5:
                    parts += ["define", v, self.word()]
                else:
                    parts += ["importas", "-D", "d", v, r.choice(["A", "HOME", "NOPE"])]
                self.bound.append(v)
            return ["multisubstitute", "{"] + parts + ["}"]
        if c == "case":
            arms = []
            for _ in range(r.randint(1, 2)):
                arms += [r.choice(["a", "a.*", "^h", "[0-9]+", "x|y", '""'])] + self.block()
            return ["case"] + r.choice([[], ["-s"], ["-i"], ["-n"], ["-N"]]) + [self.word(), "{"] + arms + ["}"]
        if c == "eltest":
            test = r.choice([["-n", self.word()], ["-z", self.word()], [self.word(), "=", self.word()],
                             [self.word(), "-eq", r.choice(["1", "0", "x"])], ["!", "-e", "f1"], ["-f", "f1"],
                             [r.choice(["1", "2"]), "-lt", r.choice(["1", "2", "-1"])], ["-v", "A"]])
            return ["if", "{", "eltest"] + test + ["}"]
        if c == "withstdinas":
            v = self.var()
            self.bound.append(v)
            return ["withstdinas"] + r.choice([[], ["-n"], ["-E"]]) + [v]
        if c == "umask":
            return ["umask", r.choice(["022", "077", "0"])]
        if c == "exec":
            return ["exec"] + r.choice([[], ["-a", "argz"]])
        if c == "emptyenv":  # keeping PATH: the oracle's commands are programs found through it
            return ["emptyenv", "-p"] + r.choice([[], ["-o"], ["-c"], ["-P"]])
        if c == "background":  # waited for at once: its output comes before what follows (not -d)
            # Each its own name: a second `importas P` would find $P already
            # substituted by the first, and wait for a child reaped before
            # (seed 101 found that race).
            w = ["background"] + self.block()
            self.pids += 1
            p = "P%d" % self.pids
            return w + r.choice([["wait", "{", "}"], ["importas", "-i", p, "!", "wait", "{", "$" + p, "}"]])
        if c == "cd":  # never out of the scratch directory
            return [r.choice(["cd", "posix-cd"]), r.choice([".", "./", "nonexistent"])]
        if c == "posix-cd":
            return ["posix-cd"] + r.choice([[], ["-L"], ["-P"]]) + [r.choice([".", "nonexistent"])]
        if c == "dollarat":
            return ["foreground", "{", "dollarat"] + r.choice([[], ["-n"], ["-0"], ["-d", ":"]]) + ["}"]
        if c == "elgetpositionals":
            self.bound += ["#", "1", "2"]
            return ["elgetpositionals"] + r.choice([[], ["-P", "1"]])
        if c == "shift":
            return ["shift"] + r.choice([[], ["-n", "1"], ["-n", "5"], ["-b", "1"]])
        if c == "elgetopt":
            return ["elgetopt", r.choice(['"ab:"', '"x"', '""'])]
        if c == "elglob":
            v = self.var()
            self.bound.append(v)
            return ["elglob"] + r.choice([[], ["-0"], ["-s"], ["-m"]]) + [v, r.choice(['"f*"', '"*.script"', '"n*"'])]
        if c == "envfile":
            return ["foreground", "{", "redirfd", "-w", "1", "ef", "printf",
                    r.choice(['"K=v\\n# c\\nA = spaced \\n"', '"bad line\\n"', '"E=\\n"', '""']), "}",
                    "envfile", "ef"]
        if c == "exit":
            return ["foreground", "{", "exit", r.choice(["0", "3", "255", "256", "x"]), "}"]
        if c == "fdclose":
            return ["fdclose", r.choice(["0", "3", "7"])]
        if c == "fdswap":
            return ["fdswap", r.choice(["0", "3"]), r.choice(["1", "3"])]
        if c == "fdreserve":  # the fds it finds free, printed
            return ["fdreserve", r.choice(["1", "2"]), "importas", "-i", "F", "FD0", "foreground", "{", "echo", "fd", "$F", "}"]
        if c == "fdblock":
            # Not -n on stdin: it is a pipe the harness fills after the start,
            # and a read before the data came would fail with EAGAIN in
            # whichever program ran faster (seeds 112 and 113 found that race).
            flags, fd = r.choice([[], ["-n"]]), r.choice(["0", "1"])
            return ["fdblock"] + flags + ["1" if flags else fd]
        if c == "forbacktickx":
            v = self.var()
            opts = r.choice([[], ["-E"], ["-n"], ["-C"], ["-d", ":"], ["-o", "0"], ["-x", "1"]])
            w = ["forbacktickx"] + opts + [v] + ["{", "printf", r.choice(['"a\\nb\\n"', '"x:y"', '""', '"one two\\n"']), "}"]
            if "-E" in opts:
                self.bound.append(v)
            return w + ["foreground"] + self.block()
        if c == "forstdin":
            v = self.var()
            opts = r.choice([[], ["-E"], ["-n"], ["-C"], ["-d", ":"], ["-o", "0"], ["-x", "1"]])
            if "-E" in opts:
                self.bound.append(v)
            return ["foreground", "{", "forstdin"] + opts + [v] + self.chain(r.randint(0, 1)) + ["}"]
        if c == "homeof":
            return ["foreground", "{", "homeof", r.choice(["root", "nosuchuser"]), "}"]
        if c == "ifthenelse":
            return ["ifthenelse"] + r.choice([[], ["-s"]]) + self.block() + self.block() + self.block()
        if c == "loopwhilex":  # ends: its program stops the loop at once, or after one round
            opts, prog = r.choice([
                ([], ["false"]), ([], ["sh", "-c", '"exit 3"']), (["-n"], ["true"]), (["-o", "0"], ["sh", "-c", '"exit 3"']),
                (["-x", "1"], ["false"]), (["-o", "0,3"], ["false"]), (["-x", "0"], ["true"])])
            once = ["if", "{", "redirfd", "-x", "1", "lw", "true", "}", "true"]  # 0, then 1
            return ["foreground", "{", "loopwhilex"] + opts + r.choice([prog, prog, once]) + ["}"]
        if c == "multidefine":
            names = [self.var() for _ in range(r.randint(1, 3))]
            self.bound += names
            return ["multidefine"] + r.choice([[], ["-0"], ["-r"], ["-d", ":"], ["-N"]]) + \
                [r.choice(['"a b c"', '"a:b"', '""', "one"]), "{"] + names + ["}"]
        if c == "pipeline":  # the block writes, cat (waited for) reads it all: no race (-w would be one)
            return ["foreground", "{", "pipeline"] + r.choice([[], ["-r"]]) + self.block() + ["cat", "}"]
        if c == "piperw":
            return ["piperw", "3", "4", "fdclose", "4"]
        if c == "posix-umask":
            return r.choice([["posix-umask", r.choice(["022", "u=rwx,g=rx,o=", "a-w", "g+w", "bad"])],
                             ["foreground", "{", "posix-umask", "}"], ["foreground", "{", "posix-umask", "-S", "}"]])
        if c == "trap":
            arms = []
            for sig in r.sample(["SIGTERM", "USR1", "default", "SIGHUP"], r.randint(1, 2)):
                arms += [sig] + self.block()
            return ["trap"] + r.choice([[], ["-x"]]) + ["{"] + arms + ["}"]
        if c == "tryexec":
            return ["tryexec"] + r.choice([[], ["-n"]]) + ["{", r.choice(["nonexistent-program", "true"]), "}"]
        if c == "getpid":  # a pid differs from run to run: the env leaf leaves PID out
            return ["getpid", "PID"]
        if c == "getcwd":  # the scratch directory's name differs from run to run: never printed
            return r.choice([["getcwd", "-E", "G", "cd", "${G}"], ["getcwd", "G", "unexport", "G"],
                             ["getcwd", "-e", "G", "cd", "${G}", "unexport", "G"]])
        raise AssertionError(c)

    def chain(self, steps):
        out = []
        for _ in range(steps):
            out += self.step()
        return out + self.leaf()


def render(tokens, rng):
    """Words of a chain as script text: blocks on their own lines at random."""
    out = []
    for t in tokens:
        sep = rng.choice([" ", " ", " ", "\n", "\n  ", "\t"])
        out.append(t)
        out.append(sep)
    return "".join(out).rstrip() + "\n"


def make_case(rng):
    flag = rng.choice(["-P", "-P", "-P", "-S2", "-s1", "-p", "-W", "-Ws1"])
    # Which positional parameters the script may name: all of them after
    # -S2 and -p, $1 and $# after -s1 (-Ws1 is generated without them).
    g = Gen(rng, {"-S2": "P", "-p": "P", "-s1": "s"}.get(flag))
    tokens = g.chain(rng.randint(1, 5))
    text = "#!/usr/bin/execlineb " + flag + "\n"
    if rng.random() < 0.2:
        text += "# a comment\n"
    text += render(tokens, rng)
    args = []
    if flag not in ("-P", "-W"):
        args = [rng.choice(["one", "", "two words", "x"]) for _ in range(rng.randint(0, 3))]
    stdin = rng.choice([None, "line one\nline two\n", "a b c\n", "noeol"])
    return text, args, stdin


# ---- nosh scripts --------------------------------------------------------------

NOSH_PLAIN = ["a", "b", "x1", "hello", "1", "0", "--", "-", "a=b", "+", "@", "x.y", "A_B", "{", "}"]

# Accounts and groups every Debian has, and now and then a name no system
# has (a group's number is not its name for nosh). An account with
# supplementary groups would be this machine's own: the recorded answers are
# replayed elsewhere.
NOSH_ACCOUNTS = ["root", "nobody", "daemon"] * 3 + ["nosuchuser"]
NOSH_GROUPS = ["root", "nogroup", "daemon", "users"] * 3 + ["nosuchgroup", "0"]
# A listener's --backlog is read by strtoul: C's prefixes, a sign (-1 is
# ULONG_MAX, which listen() takes as the kernel's maximum).
NOSH_BACKLOGS = ["2", "0", "0x10", "010", "16"] * 2 + ["+7", "-1"]

# A leaf that reports what the listeners left: fds 3 to 8 (closed, the kind of
# file, or the socket's family, type, listening state, bound address, options
# and backlog, the last from ss, found by the socket's inode), the mode and
# owner of the local sockets' paths, and the variables the listeners set
# (LISTEN_PID only as whether it is the leaf's own pid). A port is printed
# only if it is not an ephemeral one. No double quote and no backslash: it is
# one double-quoted nosh word.
NOSH_REPORT = """import os, socket as S, stat as T, subprocess as P
def o(s, l, n):
  try: return s.getsockopt(l, n)
  except OSError: return '-'
try: q = P.run(['ss', '-Hanxtue'], capture_output=True, text=True).stdout.splitlines()
except OSError: q = []
for fd in range(3, 9):
  if not os.path.exists('/proc/self/fd/%d' % fd):
    print(fd, 'closed'); continue
  st = os.fstat(fd)
  if not T.S_ISSOCK(st.st_mode):
    print(fd, T.filemode(st.st_mode)[0]); continue
  s = S.socket(fileno=fd)
  a = s.getsockname()
  if type(a) == tuple: a = '%s:%s' % (a[0], a[1] if a[1] < 32768 else 'eph')
  b = [l.split()[3] for l in q if ' %d ' % st.st_ino in l + ' ' or 'ino:%d ' % st.st_ino in l + ' ']
  print(fd, s.family.name, s.type.name, 'listening=%s' % o(s, 1, 30), a or '-',
        'reuseaddr=%s reuseport=%s freebind=%s v6only=%s passcred=%s passsec=%s' % (
        o(s, 1, 2), o(s, 1, 15), o(s, 0, 15), o(s, 41, 26), o(s, 1, 16), o(s, 1, 34)),
        'backlog=' + (b[0] if b and o(s, 1, 30) == 1 else '-'))
  s.detach()
for n in ['s%d' % i for i in range(1, 9)]:
  if os.path.exists(n): m = os.stat(n); print(n, '%o:%d:%d' % (T.S_IMODE(m.st_mode), m.st_uid, m.st_gid))
for v in ['LISTEN_FDS', 'LISTEN_FDNAMES', 'UPSTART_FDS', 'UPSTART_EVENTS']:
  if v in os.environ: print(v + '=' + os.environ[v])
if 'LISTEN_PID' in os.environ: print('LISTEN_PID=' + ('self' if os.environ['LISTEN_PID'] == str(os.getpid()) else 'other'))"""
assert '"' not in NOSH_REPORT and "\\" not in NOSH_REPORT


class NoshGen:
    """nosh's syntax: words (quoted "...", '...', backslashes), no
    substitution, no braces; foreground/background/pipe split at ; & | (or
    the separator given to them)."""

    def __init__(self, rng, port):
        self.r = rng
        self.depth = 0
        self.seps = set()  # the separators of the foregrounds, pipes and backgrounds this is inside
        self.in_pipe = False
        self.in_background = False
        self.sockets = 0  # local listeners so far: each at a path of its own
        self.bgfiles = 0  # the files background sides write: each its own, never read
        self.listeners = 0  # listeners of any kind so far
        self.creds = False  # setuidgid or envuidgid so far
        self.port = port  # this case's ten fixed ports: port to port+9 (make_nosh_case)
        self.ports = []  # those taken so far
        # Once a process nobody waits for has been forked (a pipe's side, a
        # background), it may still hold a copy of a listener's socket while
        # the chain goes on: a port taken before is not taken again.
        self.fresh_ports_only = False

    def word(self):
        r = self.r
        k = r.randrange(10)
        if k < 5:
            return r.choice(NOSH_PLAIN)
        if k < 7:
            return '"' + r.choice(["a b", "", "q\\\"q", "back\\\\slash", "x\\ny", "$HOME", "a;b", "#not", "'s'"]) + '"'
        if k < 9:
            return "'" + r.choice(["a b", "", "\\n", '"dq"', "$x", "a|b"]) + "'"
        # \; \& \| are the words ; & | and split a foreground, background or
        # pipe (nosh looks at argv, not at quoting): only outside those that
        # split at them.
        return r.choice(["a\\ b", "x\\y", '"con"cat\'en\'ated'] +
                        [w for w in ["\\;", "\\&", "\\|"] if w[1] not in self.seps])

    def words(self, lo=0, hi=3):
        return [self.word() for _ in range(self.r.randint(lo, hi))]

    def leaf(self):
        r = self.r
        if self.listeners and not self.in_background and r.random() < 0.5:
            return ["python3", "-c", '"' + NOSH_REPORT + '"']
        if self.creds and r.random() < 0.25:
            return ["id"]
        while True:
            k = r.randrange(10)
            # A background side reads no stdin (the chain's cat would race it)
            # and lists no file (the chain makes them meanwhile).
            if not (self.in_background and k in (4, 9)):
                break
        if k == 9:  # the modes files were made with (umask, fdredir --mode), or the limits
            return r.choice([["sh", "-c", '"ls -l f1 f2 s1 s2 2>/dev/null | cut -c1-10"'],
                             ["sh", "-c", '"ulimit -Sn; ulimit -Hn; ulimit -Sc; ulimit -Sf"']])
        if k == 0:
            return ["printf", '"[%s]\\n"'] + self.words(1, 3)
        if k == 1:
            return ["echo"] + self.words(0, 3)
        if k == 2:
            return ["sh", "-c", '"exit ' + str(r.choice([0, 1, 2, 100])) + '"']
        if k == 3:
            return [r.choice(["true", "false"])]
        if k == 4:
            return ["cat"]
        if k == 5:  # PWD names the scratch directory, PATH differs, LISTEN_PID is a pid
            return ["sh", "-c", '"env | grep -v -e ^PWD= -e ^OLDPWD= -e ^PATH= -e ^LISTEN_PID= | sort"']
        if k == 6:
            return ["sh", "-c", '"cd /proc/self/fd && echo ?"']
        if k == 7:
            return ["sh", "-c", '"kill -TERM $$"']
        # --envdir swaps LF and NUL, --conf quotes (setenv's values are any word), -0 ends with NUL
        return (["printenv"] + r.choice([[], ["--full"]]) + r.choice([[], [], ["--envdir"], ["--conf"], ["-0"]]) +
                [r.choice(["V", "W", "HOME", "NOPE"])])

    def chain(self, steps):
        out = []
        for _ in range(steps):
            out += self.step()
        return out + self.leaf()

    def inside(self, seps, steps, **flags):
        """A chain inside a foreground, pipe or background splitting at seps."""
        saved = (set(self.seps), self.in_pipe, self.in_background)
        self.depth += 1
        self.seps |= set(seps)
        self.in_pipe = flags.get("in_pipe", self.in_pipe)
        self.in_background = flags.get("in_background", self.in_background)
        inner = self.chain(steps)
        self.seps, self.in_pipe, self.in_background = saved
        self.depth -= 1
        return inner

    def step(self):
        r = self.r
        choices = ["foreground", "pipe", "setenv", "unsetenv", "clearenv", "chdir", "umask", "fdmove", "fdredir",
                   "appendpath", "prependpath", "line-banner", "read-conf", "envdir", "setsid", "setpgrp",
                   "ulimit", "softlimit", "local-listen", "background", "setuidgid", "envuidgid", "tcp-listen",
                   "udp-listen"]
        # nosh splits at the leftmost separator: a foreground, pipe or
        # background holds none that splits it (read-conf and envdir use ;).
        # Another separator (--separator) lets one nest in another.
        if self.depth >= 2:
            choices = [c for c in choices if c not in ("foreground", "pipe", "read-conf", "envdir", "background")]
        if ";" in self.seps:
            choices = [c for c in choices if c not in ("pipe", "read-conf", "envdir")
                       and not (c == "foreground" and "::" in self.seps)]
        if "&" in self.seps and "@@" in self.seps:
            choices = [c for c in choices if c != "background"]
        # The forked side of a pipe is waited for by nobody: cat ends when the
        # pipe does, so that side must not move its stdout off the pipe (it
        # would race what follows).
        if self.in_pipe:
            choices = [c for c in choices if c not in ("fdmove", "fdredir")]
        # Nor is a background side: it changes nothing the chain could see
        # (files, fds, sockets) and nests nothing.
        if self.in_background:
            choices = [c for c in choices if c in ("setenv", "unsetenv", "clearenv", "umask", "appendpath",
                                                   "prependpath", "line-banner", "ulimit", "softlimit",
                                                   "setuidgid", "envuidgid", "chdir")]
        c = r.choice(choices)
        if c == "foreground":
            sep = ";" if ";" not in self.seps and ("::" in self.seps or r.random() < 0.8) else "::"
            opt = [] if sep == ";" else r.choice([["--separator", "::"], ["-S", "::"], ["-S::"]])
            inner = self.inside([sep], r.randint(0, 2))
            return ["foreground"] + self.flat([opt] if opt else []) + inner + [sep]
        if c == "pipe":  # --inwards: the reader, cat, is chain loaded (waited for) and reads it all
            self.fresh_ports_only = True
            sep = r.choice([[], ["--separator", "%%"], ["-S", "%%"]])
            grand = r.choice([[], [], ["--grandchild"], ["-g"]])
            inner = self.inside([";", "%%" if sep else "|"], r.randint(0, 1), in_pipe=True)
            return (["foreground", "pipe", "--inwards"] + grand + sep + inner + ["%%" if sep else "|", "cat", ";"])
        if c == "background":
            return self.background()
        if c == "setenv":
            return ["setenv", r.choice(["V", "W", "HOME"]), self.word()]
        if c == "unsetenv":
            return ["unsetenv", r.choice(["V", "W", "HOME"])]
        if c == "clearenv":  # PATH kept: the leaves are found through it
            keep = [o for o in ["--keep-user", "-h", "--keep-shell", "--keep-term", "--keep-locale", "-l"]
                    if r.random() < 0.2]
            return ["clearenv", r.choice(["--keep-path", "-p"])] + keep
        if c == "chdir":
            return ["chdir", r.choice([".", "./", "nonexistent"])]
        if c == "umask":
            # Never a bad mask: chainscript refuses the whole nosh script before it runs (README, departures).
            return ["umask", r.choice(["022", "0077", "7", "0x12", "999"])]
        if c == "fdmove":
            return ["fdmove"] + r.choice([[], ["-c"], ["--copy"]]) + [r.choice(["1", "3", "0x3", "03"]),
                                                                      r.choice(["1", "3", "0", "0x1"])]
        if c == "fdredir":  # fds as C writes numbers; at most one opening mode
            mode = r.choice([["--read"], ["--write"], ["--append"], ["--update"], ["-r"], ["-w"], ["-a"], [],
                             ["--write-noclobber"], ["-x"], ["--append-noclobber"], ["-c"], ["-u"]])
            extra = r.choice([[], [], ["--mode", r.choice(["0600", "416", "0x1ed"])], ["-n"], ["--non-blocking"]])
            if r.random() < 0.1:
                return ["fdredir", r.choice(["--directory", "-d"]), "3", r.choice([".", "f1", "nonexistent"])]
            return ["fdredir"] + extra + mode + [r.choice(["0", "1", "3", "0x3"]), r.choice(["f1", "f2", "nonexistent/f"])]
        if c in ("appendpath", "prependpath"):
            return [c, r.choice(["V", "W", "NEW"]), r.choice(["/x", '""', "a:b"])]
        if c == "line-banner":  # "--" ends the options: a banner "--" or "-" (passed over) needs one before it
            w = self.word()
            return ["line-banner"] + r.choice([[], ["--NVT"]]) + (["--"] if w in ("--", "-") else []) + [w]
        if c == "read-conf":
            content = r.choice(['"V=conf\\n"', '"# c\\nW=\\"q v\\"\\n"', '""', '"bad line\\nV=2\\n"'])
            return ["foreground", "fdredir", "--write", "1", "rc", "printf", content, ";", "read-conf", "rc"]
        if c == "envdir":  # a value with blanks, a NUL and two lines; an empty file unsets W
            opts = [o for o in (["-f"], ["--full"], ["-c"], ["--chomp"], ["-i"], ["--ignore-nodir"]) if r.random() < 0.25]
            return ["foreground", "mkdir", "-p", "ed", ";", "foreground", "sh", "-c",
                    '"printf \'  v1 \\\\n\\\\0x \\\\n\' > ed/V; : > ed/W"', ";",
                    "envdir"] + [w for o in opts for w in o] + [r.choice(["ed", "ed", "ed", "nonexistent"])]
        if c == "ulimit":  # lowered only: raising may be refused, and by the hard limit
            return ["ulimit"] + r.choice([[], ["-S"], ["-H", "-S"]]) + r.choice([["-n", "512"], ["-c", "0"], ["-f", "2000"]])
        if c == "softlimit":
            return ["softlimit", "-o", r.choice(["256", "600"])] + r.choice([[], ["-c", "0"]])
        if c in ("setuidgid", "envuidgid"):
            # After setuidgid to another account the scratch directory (root's,
            # 0700) is closed to what follows: its failures are compared by status.
            self.creds = True
            env = []
            if c == "envuidgid" and r.random() < 0.15:  # what it sets, or unsets without -s, set first
                env = ["setenv", r.choice(["GIDLIST", "UID", "GID"]), "9"]
            opts = r.choice([[], [], [["-s"]], [["--supplementary"]]])
            if r.random() < 0.4:
                g = r.choice(NOSH_GROUPS)
                opts.append(r.choice([["--primary-group", g], ["-g", g], ["-g" + g]]))
                r.shuffle(opts)
            return env + [c] + self.flat(opts) + [r.choice(NOSH_ACCOUNTS)]
        if c == "local-listen":
            return self.listen_env() + self.local_listen()
        if c in ("tcp-listen", "udp-listen"):
            return self.listen_env() + self.ip_listen(c[:3])
        if c == "setsid":
            return ["setsid"]
        if c == "setpgrp":
            return ["setpgrp"]
        raise AssertionError(c)

    def flat(self, opts):
        """Options as words: now and then a lone "-" among them (nosh's
        option parser passes over it), or "--" after them."""
        r = self.r
        words = [w for o in opts for w in o]
        k = r.random()
        if k < 0.05:
            i = r.randint(0, len(opts))
            words = [w for o in opts[:i] for w in o] + ["-"] + [w for o in opts[i:] for w in o]
        elif k < 0.12:
            words.append("--")
        return words

    def background(self):
        """background … & whose output does not depend on the scheduler: its
        side writes nothing, or only to a file of its own that nothing reads
        (the harness compares the files once the case's processes are all
        gone: the side keeps stderr, so it is waited for)."""
        r = self.r
        self.fresh_ports_only = True
        sep = "&" if "&" not in self.seps and ("@@" in self.seps or r.random() < 0.8) else "@@"
        opt = [] if sep == "&" else r.choice([["--separator", "@@"], ["-S", "@@"], ["-S@@"]])
        if r.random() < 0.4:
            side = r.choice([["true"], ["false"], ["sh", "-c", '"exit 3"'], ["nonexistent-program"]])
        else:
            self.bgfiles += 1
            side = (["fdredir", r.choice(["--write", "-w"]), "1", "bg%d" % self.bgfiles] +
                    self.inside([sep], r.randint(0, 2), in_background=True))
        return ["background"] + self.flat([opt] if opt else []) + side + [sep]

    def listen_env(self):
        """Sometimes the variables a listener reads or passes on, set first."""
        r = self.r
        if r.random() < 0.85:
            return []
        return r.choice([["setenv", "LISTEN_FDS", r.choice(["2", "0x2"])], ["setenv", "LISTEN_PID", "1"],
                         ["setenv", "LISTEN_FDNAMES", "x:y"], ["unsetenv", "LISTEN_PID"],
                         ["setenv", "UPSTART_FDS", "7"]])

    def compat(self):
        r = self.r
        return [o for o in (["--systemd-compatibility"], ["--upstart-compatibility"]) if r.random() < 0.35]

    def local_listen(self):
        """A local listener, its options in every form (numbers as C writes
        them). In the scratch directory: no port to collide on. Each at a
        path of its own: nosh unlinks a live socket to bind another,
        chainscript refuses (README's departures). No --backlog on a datagram
        one: nosh has none (a usage error)."""
        r = self.r
        kind = r.choice(["stream", "datagram", "seqpacket"])
        opts = self.compat()
        if r.random() < 0.2:
            opts.append(["--pass-credentials"])
        if r.random() < 0.1:
            opts.append(["--pass-security"])
        if kind != "datagram" and r.random() < 0.3:
            n = r.choice(NOSH_BACKLOGS)
            opts.append(r.choice([["--backlog", n], ["-b", n], ["-b" + n]]))
        if r.random() < 0.35:
            m = r.choice(["0600", "416", "0x1a4", "0755", "0"] * 3 + ["04755", "01777", "-1", "+0644"])
            opts.append(r.choice([["--mode", m], ["-m", m], ["-m" + m]]))
        if r.random() < 0.25:
            u = r.choice(["0", "65534", "-1", "1", "0x1"] * 2 + ["+1", "-2"])
            opts.append(r.choice([["--uid", u], ["-u", u]]))
        if r.random() < 0.25:
            g = r.choice(["0", "65534", "-1", "1", "0x1"])
            opts.append(r.choice([["--gid", g], ["-g", g]]))
        if r.random() < 0.2:
            opts.append(["--user", r.choice(NOSH_ACCOUNTS)])
        if r.random() < 0.2:
            opts.append(["--group", r.choice(NOSH_GROUPS)])
        r.shuffle(opts)
        self.sockets += 1
        self.listeners += 1
        return ["local-" + kind + "-socket-listen"] + self.flat(opts) + ["s%d" % self.sockets]

    def ip_listen(self, proto):
        """A TCP or UDP listener on the loopback. Its port is 0 (an ephemeral
        one) or one of the case's own ten (make_nosh_case), written as
        getaddrinfo reads a service: decimal, with leading zeros (still
        decimal), or in hex (no such service); now and then an empty host
        (no such host) or service (port 0). Two listeners of a case may
        share a port (the second's bind fails, the same in both), but not
        once a copy of the first's socket may outlive what the chain sees."""
        r = self.r
        opts = self.compat()
        for o in (["--no-reuse-address"], ["--reuse-port"], ["--bind-to-any"], ["--check-interfaces"],
                  ["--combine4and6"]):
            if r.random() < 0.15:
                opts.append(o)
        numeric_host = r.random() < 0.3
        if numeric_host:
            opts.append(r.choice([["--numeric-host"], ["-H"]]))
        numeric_service = r.random() < 0.2
        if numeric_service:
            opts.append(["--numeric-service"])
        if proto == "tcp" and r.random() < 0.3:
            n = r.choice(NOSH_BACKLOGS)
            opts.append(r.choice([["--backlog", n], ["-b", n], ["-b" + n]]))
        r.shuffle(opts)
        if numeric_host and proto == "tcp" and ["-H"] in opts and r.random() < 0.5:
            # short options run together: -H with -b's number after it
            b = [o for o in opts if o[0].startswith("-b") or o[0] == "--backlog"]
            if b:
                opts.remove(b[0])
                opts.remove(["-H"])
                opts.insert(0, ["-Hb", b[0][-1] if len(b[0]) == 2 else b[0][0][2:]])
        host = r.choice(["127.0.0.1"] * 6 + ["::1"] * 6 + ["localhost"] * 2 + ["127.1", "192.0.2.1", '""'])
        form = r.choice(["0"] * 10 + ["%d"] * 14 + ["0%d"] * 4 + ["0x%x", "nosuchservice", '""'])
        fresh = [self.port + len(self.ports)] if len(self.ports) < 10 else []
        pool = ([] if self.fresh_ports_only else self.ports) + fresh
        port = form
        if "%" in form and pool:
            p = r.choice(pool)
            if p not in self.ports:
                self.ports.append(p)
            port = form % p
        elif "%" in form:
            port = "0"
        self.listeners += 1
        return [proto + "-socket-listen"] + self.flat(opts) + [host, port]


# Each case's fixed ports are its own among the cases that may run at once
# (--jobs): a block of ten from its index in the run, whatever J, offset by
# a draw of the first case's so that runs of two seeds side by side seldom
# meet. Below the ephemeral range (32768 up), so port 0 never takes one.
NOSH_PORTS = {"index": 0, "offset": 0}


def make_nosh_case(rng):
    if NOSH_PORTS["index"] == 0:
        NOSH_PORTS["offset"] = rng.randrange(1000)
    port = 20000 + 10 * ((NOSH_PORTS["offset"] + NOSH_PORTS["index"]) % 1000)
    NOSH_PORTS["index"] += 1
    g = NoshGen(rng, port)
    tokens = g.chain(rng.randint(1, 5))
    text = "#!/bin/nosh\n"
    if rng.random() < 0.2:
        text += "# a comment\n"
    return text + render(tokens, rng), [], None


# ---- running -----------------------------------------------------------------

def shebang_arg(text):
    first = text.split("\n", 1)[0]
    parts = first[2:].strip().split(None, 1)
    return [parts[1].strip()] if len(parts) == 2 else []


def run(cmd, path_var, text, args, stdin, timeout=10):
    d = tempfile.mkdtemp(prefix="chainscript-diff.")
    try:
        with open(os.path.join(d, "case.script"), "w") as f:
            f.write(text)
        env = {"PATH": path_var, "HOME": "/nonexistent", "LC_ALL": "C"}  # as run-case
        # In a session of its own, so that a timeout kills what it left running
        # too; run by a shell that waits for it, so that the case itself leads
        # no session or group (setsid works) and a death by signal N is 128+N,
        # as a shell or run-case reports it.
        wrapped = ["/bin/sh", "-c", '"$@"; exit $?', "sh"] + cmd + shebang_arg(text) + ["case.script"] + args
        p = subprocess.Popen(wrapped, cwd=d, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
        try:
            out, err = p.communicate((stdin or "").encode(), timeout=timeout)
            status = p.returncode
        except subprocess.TimeoutExpired:
            status, out, err = "timeout", b"", b""
        finally:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        files = {}
        for name in sorted(os.listdir(d)):
            if name == "case.script":
                continue
            p_ = os.path.join(d, name)
            files[name] = open(p_, "rb").read() if os.path.isfile(p_) else "<not a file>"
        return status, out, err, files
    finally:
        shutil.rmtree(d, ignore_errors=True)


def port(cs, text):
    """chainscript --port of the case: (status, the native script, its warnings)."""
    d = tempfile.mkdtemp(prefix="chainscript-port.")
    try:
        with open(os.path.join(d, "case.script"), "w") as f:
            f.write(text)
        p = subprocess.run(cs + ["--port", "case.script"], cwd=d, capture_output=True, timeout=30)
        return p.returncode, p.stdout.decode(), p.stderr.decode()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def compare(a, rng, oracle_cmd, oracle_path, cs, make):
    """Runs a.cases cases; returns (cases run, divergent [(name, text, args, stdin, want, got)], recorded)."""
    # The cases are drawn first, in order, so that a seed names the same cases
    # however many run at once; most of a case's time is spent waiting.
    cases = [make(rng) for _ in range(a.cases)]

    def judge(i):
        text, args, stdin = cases[i]
        want = run(oracle_cmd, oracle_path, text, args, stdin)
        got = run(cs, PLAIN_PATH, text, args, stdin)
        record = {"script": text, "args": args, "stdin": stdin, "status": want[0],
                  "stdout": want[1].decode("latin-1"),
                  "files": {k: v.decode("latin-1") if isinstance(v, bytes) else v for k, v in want[3].items()}}
        if not (want[0] == got[0] and want[1] == got[1] and want[3] == got[3]):
            if looked_up_first(text, got, want):
                return record, []
            return record, [("diff-%s-%d-%05d" % (a.dialect, a.seed, i), text, args, stdin, want, got)]
        if a.port:
            return record, ported_divergence(a, cs, "port-%s-%d-%05d" % (a.dialect, a.seed, i), text, args, stdin, want)
        return record, []

    diverged = []
    recorded = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for record, found in pool.map(judge, range(a.cases)):
            recorded.append(record)
            diverged += found
    return diverged, recorded


# Cases not held to the oracle's answer, by README's departures.
PORT_DEPARTURES = collections.Counter()
PORT_LOCK = threading.Lock()

LOOKUP_FAILURE = re.compile(rb"^chainscript: [^\n]*: (unknown (user|group) |unable to resolve |no interface named )")


LISTENER_NAME_FAILURE = re.compile(rb"(^|\n)chainscript: [^\n]*-socket-listen: unknown (user|group) ")


def looked_up_first(text, got, want=None):
    """README's departures: a nosh script's names are looked up before its
    first effect, so one that does not resolve stops it before anything ran
    (no output, no file), where nosh runs the steps before it; and a local
    listener looks up its --user and --group before it binds, so one that
    does not resolve leaves no socket file, where nosh binds, then fails."""
    if not text.startswith("#!/bin/nosh"):
        return False
    if got[0] not in (0, "timeout") and not got[1] and not got[3] and LOOKUP_FAILURE.match(got[2]):
        with PORT_LOCK:
            PORT_DEPARTURES["nosh: a name looked up before the first effect"] += 1
        return True
    left = set(want[3]) - set(got[3]) if want is not None else set()
    # The listeners' report leaf names each socket file it finds, and the
    # modes leaf (ls -l) shows it: not those.
    reported = re.compile(rb"^((%s) [0-7]+:\d+:\d+|s[rwxsStT-]{9})$" %
                          b"|".join(re.escape(n.encode()) for n in left)) if left else None
    want_out = b"".join(l for l in want[1].splitlines(True) if not reported.match(l.rstrip(b"\n"))) if left else None
    if (left and want[0] == got[0] and want_out == got[1] and LISTENER_NAME_FAILURE.search(got[2])
            and set(got[3]) < set(want[3])
            and all(want[3][k] == got[3][k] for k in got[3])
            and all(want[3][k] == "<not a file>" for k in left)):
        with PORT_LOCK:
            PORT_DEPARTURES["nosh: a listener's user or group looked up before it binds"] += 1
        return True
    return False


def refused(cs, text):
    """chainscript --check refuses the script (validation, before anything runs)."""
    d = tempfile.mkdtemp(prefix="chainscript-check.")
    try:
        with open(os.path.join(d, "case.script"), "w") as f:
            f.write(text)
        return subprocess.run(cs + ["--check", "case.script"], cwd=d, capture_output=True, timeout=30).returncode != 0
    finally:
        shutil.rmtree(d, ignore_errors=True)


def port_departure(cs, text, native, ported):
    """Which of README's departures explains a ported case's difference, or None."""
    if re.search(rb"a block where \S+ was expected", ported[2]):
        return "flat argv"  # a value vanished when it ran: execline reads the block's words, native has blocks
    if ported[0] in (100, 111) and not ported[1] and refused(cs, native) and refused(cs, text):
        # The error is the original's (--check finds it there too): native
        # refuses before it runs what execline meets when the command runs.
        return "refused up front"
    return None


def ported_divergence(a, cs, name, text, args, stdin, want):
    """The same script ported to the native dialect must behave the same: [] or its divergence."""
    status, native, warnings = port(cs, text)
    # The rule: a construct with no native equivalent is a located
    # warning, and the case is not held to the oracle's answer.
    if "no native equivalent" in warnings:
        with PORT_LOCK:
            PORT_DEPARTURES["warned: no native equivalent"] += 1
        return []
    ported = run(cs, PLAIN_PATH, native, args, stdin) if status == 0 else (status, b"", b"port failed", {})
    if want[0] == ported[0] and want[1] == ported[1] and want[3] == ported[3]:
        return []
    if looked_up_first(text, ported, want):
        return []
    departure = port_departure(cs, text, native, ported)
    if departure:
        with PORT_LOCK:
            PORT_DEPARTURES[departure] += 1
        return []
    return [(name, native or text, args, stdin, want, ported)]


def unlike_the_recording():
    """What a case's recorded answer depends on and this machine may not
    share with the one that recorded it (where ::1 binds and localhost is
    127.0.0.1 first): the words of the cases to leave out here."""
    words = []
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
    except OSError:
        words.append("::1")
    try:
        first = socket.getaddrinfo("localhost", 0, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)[0][4][0]
    except OSError:
        first = None
    if first != "127.0.0.1":
        words.append("localhost")
    return words


def replay(a, cs):
    """The oracle's recorded answers (--record-all) against chainscript: no oracle needed."""
    diverged = []
    opener = gzip.open if a.replay.endswith(".gz") else open
    unlike = unlike_the_recording()
    with opener(a.replay, "rt") as f:
        for i, line in enumerate(f):
            if i >= a.cases:
                break
            c = json.loads(line)
            if any(w in c["script"] for w in unlike):
                with PORT_LOCK:
                    PORT_DEPARTURES["left out: this machine differs from the recording's (%s)" % ", ".join(unlike)] += 1
                continue
            got = run(cs, PLAIN_PATH, c["script"], c["args"], c["stdin"])
            files = {k: v.encode("latin-1") if v != "<not a file>" else v for k, v in c["files"].items()}
            want = (c["status"], c["stdout"].encode("latin-1"), b"", files)
            if not (want[0] == got[0] and want[1] == got[1] and want[3] == got[3]):
                if not looked_up_first(c["script"], got, want):
                    diverged.append(("replay-%05d" % i, c["script"], c["args"], c["stdin"], want, got))
            elif a.port:
                diverged += ported_divergence(a, cs, "replay-port-%05d" % i, c["script"], c["args"], c["stdin"], want)
    return diverged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chainscript")
    ap.add_argument("--dialect", choices=["execline", "nosh"], default="execline")
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--record")
    ap.add_argument("--record-all", help="write every case with the oracle's answer, one JSON line each")
    ap.add_argument("--replay", help="judge chainscript by a --record-all file (.gz: compressed) instead of an "
                    "oracle; its first --cases cases")
    ap.add_argument("--execlineb", default="/usr/lib/execline/bin/execlineb")
    ap.add_argument("--nosh", help="nosh 1.40's nosh (build-nosh.sh's OUTDIR/nosh); its bin/ goes first in PATH")
    ap.add_argument("--port", action="store_true", help="also run each case ported to the native dialect")
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=1, help="cases run at once (most of a case is spent waiting)")
    a = ap.parse_args()
    cs = [os.path.abspath(a.chainscript)]
    rng = random.Random(a.seed)
    if a.replay:
        diverged = replay(a, cs)
        opener = gzip.open if a.replay.endswith(".gz") else open
        total = min(a.cases, sum(1 for _ in opener(a.replay, "rt")))
    else:
        if a.dialect == "execline":
            oracle, oracle_path, make = [a.execlineb], ORACLE_PATH, make_case
        else:
            if not a.nosh:
                ap.error("--dialect nosh needs --nosh (or --replay)")
            nosh = os.path.abspath(a.nosh)
            oracle, oracle_path, make = [nosh], os.path.join(os.path.dirname(nosh), "bin") + ":" + PLAIN_PATH, make_nosh_case
        diverged, recorded = compare(a, rng, oracle, oracle_path, cs, make)
        total = a.cases
        if a.record_all:
            with (gzip.open if a.record_all.endswith(".gz") else open)(a.record_all, "wt") as f:
                for c in recorded:
                    f.write(json.dumps(c, sort_keys=True) + "\n")
    for shown, (name, text, args, stdin, want, got) in enumerate(diverged):
        if shown < a.show:
            print("== %s" % name)
            print(text, end="")
            print("  args %r stdin %r" % (args, stdin))
            print("  oracle: status %s stdout %r files %r" % (want[0], want[1][:300], sorted(want[3])))
            print("  chainscript: status %s stdout %r files %r" % (got[0], got[1][:300], sorted(got[3])))
            print("             stderr %r" % got[2][:300])
        if a.record:
            os.makedirs(a.record, exist_ok=True)
            base = os.path.join(a.record, name)
            open(base + ".script", "w").write(text)
            if args:
                open(base + ".args", "w").write("".join(x + "\n" for x in args))
            if stdin is not None:
                open(base + ".stdin", "w").write(stdin)
            open(base + ".stdout", "wb").write(want[1])
            open(base + ".status", "w").write("%s\n" % want[0])
    if a.port or PORT_DEPARTURES:
        print("not held to the oracle (README's departures): %s" %
              (", ".join("%s %d" % kv for kv in sorted(PORT_DEPARTURES.items())) or "none"))
    print("%d cases, %d diverged (%s, %s)" % (total, len(diverged), a.dialect,
                                           "replayed from " + a.replay if a.replay else "seed %d" % a.seed))
    return 1 if diverged else 0


if __name__ == "__main__":
    sys.exit(main())
