#!/usr/bin/env bash
# scripts/bench-echo.sh: TCP echo on loopback (issue 5): asyncc's echo server
# (examples/echo, lowered by asyncc; the epoll reactor in both threading
# modes, ASYNCC_REACTOR_THREADS=single|per-worker, and io_uring, chosen with
# ASYNCC_REACTOR) vs a raw epoll loop in C (bench/echo_raw_epoll.c) vs a
# Boost.Asio 1.81 C++20-awaitable server (bench/echo_asio.cpp), all driven by
# bench/echo_load.c in a separate process. 64 B and 512 B messages; 1, 100,
# 1,000 and 10,000 connections; one request in flight per connection.
# Writes docs/performance-echo.json and docs/performance-echo.png and prints
# the Markdown table for docs/performance.md.  About 7 minutes (3 rounds) on 2 cores.
#
# Environment:
#   ASYNCC_TOOL          an asyncc binary to use (default: the first of
#                        build/tool/asyncc, build-bench/tool/asyncc; else the
#                        tool is built in build-bench, which takes a while)
#   ASYNCC_ECHO_BUILD    build directory for bench/ (default: build-bench-echo)
#   ASYNCC_ECHO_SECONDS  measured seconds per point (default 2; 1 s warm-up before)
#   ASYNCC_ECHO_ROUNDS   rounds over all points (default 3); a point's figures
#                        are those of its median-throughput round (the machine
#                        is shared: one round alone can be off by 10x)
#   ASYNCC_ECHO_CONNS    connection counts (default "1 100 1000 10000")
#   ASYNCC_ECHO_SIZES    message sizes (default "64 512")
#   ASYNCC_ECHO_SERVERS  servers to run (default "asyncc-epoll-single
#                        asyncc-epoll-per-worker asyncc-io_uring raw-epoll asio")
#   ASYNCC_BENCH_NO_INSTALL=1  do not apt-get missing packages
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BUILD="${ASYNCC_ECHO_BUILD:-build-bench-echo}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
SECONDS_PER_POINT="${ASYNCC_ECHO_SECONDS:-2}"
ROUNDS="${ASYNCC_ECHO_ROUNDS:-3}"
CONNS="${ASYNCC_ECHO_CONNS:-1 100 1000 10000}"
SIZES="${ASYNCC_ECHO_SIZES:-64 512}"
SERVERS="${ASYNCC_ECHO_SERVERS:-asyncc-epoll-single asyncc-epoll-per-worker asyncc-io_uring raw-epoll asio}"
OUT="$BUILD/results.jsonl"

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# --- Packages (benchmark-only ones live here, not in setup.sh) ----------------
need=()
for pkg in cmake ninja-build g++ gcc libbenchmark-dev libboost1.81-dev liburing-dev python3-matplotlib; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "${ASYNCC_BENCH_NO_INSTALL:-0}" = 1 ]; then
    echo "bench-echo: missing packages: ${need[*]}" >&2
    exit 1
  fi
  say "installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# --- The tool ------------------------------------------------------------------
TOOL="${ASYNCC_TOOL:-}"
if [ -z "$TOOL" ]; then
  for t in "$ROOT/build/tool/asyncc" "$ROOT/build-bench/tool/asyncc"; do
    if [ -x "$t" ]; then TOOL="$t"; break; fi
  done
fi
if [ -z "$TOOL" ]; then
  say "no asyncc binary found: building it in build-bench (Release)"
  cmake -S "$ROOT" -B "$ROOT/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DASYNCC_SANITIZE= -DASYNCC_BUILD_TESTS=OFF -DASYNCC_BUILD_EXAMPLES=OFF >/dev/null
  ninja -C "$ROOT/build-bench" -j2 asyncc >/dev/null
  TOOL="$ROOT/build-bench/tool/asyncc"
fi

# --- Build: -O2, no sanitizers ----------------------------------------------------
say "building bench/ echo programs in $BUILD (g++ -O2; tool: $TOOL)"
cmake -S "$ROOT/bench" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ -DASYNCC_EXECUTABLE="$TOOL" \
  >"$BUILD.configure.log" 2>&1 || { cat "$BUILD.configure.log" >&2; exit 1; }
ninja -C "$BUILD" -j2 echo_load echo_raw_epoll echo_asio bench_echo_asyncc >"$BUILD.build.log" 2>&1 ||
  { tail -40 "$BUILD.build.log" >&2; exit 1; }

# --- Run ------------------------------------------------------------------------
# 10,000 connections need 10,000 descriptors in each process.
ulimit -Sn "$(ulimit -Hn)"
if [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt 10100 ]; then
  echo "bench-echo: the fd limit is $(ulimit -Sn) (< 10100): 10,000 connections will fail" >&2
fi
: >"$OUT"
# Below the ephemeral range (32768-60999): a port the load client used for
# 10,000 connections may still be in TIME_WAIT there.
port=$(( 20000 + RANDOM % 10000 ))
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

start_server() {  # name port
  local log="$BUILD/server.log"
  case "$1" in
    asyncc-epoll-single)
      ASYNCC_REACTOR=epoll ASYNCC_REACTOR_THREADS=single "$BUILD/bench_echo_asyncc" --serve "$2" >"$log" 2>&1 & ;;
    asyncc-epoll-per-worker)
      ASYNCC_REACTOR=epoll ASYNCC_REACTOR_THREADS=per-worker "$BUILD/bench_echo_asyncc" --serve "$2" >"$log" 2>&1 & ;;
    asyncc-io_uring) ASYNCC_REACTOR=io_uring "$BUILD/bench_echo_asyncc" --serve "$2" >"$log" 2>&1 & ;;
    raw-epoll)       "$BUILD/echo_raw_epoll" "$2" >"$log" 2>&1 & ;;
    asio)            "$BUILD/echo_asio" "$2" 1 >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 100); do
    grep -q serving "$log" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench-echo: $1 did not start: $(cat "$log")" >&2
  return 1
}

say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "{\"loadavg_start\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"date\": \"$(date -u +%FT%TZ)\", \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null || echo -)\"}" >"$BUILD/meta.json"
for round in $(seq "$ROUNDS"); do
say "round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
for size in $SIZES; do
  for conns in $CONNS; do
    for server in $SERVERS; do
      # A port another process holds (the machine is shared): take the next.
      started=0
      for _ in 1 2 3 4 5; do
        port=$(( port + 1 ))
        if start_server "$server" "$port"; then started=1; break; fi
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
      done
      [ "$started" = 1 ] || { echo "bench-echo: $server does not start" >&2; exit 1; }
      line="$("$BUILD/echo_load" --port "$port" --conns "$conns" --size "$size" \
               --seconds "$SECONDS_PER_POINT" --warmup 1 --pid "$server_pid" --label "$server")" || true
      kill "$server_pid" 2>/dev/null || true
      wait "$server_pid" 2>/dev/null || true
      server_pid=""
      if [ -z "$line" ]; then
        line="{\"label\": \"$server\", \"conns\": $conns, \"size\": $size, \"rps\": 0, \"errors\": -1}"
      fi
      echo "${line%\}}, \"round\": $round, \"loadavg\": $(cut -d' ' -f1 /proc/loadavg)}" >>"$OUT"
      printf '%-16s %5s B %6s conns: %s\n' "$server" "$size" "$conns" \
        "$(echo "$line" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print("%(rps)s req/s  p50 %(p50_us)s us  p99 %(p99_us)s us  p99.9 %(p999_us)s us  threads %(server_threads)s  rss/conn %(rss_per_conn_bytes)s B  errors %(errors)s" % dict({"p50_us":"-","p99_us":"-","p999_us":"-","server_threads":"-","rss_per_conn_bytes":"-"}, **d))')" >&2
    done
  done
done
done

say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
say "report"
/usr/bin/python3 "$ROOT/bench/echo_report.py" "$OUT" "$ROOT/docs/performance-echo.json" \
  "$ROOT/docs/performance-echo.png"
