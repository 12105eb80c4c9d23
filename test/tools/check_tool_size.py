#!/usr/bin/env python3
"""Keeps the tool's code in pieces a reader can hold: no function in tool/
over --max-function lines, no source file over --max-file lines.

A function is found as a line that ends a signature with `{` (outside
comments and string literals) and runs to its matching `}`; control
statements, classes, namespaces and lambdas are not functions here. Prints
the longest functions and files, and every one over its limit.
"""
import argparse
import os
import re
import sys

NOT_A_FUNCTION = re.compile(
    r"^(if|for|while|switch|else|do|namespace|struct|class|enum|union|case|return|\}|\[|auto\b)"
    r"|=\s*\[|\b(if|for|while|switch)\s*\(")


def without_comments_and_literals(text):
    """The text with comments and string/char literals emptied, lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith('R"(', i):
            j = text.find(')"', i + 3)
            j = n if j < 0 else j + 2
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif text[i] in "\"'":
            quote, j = text[i], i + 1
            while j < n and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            out.append(quote * 2)
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def functions(path):
    with open(path, encoding="utf-8") as f:
        lines = without_comments_and_literals(f.read()).split("\n")
    for start, line in enumerate(lines):
        code = line.strip()
        if not code.endswith("{") or ")" not in code or NOT_A_FUNCTION.search(code):
            continue
        depth, end = 0, start
        while end < len(lines):
            depth += lines[end].count("{") - lines[end].count("}")
            if depth <= 0:
                break
            end += 1
        if end > start:
            yield end - start + 1, start + 1, code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, help="the tool/ directory")
    parser.add_argument("--max-function", type=int, default=120)
    parser.add_argument("--max-file", type=int, default=600)
    args = parser.parse_args()

    found, sizes = [], []
    for root, _, names in os.walk(args.tool):
        for name in sorted(names):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, args.tool)
            with open(path, encoding="utf-8") as f:
                sizes.append((sum(1 for _ in f), rel))
            found += [(length, rel, line, code) for length, line, code in functions(path)]
    found.sort(reverse=True)
    sizes.sort(reverse=True)
    over = 0
    for length, rel, line, code in found:
        if length > args.max_function:
            print("function over %d lines: %s:%d (%d lines) %s" % (args.max_function, rel, line, length, code))
            over += 1
    for length, rel in sizes:
        if length > args.max_file:
            print("file over %d lines: %s (%d lines)" % (args.max_file, rel, length))
            over += 1
    if found:
        print("longest function: %s:%d, %d lines" % (found[0][1], found[0][2], found[0][0]))
    print("longest file: %s, %d lines" % (sizes[0][1], sizes[0][0]))
    print("%d functions in %d files, %d over the limits" % (len(found), len(sizes), over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
