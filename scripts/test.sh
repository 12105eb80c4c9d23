#!/usr/bin/env bash
# scripts/test.sh: set up, build with ASan+UBSan, and run every test:
#   ctest in build/       lit suites (golden, diagnostics, three-build run
#                         tests under ASan+UBSan) and the runtime GoogleTests
#                         (ASan+UBSan)
#   ctest in build-tsan/  the runtime GoogleTests under ThreadSanitizer
#                         (skip with ASYNCC_SKIP_TSAN=1)
#   build-mingw/          the runtime and its GoogleTests cross-built with
#                         MinGW-w64 (IOCP backend) and run under wine64
#                         (scripts/wine_test.sh; skip with ASYNCC_SKIP_WINE=1)
# Idempotent; exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[test]\033[0m %s\n' "$*" >&2; }

BUILD_DIR="${ASYNCC_BUILD_DIR:-build}"
JOBS="${ASYNCC_JOBS:-$(nproc 2>/dev/null || echo 2)}"
export ASYNCC_SANITIZE="${ASYNCC_SANITIZE:-address,undefined}"

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Clang's own leaks inside the ASan-built tool (test/lsan.supp; the tool also
# carries them as its default suppressions), for the build's lowering steps too.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/test/lsan.supp}"

scripts/setup.sh
cmake --build "$BUILD_DIR" -j "$JOBS"

log "ctest in $BUILD_DIR (sanitizers: $ASYNCC_SANITIZE)"
status=0
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS") || status=1

if [ "${ASYNCC_SKIP_TSAN:-0}" != 1 ]; then
  TSAN_DIR="${ASYNCC_TSAN_BUILD_DIR:-build-tsan}"
  log "ThreadSanitizer build of the runtime and its unit tests in $TSAN_DIR"
  ASYNCC_SKIP_PACKAGES=1 ASYNCC_BUILD_DIR="$TSAN_DIR" ASYNCC_SANITIZE=thread \
    ASYNCC_CMAKE_ARGS="-DASYNCC_BUILD_TOOL=OFF ${ASYNCC_TSAN_CMAKE_ARGS:-}" \
    scripts/setup.sh
  # gcc 12's TSan cannot map its shadow with high-entropy ASLR
  # (vm.mmap_rnd_bits > 28): run without ASLR there.
  runner=()
  if [ "$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28)" -gt 28 ] \
      && command -v setarch >/dev/null 2>&1; then
    runner=(setarch "$(uname -m)" -R)
  fi
  export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/test/tsan.supp}"
  (cd "$TSAN_DIR" && "${runner[@]}" ctest --output-on-failure -j "$JOBS") || status=1
fi

if [ "${ASYNCC_SKIP_WINE:-0}" != 1 ]; then
  WINE_DIR="${ASYNCC_MINGW_BUILD_DIR:-build-mingw}"
  log "MinGW-w64 cross build of the runtime and its unit tests in $WINE_DIR (IOCP), run under wine64"
  wine_start=$(date +%s)
  if [ ! -f "$WINE_DIR/CMakeCache.txt" ]; then
    generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    cmake -S . -B "$WINE_DIR" "${generator[@]}" \
      -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
      -DCMAKE_BUILD_TYPE=Release -DASYNCC_SANITIZE= \
      -DASYNCC_BUILD_TOOL=OFF -DASYNCC_BUILD_EXAMPLES=OFF >/dev/null
  fi
  if cmake --build "$WINE_DIR" -j "$JOBS"; then
    scripts/wine_test.sh "$WINE_DIR" || status=1
  else
    status=1
  fi
  log "Windows stage: $(( $(date +%s) - wine_start )) s"
fi

if [ "$status" -eq 0 ]; then
  log "all tests passed"
else
  # Last, so that the end of the log says why each test failed.
  for dir in "$BUILD_DIR" "${TSAN_DIR:-}"; do
    [ -n "$dir" ] && python3 scripts/failed-test-output.py "$dir" || true
  done
  log "FAILURES (see above)"
fi
exit "$status"
