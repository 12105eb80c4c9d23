#!/usr/bin/env bash
# run_package_test.sh: the installed asyncc package as a user consumes it
# (test/package/README.md).  Registered with ctest by test/package/CMakeLists.txt.
#
#   run_package_test.sh install     <build dir> <prefix>
#       cmake --install of the built tree into <prefix> (a fresh folder).
#   run_package_test.sh consumer    <prefix> <work dir>
#       configures, builds and runs test/package/consumer against <prefix>;
#       a second build does no work; touching the header that the ASYNC
#       sources include re-runs the tool (its depfile) and rebuilds.
#   run_package_test.sh relocatable <prefix> <work dir>
#       two copies of the consumer in different folders, built one after the
#       other through ccache: byte-identical lowered files, and the second
#       build hits the cache for every lowered translation unit.
#
# Environment (set by ctest): ASYNCC_CMAKE, ASYNCC_CMAKE_GENERATOR,
# ASYNCC_CXX_COMPILER, ASYNCC_CCACHE (relocatable only).
# Paths given to it may (and in the test do) contain spaces.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
CMAKE="${ASYNCC_CMAKE:-cmake}"
GENERATOR="${ASYNCC_CMAKE_GENERATOR:-Ninja}"

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

# build <build dir> <log>: cmake --build, its output kept in <log> and shown.
build() {
  "$CMAKE" --build "$1" -j 2 >"$2" 2>&1 || { cat "$2"; fail "build of $1 failed"; }
  cat "$2"
}

# configure <source dir> <build dir> [cmake args...]
configure() {
  local src="$1" bin="$2"
  shift 2
  "$CMAKE" -S "$src" -B "$bin" -G "$GENERATOR" \
    -DCMAKE_PREFIX_PATH="$prefix" \
    ${ASYNCC_CXX_COMPILER:+-DCMAKE_CXX_COMPILER="$ASYNCC_CXX_COMPILER"} \
    "$@" >"$bin.configure.log" 2>&1 || { cat "$bin.configure.log"; fail "configure of $src failed"; }
}

# run_consumer <build dir>: the program fetched the greeting over HTTP.
run_consumer() {
  local out
  out="$("$1/consumer")" || fail "consumer exited with $?: $out"
  echo "$out"
  [ "$out" = "GET 200: hello from an installed asyncc" ] || fail "unexpected output: $out"
}

# lowered_count <log>: how many sources the build lowered.
lowered_count() { grep -c "asyncc: lowering" "$1" || true; }

# copy_consumer <dest>: the consumer project into <dest> (a fresh folder).
copy_consumer() {
  rm -rf "$1"
  mkdir -p "$1"
  cp -R "$here/consumer/." "$1/"
}

mode="${1:-}"
case "$mode" in
install)
  [ $# -eq 3 ] || fail "usage: $0 install <build dir> <prefix>"
  rm -rf "$3"
  "$CMAKE" --install "$2" --prefix "$3" >/dev/null
  for f in lib/cmake/asyncc/asynccConfig.cmake lib/cmake/asyncc/asynccTargets.cmake \
           include/async/async.h include/async/http/http.h bin/asyncc; do
    [ -e "$3/$f" ] || fail "the install has no $f"
  done
  echo "installed into $3"
  ;;

consumer)
  [ $# -eq 3 ] || fail "usage: $0 consumer <prefix> <work dir>"
  prefix="$2"
  src="$3/consumer src"
  bin="$3/consumer build"
  copy_consumer "$src"
  rm -rf "$bin"
  mkdir -p "$bin"

  step "configure and build"
  configure "$src" "$bin"
  build "$bin" "$3/build1.log"
  [ "$(lowered_count "$3/build1.log")" -eq 2 ] || fail "the first build did not lower both sources"
  run_consumer "$bin"

  step "a second build does no work"
  build "$bin" "$3/build2.log"
  if [ "$GENERATOR" = Ninja ]; then
    grep -q "ninja: no work to do" "$3/build2.log" || fail "the second build did work"
  fi
  if grep -E "asyncc: lowering|Building CXX|Linking CXX" "$3/build2.log"; then
    fail "the second build re-ran a step"
  fi

  step "touching greeting.h re-lowers the sources that include it"
  # Past the outputs' timestamps even on a coarse-grained file system.
  sleep 1
  touch "$src/greeting.h"
  build "$bin" "$3/build3.log"
  grep -q "asyncc: lowering main.cpp" "$3/build3.log" || fail "main.cpp was not lowered again"
  grep -q "asyncc: lowering greeting_server.cpp" "$3/build3.log" \
    || fail "greeting_server.cpp was not lowered again"
  grep -q "Linking CXX" "$3/build3.log" || fail "the program was not relinked"
  run_consumer "$bin"

  step "touching greeting_server.h re-lowers both sources; nothing after that"
  sleep 1
  touch "$src/greeting_server.h"
  build "$bin" "$3/build4.log"
  [ "$(lowered_count "$3/build4.log")" -eq 2 ] || fail "greeting_server.h did not re-lower both sources"
  build "$bin" "$3/build5.log"
  [ "$(lowered_count "$3/build5.log")" -eq 0 ] || fail "a build after the rebuild lowered again"
  echo "PASS"
  ;;

relocatable)
  [ $# -eq 3 ] || fail "usage: $0 relocatable <prefix> <work dir>"
  prefix="$2"
  CCACHE="${ASYNCC_CCACHE:-ccache}"
  root="$3/relocatable"
  rm -rf "$root"
  mkdir -p "$root"
  # A private cache, no user configuration; paths below $root are hashed
  # relative to the build directory (base_dir), and the working directory
  # that -g records is left out of the hash (hash_dir = false).
  while IFS='=' read -r var _; do unset "$var"; done < <(env | grep '^CCACHE_' || true)
  export CCACHE_DIR="$root/ccache"
  export CCACHE_CONFIGPATH="$root/ccache.conf"
  : >"$CCACHE_CONFIGPATH"
  export CCACHE_BASEDIR="$root"
  export CCACHE_NOHASHDIR=1

  for clone in "first clone" "second clone"; do
    copy_consumer "$root/$clone/src"
    mkdir -p "$root/$clone/build"
    configure "$root/$clone/src" "$root/$clone/build" \
      -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER_LAUNCHER="$CCACHE"
  done

  step "build the first clone (fills the cache)"
  build "$root/first clone/build" "$root/first.log"
  "$CCACHE" --zero-stats >/dev/null

  step "build the second clone"
  build "$root/second clone/build" "$root/second.log"
  stats="$("$CCACHE" --print-stats)"
  run_consumer "$root/second clone/build"

  step "the lowered files are byte-identical"
  lowered=()
  while IFS= read -r f; do lowered+=("$f"); done \
    < <(cd "$root/first clone/build" && find . -name '*.lowered.cpp' | sort)
  [ ${#lowered[@]} -eq 2 ] || fail "expected 2 lowered files, found ${#lowered[@]}"
  for f in "${lowered[@]}"; do
    cmp "$root/first clone/build/$f" "$root/second clone/build/$f" \
      || fail "$f differs between the clones"
    echo "identical: $f"
  done

  step "the second build hit the cache for every lowered translation unit"
  stat_of() { printf '%s\n' "$stats" | awk -F'\t' -v k="$1" '$1 == k { print $2 }'; }
  hits=$(( $(stat_of direct_cache_hit) + $(stat_of preprocessed_cache_hit) ))
  misses=$(stat_of cache_miss)
  echo "ccache: $hits hits ($(stat_of direct_cache_hit) direct), $misses misses"
  [ "$hits" -eq ${#lowered[@]} ] || fail "expected ${#lowered[@]} cache hits, got $hits"
  [ "$misses" -eq 0 ] || fail "the second build missed the cache $misses times"
  echo "PASS"
  ;;

*)
  fail "usage: $0 install|consumer|relocatable ..."
  ;;
esac
