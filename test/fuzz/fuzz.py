#!/usr/bin/env python3
"""fuzz.py: differential fuzzing of asyncc with random programs.

For each seed, test/fuzz/gen_program.py writes a random program that uses
only what asyncc supports, and test/tools/run3.py builds it three ways
(transpiled with g++ -std=c++17, native clang++-19 coroutines, native g++
coroutines; all with ASan and UBSan) and compares the outputs and exit codes.
A seed fails when the tool rejects the program, a build does not compile, an
output or exit code differs from the clang reference, a sanitizer reports, or
a program times out.  A failing program is saved as a reproducer
(<keep>/seed-N.cpp) with run3's report (<keep>/seed-N.log).

    fuzz.py [--seeds A-B[,C...]] [--jobs N] [--keep DIR] [--build-dir DIR]
    fuzz.py [options] -- <run3 command prefix>

The run3 command comes either from the build directory (its
test/lit.site.cfg.py, the paths lit uses: --build-dir, default
$ASYNCC_BUILD_DIR or ./build) or, after `--`, as the command prefix lit's
%run3 expands to (the lit test does `fuzz.py ... -- %run3`).  A `--tmp DIR`
in that prefix is the work directory; otherwise --work, or a fresh temporary
directory.  Exits 1 if any seed failed; the last line is `N passed, M failed`.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_program.py")
RUN3 = os.path.join(HERE, "..", "tools", "run3.py")


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"^(\d+)(?:-(\d+))?$", part)
        if not m:
            raise argparse.ArgumentTypeError("bad seed range %r (want A-B or N)" % part)
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if b < a:
            raise argparse.ArgumentTypeError("empty seed range %r" % part)
        seeds.extend(range(a, b + 1))
    return seeds


def run3_from_build_dir(build_dir):
    """The run3 command prefix lit would use, from <build>/test/lit.site.cfg.py."""
    site = os.path.join(build_dir, "test", "lit.site.cfg.py")
    if not os.path.exists(site):
        sys.exit("fuzz.py: %s does not exist: configure the build first, or pass "
                 "--build-dir, or give the run3 command after `--`" % site)
    config = types.SimpleNamespace()
    lit_config = types.SimpleNamespace(load_config=lambda *a, **k: None)
    with open(site) as f:
        code = compile(f.read(), site, "exec")
    exec(code, {"config": config, "lit_config": lit_config, "os": os})
    cmd = [config.python_executable, os.path.abspath(RUN3),
           "--asyncc", config.asyncc_path,
           "--gxx", config.gxx,
           "--clangxx", config.clangxx,
           "--runtime-include", config.runtime_include,
           "--runtime-config", config.runtime_config,
           "--cache-dir", config.run3_cache]
    for flag in config.run3_link_flags:
        if flag:
            cmd.append("--link-flag=" + flag)
    return cmd


def split_tmp(prefix):
    """Removes `--tmp DIR` / `--tmp=DIR` from a run3 prefix; returns (prefix, DIR)."""
    out, tmp, i = [], None, 0
    while i < len(prefix):
        a = prefix[i]
        if a == "--tmp" and i + 1 < len(prefix):
            tmp = prefix[i + 1]
            i += 2
            continue
        if a.startswith("--tmp="):
            tmp = a[len("--tmp="):]
        else:
            out.append(a)
        i += 1
    return out, tmp


def classify(stderr):
    """Short reasons for a run3 failure, from its report."""
    reasons = []
    if re.search(r"^run3: asyncc failed", stderr, re.M):
        reasons.append("tool error")
    for m in re.finditer(r"^run3: compiling the (\S+) build failed", stderr, re.M):
        reasons.append("%s does not compile" % m.group(1))
    for m in re.finditer(r"^--- (\S+): stdout differs", stderr, re.M):
        reasons.append("%s output differs" % m.group(1))
    for m in re.finditer(r"^--- (\S+): (exit code|killed by|timed out)[^,\n]*, reference", stderr,
                         re.M):
        reasons.append("%s exit status differs" % m.group(1))
    for m in re.finditer(r"^--- (\S+): sanitizer report", stderr, re.M):
        reasons.append("%s sanitizer report" % m.group(1))
    for m in re.finditer(r"^--- (\S+): timed out", stderr, re.M):
        reasons.append("%s timed out" % m.group(1))
    if not reasons and "Traceback (most recent call last)" in stderr:
        last = stderr.strip().splitlines()[-1]
        reasons.append("run3 crashed: " + last[:120])
    if not reasons:
        first = stderr.strip().splitlines()[:1]
        reasons.append(first[0][:120] if first else "run3 failed")
    return reasons


def fuzz_one(seed, args, run3, work):
    start = time.time()
    try:
        return check_seed(seed, args, run3, work, start)
    except Exception:  # an I/O error must not hide the other seeds' results
        import traceback
        return seed, False, ["fuzz.py error"], traceback.format_exc(), None, time.time() - start


def check_seed(seed, args, run3, work, start):
    d = os.path.join(work, "seed-%d" % seed)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    src = os.path.join(d, "seed-%d.cpp" % seed)
    gen_cmd = [sys.executable, GEN, str(seed)] + ["--avoid=" + a for a in args.avoid]
    gen = subprocess.run(gen_cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True)
    if gen.returncode != 0:
        return seed, False, ["generator crashed"], gen.stderr, None, time.time() - start
    with open(src, "w") as f:
        f.write(gen.stdout)
    cmd = run3 + ["--tmp", os.path.join(d, "out"), src]
    env = dict(os.environ)
    env.setdefault("ASYNCC_RUN3_TIMEOUT", str(args.timeout))
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, errors="replace", env=env)
    elapsed = time.time() - start
    if proc.returncode == 0:
        if not args.keep_work:
            shutil.rmtree(d, ignore_errors=True)
        return seed, True, [], "", None, elapsed
    report = "$ %s\n%s" % (" ".join(shlex.quote(c) for c in cmd), proc.stderr)
    os.makedirs(args.keep, exist_ok=True)
    saved = os.path.join(args.keep, "seed-%d.cpp" % seed)
    shutil.copyfile(src, saved)
    with open(os.path.join(args.keep, "seed-%d.log" % seed), "w") as f:
        f.write("# %s; work directory %s\n" % (" ".join(gen_cmd[1:]), d))
        f.write(report)
    return seed, False, classify(proc.stderr), report, saved, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--seeds", type=parse_seeds, default=parse_seeds("1-100"),
                    help="seeds: A-B, N, or a comma-separated list of those (default 1-100)")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 2),
                    help="programs checked at once (each run3 runs its builds in parallel)")
    ap.add_argument("--keep", default=os.path.join(HERE, "failures"),
                    help="where failing programs are saved (default test/fuzz/failures)")
    ap.add_argument("--build-dir", default=os.environ.get("ASYNCC_BUILD_DIR", "build"),
                    help="the CMake build directory (for the tool and compiler paths)")
    ap.add_argument("--work", default=None, help="work directory (default: a temporary one)")
    ap.add_argument("--keep-work", action="store_true",
                    help="keep the work files of passing seeds too")
    ap.add_argument("--timeout", type=float, default=30,
                    help="seconds per program run (ASYNCC_RUN3_TIMEOUT overrides)")
    ap.add_argument("--avoid", action="append", default=[],
                    help="passed to gen_program.py: leave out a pattern that hits a known "
                    "bug (see gen_program.py --help)")
    ap.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    ap.add_argument("run3", nargs=argparse.REMAINDER,
                    help="-- <run3 command prefix> (what lit's %%run3 expands to)")
    args = ap.parse_args()

    prefix = list(args.run3)
    if prefix and prefix[0] == "--":
        prefix = prefix[1:]
    tmp = None
    if prefix:
        run3, tmp = split_tmp(prefix)
    else:
        run3 = run3_from_build_dir(os.path.abspath(args.build_dir))
    work = args.work or tmp
    cleanup = None
    if work:
        work = os.path.abspath(work)
        if os.path.isfile(work):
            os.remove(work)
        os.makedirs(work, exist_ok=True)
    else:
        work = cleanup = tempfile.mkdtemp(prefix="asyncc-fuzz-")
    args.keep = os.path.abspath(args.keep)

    passed, failed = 0, []
    counts = {}
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(fuzz_one, s, args, run3, work) for s in args.seeds]
        for fut in futures:
            seed, ok, reasons, report, saved, elapsed = fut.result()
            if ok:
                passed += 1
                if not args.quiet:
                    print("seed %d: ok (%.1fs)" % (seed, elapsed), flush=True)
                continue
            failed.append(seed)
            for r in reasons:
                key = re.sub(r"^(transpiled|native-clang|native-gcc) ", "", r)
                counts[key] = counts.get(key, 0) + 1
            print("seed %d: FAILED: %s%s" % (seed, "; ".join(reasons),
                                              (" -> " + saved) if saved else ""), flush=True)
            sys.stderr.write(report if report.endswith("\n") else report + "\n")
    if cleanup:
        shutil.rmtree(cleanup, ignore_errors=True)
    if counts:
        print("failure kinds: " + ", ".join("%s: %d" % kv for kv in sorted(counts.items())))
    if failed:
        print("failed seeds: " + ",".join(str(s) for s in failed))
    print("%d programs in %.0fs" % (passed + len(failed), time.time() - t0))
    print("%d passed, %d failed" % (passed, len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
