#!/usr/bin/env bash
# scripts/wine_test.sh BUILD_DIR: runs the MinGW-w64 build's runtime tests
# (IOCP backend and the rest) under wine64, headless.
#
# The wine prefix lives in BUILD_DIR/wineprefix and is created on the first
# run (wineboot --init, ~10-20 s); no X server is needed: the tests are
# console programs, DISPLAY is unset, and Mono/Gecko (which would ask to be
# installed) are disabled.
#
# Environment: ASYNCC_WINE (default: /usr/lib/wine/wine64, else wine64 on
# PATH), GTEST_FILTER and the ASYNCC_* test variables pass through.
set -euo pipefail

log() { printf '\033[1;34m[wine]\033[0m %s\n' "$*" >&2; }

BUILD_DIR="${1:?usage: scripts/wine_test.sh BUILD_DIR}"
if [ ! -f "$BUILD_DIR/test/unit/asyncc_runtime_tests.exe" ]; then
  log "no $BUILD_DIR/test/unit/asyncc_runtime_tests.exe: build it first (docs/io.md, IOCP)"
  exit 1
fi
BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"
WINE="${ASYNCC_WINE:-}"
if [ -z "$WINE" ]; then
  if [ -x /usr/lib/wine/wine64 ]; then WINE=/usr/lib/wine/wine64; else WINE="$(command -v wine64 || true)"; fi
fi
if [ -z "$WINE" ]; then
  log "wine64 not found (apt-get install wine64)"
  exit 1
fi
WINESERVER="$(dirname "$WINE")/wineserver"
[ -x "$WINESERVER" ] || WINESERVER="$(command -v wineserver || echo wineserver)"

export WINEPREFIX="$BUILD_DIR/wineprefix"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  log "creating the wine prefix $WINEPREFIX"
  start=$(date +%s)
  "$WINE" wineboot --init >/dev/null 2>&1 || true
  "$WINESERVER" -w || true
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "wineboot did not create $WINEPREFIX"
    exit 1
  fi
  log "wine prefix ready in $(( $(date +%s) - start )) s"
fi

status=0
for exe in asyncc_runtime_tests asyncc_runtime_native_tests; do
  path="$BUILD_DIR/test/unit/$exe.exe"
  [ -f "$path" ] || continue
  log "$exe.exe under $("$WINE" --version 2>/dev/null || echo wine)"
  start=$(date +%s)
  # gtest's own exit code; its summary names every failed or skipped test.
  if ! "$WINE" "$path" --gtest_brief=1 --gtest_print_time=0; then status=1; fi
  log "$exe.exe: $(( $(date +%s) - start )) s"
done
"$WINESERVER" -k >/dev/null 2>&1 || true  # no server left running after the tests
exit "$status"
