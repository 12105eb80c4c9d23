#!/usr/bin/env bash
# scripts/bench-web-p99.sh: the p99 comparison behind docs/performance.md
# ("HTTP server", tail latency). Starts, all at once, async::web's bench
# server in the pool orders named below and the Boost.Beast server, then
# runs interleaved wrk rounds (every variant once per round, so machine load
# hits them alike) and prints one line per run: variant, point, req/s, p99.
# Needs the servers built by scripts/bench-web.sh (build-bench-web/).
#   ASYNCC_WEB_P99_ROUNDS   rounds (default 3)
#   ASYNCC_WEB_P99_SECONDS  seconds per run (default 3)
#   ASYNCC_WEB_P99_POINTS   "path:conns ..." (default "json:100 plaintext:100 plaintext:1000 json:1000")
#   ASYNCC_WEB_P99_WRK_CPU  if set, wrk runs under taskset -c on that CPU
#   ASYNCC_WEB_P99_SRV_CPU  if set, the servers run under taskset -c on that CPU list
# Variants: lifo-on-top (ASYNCC_POOL_POLL_ON_TOP=1: a busy worker's poll
# results on top of its deque, the order before the fix), default (poll
# results behind queued work), owner-fifo (ASYNCC_POOL_OWNER_FIFO=1: every
# worker runs its deque oldest first), beast.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${ASYNCC_WEB_BENCH_BUILD:-build-bench-web}"
ROUNDS="${ASYNCC_WEB_P99_ROUNDS:-3}"
SECS="${ASYNCC_WEB_P99_SECONDS:-3}"
POINTS="${ASYNCC_WEB_P99_POINTS:-json:100 plaintext:100 plaintext:1000 json:1000}"
VARIANTS="${ASYNCC_WEB_P99_VARIANTS:-lifo-on-top default owner-fifo beast}"
THREADS="$(nproc)"
wrk_pin=(); [ -n "${ASYNCC_WEB_P99_WRK_CPU:-}" ] && wrk_pin=(taskset -c "$ASYNCC_WEB_P99_WRK_CPU")
srv_pin=(); [ -n "${ASYNCC_WEB_P99_SRV_CPU:-}" ] && srv_pin=(taskset -c "$ASYNCC_WEB_P99_SRV_CPU")
ulimit -n 65536 2>/dev/null || ulimit -n 4096 2>/dev/null || true
port_ready() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

declare -A port
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
base=$((19000 + RANDOM % 500))
i=0
for v in $VARIANTS; do
  p=$((base + i)); i=$((i + 1)); port[$v]=$p
  case $v in
    lifo-on-top) env ASYNCC_POOL_POLL_ON_TOP=1 "${srv_pin[@]}" "$BUILD/asyncc_server" "$p" 2>/dev/null & ;;
    default) "${srv_pin[@]}" "$BUILD/asyncc_server" "$p" 2>/dev/null & ;;
    owner-fifo) env ASYNCC_POOL_OWNER_FIFO=1 "${srv_pin[@]}" "$BUILD/asyncc_server" "$p" 2>/dev/null & ;;
    beast) "${srv_pin[@]}" "$BUILD/beast_server" "$p" "$THREADS" & ;;
  esac
  pids+=($!)
  for _ in $(seq 100); do port_ready "$p" && break; sleep 0.05; done
done

for r in $(seq "$ROUNDS"); do
  for pt in $POINTS; do
    path=${pt%%:*}; c=${pt##*:}
    for v in $VARIANTS; do
      url="http://127.0.0.1:${port[$v]}/$path"
      "${wrk_pin[@]}" wrk -t2 -c"$c" -d1s "$url" >/dev/null 2>&1 || true
      out=$("${wrk_pin[@]}" wrk -t2 -c"$c" -d"${SECS}s" --latency "$url" 2>&1)
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
      p50=$(awk '$1=="50%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
      printf 'round=%s %-12s /%s x%s rps=%s p50_ms=%s p99_ms=%s load=%s\n' "$r" "$v" "$path" "$c" "$rps" "$p50" "$p99" "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
