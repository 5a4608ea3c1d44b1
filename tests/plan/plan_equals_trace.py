#!/usr/bin/env python3
"""The plan is the run: every script is run with -n (the plan) and with -x
(the trace), both as JSON, in the same scratch directory with the same
arguments, stdin and environment, and their effects (operation and
arguments) must be the same, process by process.

A plan rests on stated assumptions: a program it starts exits 0, a pipe or
stdin reads as empty. Where the trace shows an assumption did not hold (a
child that exited otherwise, a read that found bytes), what follows in that
process may rightly differ: the comparison of that process stops there.
Values that are process ids by nature (pids, $!, LISTEN_PID) are not compared.

Scripts: every example in scripts/, every case of the execline conformance
corpora (public and extra) that the plan does not refuse, and generated
native scripts (a fixed seed: the same scripts every run).

usage: plan_equals_trace.py CHAINSCRIPT SCRIPTS_DIR CORPUS_DIR... [--generate N] [--seed S] [--minimum M]
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C"}
PID_VALUED = {"!", "LISTEN_PID"}


def effects(text):
    """The JSON steps in text (a trace shares stderr with the programs')."""
    out = []
    for line in text.splitlines():
        if not line.startswith("{"):
            continue
        try:
            step = json.loads(line)
        except ValueError:
            continue
        if isinstance(step, dict) and "op" in step and "process" in step:
            out.append(step)
    return out


def key(step, pids):
    """What must be the same: the operation, where, and its arguments, pids
    (of the children forked, $!, LISTEN_PID, getpid's) aside."""
    pid = lambda v: "PID" if v in pids else v
    args = {k: ("PID" if k == "pid" or k in PID_VALUED or step["builtin"] == "getpid" else pid(v))
            for k, v in step["args"].items()}
    if step["op"] == "write" and args.get("data") == "PID":
        args["bytes"] = "PID"
    return (step["op"], step["line"], step["column"], tuple(sorted(args.items())),
            tuple(pid(a) for a in step.get("argv", [])))


def pids_in(steps):
    """The process ids the steps name: children forked, $!, getpid's values."""
    out = set()
    for s in steps:
        if s["op"] == "fork" and s.get("result", "").startswith("pid "):
            out.add(s["result"].split()[1])
        if s["builtin"] == "getpid" or s["op"] == "setenv":
            out.update(v for k, v in s["args"].items() if s["builtin"] == "getpid" or k in PID_VALUED)
    return out


# Builtins that read files: after a program ran (a program the plan assumes
# changes no file the script reads), what they find may rightly differ.
READS_FILES = {"elglob", "multisubstitute", "envdir", "envfile", "read-conf", "redirfd", "fdredir"}


def assumption_failed(plan_step, trace_step):
    """The plan assumed what the run shows otherwise: what follows may differ."""
    p, t = plan_step.get("result", ""), trace_step.get("result", "")
    if "(assumed)" not in p:
        return False
    p = p.replace(" (assumed)", "")
    if plan_step["op"] == "wait":
        return re.sub(r"^pid \d+ ", "", p) != re.sub(r"^pid \d+ ", "", t)
    if plan_step["op"] == "read":
        return t != "0 bytes"
    return p != t


def compare(plan, trace):
    """(None, steps compared) when the plan is the run, else (what differs, 0).

    A process is compared step by step until an assumption of the plan fails
    in it; its parent is then compared up to its first difference after
    forking it, which the outside world (a program's status or output that
    came back) may account for."""
    by = lambda steps: {p: [s for s in steps if s["process"] == p] for p in {s["process"] for s in steps}}
    planned, traced = by([s for s in plan if s["op"] != "fail"]), by(trace)  # a child's failure: stderr in a run
    plan_pids, trace_pids = pids_in(plan), pids_in(trace)
    # Where, in the plan's order, a child first executed a program.
    first_program = next((i for i, s in enumerate(plan) if s["op"] == "exec" and s["depth"] > 0), len(plan))
    after_program = {id(s) for s in plan[first_program:]}
    compared = 0

    def walk(process):
        """(difference, whether the outside world came into this process)"""
        nonlocal compared
        ps, ts = planned.get(process, []), traced.get(process, [])
        outside = False
        for i in range(max(len(ps), len(ts))):
            if i < len(ps) and ps[i]["op"] == "repeat":
                # the plan ends a loop after rounds alike: the run must have gone round as many times
                alike = sum(1 for s in ps[:i] if s["op"] == "fork" and (s["line"], s["column"]) == (ps[i]["line"], ps[i]["column"]))
                if alike > 3:
                    return None, True
                return f"process {process}: step {i}: the plan ends a loop after {alike} rounds", False
            if i >= len(ps) or i >= len(ts):
                last = ps[min(i, len(ps) - 1)] if ps else {}
                if outside or "(assumed)" in last.get("result", "") or (id(last) in after_program and last.get("builtin") in READS_FILES):
                    return None, True
                extra = ps[i] if i < len(ps) else ts[i]
                return f"process {process}: step {i} only in the {'plan' if i < len(ps) else 'trace'}: {extra}", False
            p, t = ps[i], ts[i]
            if key(p, plan_pids) != key(t, trace_pids):
                if outside or "(assumed)" in p.get("result", ""):
                    return None, True
                if id(p) in after_program and p["builtin"] in READS_FILES:
                    return None, True
                return f"process {process}: step {i} differs:\n  plan:  {p}\n  trace: {t}", False
            compared += 1
            if p["op"] == "fork":
                differs, came_in = walk(p["args"]["child"])
                if differs:
                    return differs, False
                outside |= came_in
            if assumption_failed(p, t):
                return None, True
        return None, outside

    differs, _ = walk("0")
    return (differs, 0) if differs else (None, compared)


def run(cs, args, cwd, stdin_path):
    # The examples' control sockets (CONTROL_SOCKET, default /tmp/...) go in
    # the scratch directory: a run must leave nothing outside it.
    env = dict(ENV, CONTROL_SOCKET=os.path.join(cwd, "control.sock"))
    with open(stdin_path or os.devnull, "rb") as stdin:
        return subprocess.run([cs, *args], cwd=cwd, env=env, stdin=stdin, capture_output=True, timeout=60)


def check(cs, script_path, extra_args, stdin_path, setup=None):
    """(status, detail): 'same', 'refused' (the plan refuses it) or 'differs'."""
    with tempfile.TemporaryDirectory(prefix="chainscript-plan-") as scratch:
        if setup:
            setup(scratch)
        name = os.path.basename(script_path)
        shutil.copy(script_path, os.path.join(scratch, name))
        if run(cs, ["--check", *extra_args[:1], name, *extra_args[1:]], scratch, stdin_path).returncode != 0:  # 100, or the error's own status
            return "refused", 0
        plan = run(cs, ["-n", "--format=json", *extra_args[:1], name, *extra_args[1:]], scratch, stdin_path)
        trace = run(cs, ["-x", "--format=json", *extra_args[:1], name, *extra_args[1:]], scratch, stdin_path)
        differs, steps = compare(effects(plan.stdout.decode(errors="replace")),
                                 effects(trace.stderr.decode(errors="replace")))
        return ("differs", differs) if differs else ("same", steps)


# ---- generated native scripts -------------------------------------------------

class Generator:
    """Valid native scripts of builtins whose every effect the plan can know."""

    def __init__(self, seed, root):
        self.r = random.Random(seed)
        self.root = root
        self.sockets = 0

    def name(self):
        return self.r.choice(["A", "B", "PORT", "HOME2", "X_1"])

    def value(self):
        return self.r.choice(["v", "two words", "", "a:b", "'q'", "$A", "x\\ty"])

    def word(self, v):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'

    def step(self, depth):
        r = self.r
        choices = [
            lambda: f"export {self.name()} {self.word(self.value())}",
            lambda: f"unexport {self.name()}",
            lambda: f"define {self.name()} {self.word(self.value())}",
            lambda: f"importas -D {self.word(self.value())} {self.name()} {self.name()}",
            lambda: f"multisubstitute {{ define A {self.word(self.value())} importas -D d B B }}",
            lambda: f"cd {r.choice(['a', 'b', '..', '.', 'a/c'])}",
            lambda: f"umask 0{r.choice(['22', '77', '27', '0'])}",
            lambda: f"fdmove {r.choice(['', '-c '])}{r.randint(3, 9)} {r.choice([1, 2])}",
            lambda: f"fdmove -c {r.randint(3, 6)} {r.randint(0, 6)}",
            lambda: f"fdswap {r.randint(0, 2)} {r.randint(0, 4)}",
            lambda: f"fdclose {r.randint(3, 9)}",
            lambda: f"redirfd -{r.choice('wa')} {r.randint(3, 9)} out{r.randint(1, 3)}",
            lambda: f"redirfd -r {r.randint(3, 9)} {r.choice(['file', 'missing'])}",
            lambda: f"fdredir {r.choice(['--append', '-c', '-n -w', '-m 0600 -x'])} {r.randint(3, 9)} out{r.randint(1, 3)}",
            lambda: f"pipe --ignore-children {{ echo p }} | {r.choice(['fdclose 0', 'fdmove 3 0'])}",
            lambda: f"piperw {r.randint(3, 5)} {r.randint(6, 8)}",
            lambda: f"envdir env",
            lambda: f"envfile envfile",
            lambda: f"getcwd -E D export CWD $D",
            lambda: f"appendpath MYPATH {r.choice(['/x', 'y'])}",
            lambda: f"tcp-socket-listen --systemd-compatibility --name t{r.randint(1, 9)} 127.0.0.1 0",
            lambda: f"udp-socket-listen --upstart-compatibility 127.0.0.1 0",
            lambda: self.local_listener(),
            lambda: f"netlink-datagram-socket-listen --systemd-compatibility route {r.choice(['link', '0', 'link,ipv4-ifaddr'])}",
            lambda: f"softlimit -o {r.randint(64, 1024)}",
            lambda: f"foreground {{ {self.chain(depth + 1)} }}",
            lambda: f"background {{ {self.chain(depth + 1, ending='exit 0')} }} wait {{ }}",
            lambda: f"if -n {{ {self.test()} }}",
            lambda: f"ifelse {{ {self.test()} }} {{ {self.chain(depth + 1)} }}",
            lambda: f"forx -E V {{ 1 2 }} export LOOP $V",
            lambda: f"case -- {self.word(r.choice(['abc', 'x', '']))} {{ a.* {{ export MATCHED a exit 0 }} x {{ export MATCHED x exit 1 }} }}",
            lambda: f"backtick -E -x V {{ exit {r.randint(0, 1)} }} export BT ${{V}}",
        ]
        if depth > 1:
            choices = choices[:23]
        return r.choice(choices)()

    def local_listener(self):
        self.sockets += 1
        kind = self.r.choice(["stream", "datagram", "seqpacket"])
        mode = self.r.choice(["", "--mode 0600 ", "--mode 0660 "])
        return f"local-{kind}-socket-listen {mode}sock{self.sockets}"

    def test(self):
        return self.r.choice(["true", "false", "exit 3", "eltest -d a", "eltest 1 -lt 2", "eltest -f missing"])

    def chain(self, depth, ending=None):
        steps = [self.step(depth) for _ in range(self.r.randint(0, 4 if depth > 1 else 7))]
        end = ending or self.r.choice(["true", "exit 2", "/bin/true", "printenv A", "/bin/sh -c \"exit 5\""])
        return " ".join(steps + [end])

    def script(self):
        return "#!/usr/bin/chainscript\n" + self.chain(0) + "\n"

    def setup(self, scratch):
        for d in ("a", "a/c", "b", "env"):
            os.makedirs(os.path.join(scratch, d), exist_ok=True)
        with open(os.path.join(scratch, "file"), "w") as f:
            f.write("content\n")
        with open(os.path.join(scratch, "env", "A"), "w") as f:
            f.write("from envdir\n")
        with open(os.path.join(scratch, "envfile"), "w") as f:
            f.write("B = from envfile\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chainscript")
    ap.add_argument("scripts")
    ap.add_argument("corpora", nargs="*")
    ap.add_argument("--generate", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--minimum", type=int, default=500)
    o = ap.parse_args()
    cs = os.path.abspath(o.chainscript)
    counts = {"same": 0, "refused": 0, "differs": 0}
    steps = 0
    failures = []

    def record(label, status, detail):
        nonlocal steps
        counts[status] += 1
        if status == "same":
            steps += detail
        if status == "differs":
            failures.append(f"{label}: {detail}")

    for name in sorted(os.listdir(o.scripts)):
        path = os.path.join(o.scripts, name)
        if os.path.isfile(path):
            status, detail = check(cs, path, [], None)
            record(path, status, detail)
    for corpus in o.corpora:
        for name in sorted(os.listdir(corpus)):
            if not name.endswith(".script"):
                continue
            base = os.path.join(corpus, name[: -len(".script")])
            first = open(base + ".script", "rb").readline().decode(errors="replace")
            m = re.match(r"^#!\s*\S+\s+(.*\S)\s*$", first)
            args = [m.group(1)] if m else []
            if os.path.exists(base + ".args"):
                args = (args or ["--dialect=execline"]) + open(base + ".args").read().split("\n")[:-1]
            elif not args:
                args = ["--dialect=execline"]
            stdin = base + ".stdin" if os.path.exists(base + ".stdin") else None
            # the dialect comes from the first line; the flags as the kernel passes them
            status, detail = check(cs, base + ".script", args, stdin)
            record(base + ".script", status, detail)
    with tempfile.TemporaryDirectory(prefix="chainscript-generated-") as d:
        g = Generator(o.seed, d)
        for i in range(o.generate):
            path = os.path.join(d, f"generated-{i}.run")
            with open(path, "w") as f:
                f.write(g.script())
            status, detail = check(cs, path, [], None, g.setup)
            if status == "refused":
                failures.append(f"{path}: a generated script was refused:\n{open(path).read()}")
            record(f"generated-{i}:\n{open(path).read()}", status, detail)
    for f in failures:
        print(f"FAIL: {f}")
    print(f"{counts['same']} scripts: the plan is the run ({steps} steps compared); "
          f"{counts['refused']} refused by the plan (errors execline finds when they run); "
          f"{counts['differs']} differ")
    if counts["same"] < o.minimum:
        print(f"FAIL: fewer than {o.minimum} scripts compared")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
