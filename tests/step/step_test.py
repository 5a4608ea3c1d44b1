#!/usr/bin/env python3
"""chainscript --step, driven through a pseudo-terminal.

    python3 step_test.py PATH/TO/chainscript

Before each step, --step writes on /dev/tty the step's FILE:LINE:COL, its
builtin and its source line, then asks "[r]un, [s]kip, [c]ontinue without
asking, [q]uit?". Each case starts chainscript in a new session whose
controlling terminal is a pty (so /dev/tty is the pty), answers the prompts
from the master side, and checks what ran: the script's steps are observable
(an export the final program reports, a redirfd that creates a file, a final
program that writes a file). Every read has a timeout. Prints a PASS or FAIL
line per check; exits 1 if any check failed.
"""
import errno
import fcntl
import os
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time

PROMPT = "[r]un, [s]kip, [c]ontinue without asking, [q]uit? "
READ_TIMEOUT = 10.0  # seconds for any one prompt, or for the process to end

failures = 0


def check(ok, what, detail=""):
    global failures
    if ok:
        print(f"PASS: {what}")
    else:
        failures += 1
        print(f"FAIL: {what}" + (f"\n      {detail}" if detail else ""))
    sys.stdout.flush()


class Session:
    """chainscript --step SCRIPT with a pty as its controlling terminal."""

    def __init__(self, binary, script, workdir):
        self.master, slave = os.openpty()
        # No echo: what the master reads is only what chainscript writes.
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        self.out_path = os.path.join(workdir, "stdout")
        self.err_path = os.path.join(workdir, "stderr")

        def controlling_terminal():
            # Runs in the child after setsid() (start_new_session).
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(
                [binary, "--step", script],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                start_new_session=True, preexec_fn=controlling_terminal,
                pass_fds=(slave,), cwd=workdir)
        os.close(slave)
        self.pending = ""
        self.prompts = []
        self.eof = False

    def _read(self, deadline):
        """Reads what the pty has; False at EOF or when the deadline passes."""
        left = deadline - time.monotonic()
        if left <= 0 or self.eof:
            return False
        ready, _, _ = select.select([self.master], [], [], left)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError as e:
            if e.errno != errno.EIO:  # EIO: every slave fd is closed
                raise
            data = b""
        if not data:
            self.eof = True
            return False
        self.pending += data.decode(errors="replace").replace("\r\n", "\n")
        return True

    def prompt(self):
        """The next prompt's text, or None if none comes in time."""
        deadline = time.monotonic() + READ_TIMEOUT
        while PROMPT not in self.pending:
            if not self._read(deadline):
                return None
        text, self.pending = self.pending.split(PROMPT, 1)
        self.prompts.append(text)
        return text

    def answer(self, letter):
        os.write(self.master, (letter + "\n").encode())

    def finish(self):
        """Waits for the process; returns its exit status (None on timeout)."""
        try:
            code = self.proc.wait(timeout=READ_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        # Whatever else it wrote on the terminal (a prompt would be a failure).
        deadline = time.monotonic() + 1.0
        while self._read(deadline):
            pass
        return code

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def close(self):
        if self.proc.poll() is None:
            self.kill()
        os.close(self.master)

    def stdout(self):
        with open(self.out_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def write_script(workdir):
    """A script with a #! line (so steps start on line 2), an indented step
    (column 3), and a step of each observable kind."""
    mark = os.path.join(workdir, "mark")
    out = os.path.join(workdir, "out")
    script = os.path.join(workdir, "steps.run")
    lines = [
        "#!/usr/bin/chainscript",
        "export X 1",
        "  redirfd -w 3 " + mark,
        "sh -c 'echo X=${X-unset} > " + out + ".tmp && mv " + out + ".tmp " + out + "'",
    ]
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    steps = [  # (line, column, builtin, source line)
        (2, 1, "export", lines[1]),
        (3, 3, "redirfd", lines[2]),
        (4, 1, "exec", lines[3]),
    ]
    return script, mark, out, steps


def run_case(binary, name, answers, expect):
    """answers: the letters given, one per prompt, in order. expect: dict with
    prompts (how many prompts in all), x (what the final program reports, or
    None if it must not run), mark (whether redirfd ran), ok (exit 0 or not)."""
    print(f"--- {name}: answers {' '.join(answers)}")
    with tempfile.TemporaryDirectory(prefix="chainscript-step-") as workdir:
        script, mark, out, steps = write_script(workdir)
        s = Session(binary, script, workdir)
        try:
            for i, letter in enumerate(answers):
                text = s.prompt()
                if text is None:
                    check(False, f"{name}: prompt {i + 1} comes",
                          f"got so far: {s.pending!r}; stderr: {s.stderr()!r}")
                    return
                line, col, builtin, source = steps[i]
                want = f"{script}:{line}:{col}: {builtin}\n  {source}\n"
                check(text.endswith(want), f"{name}: prompt {i + 1} shows {os.path.basename(script)}:{line}:{col}, "
                      f"{builtin} and the source line", f"got {text!r}, want {want!r}")
                s.answer(letter)
            code = s.finish()
            check(code is not None, f"{name}: chainscript ends", "killed after the timeout")
            if code is None:
                return
            check(len(s.prompts) == expect["prompts"] and PROMPT not in s.pending,
                  f"{name}: {expect['prompts']} prompt(s) in all",
                  f"got {len(s.prompts)} and then {s.pending!r}")
            if expect["ok"]:
                check(code == 0, f"{name}: exit 0", f"exit {code}; stderr: {s.stderr()!r}")
            else:
                check(code != 0, f"{name}: a non-zero exit", f"exit {code}")
            got_mark = os.path.exists(mark)
            check(got_mark == expect["mark"],
                  f"{name}: the redirfd step " + ("ran" if expect["mark"] else "did not run"),
                  f"{mark} {'exists' if got_mark else 'does not exist'}")
            if expect["x"] is None:
                check(not os.path.exists(out), f"{name}: the final program did not run", f"{out} exists")
            else:
                got = open(out).read() if os.path.exists(out) else None
                check(got == f"X={expect['x']}\n", f"{name}: the final program saw X={expect['x']}",
                      f"got {got!r}")
            check(PROMPT not in s.stdout() and PROMPT not in s.stderr(),
                  f"{name}: the prompts go to the terminal only",
                  f"stdout {s.stdout()!r}, stderr {s.stderr()!r}")
        finally:
            s.close()


def main():
    if len(sys.argv) != 2:
        print("usage: step_test.py PATH/TO/chainscript", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    run_case(binary, "run every step", ["r", "r", "r"], {"prompts": 3, "x": "1", "mark": True, "ok": True})
    run_case(binary, "skip the export", ["s", "r", "r"], {"prompts": 3, "x": "unset", "mark": True, "ok": True})
    run_case(binary, "skip the redirfd", ["r", "s", "r"], {"prompts": 3, "x": "1", "mark": False, "ok": True})
    run_case(binary, "continue at once", ["c"], {"prompts": 1, "x": "1", "mark": True, "ok": True})
    run_case(binary, "skip, then continue", ["s", "c"], {"prompts": 2, "x": "unset", "mark": True, "ok": True})
    run_case(binary, "quit at the second step", ["r", "q"], {"prompts": 2, "x": None, "mark": False, "ok": False})
    run_case(binary, "quit at once", ["q"], {"prompts": 1, "x": None, "mark": False, "ok": False})
    print(f"{'FAILED' if failures else 'PASSED'}: {failures} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
