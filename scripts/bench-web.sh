#!/usr/bin/env bash
# scripts/bench-web.sh: HTTP on loopback (issue 15): async::web's server
# (bench/web/asyncc_server.cpp, epoll reactor by default; ASYNCC_REACTOR
# selects) vs a Boost.Beast 1.81 async server doing the same work on the
# same number of threads (bench/web/beast_server.cpp), driven by wrk:
# GET /plaintext and GET /json (nlohmann-json per request), keep-alive,
# 1, 100 and 1,000 connections. Prints requests/s and p99 per point as a
# Markdown table (docs/performance.md, "HTTP server"). Not part of the tests.
#
# Environment:
#   ASYNCC_WEB_BENCH_BUILD    build directory (default build-bench-web)
#   ASYNCC_WEB_BENCH_SECONDS  seconds per point (default 5, after 1 s warm-up)
#   ASYNCC_WEB_BENCH_CONNS    connection counts (default "1 100 1000")
#   ASYNCC_WEB_BENCH_THREADS  server threads for Beast (default: nproc, as
#                             the runtime's pool); wrk uses 2 threads
#   ASYNCC_BENCH_NO_INSTALL=1 do not apt-get missing packages (wrk, libboost1.81-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BUILD="${ASYNCC_WEB_BENCH_BUILD:-build-bench-web}"
SECS="${ASYNCC_WEB_BENCH_SECONDS:-5}"
CONNS="${ASYNCC_WEB_BENCH_CONNS:-1 100 1000}"
THREADS="${ASYNCC_WEB_BENCH_THREADS:-$(nproc)}"

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

if [ "${ASYNCC_BENCH_NO_INSTALL:-0}" != 1 ]; then
  missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [ -f /usr/include/boost/beast.hpp ] || missing+=(libboost1.81-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

say "building the runtime (Release, no sanitizers) in $BUILD"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DASYNCC_SANITIZE= \
  -DASYNCC_BUILD_TOOL=OFF -DASYNCC_BUILD_TESTS=OFF -DASYNCC_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$BUILD" --target asyncc_web -j 2 >/dev/null
uring=(); [ -f /usr/include/liburing.h ] && uring=(-luring)
g++ -O2 -std=c++20 -DNDEBUG -I runtime/include bench/web/asyncc_server.cpp \
  "$BUILD/runtime/libasyncc_web.a" "$BUILD/runtime/libasyncc_runtime.a" -lhttp_parser "${uring[@]}" -pthread \
  -o "$BUILD/asyncc_server"
g++ -O2 -std=c++17 -DNDEBUG bench/web/beast_server.cpp -pthread -o "$BUILD/beast_server"

ulimit -n 65536 2>/dev/null || ulimit -n 4096 2>/dev/null || true
port_ready() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

run_wrk() {  # url conns -> "rps p99_ms"
  local url=$1 c=$2 t=2
  [ "$c" -lt 2 ] && t=1
  wrk -t"$t" -c"$c" -d1s "$url" >/dev/null 2>&1 || true
  local out
  out=$(wrk -t"$t" -c"$c" -d"${SECS}s" --latency "$url" 2>&1)
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps $p99 $errors"
}

declare -A result
for server in asyncc beast; do
  port=$((18080 + RANDOM % 1000))
  if [ "$server" = asyncc ]; then
    "$BUILD/asyncc_server" "$port" 2>/dev/null &
  else
    "$BUILD/beast_server" "$port" "$THREADS" &
  fi
  pid=$!
  for _ in $(seq 100); do port_ready "$port" && break; sleep 0.05; done
  for path in plaintext json; do
    for c in $CONNS; do
      say "$server /$path c=$c"
      result[$server,$path,$c]=$(run_wrk "http://127.0.0.1:$port/$path" "$c")
      echo "   ${result[$server,$path,$c]}" >&2
    done
  done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
done

echo
echo "| Route | Connections | async::web req/s | Beast req/s | async::web p99 (ms) | Beast p99 (ms) |"
echo "|---|---:|---:|---:|---:|---:|"
for path in plaintext json; do
  for c in $CONNS; do
    read -r ar ap _ <<<"${result[asyncc,$path,$c]}"
    read -r br bp _ <<<"${result[beast,$path,$c]}"
    echo "| /$path | $c | $ar | $br | $ap | $bp |"
  done
done
