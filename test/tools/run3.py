#!/usr/bin/env python3
"""run3: the three-build differential harness for asyncc run tests.

Used from lit as `// RUN: %run3 %s | %FileCheck %s`.  For one source file it
makes three programs, runs each, and compares them:

  (a) transpiled  asyncc <src> -o <tmp>/<name>.lowered.cpp, then
                  g++ -std=c++17 -Wall -Wextra -Werror -fsanitize=address,undefined
                  linked with a g++/C++17/ASan build of the runtime
  (b) reference   clang++-19 -std=c++20 <src> (native coroutines), same
                  sanitizers, linked with a clang++/C++20/ASan runtime build
  (c) gcc native  g++ -std=c++20 <src>, same sanitizers, g++/C++20 runtime;
                  skipped when the source has a line
                  `// ASYNCC-SKIP-GCC-NATIVE: <reason>` (g++ 12 coroutine bugs)

The lowered source is also checked with clang++-19 -std=c++17 -fsyntax-only
-Wall -Wextra: it must compile, and give no warning that the native clang
build does not give at the same place (the user's own code may warn; what
asyncc writes may not). Clang's -Wundefined-inline/-Wundefined-internal
catch special members that Clang would leave undefined at link time (the
machines of ASYNC lambdas in templates have none for that reason,
docs/lowering/07-lambdas.md section 20).

The standard output and the exit status of every build must equal the
reference's, and no build may print a sanitizer report.  On success run3
prints the reference's standard output (followed by `run3: exit code N` when
N != 0) and exits 0, so the test can FileCheck it.  On any difference it
prints a unified diff (and each build's stderr) to stderr and exits 1.

Everything is kept in the --tmp directory (lit's %t): the lowered source, the
binaries, and each build's compile log, stdout and stderr.

Sanitizer builds of the runtime (one static archive per compiler and
standard: ASan runtimes of g++ and clang cannot be mixed) are built on first
use into --cache-dir and reused; the cache key hashes the compiler, the flags
and every file of the runtime, so editing the runtime rebuilds them.  A lock
file per archive serialises lit's parallel tests.

Extra compiler flags (for all three builds and the tool's parse): after
`--` on the command line, in the environment variable ASYNCC_RUN3_FLAGS, or
on a source line `// ASYNCC-RUN3-FLAGS: <flags>`.  Other environment knobs:
ASYNCC_RUN3_OPT (default -O0: the tests check behaviour, and -O0 compiles
them in about 60% of the CPU time of -O1), ASYNCC_RUN3_TIMEOUT (seconds per run,
default 60), ASYNCC_RUN3_JOBS (parallel runtime compiles), ASYNCC_RUN3_GXX,
ASYNCC_RUN3_CLANGXX (override the compilers).
"""

import argparse
import concurrent.futures
import difflib
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer", "-g"]
SAN_REPORT = re.compile(
    r"ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|"
    r"WARNING: ThreadSanitizer|runtime error: ")
SKIP_GCC = re.compile(r"//\s*ASYNCC-SKIP-GCC-NATIVE:\s*(\S.*)$", re.M)
# file:line:col: warning: text [-Wflag], as a tuple (the file's base name).
DIAGNOSTIC = re.compile(r"^(?:.*/)?([^/:\n]+):(\d+):(\d+): (?:warning|error): (.*?) \[(-W[^,\]]+)(?:,[^\]]*)?\]$",
                        re.M)
FLAGS_LINE = re.compile(r"//\s*ASYNCC-RUN3-FLAGS:(.*)$", re.M)
RUNTIME_EXTS = (".h", ".hh", ".hpp", ".hxx", ".inl", ".ipp", ".cpp", ".cc", ".cxx",
                ".txt", ".cmake")


class Failure(Exception):
    pass


def log(msg):
    sys.stderr.write(msg.rstrip("\n") + "\n")


def cmd_str(cmd):
    return " ".join(shlex.quote(c) for c in cmd)


def run_tool(cmd, what, log_path=None, cwd=None):
    """Runs a build command; raises Failure with its output if it fails."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          cwd=cwd, universal_newlines=True, errors="replace")
    if log_path:
        with open(log_path, "w") as f:
            f.write("$ " + cmd_str(cmd) + "\n" + proc.stdout)
    if proc.returncode != 0:
        raise Failure("%s failed (exit %d):\n$ %s\n%s" %
                      (what, proc.returncode, cmd_str(cmd), proc.stdout))
    return proc.stdout


# --- runtime archives ----------------------------------------------------------

def read_runtime_config(path, runtime_include):
    """Sources, include dirs and definitions of the asyncc_runtime target,
    as written by test/CMakeLists.txt; falls back to globbing runtime/src."""
    cfg = {"source_dir": [], "sources": [], "include_dirs": [], "definitions": []}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if parts and parts[0] in cfg:
                    cfg[parts[0]] = [p for p in parts[1:] if p]
    runtime_root = os.path.dirname(os.path.abspath(runtime_include))
    source_dir = cfg["source_dir"][0] if cfg["source_dir"] else runtime_root
    sources = [s if os.path.isabs(s) else os.path.join(source_dir, s) for s in cfg["sources"]]
    if not sources:
        src_dir = os.path.join(runtime_root, "src")
        for root, dirs, files in os.walk(src_dir):
            # The PostgreSQL client is a library of its own (asyncc_db, libpq).
            dirs[:] = [d for d in dirs if d != "db"]
            sources += [os.path.join(root, f) for f in files
                        if f.endswith((".cpp", ".cc", ".cxx"))]
    include_dirs = cfg["include_dirs"] or [runtime_include]
    if runtime_include not in include_dirs:
        include_dirs.append(runtime_include)
    return {"root": source_dir, "sources": sorted(sources),
            "include_dirs": include_dirs, "definitions": cfg["definitions"]}


def hash_runtime(rt, compiler, flags):
    h = hashlib.sha256()
    real = os.path.realpath(shutil.which(compiler) or compiler)
    st = os.stat(real)
    h.update(("%s %d %d\n" % (real, st.st_size, int(st.st_mtime))).encode())
    h.update(("\0".join(flags) + "\n").encode())
    h.update(("\0".join(rt["sources"]) + "\n").encode())
    h.update(("\0".join(rt["include_dirs"] + rt["definitions"]) + "\n").encode())
    roots = {rt["root"]} | set(rt["include_dirs"])
    seen = set()
    for root in sorted(roots):
        for dirpath, dirnames, files in os.walk(root):
            dirnames.sort()
            for name in sorted(files):
                p = os.path.join(dirpath, name)
                if p in seen or not name.endswith(RUNTIME_EXTS):
                    continue
                seen.add(p)
                h.update(p.encode() + b"\0")
                with open(p, "rb") as f:
                    h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:16]


def ensure_runtime_archive(label, compiler, std, rt, args):
    """Returns the path of a static runtime archive for this compiler/std,
    building it (once, under a lock) if needed."""
    flags = [std] + SANITIZE + [args.opt] + \
        ["-I" + d for d in rt["include_dirs"]] + ["-D" + d for d in rt["definitions"]]
    key = hash_runtime(rt, compiler, flags)
    os.makedirs(args.cache_dir, exist_ok=True)
    out_dir = os.path.join(args.cache_dir, "%s-%s" % (label, key))
    archive = os.path.join(out_dir, "libasyncc_runtime.a")
    if os.path.exists(archive):
        return archive
    lock_path = os.path.join(args.cache_dir, label + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if os.path.exists(archive):
                return archive
            # Older archives of this label are stale: remove them.
            for old in os.listdir(args.cache_dir):
                if old.startswith(label + "-") and old != os.path.basename(out_dir):
                    shutil.rmtree(os.path.join(args.cache_dir, old), ignore_errors=True)
            build_dir = tempfile.mkdtemp(prefix=label + "-build-", dir=args.cache_dir)
            try:
                log_path = os.path.join(build_dir, "build.log")

                def compile_one(i_src):
                    i, src = i_src
                    obj = os.path.join(build_dir, "%03d-%s.o" % (i, os.path.basename(src)))
                    run_tool([compiler] + flags + ["-c", src, "-o", obj],
                             "building the %s runtime (%s)" % (label, os.path.basename(src)))
                    return obj

                jobs = int(os.environ.get("ASYNCC_RUN3_JOBS", os.cpu_count() or 2))
                with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
                    objs = list(pool.map(compile_one, enumerate(rt["sources"])))
                tmp_archive = os.path.join(build_dir, "libasyncc_runtime.a")
                ar = shutil.which("ar") or "ar"
                if objs:
                    run_tool([ar, "rcs", tmp_archive] + objs, "archiving the %s runtime" % label,
                             log_path)
                else:
                    # A header-only runtime: an empty archive keeps the link line uniform.
                    with open(tmp_archive, "wb") as f:
                        f.write(b"!<arch>\n")
                os.makedirs(out_dir, exist_ok=True)
                os.replace(tmp_archive, archive)
            finally:
                shutil.rmtree(build_dir, ignore_errors=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return archive


# --- the three builds ----------------------------------------------------------------

def describe_status(code):
    if code is None:
        return "timed out"
    if code < 0:
        try:
            return "killed by %s" % signal.Signals(-code).name
        except ValueError:
            return "killed by signal %d" % -code
    return "exit code %d" % code


def run_program(exe, tmp, name, timeout):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    try:
        proc = subprocess.run([exe], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, env=env, cwd=tmp)
        out, err, code = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as e:
        out, err, code = e.stdout or b"", e.stderr or b"", None
    out = out.decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    with open(os.path.join(tmp, name + ".stdout"), "w") as f:
        f.write(out)
    with open(os.path.join(tmp, name + ".stderr"), "w") as f:
        f.write(err)
    return out, err, code


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--asyncc", required=True, help="the asyncc tool")
    ap.add_argument("--gxx", default="g++")
    ap.add_argument("--clangxx", default="clang++-19")
    ap.add_argument("--runtime-include", required=True)
    ap.add_argument("--runtime-config", default=None,
                    help="run3-runtime.txt written by test/CMakeLists.txt")
    ap.add_argument("--cache-dir", required=True, help="where runtime archives are cached")
    ap.add_argument("--link-flag", action="append", default=[],
                    help="extra link flag (the runtime's dependencies)")
    ap.add_argument("--tmp", required=True, help="work directory (lit's %%t)")
    ap.add_argument("--opt", default=os.environ.get("ASYNCC_RUN3_OPT", "-O0"))
    ap.add_argument("--timeout", type=float,
                    default=float(os.environ.get("ASYNCC_RUN3_TIMEOUT", "60")))
    ap.add_argument("--no-transpile", action="store_true",
                    help="debugging: only the native builds")
    ap.add_argument("source")
    ap.add_argument("extra", nargs=argparse.REMAINDER,
                    help="-- <extra compiler flags for all builds>")
    args = ap.parse_args()
    args.gxx = os.environ.get("ASYNCC_RUN3_GXX", args.gxx)
    args.clangxx = os.environ.get("ASYNCC_RUN3_CLANGXX", args.clangxx)

    extra = list(args.extra)
    if extra and extra[0] == "--":
        extra = extra[1:]
    extra += shlex.split(os.environ.get("ASYNCC_RUN3_FLAGS", ""))

    src = os.path.abspath(args.source)
    with open(src, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for m in FLAGS_LINE.finditer(text):
        extra += shlex.split(m.group(1))
    skip_gcc = SKIP_GCC.search(text)

    tmp = os.path.abspath(args.tmp)
    if os.path.isfile(tmp):
        os.remove(tmp)
    os.makedirs(tmp, exist_ok=True)
    stem = os.path.splitext(os.path.basename(src))[0]
    src_dir = os.path.dirname(src)
    includes = ["-I" + args.runtime_include, "-I" + src_dir]
    links = args.link_flag or ["-pthread"]

    rt = read_runtime_config(args.runtime_config, args.runtime_include)

    # (a) transpile first: its errors are the most common failure.
    lowered = os.path.join(tmp, stem + ".lowered.cpp")
    if not args.no_transpile:
        if os.path.exists(lowered):
            os.remove(lowered)
        tool_log = run_tool([args.asyncc, src, "-o", lowered, "--", "-std=c++20"] + includes +
                            extra, "asyncc", os.path.join(tmp, "asyncc.log"))
        if not os.path.exists(lowered):
            raise Failure("asyncc exited 0 but wrote no %s" % lowered)


    builds = []  # (name, compiler, std, warn flags, input, runtime label)
    if not args.no_transpile:
        builds.append(("transpiled", args.gxx, "-std=c++17",
                       ["-Wall", "-Wextra", "-Werror"], lowered, "gcc-c++17"))
    builds.append(("native-clang", args.clangxx, "-std=c++20",
                   ["-Wall", "-Wextra"], src, "clang-c++20"))
    if not skip_gcc:
        builds.append(("native-gcc", args.gxx, "-std=c++20",
                       ["-Wall", "-Wextra"], src, "gcc-c++20"))

    archives = {}
    for name, cxx, std, _, _, label in builds:
        archives[name] = ensure_runtime_archive(label, cxx, std, rt, args)

    def build(b):
        name, cxx, std, warn, inp, _ = b
        exe = os.path.join(tmp, name)
        dep = exe + ".d"
        cmd = [cxx, std] + warn + SANITIZE + [args.opt] + includes + extra + \
            [inp, "-MD", "-MF", dep, "-o", exe, archives[name]] + links
        run_tool(cmd, "compiling the %s build" % name, os.path.join(tmp, name + ".compile.log"))
        if name == "transpiled":
            with open(dep) as f:
                deps = f.read().replace("\\\n", " ").split()
            coro = [d for d in deps if d.endswith("/coroutine")]
            if coro:
                raise Failure("the lowered file %s includes <coroutine> (%s); "
                              "asyncc output must not need coroutine support" % (lowered, coro[0]))
        return exe

    def check_lowered_with_clang():
        """The lowered file under clang++ -Wall -Wextra: every warning the
        native clang build does not give at the same place is an error."""
        cmd = [args.clangxx, "-std=c++17", "-fsyntax-only", "-Wall", "-Wextra"] + \
            includes + extra + [lowered]
        what = "checking the lowered file with clang++ (C++17 -Wall -Wextra)"
        out = run_tool(cmd, what, os.path.join(tmp, "transpiled-clang.check.log"))
        native_log = os.path.join(tmp, "native-clang.compile.log")
        with open(native_log, encoding="utf-8", errors="replace") as f:
            # (By file, line and flag: what asyncc rewrote earlier on a line
            # moves the column.)
            native = {(d[0], d[1], d[4]) for d in DIAGNOSTIC.findall(f.read())}
        new = [d for d in DIAGNOSTIC.findall(out) if (d[0], d[1], d[4]) not in native]
        if new:
            raise Failure("%s: warnings the native build does not give (each an error):\n%s\n"
                          "(log: %s)" % (what, "\n".join("%s:%s:%s: %s [%s]" % d for d in new),
                                         os.path.join(tmp, "transpiled-clang.check.log")))

    with concurrent.futures.ThreadPoolExecutor(len(builds)) as pool:
        exes = list(pool.map(build, builds))
    if not args.no_transpile:
        check_lowered_with_clang()

    results = {}
    for (name, *_), exe in zip(builds, exes):
        results[name] = run_program(exe, tmp, name, args.timeout)

    ref_out, ref_err, ref_code = results["native-clang"]
    problems = []
    for name, (out, err, code) in results.items():
        if SAN_REPORT.search(err):
            problems.append("%s: sanitizer report:\n%s" % (name, err))
        if code is None:
            problems.append("%s: timed out after %gs" % (name, args.timeout))
    for name, (out, err, code) in results.items():
        if name == "native-clang":
            continue
        if out != ref_out:
            diff = difflib.unified_diff(
                ref_out.splitlines(True), out.splitlines(True),
                "native-clang (reference)", name)
            problems.append("%s: stdout differs from the reference:\n%s" %
                            (name, "".join(d if d.endswith("\n") else d + "\n\\ No newline\n"
                                           for d in diff)))
        if code != ref_code:
            problems.append("%s: %s, reference: %s" %
                            (name, describe_status(code), describe_status(ref_code)))

    if problems:
        log("run3: FAILED for %s" % src)
        for p in problems:
            log("--- " + p)
        for name, (out, err, code) in results.items():
            log("=== %s (%s) stderr:\n%s" % (name, describe_status(code), err))
        if not args.no_transpile:
            log("lowered source: %s" % lowered)
        log("outputs in: %s" % tmp)
        return 1

    if skip_gcc:
        log("run3: g++ native build skipped: %s" % skip_gcc.group(1).strip())
    sys.stdout.write(ref_out)
    if ref_code != 0:
        if ref_out and not ref_out.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.write("run3: %s\n" % describe_status(ref_code))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        log("run3: " + str(e))
        sys.exit(1)
