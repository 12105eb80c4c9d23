#!/usr/bin/env python3
"""readme_example: keeps README.md's "Before and after" true to the tool.

The section's first ```cpp block is the input (a whole file), its second the
ASYNC function as the tool lowers it with
`--line-directives=false --path-prefix-map=<dir>/=`. This script lowers the
first block with the given tool and compares the second block with the
function in the output (from its signature line to the end of the file).

  readme_example.py --asyncc TOOL --readme README.md --work DIR          check
  readme_example.py --asyncc TOOL --readme README.md --work DIR --update rewrite block 2

Exit 0 when they match (or after --update), 1 with a unified diff when not.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys

SECTION = "## Before and after"


def blocks(text):
    """(start, end) offsets of the first two ```cpp blocks' contents after SECTION."""
    at = text.index(SECTION)
    found = []
    for m in re.finditer(r"^```cpp\n(.*?)^```$", text[at:], re.S | re.M):
        found.append((at + m.start(1), at + m.end(1)))
        if len(found) == 2:
            return found
    raise SystemExit("readme_example: %s has fewer than two ```cpp blocks" % SECTION)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--asyncc", required=True)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("extra", nargs="*", help="compiler flags (include paths)")
    args = ap.parse_args()

    with open(args.readme, encoding="utf-8") as f:
        text = f.read()
    (in_start, in_end), (out_start, out_end) = blocks(text)
    source = text[in_start:in_end]
    shown = text[out_start:out_end]

    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, "in.cpp")
    out = os.path.join(work, "out.cpp")
    with open(src, "w", encoding="utf-8") as f:
        f.write(source)
    cmd = [args.asyncc, src, "-o", out, "--line-directives=false",
           "--path-prefix-map=%s/=" % work, "--", "-std=c++20"] + args.extra
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if run.returncode != 0:
        sys.stdout.write(run.stdout.decode("utf-8", "replace"))
        raise SystemExit("readme_example: the tool failed on README's input")
    with open(out, encoding="utf-8") as f:
        lowered = f.read()
    signature = source[source.index("ASYNC "):].splitlines()[0]
    at = lowered.find(signature)
    if at < 0:
        raise SystemExit("readme_example: no '%s' in the lowered file %s" % (signature, out))
    function = lowered[at:]
    if not function.endswith("\n"):
        function += "\n"

    if function == shown:
        return 0
    if args.update:
        with open(args.readme, "w", encoding="utf-8") as f:
            f.write(text[:out_start] + function + text[out_end:])
        print("readme_example: updated %s" % args.readme)
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        shown.splitlines(True), function.splitlines(True),
        "README.md (shown)", "asyncc output"))
    print("readme_example: README.md's lowered example is not what the tool writes; "
          "run test/tools/readme_example.py --update (see its docstring)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
