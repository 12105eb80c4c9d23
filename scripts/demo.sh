#!/usr/bin/env bash
# scripts/demo.sh: set up and build asyncc, then run the bundled examples
# both ways (lowered by asyncc to C++17, and native C++20 coroutines) side by
# side, and show where the generated state machines are.  Idempotent.
# The examples (examples/*/): hello, pipeline, echo (a TCP echo server and a
# client checking every byte), http-server (the test HTTP server, raw wire
# exchanges) and http-fetch (HttpClient: FetchAsync, WhenAll, retry with
# backoff, timeout); each takes under a second or two.
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

echo
bold "Generated state machines (plain C++17, #line directives point back at the source):"
find "$EXAMPLES_DIR" -path '*/asyncc/*.lowered.cpp' -print | sort | while read -r f; do
  echo "  $f"
done
echo
echo "Try:  ${BUILD_DIR}/tool/asyncc --help"
echo "      ${BUILD_DIR}/tool/asyncc examples/hello/main.cpp --emit=layout"
exit "$status"
