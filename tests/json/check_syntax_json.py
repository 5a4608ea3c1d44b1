"""--parse and --check with --format=json, the interface editors and linters
read (man chainscript: JSON SYNTAX TREE AND ERRORS), checked by a consumer:
exact trees for scripts of each dialect, the tree of every example in
scripts/ against the text form, errors against the text form's messages and
exit statuses, and a tree 500 blocks deep.

usage: check_syntax_json.py CHAINSCRIPT SCRIPTS_DIR
Prints FAIL: lines and exits 1 on any mismatch."""
import json
import os
import re
import subprocess
import sys
import tempfile

cs, scripts_dir = sys.argv[1], sys.argv[2]
sys.setrecursionlimit(20000)  # python's json reader recurses per level of the deep tree
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def run(*args):
    return subprocess.run([cs, *args], capture_output=True, text=True)


def tree(path, *extra):
    r = run("--parse", "--format=json", *extra, path)
    check(r.returncode == 0, f"--parse {path}: status {r.returncode}, stderr {r.stderr!r}")
    check(r.stdout.count("\n") == 1, f"--parse {path}: one line of JSON")
    return json.loads(r.stdout)


def word(line, column, text, *pieces):
    return {"type": "word", "line": line, "column": column, "text": text,
            "pieces": [{"text": t, "substitutable": s} for t, s in pieces]}


with tempfile.TemporaryDirectory() as tmp:
    def write(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    # The native dialect: a block, quotes of both kinds, an escape, a comment.
    native = write("native.run", '#!/usr/bin/chainscript\n'
                                 'foreground { echo "a $X" } # done\n'
                                 "  'lit'\\n$Y\n")
    t = tree(native)
    check(t["version"] == 1 and t["dialect"] == "chainscript" and t["file"] == native, f"native header: {t}")
    want = [
        word(2, 1, "foreground", ("foreground", True)),
        {"type": "block", "line": 2, "column": 12, "end_line": 2, "end_column": 26,
         "body": [word(2, 14, "echo", ("echo", True)), word(2, 19, "a $X", ("a $X", True))]},
    ]
    body = t["body"]
    check(body[:2] == want, f"native words and block: {body[:2]}")
    last = body[2] if len(body) > 2 else {}
    check(last.get("line") == 3 and last.get("column") == 3 and last.get("text") == "litn$Y",
          f"native quoted word: {last}")
    check("".join(p["text"] for p in last.get("pieces", [])) == "litn$Y"
          and [p["substitutable"] for p in last.get("pieces", [])][0] is False
          and last.get("pieces", [{}])[-1].get("substitutable") is True,
          f"native pieces: single-quoted and escaped text never substituted, $Y is: {last}")
    check(t["comments"] == [{"line": 1, "column": 1, "text": "#!/usr/bin/chainscript"},
                            {"line": 2, "column": 28, "text": "# done"}], f"native comments: {t['comments']}")

    # execline: everything substitutable; nosh: nothing is, and braces are words.
    t = tree(write("e", '#!/bin/execlineb -P\nif { true } echo "x y"\n'))
    check(t["dialect"] == "execline", "execline dialect from #!")
    check(t["body"][1]["type"] == "block" and t["body"][3] == word(2, 18, "x y", ("x y", True)),
          f"execline tree: {t['body']}")
    t = tree(write("n", '#!/bin/nosh\nfoo { "x y"\n'))
    check(t["dialect"] == "nosh", "nosh dialect from #!")
    check([n.get("type") for n in t["body"]] == ["word"] * 3 and t["body"][1]["text"] == "{"
          and all(not p["substitutable"] for n in t["body"] for p in n["pieces"]), f"nosh tree: {t['body']}")

    # Deep blocks: the tree is built without recursion.
    depth = 500
    t = tree(write("deep", "foreground " + "{ foreground " * (depth - 1) + "{ true" + " }" * depth + "\n"))
    n, levels = t["body"], 0
    while len(n) > 1 and n[1].get("type") == "block":
        n, levels = n[1]["body"], levels + 1
    check(levels == depth, f"500 nested blocks: {levels} levels in the tree")

    # Errors: one object per error, the same as the text form's lines.
    cases = {
        "syntax": 'echo "never closed\n',
        "usage": "fdmove -c x 1 true\n",
        "two-chains": "foreground { fdmove 1 } foreground { cd } true\n",
        "good": "export A 1 true\n",
    }
    for name, text in cases.items():
        path = write(name, text)
        j = run("--check", "--format=json", path)
        t = run("--check", path)
        check(j.returncode == t.returncode, f"{name}: json status {j.returncode}, text {t.returncode}")
        check(j.stderr == "", f"{name}: json mode prints nothing on stderr: {j.stderr!r}")
        report = json.loads(j.stdout)
        check(report["version"] == 1 and report["file"] == path, f"{name}: header {report}")
        # chainscript: FILE:LINE:COL: [BUILTIN: ]MESSAGE, then the source and a caret
        texts = [m.groups() for m in re.finditer(r"^chainscript: (.*?):(\d+):(\d+): (.*)$", t.stderr, re.M)]
        errors = report["errors"]
        check(len(errors) == len(texts), f"{name}: {len(errors)} errors in JSON, {len(texts)} in text")
        for e, (f, line, col, rest) in zip(errors, texts):
            said = (e["builtin"] + ": " if e["builtin"] else "") + e["message"]
            check((e["file"], e["line"], e["column"], said) == (f, int(line), int(col), rest),
                  f"{name}: {e} against {(f, line, col, rest)}")
        if errors:
            check(errors[0]["exit"] == t.returncode, f"{name}: the first error's exit is the status")
        else:
            check(t.returncode == 0, f"{name}: no error, status 0")
    check(len(json.loads(run("--check", "--format=json", os.path.join(tmp, "two-chains")).stdout)["errors"]) == 2,
          "both chains' errors are listed")
    r = run("--parse", "--format=json", os.path.join(tmp, "syntax"))
    check(r.returncode == 100 and json.loads(r.stdout)["errors"][0]["line"] == 1
          and json.loads(r.stdout)["errors"][0]["column"] == 6, f"--parse of a bad script: {r}")

# Every example: the JSON tree's words, in order and depth, are the text form's.
for name in sorted(os.listdir(scripts_dir)):
    path = os.path.join(scripts_dir, name)
    t = tree(path)
    flat = []

    def walk(nodes, depth):
        for n in nodes:
            if n["type"] == "word":
                flat.append(f'{"  " * depth}{n["line"]}:{n["column"]} {json.dumps(n["text"], ensure_ascii=False)}')
            else:
                flat.append(f'{"  " * depth}{n["line"]}:{n["column"]} {{')
                walk(n["body"], depth + 1)
                flat.append(f'{"  " * depth}{n["end_line"]}:{n["end_column"]} }}')
    walk(t["body"], 0)
    text = run("--parse", path).stdout.splitlines()
    check(flat == text, f"{name}: the JSON tree and the text tree differ")
    check(run("--check", "--format=json", path).returncode == 0, f"{name}: --check passes")

print(f"syntax JSON: {len(failures)} failures")
sys.exit(1 if failures else 0)
