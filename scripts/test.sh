#!/usr/bin/env bash
# The test command: installs what is missing, builds with warnings as errors, and runs the suite with ctest on a
# normal build and on an address+undefined sanitizer build (clang), each test once (below); then a fuzz smoke run of
# every libFuzzer target built in the sanitizer build.
# The fuzz smoke is a fixed, reproducible set of executions per target (scripts/fuzz/run.sh --smoke).
# Each test runs once (ctest labels, tests/CMakeLists.txt): the unit tests (label "unit") in both builds; what only
# the normal build can judge (label "plain": peak RSS, valgrind, the package, the batch recipes) in the normal pass;
# every other test, the CLI tests through real pipes, in the sanitizer pass, or in the normal pass when there is no
# sanitizer pass. The tests that judge real time (label "realtime") run after the others, in a ctest of their own,
# two at a time (a player mostly waits on its clock); the rest two per core, as many of them wait on pipes, timeouts
# and sleeps.
# Then graphrun's threads and the scheduler under ThreadSanitizer (a build of their own).
# MT_SKIP_SANITIZE=1 skips the sanitizer passes; MT_SKIP_TSAN=1 the thread sanitizer's; MT_SKIP_FUZZ=1 the fuzz
# smoke; MT_FUZZ_SECONDS=N replaces the smoke with an exploratory run of N seconds per target. Each phase prints how
# long it took.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(($(nproc) * 2))
t0=$(date +%s)
phase() {  # phase NAME CMD...: runs CMD and says how long it took
  local name=$1 start=$(date +%s)
  shift
  "$@"
  echo "test.sh: $name took $(($(date +%s) - start)) s (total $(($(date +%s) - t0)) s)"
}
phase "set-up" "$root/scripts/setup.sh"
# The reference tools' results (ffprobe, ffmpeg), cached for all passes: tests ask the same questions about the same
# bytes, and the thread sanitizer pass asks graphrun's again (tests/cli/lib.sh, ref_cached). Emptied here, so a run
# never answers from an older one.
export MT_REF_CACHE=$root/build/refcache
rm -rf "$MT_REF_CACHE"

sanitize=1
[ "${MT_SKIP_SANITIZE:-0}" != 1 ] || sanitize=0
# The CLI tests run once: in the sanitizer pass when there is one. Its build checks every memory access and every
# undefined operation on the paths they take (and, slower, it is the stricter test of the real-time tolerances);
# its compiler (clang) is not the shipped build's (gcc), which the plain tests run: the batch recipes over 200 files,
# the installed package, the memory bounds. Running each CLI test in both builds doubled the test command's time
# (startup of a program linked to FFmpeg is most of it).
normal_tests=all
[ "$sanitize" = 0 ] || normal_tests=unit+plain
# ctest_pass DIR TIMEOUT WHICH: the build's tests, WHICH of them: "unit+plain" (the normal build beside a sanitizer
# pass), "not-plain" (the sanitizer build) or "all". The real-time tests among them run last, in a ctest of their own,
# two at a time: run among the others, a player's late frames would be their load, not its own (a real-time test
# judges by the player's clocks, which a busy machine still slows), and one at a time they would leave the machine
# idle for minutes. (The builds say MT_REALTIME_ALONE=OFF: no test is RUN_SERIAL.)
ctest_pass() {
  local dir=$1 timeout=$2 which=$3 select
  case $which in
    unit+plain) select=(-L 'unit|plain') ;;
    not-plain) select=(-LE 'plain|realtime') ;;
    all) select=(-LE realtime) ;;
  esac
  local status=0  # both parts run, whatever the first gave
  (cd "$dir" && ctest --output-on-failure --timeout "$timeout" -j "$jobs" "${select[@]}") || status=$?
  if [ "$which" != unit+plain ]; then
    (cd "$dir" && ctest --output-on-failure --timeout "$timeout" -j 2 -L realtime) || status=$?
  fi
  return "$status"
}
# Debug information is a third of the compile time: the normal build goes without, the sanitizer build keeps line
# tables (file:line in its reports).
phase "build" "$root/scripts/build.sh" "$root/build/ci" -DMT_WERROR=ON -DMT_REALTIME_ALONE=OFF \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG"
phase "normal pass" ctest_pass "$root/build/ci" 300 "$normal_tests"

if [ "$sanitize" = 1 ]; then
  # clang, and the fuzz targets too: the fuzz smoke below runs on this same build instead of building its own.
  CC=clang CXX=clang++ phase "sanitizer build" "$root/scripts/build.sh" "$root/build/asan" -DMT_WERROR=ON -DMT_FUZZ=ON \
    -DMT_REALTIME_ALONE=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  phase "sanitizer pass" ctest_pass "$root/build/asan" 600 not-plain
fi

# The threaded pipeline under ThreadSanitizer: graphrun (its input, graph and output threads) and the scheduler's and
# queues' unit tests, on a build of their own (clang; FFmpeg's libraries, not instrumented, are suppressed:
# tests/tsan.supp).
if [ "$sanitize" = 1 ] && [ "${MT_SKIP_TSAN:-0}" != 1 ]; then
  tsan_build() {
    CC=clang CXX=clang++ cmake -S "$root" -B "$root/build/tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMT_WERROR=ON \
      -DMT_TSAN=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" > /dev/null
    cmake --build "$root/build/tsan" -j "$(nproc)" --target graphrun unit_tests
  }
  phase "thread sanitizer build" tsan_build
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"
  phase "thread sanitizer pass" bash -c 'cd "$1" && shift && ctest --output-on-failure --timeout 600 "$@"' _ \
    "$root/build/tsan" -j "$jobs" -R '^fixtures$|^cli/graphrun/|^unit/test_scheduler$|^unit/test_queue$'
fi

if [ "${MT_SKIP_FUZZ:-0}" != 1 ]; then
  if [ -n "${MT_FUZZ_SECONDS:-}" ]; then
    phase "fuzzing" "$root/scripts/fuzz/run.sh" "$MT_FUZZ_SECONDS"
  else
    phase "fuzz smoke" "$root/scripts/fuzz/run.sh" --smoke
  fi
fi
