#!/usr/bin/env bash
# scripts/stress.sh: the long stress runs of Channel<T>, SemaphoreSlim and
# AsyncLock under ThreadSanitizer (the test command runs the same tests with
# 20,000 items). Result of the last run: docs/runtime.md ("Stress runs").
#
#   scripts/stress.sh            # 1,000,000 items per run
#
# Environment: ASYNCC_STRESS_ITEMS (default 1000000), ASYNCC_STRESS_BUILD
# (default build-tsan; configured here when new), ASYNCC_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${ASYNCC_STRESS_BUILD:-build-tsan}"
ITEMS="${ASYNCC_STRESS_ITEMS:-1000000}"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASYNCC_SANITIZE=thread \
    -DASYNCC_BUILD_TOOL=OFF -DASYNCC_BUILD_EXAMPLES=OFF -DASYNCC_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$BUILD" --target asyncc_runtime_tests -j "${ASYNCC_JOBS:-2}"
BIN="$(find "$BUILD" -type f -name asyncc_runtime_tests -perm -u+x | head -1)"
echo "stress: $ITEMS items per run, $(nproc) cpus, $BIN" >&2
TSAN_OPTIONS="suppressions=$PWD/test/tsan.supp halt_on_error=1 ${TSAN_OPTIONS:-}" \
ASYNCC_STRESS_ITEMS="$ITEMS" \
  "$BIN" --gtest_filter='ChannelStress.*:SemaphoreSlimStress.*:AsyncLockStress.*'
