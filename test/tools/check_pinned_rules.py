#!/usr/bin/env python3
"""Checks that every lowering rule of docs/lowering/ is pinned by a golden test.

Each numbered section (`## N. Title`) of the rule chapters names at least one
golden test of test/lit/lowering/ whose CHECK lines show the rule's
before/after, every test it names exists, and every golden test is named by
some section (so a test's rule can be found from the docs, and a rule's test
from its section). Chapters of choices, diagnostics and known defects are
not rules of the lowering and are left out.
"""
import argparse
import os
import re
import sys

SECTION = re.compile(r"^## (\d+)\. (.*)$", re.M)
GOLDEN = re.compile(r"test/lit/lowering/([A-Za-z0-9_.-]+\.(?:cpp|test))")
NOT_RULES = ("12-deliberate-choices.md", "13-diagnostics.md", "14-known-defects.md", "README.md")


def sections(docs):
    for name in sorted(os.listdir(docs)):
        if not name.endswith(".md") or name in NOT_RULES:
            continue
        with open(os.path.join(docs, name), encoding="utf-8") as f:
            text = f.read()
        heads = list(SECTION.finditer(text))
        for i, head in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            yield name, head.group(1), head.group(2), text[head.start():end]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", required=True, help="docs/lowering")
    parser.add_argument("--tests", required=True, help="test/lit/lowering")
    args = parser.parse_args()

    goldens = {n for n in os.listdir(args.tests) if n.endswith((".cpp", ".test"))}
    named, failures, count = set(), 0, 0
    for chapter, number, title, body in sections(args.docs):
        count += 1
        tests = set(GOLDEN.findall(body))
        if not tests:
            print("section %s (%s, %s) names no golden test of test/lit/lowering" % (number, title, chapter))
            failures += 1
        for test in sorted(tests - goldens):
            print("section %s (%s) names test/lit/lowering/%s, which does not exist" % (number, chapter, test))
            failures += 1
        named |= tests
    for test in sorted(goldens - named):
        print("test/lit/lowering/%s is named by no section of docs/lowering" % test)
        failures += 1
    print("%d sections, %d golden tests, %d failures" % (count, len(goldens), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
