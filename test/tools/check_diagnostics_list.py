#!/usr/bin/env python3
"""Checks that docs/lowering/13-diagnostics.md's lists of diagnostics (the
sections "Not supported yet" and "Warnings") say what the tool says.

Each table row's message (the backticked text in its first cell) is cut at
its placeholders ('x', 'T', <why>, F, ...) into literal fragments; every
fragment of eight characters or more must occur in the text of tool/lib's
string literals (adjacent literals joined, or two literals the tool
concatenates). A message the tool no longer
emits, or whose words changed, fails the check with the row. It also lists,
as information, the rows that no diagnostics test checks.

Usage: check_diagnostics_list.py --doc docs/lowering/13-diagnostics.md --tool-src tool/lib
       [--tests test/lit/diagnostics]
"""

import argparse
import glob
import os
import re
import sys

ROW = re.compile(r"^\| (`.*?`(?:,? (?:or )?`.*?`)*)(?: \(.*?\))? \|")
MESSAGE = re.compile(r"`([^`]+)`")
# Placeholders in the docs' messages: quoted names, <why>, and the bare
# names of examples (F, T, x, xs, ...).
PLACEHOLDER = re.compile(r"'[^']*'|<[^>]*>|\.\.\.")
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def sections(doc_text):
    """The text of the sections "Not supported yet" and "Warnings"."""
    parts = re.split(r"^(## .*)$", doc_text, flags=re.M)
    out = []
    for i in range(1, len(parts) - 1, 2):
        if re.match(r"## \d+\. (Not supported yet|Warnings)$", parts[i]):
            out.append(parts[i + 1])
    return "\n".join(out)


def tool_text(src_dir):
    """All string literals of the tool's sources, adjacent ones joined."""
    texts = []
    for path in sorted(glob.glob(os.path.join(src_dir, "*.cpp")) +
                       glob.glob(os.path.join(src_dir, "*.h"))):
        with open(path, encoding="utf-8") as f:
            code = f.read()
        # "a " "b" and "a "\n   "b" are one literal.
        code = re.sub(r'"\s*\n\s*"', "", code)
        code = re.sub(r'"\s+"', "", code)
        texts += [m.group(1).replace('\\"', '"').replace("\\'", "'")
                  for m in LITERAL.finditer(code)]
    return "\n".join(texts)


def fragments(message):
    """The literal pieces of a documented message, at least 8 characters."""
    out = []
    for piece in PLACEHOLDER.split(message):
        # Split further at the example names (F, T, x, xs) standing alone;
        # this also cuts at short words ("is", "of"), and the pieces left
        # are still long enough to check.
        for sub in re.split(r"(?<![\w'])[A-Za-z]{1,2}(?![\w'])", piece):
            sub = sub.strip(" ;:,.()")
            if len(sub) >= 8:
                out.append(sub)
    return out


def present(piece, source):
    """In the tool's text, or made of two of its literals (`What + " returns
    '"` where What is "ASYNC lambda")."""
    if piece in source:
        return True
    for i, ch in enumerate(piece):
        if ch == " " and i >= 4 and len(piece) - i >= 4:
            if piece[:i] in source and piece[i:] in source:
                return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--doc", required=True)
    ap.add_argument("--tool-src", required=True)
    ap.add_argument("--tests", default=None)
    args = ap.parse_args()

    with open(args.doc, encoding="utf-8") as f:
        listed = sections(f.read())
    source = tool_text(args.tool_src)
    tests = ""
    if args.tests:
        for path in glob.glob(os.path.join(args.tests, "*")):
            with open(path, encoding="utf-8", errors="replace") as f:
                tests += f.read()

    rows = checked = 0
    stale, untested = [], []
    for line in listed.splitlines():
        m = ROW.match(line)
        if not m:
            continue
        rows += 1
        for message in MESSAGE.findall(m.group(1)):
            pieces = fragments(message)
            if not pieces:
                continue
            checked += 1
            missing = [p for p in pieces if not present(p, source)]
            if missing:
                stale.append("%s\n    not in the tool: %s" %
                             (message, "; ".join(repr(p) for p in missing)))
            elif args.tests and not any(p in tests for p in pieces):
                untested.append(message)
    print("%d rows, %d messages checked against %s" % (rows, checked, args.tool_src))
    for message in untested:
        print("no diagnostics test: %s" % message)
    if stale:
        print("%s lists messages the tool does not emit:" % args.doc, file=sys.stderr)
        for s in stale:
            print("  " + s, file=sys.stderr)
        return 1
    if checked < 40:
        print("only %d messages found: is the table format still the one this "
              "script reads?" % checked, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
