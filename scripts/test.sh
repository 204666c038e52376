#!/usr/bin/env bash
# The test command: installs what is missing, builds with warnings as errors, and runs the whole suite with ctest;
# then the same suite on an address+undefined sanitizer build, then a fuzz smoke run of every libFuzzer target.
# The fuzz smoke is a fixed, reproducible set of executions per target (scripts/fuzz/run.sh --smoke).
# MT_SKIP_SANITIZE=1 skips the sanitizer pass; MT_SKIP_FUZZ=1 the fuzz smoke; MT_FUZZ_SECONDS=N replaces the smoke
# with an exploratory run of N seconds per target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
jobs=$(nproc)

"$root/scripts/build.sh" "$root/build/ci" -DMT_WERROR=ON
(cd "$root/build/ci" && ctest --output-on-failure -j "$jobs" --timeout 300)

if [ "${MT_SKIP_SANITIZE:-0}" != 1 ]; then
  "$root/scripts/build.sh" "$root/build/asan" -DMT_WERROR=ON -DMT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd "$root/build/asan" && ctest --output-on-failure -j "$jobs" --timeout 600)
fi

if [ "${MT_SKIP_FUZZ:-0}" != 1 ]; then
  if [ -n "${MT_FUZZ_SECONDS:-}" ]; then
    "$root/scripts/fuzz/run.sh" "$MT_FUZZ_SECONDS"
  else
    "$root/scripts/fuzz/run.sh" --smoke
  fi
fi
