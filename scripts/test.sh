#!/usr/bin/env bash
# The test command: installs what is missing, builds with warnings as errors, and runs the whole suite with ctest;
# then the same suite on an address+undefined sanitizer build. MT_SKIP_SANITIZE=1 skips the second pass.
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
