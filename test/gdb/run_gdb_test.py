#!/usr/bin/env python3
"""Runs gdb in batch mode on a program with a command file and checks its
output with FileCheck against the CHECK lines of that command file.

usage: run_gdb_test.py --gdb GDB --filecheck FILECHECK --extension PY
                       --commands CMDS --source SRC [--auto-load] PROGRAM

Each line of SRC with a comment "gdb-line: NAME" defines the FileCheck
numeric variable NAME (its line number), for patterns like
chain.cpp:[[#NAME]].

With --auto-load the extension is not sourced: the program must carry it
(its .debug_gdb_scripts section) and gdb is allowed to load it."""
import argparse
import os
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gdb", required=True)
    ap.add_argument("--filecheck", required=True)
    ap.add_argument("--extension", required=True)
    ap.add_argument("--commands", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--auto-load", action="store_true")
    ap.add_argument("program")
    args = ap.parse_args()

    cmd = [args.gdb, "-batch", "-nx"]
    if args.auto_load:
        cmd += ["-iex", "set auto-load safe-path /"]
    else:
        cmd += ["-ex", "source " + args.extension]
    cmd += ["-x", args.commands, args.program]
    # LeakSanitizer cannot run under ptrace; the program is killed before it
    # exits anyway.
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         env=env, timeout=120)
    output = run.stdout.decode("utf-8", "replace")
    # gdb's own value printing looks up the dynamic type of polymorphic
    # objects by their RTTI symbol, which it cannot match for clang-built
    # classes with a local class as template argument (every box of a
    # generated machine): it warns, and the extension finds the type itself
    # (docs/debugging.md). The warnings would split the checked lines;
    # They can come in the middle of a printed value's line.
    output = re.sub(r"warning: RTTI symbol not found for class '[^'\n]*'\n", "", output)
    defines = []
    with open(args.source) as f:
        for number, line in enumerate(f, 1):
            m = re.search(r"gdb-line: (\w+)", line)
            if m:
                defines.append("-D#%s=%d" % (m.group(1), number))
    check = subprocess.run([args.filecheck, "--dump-input=never"] + defines + [args.commands],
                           input=output.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    if run.returncode != 0 or check.returncode != 0 or "Python Exception" in output \
            or "Error occurred in Python" in output:
        sys.stdout.write("$ " + " ".join(cmd) + "\n" + output)
        sys.stdout.write(check.stdout.decode("utf-8", "replace"))
        if run.returncode != 0:
            sys.stdout.write("gdb exited with %d\n" % run.returncode)
        return 1
    sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
