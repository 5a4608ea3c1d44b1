#!/usr/bin/env python3
"""Checks the man pages against the builtins' option tables.

  - every builtin (chainscript --list-builtins) has man/chainscript-NAME.1,
    and man/chainscript.1 exists;
  - each page's SYNOPSIS reads the builtin's synopsis exactly as the table
    makes it (roff markup removed, runs of blanks counted as one);
  - each page's OPTIONS lists exactly the table's options (the tag of each
    .TP, spelled as --help spells it: "-c, --copy", "--backlog number");
  - groff -man -ww -z reports no warning, for the default device and a
    terminal; skipped, with a message, when groff is not installed.

usage: check_man_pages.py CHAINSCRIPT MANDIR
"""
import os
import re
import shutil
import subprocess
import sys


def roff_text(line):
    """A roff line's text, as it prints: macros' arguments joined, escapes undone."""
    if line.startswith((".", "'")):
        macro, _, rest = line[1:].partition(" ")
        args = re.findall(r'"((?:[^"]|"")*)"|(\S+)', rest)
        args = [a or b for a, b in args]
        if macro in ("B", "I", "SM", "SB"):
            line = " ".join(args)
        elif macro in ("BR", "RB", "BI", "IB", "IR", "RI"):
            line = "".join(args)
        else:
            return None
    for pattern, text in ((r"\\f\[[^]]*\]", ""), (r"\\f\([A-Z][A-Z]", ""), (r"\\f[A-Z1-4P]", ""),
                          (r"\\\(dq", '"'), (r"\\\(aq", "'"), (r"\\-", "-"), (r"\\&", ""), (r"\\~", " "),
                          (r"\\ ", " "), (r"\\\|", ""), (r"\\\^", ""), (r"\\e", "\\\\")):
        line = re.sub(pattern, text, line)
    return line


def sections(page):
    """{name: [lines]} of a page's .SH sections."""
    out, current = {}, None
    with open(page, encoding="utf-8") as f:
        for line in f.read().splitlines():
            m = re.match(r'^\.SH\s+"?([^"]*)"?\s*$', line)
            if m:
                current = m.group(1).strip()
                out[current] = []
            elif current is not None:
                out[current].append(line)
    return out


def squeeze(text):
    return " ".join(text.split())


def synopsis_text(lines):
    return squeeze(" ".join(t for t in (roff_text(line) for line in lines) if t is not None))


def option_tags(lines):
    """The tags of the .TP paragraphs: the line after each .TP."""
    tags = []
    for i, line in enumerate(lines):
        if line.strip() == ".TP" and i + 1 < len(lines):
            tag = roff_text(lines[i + 1])
            if tag is not None:
                tags.append(squeeze(tag))
    return tags


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cs, mandir = sys.argv[1:]
    failures = []
    listed = subprocess.run([cs, "--list-builtins"], capture_output=True, text=True, check=True).stdout
    options = {}
    for line in subprocess.run([cs, "--list-options"], capture_output=True, text=True, check=True).stdout.splitlines():
        name, spelling = line.split("\t")
        options.setdefault(name, []).append(spelling)
    pages = [os.path.join(mandir, "chainscript.1")]
    if not os.path.exists(pages[0]):
        failures.append(f"missing {pages[0]}")
    count = 0
    for line in listed.splitlines():
        name, synopsis = line.split("\t")
        count += 1
        page = os.path.join(mandir, f"chainscript-{name}.1")
        if not os.path.exists(page):
            failures.append(f"builtin {name} has no man page ({page})")
            continue
        pages.append(page)
        s = sections(page)
        got = synopsis_text(s.get("SYNOPSIS", []))
        if got != squeeze(synopsis):
            failures.append(f"{page}: SYNOPSIS reads\n      \"{got}\"\n    the table makes\n      \"{squeeze(synopsis)}\"")
        want = sorted(options.get(name, []))
        have = sorted(option_tags(s.get("OPTIONS", [])))
        if want != have:
            missing = [o for o in want if o not in have]
            extra = [o for o in have if o not in want]
            failures.append(f"{page}: OPTIONS differ from the table: missing {missing}, not in the table {extra}")
    lint = "groff not found: lint SKIPPED (install groff-base to check the roff)"
    if shutil.which("groff"):
        for page in pages:
            if not os.path.exists(page):
                continue
            for device in ([], ["-Tutf8"]):
                r = subprocess.run(["groff", "-man", "-ww", "-z", *device, page], capture_output=True, text=True)
                if r.stdout or r.stderr:
                    failures.append(f"groff -man -ww -z {' '.join(device)} {page} reports:\n      " +
                                    (r.stdout + r.stderr).strip().replace("\n", "\n      "))
        lint = "groff -man -ww -z (default device and -Tutf8): checked"
    for f in failures:
        print(f"FAIL: {f}")
    print(f"{count} builtins, {len(pages)} pages; {lint}")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("man pages OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
