#!/usr/bin/env python3
"""channels_report: the Markdown tables of docs/performance.md ("Channels and
coordination primitives") from Google Benchmark JSON files of
bench_channels_<cc> (one or more rounds; the median over every repetition).

    bench/channels_report.py build-bench/bench-results/bench_channels_clang.r*.json
"""

import json
import statistics
import sys


def main(paths):
    runs = {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("run_type") == "aggregate" or b.get("error_occurred"):
                continue
            runs.setdefault(b["run_name"], []).append(b)
    if not runs:
        print("channels_report: no results", file=sys.stderr)
        return 1

    def median(name, key):
        values = [b[key] for b in runs.get(name, []) if key in b]
        return statistics.median(values) if values else None

    print("| channel | pairs | asyncc items/s | Asio items/s | asyncc / Asio |")
    print("|---|---|---|---|---|")
    for bounded, label in ((1, "bounded(1024)"), (0, "unbounded")):
        for pairs in (1, 4):
            suffix = f"/bounded:{bounded}/pairs:{pairs}/real_time"
            ours = median("BM_Channel_asyncc" + suffix, "items_per_second")
            theirs = median("BM_Channel_asio" + suffix, "items_per_second")
            if ours is None or theirs is None:
                continue
            print(f"| {label} | {pairs}P/{pairs}C | {ours / 1e6:.2f} M | {theirs / 1e6:.2f} M "
                  f"| {ours / theirs:.2f}x |")
    print()
    print("| uncontended | ns per op | allocations per op |")
    print("|---|---|---|")
    for name, label in (("BM_SemaphoreSlim_WaitAsyncRelease", "SemaphoreSlim.WaitAsync + Release"),
                        ("BM_SemaphoreSlim_AwaitInCoroutine",
                         "`co_await WaitAsync(); Release();` in a coroutine (call included)"),
                        ("BM_AsyncLock_AcquireRelease", "AsyncLock LockAsync + Releaser")):
        ns = median(name, "real_time")
        allocs = median(name, "allocs_per_op")
        if ns is None:
            continue
        print(f"| {label} | {ns:.1f} | {allocs:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
