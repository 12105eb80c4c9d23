#!/usr/bin/env python3
"""gen_program.py SEED: print one random, valid C++ program for asyncc.

    gen_program.py SEED [--features F,G] [--avoid PATTERN]... [--pack K]

By default the program uses only what asyncc lowers today (docs/lowering/13-diagnostics.md,
section 29 lists what it does not): ASYNC free functions and member
functions (in and out of class, const, static) returning async::Task<int> or
async::Task<>, parameters by value and by const&, nested blocks, if/else,
while, do-while, for (loop variable across awaits), range-for over a
std::vector (await in the body only), switch with fall-through, break /
continue / goto / co_return out of scopes, try/catch with awaits in the try
block only, throw and `throw;` in handlers, RAII locals that print their
construction and destruction, reference locals, temporaries bound to const&
parameters of ASYNC callees, and awaits only in the statement forms
`co_await e;`, `T x = co_await e;`, `x = co_await e;`, `x += co_await e;`,
`co_return co_await e;`.  --features adds optional constructs (awaits inside
expressions and conditions, ...; --help lists them).

Every program prints a deterministic trace and terminates: the call graph is
acyclic, every loop has a constant bound, a global fuel counter makes every
call past the first 120 return at once, and integers never overflow.  No
trace depends on unspecified evaluation order (see fuzzgen/expr_awaits.py
for the rules with awaits inside expressions) or on implementation-defined
behaviour (printing objects are never passed by value).

Determinism: the same (seed, features, avoid) always gives the same
program (random.Random(seed), nothing else).  With the default features a
seed gives the same program as the generator always did.

--pack K prints the programs of seeds SEED..SEED+K-1 in one translation unit
(each in namespace s<seed>, run in order by one main, each output section
starting with the line `=== fuzz seed <seed>`); fuzz.py --pack uses it.
The code lives in the package fuzzgen/ next to this file.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fuzzgen import (AVOIDABLE, FEATURES, SUPPORTED_FEATURES, generate,  # noqa: E402
                     generate_packed, parse_features)


def main():
    ap = argparse.ArgumentParser(
        description="Prints one random program for asyncc (or K packed ones).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="features (comma-separated; also all, default = none, supported = %s):\n%s" % (
            ",".join(SUPPORTED_FEATURES),
            "\n".join("  %-19s %s" % kv for kv in sorted(FEATURES.items()))))
    ap.add_argument("seed", type=int)
    ap.add_argument("--features", default="",
                    help="optional constructs to generate (see below)")
    ap.add_argument("--avoid", action="append", default=[], choices=sorted(AVOIDABLE),
                    help="leave out a pattern that hits a known bug: " +
                    "; ".join("%s: %s" % kv for kv in sorted(AVOIDABLE.items())))
    ap.add_argument("--pack", type=int, default=0, metavar="K",
                    help="print seeds SEED..SEED+K-1 packed into one translation unit")
    args = ap.parse_args()
    try:
        features = parse_features(args.features)
    except ValueError as e:
        ap.error(str(e))
    if args.pack:
        sys.stdout.write(generate_packed(range(args.seed, args.seed + args.pack),
                                         features, args.avoid))
    else:
        sys.stdout.write(generate(args.seed, features, args.avoid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
