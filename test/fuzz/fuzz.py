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

    fuzz.py [--seeds A-B[,C...] | --minutes N [--start S]] [--pack K]
            [--features F,G] [--native-only] [--jobs N] [--keep DIR] [--build-dir DIR]
    fuzz.py [options] -- <run3 command prefix>

--pack K puts K programs in one translation unit (gen_program.py --pack):
the three builds compile once for all K, and the output is compared section
by section, so a difference is still blamed on one seed, which is then
checked again alone and saved as its own reproducer.  A failure that cannot
be cut into sections (a compile error the diagnostics do not place, a leak
at exit) is found by checking each half of the pack again.

The run3 command comes either from the build directory (its
test/lit.site.cfg.py, the paths lit uses: --build-dir, default
$ASYNCC_BUILD_DIR or ./build) or, after `--`, as the command prefix lit's
%run3 expands to (the lit test does `fuzz.py ... -- %run3`).  A `--tmp DIR`
in that prefix is the work directory; otherwise --work, or a fresh temporary
directory.  Exits 1 if any seed failed; the last lines are `N programs, M
divergences, S sanitizer reports` (a seed with a sanitizer report counts
there, not among the divergences) and `N passed, M failed`.
"""

import argparse
import concurrent.futures
import os
import re
import resource
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


SECTION_RE = re.compile(r"^=== fuzz seed (\d+)$", re.M)
SEED_MARK_RE = re.compile(r"^// ---- seed (\d+) ----$")
BUILDS = ("native-clang", "transpiled", "native-gcc")


class Result:
    """The verdict on one seed."""

    def __init__(self, seed, ok, reasons=(), report="", saved=None, elapsed=0.0):
        self.seed, self.ok, self.reasons = seed, ok, list(reasons)
        self.report, self.saved, self.elapsed = report, saved, elapsed

    def sanitizer(self):
        return any("sanitizer" in r for r in self.reasons)


def gen_cmd(seeds, args):
    cmd = [sys.executable, GEN, str(seeds[0])]
    if len(seeds) > 1:
        cmd += ["--pack", str(len(seeds))]
    if args.features:
        cmd.append("--features=" + args.features)
    return cmd + ["--avoid=" + a for a in args.avoid]


def generate(seeds, args):
    """The source of one program or of a pack; seeds must be consecutive."""
    proc = subprocess.run(gen_cmd(seeds, args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return proc.returncode, proc.stdout, proc.stderr


def run_run3(src, out_dir, run3, args, n_programs):
    cmd = run3 + (["--no-transpile"] if args.native_only else []) + ["--tmp", out_dir, src]
    env = dict(os.environ)
    env.setdefault("ASYNCC_RUN3_TIMEOUT", str(args.timeout + 0.5 * n_programs))
    shutil.rmtree(out_dir, ignore_errors=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, errors="replace", env=env)
    return proc, cmd


def save(seed, text, log_text, args, suffix=""):
    os.makedirs(args.keep, exist_ok=True)
    saved = os.path.join(args.keep, "seed-%d%s.cpp" % (seed, suffix))
    with open(saved, "w") as f:
        f.write(text)
    with open(os.path.join(args.keep, "seed-%d%s.log" % (seed, suffix)), "w") as f:
        f.write(log_text)
    return saved


def check_single(seed, args, run3, work, start):
    """One program alone: generated, built three ways (or two), compared."""
    d = os.path.join(work, "seed-%d" % seed)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    src = os.path.join(d, "seed-%d.cpp" % seed)
    rc, text, err = generate([seed], args)
    if rc != 0:
        return Result(seed, False, ["generator crashed"], err, None, time.time() - start)
    with open(src, "w") as f:
        f.write(text)
    proc, cmd = run_run3(src, os.path.join(d, "out"), run3, args, 1)
    elapsed = time.time() - start
    if proc.returncode == 0:
        if not args.keep_work:
            shutil.rmtree(d, ignore_errors=True)
        return Result(seed, True, elapsed=elapsed)
    report = "$ %s\n%s" % (" ".join(shlex.quote(c) for c in cmd), proc.stderr)
    log_text = "# %s; work directory %s\n%s" % (" ".join(gen_cmd([seed], args)[1:]), d, report)
    saved = save(seed, text, log_text, args)
    return Result(seed, False, classify(proc.stderr), report, saved, elapsed)


def sections(text):
    """{seed: text} of a packed program's output (stdout or stderr)."""
    out, pos, seed = {}, 0, None
    for m in SECTION_RE.finditer(text):
        if seed is not None:
            out[seed] = text[pos:m.start()]
        seed, pos = int(m.group(1)), m.end() + 1
    if seed is not None:
        out[seed] = text[pos:]
    return out


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def seeds_at_lines(src_text, log_text, src):
    """Seeds whose part of a packed source holds a line that a diagnostic in
    log_text points at (`<src>:<line>:`)."""
    starts = []  # (first line, seed)
    for i, line in enumerate(src_text.split("\n"), 1):
        m = SEED_MARK_RE.match(line)
        if m:
            starts.append((i, int(m.group(1))))
    found = set()
    for m in re.finditer(re.escape(os.path.basename(src)) + r":(\d+):\d+: (?:fatal )?error",
                         log_text):
        line = int(m.group(1))
        owner = None
        for first, seed in starts:
            if first <= line:
                owner = seed
        if owner is not None:
            found.add(owner)
    return found


def attribute(seeds, src, text, out_dir, stderr):
    """Which seeds of a failed pack are to blame: ({seed: [reasons]}, rest),
    where rest are the seeds that did not run because a build died before
    them (they are checked again as a pack), or None when the failure cannot
    be cut into sections (then bisect)."""
    blame, rest = {}, []
    if re.search(r"^run3: (asyncc failed|compiling the \S+ build failed)", stderr, re.M):
        logs = "".join(read(os.path.join(out_dir, n)) or "" for n in
                       ["asyncc.log"] + ["%s.compile.log" % b for b in BUILDS])
        found = seeds_at_lines(text, logs, src)
        if not found:
            return None
        for s in found:
            blame[s] = classify(stderr)
        # The others never ran (the pack did not build): check them again.
        rest = [s for s in seeds if s not in blame]
        return blame, rest
    outs = {}
    for b in BUILDS:
        o = read(os.path.join(out_dir, b + ".stdout"))
        e = read(os.path.join(out_dir, b + ".stderr"))
        if o is not None:
            outs[b] = (sections(o), sections(e or ""), e or "")
    if "native-clang" not in outs:
        return None
    ref = outs["native-clang"][0]
    # A build that died (crash, sanitizer abort, timeout) stops at some
    # seed: that seed is blamed, the later ones are checked again.
    ran = list(seeds)
    for b, (out, err, whole_err) in outs.items():
        for i, s in enumerate(ran):
            if s not in err:
                if i == 0:
                    return None
                blame.setdefault(ran[i - 1], []).append("%s died in this program" % b)
                rest = ran[i:]
                ran = ran[:i]
                break
    for b, (out, err, whole_err) in outs.items():
        for s in ran:
            if b != "native-clang" and out.get(s) != ref.get(s):
                blame.setdefault(s, []).append("%s output differs" % b)
            if s in err and run3_san(err[s]):
                blame.setdefault(s, []).append("%s sanitizer report" % b)
        pre = whole_err.split("=== fuzz seed ", 1)[0]
        if run3_san(pre):
            return None
    if not blame:
        return None  # exit status, a leak at exit, ...: bisect
    return blame, rest


def run3_san(text):
    return re.search(r"ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|"
                     r"WARNING: ThreadSanitizer|runtime error: ", text) is not None


def check_pack(seeds, args, run3, work, start):
    """K programs in one translation unit; on a failure, the seeds to blame
    are found from the output sections (or by bisection) and each is checked
    again alone, which makes its reproducer."""
    if len(seeds) == 1:
        return [check_single(seeds[0], args, run3, work, start)]
    d = os.path.join(work, "pack-%d-%d" % (seeds[0], seeds[-1]))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    src = os.path.join(d, "pack-%d.cpp" % seeds[0])
    rc, text, err = generate(seeds, args)
    if rc != 0:
        return [Result(s, False, ["generator crashed"], err, None, time.time() - start)
                for s in seeds]
    with open(src, "w") as f:
        f.write(text)
    out_dir = os.path.join(d, "out")
    proc, cmd = run_run3(src, out_dir, run3, args, len(seeds))
    per = (time.time() - start) / len(seeds)
    if proc.returncode == 0:
        if not args.keep_work:
            shutil.rmtree(d, ignore_errors=True)
        return [Result(s, True, elapsed=per) for s in seeds]
    found = attribute(seeds, src, text, out_dir, proc.stderr)
    if found is None:
        # Not attributable: check each half as a pack of its own.
        mid = len(seeds) // 2
        return check_pack(seeds[:mid], args, run3, work, time.time()) + \
            check_pack(seeds[mid:], args, run3, work, time.time())
    blame, rest = found
    if not any(s in blame for s in seeds) or len(rest) >= len(seeds):
        # Nothing of this pack to blame (a diagnostic matched no section of
        # it): bisect rather than check the same pack again.
        mid = len(seeds) // 2
        return check_pack(seeds[:mid], args, run3, work, time.time()) + \
            check_pack(seeds[mid:], args, run3, work, time.time())
    results = []
    for s in seeds:
        if s in rest:
            continue
        if s not in blame:
            results.append(Result(s, True, elapsed=per))
            continue
        alone = check_single(s, args, run3, work, time.time())
        if alone.ok:
            # Only in the pack: keep the pack as the reproducer.
            report = "$ %s\n%s" % (" ".join(shlex.quote(c) for c in cmd), proc.stderr)
            log_text = ("# %s; seed %d failed in this pack (%s) but passed alone; "
                        "work directory %s\n%s" % (" ".join(gen_cmd(seeds, args)[1:]), s,
                                                   "; ".join(blame[s]), d, report))
            alone = Result(s, False, blame[s] + ["only when packed"], report,
                           save(s, text, log_text, args, "-pack"), per)
        results.append(alone)
    if rest:
        results += check_pack(rest, args, run3, work, time.time())
    return results


def batches(args):
    """Lists of consecutive seeds, K at a time."""
    if args.seeds is not None:
        run = []
        for s in args.seeds:
            if run and (s != run[-1] + 1 or len(run) == args.pack):
                yield run
                run = []
            run.append(s)
        if run:
            yield run
        return
    s = args.start
    while True:
        yield list(range(s, s + args.pack))
        s += args.pack


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--seeds", type=parse_seeds, default=None,
                    help="seeds: A-B, N, or a comma-separated list of those (default 1-100, "
                    "or from --start on while --minutes last)")
    ap.add_argument("--start", type=int, default=1,
                    help="with --minutes and no --seeds: the first seed (default 1)")
    ap.add_argument("--minutes", type=float, default=None,
                    help="time budget: start no new program (pack) after N minutes")
    ap.add_argument("--pack", type=int, default=1, metavar="K",
                    help="K programs per translation unit (default 1: each alone)")
    ap.add_argument("--features", default="",
                    help="passed to gen_program.py: optional constructs (gen_program.py --help)")
    ap.add_argument("--native-only", action="store_true",
                    help="build only clang++ and g++ -std=c++20 (no asyncc) and compare them: "
                    "a difference is a generator bug (or a compiler's)")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 2),
                    help="programs (packs) checked at once (each run3 runs its builds in "
                    "parallel)")
    ap.add_argument("--keep", default=os.path.join(HERE, "failures"),
                    help="where failing programs are saved (default test/fuzz/failures)")
    ap.add_argument("--build-dir", default=os.environ.get("ASYNCC_BUILD_DIR", "build"),
                    help="the CMake build directory (for the tool and compiler paths)")
    ap.add_argument("--work", default=None, help="work directory (default: a temporary one)")
    ap.add_argument("--keep-work", action="store_true",
                    help="keep the work files of passing seeds too")
    ap.add_argument("--timeout", type=float, default=30,
                    help="seconds per program run, plus 0.5 s per packed program "
                    "(ASYNCC_RUN3_TIMEOUT overrides)")
    ap.add_argument("--avoid", action="append", default=[],
                    help="passed to gen_program.py: leave out a pattern that hits a known "
                    "bug (see gen_program.py --help)")
    ap.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    ap.add_argument("run3", nargs=argparse.REMAINDER,
                    help="-- <run3 command prefix> (what lit's %%run3 expands to)")
    args = ap.parse_args()
    if args.seeds is None and args.minutes is None:
        args.seeds = parse_seeds("1-100")
    args.pack = max(1, args.pack)

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

    passed, failed, sanitizer = 0, [], 0
    counts = {}
    t0 = time.time()
    deadline = t0 + 60 * args.minutes if args.minutes is not None else None
    jobs = max(1, args.jobs)
    todo = batches(args)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        pending = []

        def submit():
            while len(pending) < jobs and (deadline is None or time.time() < deadline):
                batch = next(todo, None)
                if batch is None:
                    return
                pending.append(pool.submit(check_pack, batch, args, run3, work, time.time()))

        submit()
        while pending:
            fut = pending.pop(0)
            for res in fut.result():
                if res.ok:
                    passed += 1
                    if not args.quiet:
                        print("seed %d: ok (%.1fs)" % (res.seed, res.elapsed), flush=True)
                    continue
                failed.append(res.seed)
                sanitizer += res.sanitizer()
                for r in res.reasons:
                    key = re.sub(r"^(transpiled|native-clang|native-gcc) ", "", r)
                    counts[key] = counts.get(key, 0) + 1
                print("seed %d: FAILED: %s%s" % (res.seed, "; ".join(res.reasons),
                                                  (" -> " + res.saved) if res.saved else ""),
                      flush=True)
                sys.stderr.write(res.report if res.report.endswith("\n") else res.report + "\n")
            submit()
    if cleanup:
        shutil.rmtree(cleanup, ignore_errors=True)
    if counts:
        print("failure kinds: " + ", ".join("%s: %d" % kv for kv in sorted(counts.items())))
    if failed:
        print("failed seeds: " + ",".join(str(s) for s in failed))
    total = passed + len(failed)
    secs = time.time() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ru.ru_utime + ru.ru_stime
    print("%d programs in %.0fs (%.0f programs/hour, %d per translation unit%s); "
          "CPU %.0fs, %.1fs per program" % (
              total, secs, total * 3600.0 / max(secs, 1e-9), args.pack,
              ", native only" if args.native_only else "", cpu, cpu / max(total, 1)))
    print("%d programs, %d divergences, %d sanitizer reports" % (
        total, len(failed) - sanitizer, sanitizer))
    print("%d passed, %d failed" % (passed, len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
