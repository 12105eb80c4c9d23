#!/usr/bin/env python3
"""Prints each failed test's report from a ctest run.

Usage: scripts/failed-test-output.py BUILD_DIR [LINES]

scripts/test.sh calls it last, so that a log read from its end (a CI
summary) shows why each test failed, not only which: ctest's
--output-on-failure prints the output where the test ended, which the later
stages push far up. Reads BUILD_DIR/Testing/Temporary/LastTest.log; prints
LINES lines (default 60) from the first sanitizer report or GoogleTest
failure, else the last LINES.
"""
import os
import re
import sys

# Where a report starts: a sanitizer's, or GoogleTest's first failure.
REPORT = re.compile(r"ERROR: (Address|Leak|Memory)Sanitizer|WARNING: ThreadSanitizer|runtime error:"
                    r"|: Failure$|CMake Error|FATAL_ERROR")
BLOCK = re.compile(r'^\d+/\d+ Test: (?P<name>.*?)\n.*?^Output:\n-+\n(?P<out>.*?)^<end of output>\n'
                   r'(?P<tail>.*?)^Test (?P<verdict>Passed|Failed|Not Run)', re.M | re.S)


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    path = os.path.join(sys.argv[1], "Testing", "Temporary", "LastTest.log")
    if not os.path.exists(path):
        return 0
    with open(path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    for block in BLOCK.finditer(log):
        if block.group("verdict") == "Passed":
            continue
        out = block.group("out").rstrip("\n").split("\n")
        first = next((i for i, line in enumerate(out) if REPORT.search(line)), None)
        if first is None:
            shown, where = out[-lines:], "the last %d" % min(lines, len(out))
        else:
            shown, where = out[first:first + lines], "from line %d, %d" % (first + 1, min(lines, len(out) - first))
        print("==== %s (%s): %s of %d lines of its output ====" %
              (block.group("name"), block.group("verdict").lower(), where, len(out)))
        print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
