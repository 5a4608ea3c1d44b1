"""The README's tour, run: every command shown in it (a line starting with
"$ " in an indented block of the "A tour" section) is run from the
repository's top, with `chainscript` the built binary, and must print what
the README shows after it; the run file the tour shows must be the one in
scripts/.

usage: check_tour.py CHAINSCRIPT REPOSITORY
Differences allowed: process ids (LISTEN_PID=N, "pid N"), which no two runs
share; the tour's socket, which the test moves into a directory of its own
(CONTROL_SOCKET) from its default, /tmp/chainscript-tour.sock. A command
that ends in "# answering: A B ..." runs on a
pseudo-terminal, as a user at a terminal would see it (--step asks on
/dev/tty), typing each answer at each prompt. Prints FAIL: lines, exits 1
on any difference."""
import os
import pty
import re
import shlex
import select
import subprocess
import sys
import tempfile
import time

cs, repo = sys.argv[1], sys.argv[2]
DEFAULT_SOCKET = "/tmp/chainscript-tour.sock"
PROMPT = "[r]un, [s]kip, [c]ontinue without asking, [q]uit? "
failures = []


def fail(what):
    failures.append(what)
    print("FAIL: " + what)


def tour_section(readme):
    start = readme.index("\n## A tour\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end >= 0 else len(readme)]


def blocks(section):
    """(command, expected output) of each indented block that starts with "$ "."""
    out, lines = [], section.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("    $ "):
            command, expected = lines[i][6:], []
            i += 1
            while i < len(lines) and (lines[i].startswith("    ") or lines[i] == ""):
                expected.append(lines[i][4:])
                i += 1
            while expected and expected[-1] == "":
                expected.pop()
            out.append((command, "\n".join(expected)))
        else:
            i += 1
    return out


def normal(text, sock):
    text = text.replace("\r\n", "\n").replace(sock, DEFAULT_SOCKET)
    text = re.sub(r"LISTEN_PID=\d+", "LISTEN_PID=N", text)
    return re.sub(r"\bpid \d+", "pid N", text).rstrip("\n")


def on_terminal(argv, answers, env):
    """argv on a pty (stdin, stdout, stderr and /dev/tty), answering prompts."""
    pid, master = pty.fork()
    if pid == 0:
        os.chdir(repo)
        os.closerange(3, 65536)  # as a user's terminal: fds 0-2 only (ctest leaves one open)
        os.execvpe(argv[0], argv, env)
    seen, sent, deadline = b"", 0, time.monotonic() + 20
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the terminal's last user is gone
                break
            if not data:
                break
            seen += data
        if sent < len(answers) and seen.decode(errors="replace").count(PROMPT) > sent:
            os.write(master, (answers[sent] + "\n").encode())
            sent += 1
    os.waitpid(pid, 0)
    return seen.decode(errors="replace")


readme = open(os.path.join(repo, "README.md")).read()
section = tour_section(readme)

# The run file shown is the one in scripts/.
shown = re.search(r"<!-- file: (\S+) -->\n```sh\n(.*?)```\n", section, re.S)
if not shown:
    fail("the tour shows no run file (<!-- file: PATH --> then a sh block)")
elif open(os.path.join(repo, shown.group(1))).read() != shown.group(2):
    fail(f"the run file the tour shows is not {shown.group(1)}")

commands = blocks(section)
if len(commands) < 4:
    fail(f"only {len(commands)} commands found in the tour")
with tempfile.TemporaryDirectory() as tmp:
    sock = os.path.join(tmp, "tour.sock")
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(cs)) + ":" + env["PATH"]
    env["CONTROL_SOCKET"] = sock
    for command, expected in commands:
        answers = []
        m = re.search(r"\s+# answering: (.*)$", command)
        line = command[:m.start()] if m else command
        if m:
            answers = m.group(1).split()
        if not line.startswith("chainscript "):
            fail(f"not a chainscript command: {command}")
            continue
        argv = [os.path.abspath(cs)] + shlex.split(line)[1:]
        if answers:
            got = on_terminal(argv, answers, env)
        else:
            r = subprocess.run(argv, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=60)
            got = r.stdout
        if normal(got, sock) != normal(expected, sock):
            fail(f"{command}\n--- README\n{expected}\n--- got\n{normal(got, sock)}")
        if os.path.exists(sock):
            os.unlink(sock)  # a step skipped in --step leaves it; the next command starts afresh

print(f"README tour: {len(commands)} commands, {len(failures)} failures")
sys.exit(1 if failures else 0)
