#!/usr/bin/env bash
# scripts/demo.sh: set up and build asyncc, then run the bundled examples
# both ways (lowered by asyncc to C++17, and native C++20 coroutines) side by
# side, and show where the generated state machines are.  Idempotent.
# The examples (examples/*/): hello, pipeline, echo (a TCP echo server and a
# client checking every byte), http-server (the test HTTP server, raw wire
# exchanges) and http-fetch (HttpClient: FetchAsync, WhenAll, retry with
# backoff, timeout); each takes under a second or two. Then the samples
# (samples/*/: the .NET guide's code, samples/README.md), each run both ways
# with one verdict line (ASYNCC_DEMO_SAMPLES=0 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

BUILD_DIR="${ASYNCC_BUILD_DIR:-build}"
EXAMPLES_DIR="$BUILD_DIR/examples"

bold() { printf '\033[1m%s\033[0m\n' "$*"; }

if [ ! -d "$EXAMPLES_DIR" ]; then
  echo "demo: $EXAMPLES_DIR does not exist: the asyncc tool was not built" >&2
  exit 1
fi

status=0
for dir in examples/*/; do
  name="$(basename "$dir")"
  exe="$EXAMPLES_DIR/$name/$name"
  native="$EXAMPLES_DIR/$name/${name}_native"
  [ -x "$exe" ] || continue
  echo
  bold "=== example: $name   (source: examples/$name/main.cpp)"
  out_t="$(mktemp)"; out_n="$(mktemp)"
  rc_t=0; "$exe" >"$out_t" 2>&1 || rc_t=$?
  if [ -x "$native" ]; then
    rc_n=0; "$native" >"$out_n" 2>&1 || rc_n=$?
    width=$(( $(tput cols 2>/dev/null || echo 160) / 2 - 2 ))
    [ "$width" -lt 40 ] && width=40
    [ "$width" -gt 80 ] && width=80
    printf '%-*s | %s\n' "$width" "asyncc -> C++17 (exit $rc_t)" "native C++20 coroutines (exit $rc_n)"
    printf '%*s-+-%s\n' "$width" "" "" | tr ' ' '-'
    paste -d '\t' "$out_t" "$out_n" | while IFS=$'\t' read -r left right; do
      printf '%-*s | %s\n' "$width" "$left" "$right"
    done
    if cmp -s "$out_t" "$out_n" && [ "$rc_t" = "$rc_n" ]; then
      bold "--> identical output and exit code"
    else
      bold "--> OUTPUTS DIFFER"
      diff -u "$out_n" "$out_t" || true
      status=1
    fi
  else
    echo "(no native build: the compiler has no C++20 coroutines)"
    cat "$out_t"
  fi
  rm -f "$out_t" "$out_n"
done

# The samples: the same check, one line each (their output is long; run a
# sample's binary to see it).
SAMPLES_DIR="$BUILD_DIR/samples"
if [ "${ASYNCC_DEMO_SAMPLES:-1}" != 0 ] && [ -d "$SAMPLES_DIR" ]; then
  echo
  bold "=== samples: the .NET guide's code samples, both ways (samples/README.md)"
  run_sample() {  # prints "<name> <verdict>"
    local name="$1" exe="$SAMPLES_DIR/$1/$1" native="$SAMPLES_DIR/$1/$1_native"
    local out_t out_n rc_t=0 rc_n=0
    out_t="$(mktemp)"; out_n="$(mktemp)"
    "$exe" >"$out_t" 2>/dev/null || rc_t=$?
    "$native" >"$out_n" 2>/dev/null || rc_n=$?
    if cmp -s "$out_t" "$out_n" && [ "$rc_t" = 0 ] && [ "$rc_n" = 0 ]; then
      echo "$name identical output, exit 0 ($(wc -l <"$out_t") lines, last: $(tail -n 1 "$out_t"))"
    else
      echo "$name DIFFER: exit $rc_t (asyncc) / $rc_n (native)"
    fi
    rm -f "$out_t" "$out_n"
  }
  export -f run_sample
  export SAMPLES_DIR
  names=()
  for dir in samples/*/; do
    name="$(basename "$dir")"
    [ -x "$SAMPLES_DIR/$name/$name" ] && [ -x "$SAMPLES_DIR/$name/${name}_native" ] && names+=("$name")
  done
  # Two at a time: most samples spend their time waiting on timers.
  verdicts="$(printf '%s\n' "${names[@]}" | xargs -r -P 2 -I{} bash -c 'run_sample "$@"' _ {} | sort)"
  printf '%s\n' "$verdicts" | while read -r name verdict; do
    [ -n "$name" ] && printf '  %-40s %s\n' "$name" "$verdict"
  done
  if printf '%s\n' "$verdicts" | grep -q ' DIFFER'; then
    bold "--> SOME SAMPLES DIFFER"
    status=1
  else
    bold "--> ${#names[@]} samples: identical output and exit code"
  fi
  echo "  one sample: $SAMPLES_DIR/<name>/<name> and ${SAMPLES_DIR}/<name>/<name>_native"
fi

echo
bold "Generated state machines (plain C++17, #line directives point back at the source):"
find "$EXAMPLES_DIR" -path '*/asyncc/*.lowered.cpp' -print | sort | while read -r f; do
  echo "  $f"
done
[ -d "$SAMPLES_DIR/asyncc" ] && echo "  (and the samples': $SAMPLES_DIR/asyncc/<name>/main.lowered.cpp)"
echo
echo "Try:  ${BUILD_DIR}/tool/asyncc --help"
echo "      ${BUILD_DIR}/tool/asyncc examples/hello/main.cpp --emit=layout"
exit "$status"
