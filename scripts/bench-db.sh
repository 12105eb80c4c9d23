#!/usr/bin/env bash
# scripts/bench-db.sh: the PostgreSQL client benchmark (issue 16,
# bench/bench_db.cpp): 10,000 `SELECT $1::int` with async::db from one
# thread (100 in flight over a pool of 10) vs blocking libpq on 10 threads,
# against a throw-away local server (test/db/pg_cluster.sh). Prints one JSON
# line per round and the medians (docs/performance.md, "PostgreSQL client").
# About half a minute after the build.
#
# Environment:
#   ASYNCC_DB_BENCH_BUILD    build directory (default: build-bench-db; a
#                            Release build of the runtime, no sanitizers)
#   ASYNCC_DB_BENCH_QUERIES  queries per round and side (default 10000)
#   ASYNCC_DB_BENCH_ROUNDS   rounds (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BUILD="${ASYNCC_DB_BENCH_BUILD:-build-bench-db}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
QUERIES="${ASYNCC_DB_BENCH_QUERIES:-10000}"
ROUNDS="${ASYNCC_DB_BENCH_ROUNDS:-5}"
JOBS="${ASYNCC_JOBS:-$(nproc)}"

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

say "build (Release, no sanitizers) in $BUILD"
cmake -S runtime -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" -j"$JOBS" asyncc_db >/dev/null
uring=()
[ -f "$BUILD/CMakeCache.txt" ] && grep -q "ASYNCC_LIBURING_LIBRARY:FILEPATH=/" "$BUILD/CMakeCache.txt" && uring=(-luring)
g++ -std=c++20 -O2 -DNDEBUG -I"$ROOT/runtime/include" -I"$(pg_config --includedir)" "$ROOT/bench/bench_db.cpp" \
  "$BUILD/libasyncc_db.a" "$BUILD/libasyncc_runtime.a" -lpq "${uring[@]}" -pthread -o "$BUILD/bench_db"

# In /tmp: run as root, the server's user must be able to enter the folder.
CLUSTER="$(mktemp -d /tmp/asyncc-pg-bench.XXXXXX)"
trap '"$ROOT/test/db/pg_cluster.sh" stop "$CLUSTER"' EXIT
"$ROOT/test/db/pg_cluster.sh" start "$CLUSTER" >&2
say "bench_db: $QUERIES queries x $ROUNDS rounds (reactor: ${ASYNCC_REACTOR:-default})"
"$BUILD/bench_db" "$(cat "$CLUSTER/conninfo")" "$QUERIES" "$ROUNDS"
