#!/usr/bin/env bash
# scripts/bench.sh: build and run the benchmarks of bench/ (issue 4), print a
# table of ratios, write docs/performance.json and docs/performance.csv, and
# regenerate docs/performance.png.  docs/performance.md explains the numbers.
#
#   scripts/bench.sh            # everything (about 6-8 minutes on 2 cores
#                               # once the asyncc tool is built)
#
# Environment:
#   ASYNCC_BENCH_BUILD  build directory (default: build-bench); the clang++-19
#                       build of the whole project is there, the g++ build of
#                       bench/ alone in $ASYNCC_BENCH_BUILD/bench-gcc
#   ASYNCC_BENCH_JOBS   parallel build jobs (default 2)
#   ASYNCC_BENCH_ROUNDS rounds over all binaries (default 3); each round runs
#                       every benchmark with 3 repetitions, binaries interleaved
#   ASYNCC_BENCH_QUICK=1  one round, shorter runs, 1e5 instead of 1e6 in the
#                       RSS runs (a smoke test; do not publish those numbers)
#   ASYNCC_BENCH_NO_INSTALL=1  do not apt-get missing packages
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

BUILD="${ASYNCC_BENCH_BUILD:-build-bench}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
GCC_BUILD="$BUILD/bench-gcc"
JOBS="${ASYNCC_BENCH_JOBS:-2}"
ROUNDS="${ASYNCC_BENCH_ROUNDS:-3}"
QUICK="${ASYNCC_BENCH_QUICK:-0}"
OUT="$BUILD/bench-results"

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# --- Packages ----------------------------------------------------------------
need=()
for pkg in cmake ninja-build clang-19 libclang-19-dev llvm-19-dev g++ libbenchmark-dev \
           libtbb-dev libasio-dev valgrind python3-matplotlib; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "${ASYNCC_BENCH_NO_INSTALL:-0}" = 1 ]; then
    echo "bench: missing packages: ${need[*]}" >&2
    exit 1
  fi
  say "installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# --- Build -------------------------------------------------------------------
# -O2 everywhere (CMake's Release default is -O3), no sanitizers, no tests.
say "building with clang++-19 (tool, runtime, bench) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DASYNCC_SANITIZE= -DASYNCC_BUILD_TESTS=OFF -DASYNCC_BUILD_EXAMPLES=OFF \
  -DASYNCC_BUILD_BENCH=ON >"$BUILD.configure.log" 2>&1 ||
  { cat "$BUILD.configure.log" >&2; exit 1; }
ninja -C "$BUILD" -j"$JOBS" asyncc bench_async_lowered_clang bench_async_native_clang bench_pool_clang \
  bench_channels_clang \
  >"$BUILD.build.log" 2>&1 || { tail -50 "$BUILD.build.log" >&2; exit 1; }
TOOL="$(find "$BUILD" -maxdepth 3 -type f -name asyncc -perm -u+x | head -1)"
[ -x "$TOOL" ] || { echo "bench: no asyncc binary under $BUILD" >&2; exit 1; }

say "building bench/ with g++ in $GCC_BUILD (tool: $TOOL)"
cmake -S "$ROOT/bench" -B "$GCC_BUILD" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=g++ -DASYNCC_EXECUTABLE="$TOOL" >"$GCC_BUILD.configure.log" 2>&1 ||
  { cat "$GCC_BUILD.configure.log" >&2; exit 1; }
ninja -C "$GCC_BUILD" -j"$JOBS" bench_async_lowered_gcc bench_async_native_gcc \
  >"$GCC_BUILD.build.log" 2>&1 || { tail -50 "$GCC_BUILD.build.log" >&2; exit 1; }

ASYNC_BINS=(
  "$BUILD/bench/bench_async_lowered_clang"
  "$BUILD/bench/bench_async_native_clang"
  "$GCC_BUILD/bench_async_lowered_gcc"
  "$GCC_BUILD/bench_async_native_gcc"
)
POOL_BIN="$BUILD/bench/bench_pool_clang"
CHANNELS_BIN="$BUILD/bench/bench_channels_clang"

# --- Run ---------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
if [ "$QUICK" = 1 ]; then
  ROUNDS=1; REPS=2; MIN_TIME=0.05; RSS_N=100000; INSTR_N=2000
else
  REPS=3; MIN_TIME=0.2; RSS_N=1000000; INSTR_N=20000
fi
{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) cpus, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "clang: $(clang++-19 --version | head -1)"
  echo "gcc: $(g++ --version | head -1)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "rounds: $ROUNDS x $REPS repetitions, min_time ${MIN_TIME}s"
} >"$OUT/env.txt"

for ((round = 1; round <= ROUNDS; round++)); do
  # Binaries interleaved round by round, so that a change in machine load
  # hits every build alike.
  for bin in "${ASYNC_BINS[@]}"; do
    name="$(basename "$bin")"
    say "round $round/$ROUNDS: $name"
    "$bin" --benchmark_repetitions="$REPS" --benchmark_min_time="$MIN_TIME" \
      --benchmark_out="$OUT/$name.r$round.json" --benchmark_out_format=json \
      >"$OUT/$name.r$round.txt" 2>&1
  done
  if [ -x "$CHANNELS_BIN" ]; then
    say "round $round/$ROUNDS: $(basename "$CHANNELS_BIN")"
    "$CHANNELS_BIN" --benchmark_repetitions="$REPS" --benchmark_min_time="$MIN_TIME" \
      --benchmark_out="$OUT/bench_channels_clang.r$round.json" --benchmark_out_format=json \
      >"$OUT/bench_channels_clang.r$round.txt" 2>&1
  fi
  if [ -x "$POOL_BIN" ]; then
    say "round $round/$ROUNDS: $(basename "$POOL_BIN")"
    "$POOL_BIN" --benchmark_repetitions="$REPS" --benchmark_min_time=0.3 \
      --benchmark_out="$OUT/bench_pool_clang.r$round.json" --benchmark_out_format=json \
      >"$OUT/bench_pool_clang.r$round.txt" 2>&1
  fi
done

for bin in "${ASYNC_BINS[@]}"; do
  name="$(basename "$bin")"
  for mode in delay whenany whenany-cancel; do
    say "RSS: $name --rss=$mode $RSS_N"
    /usr/bin/time -f '%e %M' -o "$OUT/rss.$name.$mode.time" \
      "$bin" --rss="$mode" "$RSS_N" >"$OUT/rss.$name.$mode.json"
  done
done

# Instruction counts (callgrind; independent of machine load): only what runs
# inside bench::InstrLoop, i.e. INSTR_N operations after a warm-up.
for bin in "${ASYNC_BINS[@]}"; do
  name="$(basename "$bin")"
  say "callgrind: $name"
  for c in plain1 plain10 sync1 sync10 tcs yield; do
    valgrind --tool=callgrind --toggle-collect='bench::InstrLoop*' \
      --callgrind-out-file=/dev/null "$bin" --instr="$c" "$INSTR_N" \
      >"$OUT/instr.$name.$c.json" 2>"$OUT/instr.$name.$c.log"
  done
done

say "report"
# Debian's python3 (python3-matplotlib is installed for it), not a pyenv one.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
"$PY" "$ROOT/bench/report.py" "$OUT" --docs "$ROOT/docs" ${QUICK:+--quick=$QUICK}
# Channels and coordination primitives: a table for docs/performance.md.
"$PY" "$ROOT/bench/channels_report.py" "$OUT"/bench_channels_clang.r*.json

# The PostgreSQL client against blocking libpq (its own build and server;
# skip with ASYNCC_BENCH_SKIP_DB=1).
if [ "${ASYNCC_BENCH_SKIP_DB:-0}" != 1 ]; then
  say "PostgreSQL client (scripts/bench-db.sh)"
  "$ROOT/scripts/bench-db.sh" | tee "$OUT/bench_db.jsonl"
fi
