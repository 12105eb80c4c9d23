#!/usr/bin/env python3
"""Checks the runtime's public headers (runtime/include/async).

1. No include cycle among them: a header that includes another which
   (directly or not) includes it back compiles only in some include orders,
   and hides which of the two a change must be made in.
2. With --cxx: each header of the core (async/*.h, detail/, io/, net/)
   compiles on its own, as C++17 and as C++20 (where the C++20 promises
   switch on), so that none depends on what its includer happened to include
   before it.

Exit status 0 when every check passes; otherwise each failure is printed.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*<(async/[^>]+)>', re.M)
# Headers that need a third-party library's headers (http_parser, libpq,
# nlohmann/json) are left to the targets that build them.
CORE_DIRS = ("", "detail", "io", "net")


def include_graph(root):
    graph = {}
    for dirpath, _, files in os.walk(os.path.join(root, "async")):
        for name in files:
            if name.endswith(".h"):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                with open(path, encoding="utf-8") as f:
                    graph[rel] = INCLUDE.findall(f.read())
    return graph


def find_cycles(graph):
    cycles, state = set(), {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for dep in graph.get(node, []):
            if state.get(dep) == "open":
                cycle = stack[stack.index(dep):]
                first = cycle.index(min(cycle))
                cycles.add(tuple(cycle[first:] + cycle[:first]))
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return sorted(cycles)


def compile_alone(cxx, root, header, std, workdir):
    source = os.path.join(workdir, re.sub(r"[^A-Za-z0-9]", "_", header) + "." + std + ".cpp")
    with open(source, "w", encoding="utf-8") as f:
        f.write("#include <%s>\n" % header)
    cmd = [cxx, "-std=" + std, "-fsyntax-only", "-Wall", "-Wextra", "-I", root, source]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return header, std, done.returncode, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--include", required=True, help="runtime/include")
    parser.add_argument("--cxx", help="compile each core header alone with this compiler")
    parser.add_argument("--work", help="scratch directory (default: a temporary one)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    failures = 0
    graph = include_graph(args.include)
    for cycle in find_cycles(graph):
        print("include cycle: " + " -> ".join(cycle + (cycle[0],)))
        failures += 1

    if args.cxx:
        core = sorted(h for h in graph if os.path.dirname(h[len("async/"):]) in CORE_DIRS)
        work = args.work or tempfile.mkdtemp(prefix="asyncc-headers-")
        os.makedirs(work, exist_ok=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            jobs = [pool.submit(compile_alone, args.cxx, args.include, h, std, work)
                    for h in core for std in ("c++17", "c++20")]
            for job in jobs:
                header, std, rc, output = job.result()
                if rc != 0 or output.strip():
                    print("%s does not compile on its own as %s:\n%s" % (header, std, output))
                    failures += 1
        print("%d headers checked alone as C++17 and C++20" % len(core))

    print("%d headers, %s" % (len(graph), "no include cycle" if failures == 0 else "%d failures" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
