#!/usr/bin/env bash
# scripts/fuzz-tool.sh: run the tool under libFuzzer (tool/fuzz/LoweringFuzzer.cpp,
# docs/fuzzing.md "The tool under libFuzzer").
#
#   scripts/fuzz-tool.sh [--minutes N | --seconds N] [--runs N] [--jobs N]
#                        [--seeds all|small] [--build DIR] [--out DIR] [--seed N] [--fresh]
#
# The corpus starts from the project's own sources: every test source, example
# and sample (--seeds all, the default), or the tool's golden-output tests alone
# (--seeds small: the bounded run of the test command). libFuzzer mutates them
# with the dictionary tool/fuzz/cxx-coroutines.dict. The saved inputs that
# broke the contract (crash-*, timeout-*, oom-*) land in --out (default
# build/fuzz-tool/<date>); the grown corpus too, so a later run with the same
# --out goes on from it (--fresh starts over). --runs N stops after N inputs
# (seeds included): with --seed, the same inputs on every machine, whatever its
# speed, which is what the test command's bounded run needs. A finding, once
# fixed, is kept in tool/fuzz/regressions/, which the test command replays.
# Exits non-zero when anything was found.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[fuzz-tool]\033[0m %s\n' "$*" >&2; }

seconds=3600
jobs=1
seeds=all
build="${ASYNCC_BUILD_DIR:-build}"
out=""
seed=""
runs=""
fresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --fresh) fresh=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "fuzz-tool.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

root=$(pwd)
fuzzer="$(cd "$build" 2>/dev/null && pwd)/tool/asyncc_fuzz" || fuzzer="$build/tool/asyncc_fuzz"
if [ ! -x "$fuzzer" ]; then
  log "no $fuzzer: it is built by a clang sanitizer build (scripts/setup.sh builds one)"
  exit 2
fi
out="${out:-$build/fuzz-tool/$(date +%Y%m%d-%H%M%S)}"
# --fresh: start from the seeds alone (the test command's bounded run).
[ "$fresh" = 1 ] && rm -rf "$out"
rm -rf "$out/seeds"
mkdir -p "$out/corpus" "$out/seeds" "$out/artifacts"
out=$(cd "$out" && pwd)

# Seeds, flattened into one folder (libFuzzer names inputs by their hash, so
# the file names only help a reader of --out).
add_seeds() {
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$out/seeds/$(echo "$f" | tr '/' '_')"
  done
}
case "$seeds" in
  small) add_seeds test/lit/lowering/*.cpp ;;
  all)
    add_seeds test/lit/lowering/*.cpp test/lit/diagnostics/*.cpp test/run/*.cpp \
      test/run/Inputs/*.h test/fuzz/repro/*.cpp
    while IFS= read -r f; do add_seeds "$f"; done \
      < <(find examples samples -name '*.cpp' | sort)
    ;;
  *) echo "fuzz-tool.sh: --seeds all|small" >&2; exit 2 ;;
esac
add_seeds tool/fuzz/regressions/*
log "$(ls "$out/seeds" | wc -l) seeds, $seconds s, $jobs job(s), output in $out"

args=(-max_total_time="$seconds" -timeout=60 -rss_limit_mb=6144 -max_len=65536
      -dict="$root/tool/fuzz/cxx-coroutines.dict" -artifact_prefix="$out/artifacts/"
      -print_final_stats=1)
[ -n "$seed" ] && args+=(-seed="$seed")
[ -n "$runs" ] && args+=(-runs="$runs")
if [ "$jobs" -gt 1 ]; then
  args+=(-jobs="$jobs" -workers="$jobs")
fi
# The suppressions the asyncc binary carries are built into the harness too;
# leak checking per input stays on. With --jobs, libFuzzer writes each job's
# log (fuzz-N.log) into the current folder: that is --out.
status=0
(cd "$out" && "$fuzzer" "${args[@]}" corpus seeds) \
  2>&1 | tee "$out/fuzz.log" | grep -E "^#[0-9]+.*(INITED|DONE|pulse|NEW)|FINDING|ERROR|SUMMARY|stat::" \
  | tail -n 40 >&2 || status=$?

# libFuzzer also writes slow-unit-* for inputs slower than 10 s: on a loaded
# machine an ordinary large input gets there under ASan. Slowness is not the
# contract (a hang is: -timeout), so those are reported, not counted.
slow=$(ls "$out/artifacts" | grep -c '^slow-unit-' || true)
[ "$slow" -ne 0 ] && log "$slow input(s) took over 10 s (not a failure; -timeout=60 is the limit): $out/artifacts"
found=$(ls "$out/artifacts" | grep -vc '^slow-unit-' || true)
if [ "$found" -ne 0 ]; then
  log "found $found input(s) that break the contract, in $out/artifacts:"
  ls "$out/artifacts" >&2
  log "replay one: $fuzzer <input>; keep it as tool/fuzz/regressions/<name>.cpp once fixed"
  exit 1
fi
if [ "$status" -ne 0 ] || ! grep -q "Done [0-9]* runs\|DONE" "$out/fuzz.log"; then
  log "the fuzzer did not finish cleanly; see $out/fuzz.log"
  exit 1
fi
log "nothing found; log: $out/fuzz.log"
