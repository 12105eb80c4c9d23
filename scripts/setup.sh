#!/usr/bin/env bash
# scripts/setup.sh: install what asyncc needs (Debian 12), configure and build.
#
# Idempotent: packages already installed are not touched (apt-get runs only
# when something is missing), an existing build directory is reused, and the
# build is incremental.
#
# Environment:
#   ASYNCC_BUILD_DIR     build directory (default: build)
#   ASYNCC_BUILD_TYPE    CMAKE_BUILD_TYPE (default: RelWithDebInfo)
#   ASYNCC_SANITIZE      sanitizers for the whole build (default: address,undefined;
#                        set to "none" for a plain build)
#   ASYNCC_CMAKE_ARGS    extra arguments for the CMake configure step
#   ASYNCC_JOBS          parallel build jobs (default: number of cores)
#   ASYNCC_CXX, ASYNCC_CC  the compilers of a new build directory (default:
#                        clang++-19/clang-19; g++ for ASYNCC_SANITIZE=thread)
#   ASYNCC_SKIP_PACKAGES=1  do not check/install system packages
#   ASYNCC_SKIP_WINE=1      do not install the MinGW-w64 / wine packages
#   ASYNCC_SKIP_BUILD=1     install packages only
#   ASYNCC_CCACHE=0         do not use ccache as the compiler launcher (it is
#                           used when installed)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

PACKAGES=(
  cmake ninja-build g++ make binutils python3 pkg-config
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev
  libgtest-dev libgmock-dev liburing-dev libhttp-parser-dev nlohmann-json3-dev
  postgresql-15 libpq-dev ccache gdb
)
# The Windows stage of scripts/test.sh: the MinGW-w64 cross compiler (POSIX
# threads) and wine64 to run its tests (GoogleTest is built from
# libgtest-dev's /usr/src/googletest).
if [ "${ASYNCC_SKIP_WINE:-0}" != 1 ]; then
  PACKAGES+=(g++-mingw-w64-x86-64-posix wine64)
fi

install_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    log "not a Debian/Ubuntu system: install by hand: ${PACKAGES[*]}"
    return 0
  fi
  local missing=()
  local p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "system packages: all present"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      log "missing packages (${missing[*]}) and not root, no sudo: install them by hand"
      exit 1
    fi
  fi
  log "installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

if [ "${ASYNCC_SKIP_PACKAGES:-0}" != 1 ]; then
  install_packages
fi
if [ "${ASYNCC_SKIP_BUILD:-0}" = 1 ]; then
  exit 0
fi

BUILD_DIR="${ASYNCC_BUILD_DIR:-build}"
BUILD_TYPE="${ASYNCC_BUILD_TYPE:-RelWithDebInfo}"
SANITIZE="${ASYNCC_SANITIZE:-address,undefined}"
[ "$SANITIZE" = none ] && SANITIZE=""
JOBS="${ASYNCC_JOBS:-$(nproc 2>/dev/null || echo 2)}"

cmake_args=(-S . -B "$BUILD_DIR"
  -DCMAKE_BUILD_TYPE="$BUILD_TYPE"
  -DASYNCC_SANITIZE="$SANITIZE")
# The generator can only be chosen when the build directory is new.
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  if command -v ninja >/dev/null 2>&1; then
    cmake_args+=(-G Ninja)
  fi
  # The compiler: clang++-19 by default, which compiles the tool about 40%
  # faster than g++ 12 and brings libFuzzer (tool/fuzz); the ThreadSanitizer
  # build keeps g++, so the runtime and its unit tests are built by both.
  # ASYNCC_CXX / ASYNCC_CC choose another.
  cxx="${ASYNCC_CXX:-}"
  cc="${ASYNCC_CC:-}"
  if [ -z "$cxx" ] && [ "$SANITIZE" != thread ] && command -v clang++-19 >/dev/null 2>&1; then
    cxx=clang++-19
    cc=clang-19
  fi
  [ -n "$cxx" ] && cmake_args+=(-DCMAKE_CXX_COMPILER="$cxx")
  [ -n "$cc" ] && cmake_args+=(-DCMAKE_C_COMPILER="$cc")
  # Debian's clang-19 lives in /usr/lib/llvm-19.
  if [ -d /usr/lib/llvm-19/lib/cmake/llvm ]; then
    cmake_args+=(-DLLVM_DIR=/usr/lib/llvm-19/lib/cmake/llvm
                 -DClang_DIR=/usr/lib/llvm-19/lib/cmake/clang)
  fi
fi
# ccache makes a rebuild of unchanged sources (a second test-command run,
# another checkout) a cache hit; ASYNCC_CMAKE_ARGS can still override it.
if [ "${ASYNCC_CCACHE:-1}" != 0 ] && command -v ccache >/dev/null 2>&1; then
  cmake_args+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# shellcheck disable=SC2206
extra_args=(${ASYNCC_CMAKE_ARGS:-})

log "configuring $BUILD_DIR ($BUILD_TYPE${SANITIZE:+, sanitizers: $SANITIZE})"
cmake "${cmake_args[@]}" "${extra_args[@]}" >/dev/null
log "building $BUILD_DIR (-j$JOBS)"
cmake --build "$BUILD_DIR" -j "$JOBS"
log "build ready in $BUILD_DIR"
