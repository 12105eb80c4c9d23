#!/usr/bin/env python3
"""echo_report.py RESULTS.jsonl OUT.json OUT.png: tables (Markdown, on
stdout) and a plot for scripts/bench-echo.sh. Targets (issue 5): asyncc's
throughput >= 0.9x the raw epoll loop and >= 1.1x Boost.Asio, p99 latency
no worse than Asio's."""
import json
import sys

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
# Several rounds per point: keep the round with the median throughput (its
# latencies and memory with it), and the spread of the throughputs.
groups = {}
for r in runs:
    groups.setdefault((r["label"], r["size"], r["conns"]), []).append(r)
rows = []
for k, rs in groups.items():
    rs = sorted(rs, key=lambda r: r.get("rps", 0))
    m = dict(rs[len(rs) // 2])
    m["rounds"] = len(rs)
    m["rps_min"] = rs[0].get("rps", 0)
    m["rps_max"] = rs[-1].get("rps", 0)
    rows.append(m)
json.dump({"points": rows, "runs": runs}, open(sys.argv[2], "w"), indent=1)

SERVERS = ["asyncc-epoll-single", "asyncc-epoll-per-worker", "asyncc-io_uring", "raw-epoll", "asio"]
ASYNCC = [s for s in SERVERS if s.startswith("asyncc-")]
key = {(r["label"], r["size"], r["conns"]): r for r in rows}
sizes = sorted({r["size"] for r in rows})
conns = sorted({r["conns"] for r in rows})


def g(label, size, n, field, default=0):
    return key.get((label, size, n), {}).get(field, default)


print("| msg | conns | server | req/s (median) | min-max over rounds | p50 µs | p99 µs | p99.9 µs | threads | RSS/conn | errors |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for s in sizes:
    for n in conns:
        for lab in SERVERS:
            r = key.get((lab, s, n))
            if not r:
                continue
            rss = r.get("rss_per_conn_bytes", -1)
            rss_txt = "-" if rss is None or rss < 0 or n < 100 else "%.1f KiB" % (rss / 1024)
            print("| %d B | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                s, n, lab, format(int(r.get("rps", 0)), ","),
                "%s-%s" % (format(int(r["rps_min"]), ","), format(int(r["rps_max"]), ",")),
                r.get("p50_us", "-"), r.get("p99_us", "-"),
                r.get("p999_us", "-"), r.get("server_threads", "-"), rss_txt, r.get("errors", "-")))

print()
print("| msg | conns | asyncc backend | vs raw epoll (target ≥ 0.90) | vs Asio (target ≥ 1.10) | p99 vs Asio (target ≤) |")
print("|---|---|---|---|---|---|")
met = total = 0
for s in sizes:
    for n in conns:
        for lab in ASYNCC:
            a = g(lab, s, n, "rps")
            raw = g("raw-epoll", s, n, "rps")
            asio = g("asio", s, n, "rps")
            if not a or not raw or not asio:
                continue
            r1, r2 = a / raw, a / asio
            p99, p99a = g(lab, s, n, "p99_us"), g("asio", s, n, "p99_us")
            v1 = "met" if r1 >= 0.9 else "MISSED"
            v2 = "met" if r2 >= 1.1 else "MISSED"
            v3 = "met" if p99 <= p99a else "MISSED"
            met += [v1, v2, v3].count("met")
            total += 3
            print("| %d B | %d | %s | %.2fx %s | %.2fx %s | %d vs %d µs %s |" % (
                s, n, lab.replace("asyncc-", ""), r1, v1, r2, v2, p99, p99a, v3))
print()
print("targets met: %d of %d" % (met, total))
loads = [r["loadavg"] for r in runs if "loadavg" in r]
if loads:
    print("load average (1 min) during the runs: %.1f to %.1f, median %.1f" % (
        min(loads), max(loads), sorted(loads)[len(loads) // 2]))

# Per-worker vs single, side by side (same run, same rounds).
print()
print("| msg | conns | per-worker / single req/s | p99 single µs | p99 per-worker µs |")
print("|---|---|---|---|---|")
for s in sizes:
    for n in conns:
        a, b = g("asyncc-epoll-per-worker", s, n, "rps"), g("asyncc-epoll-single", s, n, "rps")
        if a and b:
            print("| %d B | %d | %.2fx | %s | %s |" % (s, n, a / b, g("asyncc-epoll-single", s, n, "p99_us", "-"),
                                                    g("asyncc-epoll-per-worker", s, n, "p99_us", "-")))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("(no matplotlib: no plot; apt-get install python3-matplotlib)", file=sys.stderr)
    sys.exit(0)
fig, axes = plt.subplots(2, len(sizes), figsize=(6 * len(sizes), 8), squeeze=False)
for col, s in enumerate(sizes):
    for lab in SERVERS:
        xs = [n for n in conns if (lab, s, n) in key]
        axes[0][col].plot(xs, [g(lab, s, n, "rps") / 1000 for n in xs], marker="o", label=lab)
        axes[1][col].plot(xs, [g(lab, s, n, "p99_us") / 1000 for n in xs], marker="o", label=lab)
    axes[0][col].set_title("TCP echo, %d B messages: throughput" % s)
    axes[0][col].set_ylabel("thousand requests / s")
    axes[1][col].set_title("p99 latency")
    axes[1][col].set_ylabel("ms (log)")
    axes[1][col].set_yscale("log")
    for row in (0, 1):
        axes[row][col].set_xscale("log")
        axes[row][col].set_xlabel("connections (1 request in flight each)")
        axes[row][col].grid(True, alpha=0.3)
        axes[row][col].legend(fontsize=8)
fig.tight_layout()
fig.savefig(sys.argv[3], dpi=90)
