#!/usr/bin/env bash
# The test command: installs what is missing, builds with warnings as errors, and runs the suite with ctest on a
# normal build and on an address+undefined sanitizer build (clang), each test once (below); then a fuzz smoke run of
# every libFuzzer target built in the sanitizer build.
# The fuzz smoke is a fixed, reproducible set of executions per target (scripts/fuzz/run.sh --smoke).
# Each test runs once (ctest labels, tests/CMakeLists.txt): the unit tests (label "unit") in both builds; what only
# the normal build can judge (label "plain": peak RSS, valgrind, the package, the batch recipes) in the normal pass, and
# graphrun's tests of ffmpeg's command line (label "parity", below) there too; every other test, the CLI tests through
# real pipes, in the sanitizer pass, or in the normal pass when there is no sanitizer pass. The tests that judge real time (label "realtime") run after the others, in a ctest of their own,
# two at a time (a player mostly waits on its clock); the rest two per core, as many of them wait on pipes, timeouts
# and sleeps.
# Then graphrun's threads and the scheduler under ThreadSanitizer (a build of their own).
# The sanitizer builds compile beside the passes before them, at the lowest priority (beside_start, below).
# MT_SKIP_SANITIZE=1 skips the sanitizer passes; MT_SKIP_TSAN=1 the thread sanitizer's; MT_SKIP_FUZZ=1 the fuzz
# smoke; MT_FUZZ_SECONDS=N replaces the smoke with an exploratory run of N seconds per target. Each phase prints how
# long it took.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(($(nproc) * 2))
t0=$(date +%s)
# cpu_ticks: the machine's busy and total CPU time so far (/proc/stat, in ticks): "BUSY TOTAL".
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
phase() {  # phase NAME CMD...: runs CMD and says how long it took, and how busy the CPUs were meanwhile
  local name=$1 start=$(date +%s) busy0 total0 busy1 total1
  shift
  read -r busy0 total0 < <(cpu_ticks)
  "$@"
  read -r busy1 total1 < <(cpu_ticks)
  echo "test.sh: $name took $(($(date +%s) - start)) s (total $(($(date +%s) - t0)) s)," \
    "CPU $(((busy1 - busy0) * 100 / (total1 - total0 > 0 ? total1 - total0 : 1)))% busy"
}
# The packages the build needs first; the rest (the reference tools, clang, the test helpers) install while the
# normal build compiles (below): on a fresh machine the install is half waiting on the network and on dpkg.
phase "set-up" "$root/scripts/setup.sh" build
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
# graphrun's tests of ffmpeg's command line (label "parity": cuts, spellings, timestamps, tags, decoder options,
# -fs, the muxers' defaults, encoder options; each a few dozen runs of ffmpeg and graphrun compared byte for byte)
# judge what ffmpeg does, which the shipped build shows best, and run on the normal build: under the sanitizer they
# took 500 s of test time in ci52, about 40% of it the sanitizer's own. So do memremux's cut and ffmpeg_spellings
# (177 s and 62 s under ASan in ci62, which took 1921 s, past the half hour); the cut and the pipe seek are walked
# under ASan by its cut_errors, sseof, stream_loop and fs tests. Their code paths (the graph, the cut, the
# outputs, the encoders) are walked under both sanitizers by the other graphrun tests (threaded, the early ends,
# several inputs, signals, the damage loops, metadata-out, the stalled pipes). So do avprobe-json's two longest
# comparisons with ffprobe (every option of ffprobe's help; eight writers over seven files: 85 s and 104 s under
# ASan in ci88, which took 1846 s); its writers and options are walked under ASan by several_inputs_writers, the
# other ffprobe_* and parity_* tests and fuzz_probe.
normal_tests=all
[ "$sanitize" = 0 ] || normal_tests=unit+plain
# ctest_pass DIR TIMEOUT WHICH [BESIDE]: the build's tests, WHICH of them: "unit+plain" (the normal build beside a
# sanitizer pass: the unit, plain and parity tests), "not-plain" (the sanitizer build: the others) or "all". The real-time tests among them run last, in a ctest of
# their own, two at a time: run among the others, a player's late frames would be their load, not its own (a real-time
# test judges by the player's clocks, which a busy machine still slows), and one at a time they would leave the
# machine idle for minutes. (The builds say MT_REALTIME_ALONE=OFF: no test is RUN_SERIAL.) BESIDE, names of functions,
# start in the background (niced: beside_start) with the other tests, in the CPU time they leave (the pass's last
# minutes, when its longest tests finish one by one: 9% of its time was idle in ci49), are stopped (SIGSTOP) while the
# real-time tests run and go on after them. (Beside the real-time tests, even niced, the TSan build made seven of
# them fail on a slower machine in ci48, which all passed alone; started after them, ci49, it was a minute of the
# command.)
ctest_pass() {
  local dir=$1 timeout=$2 which=$3 beside=${4:-} select b
  case $which in
    unit+plain) select=(-L 'unit|plain|parity') ;;
    not-plain) select=(-LE 'plain|realtime|parity') ;;
    all) select=(-LE realtime) ;;
  esac
  local status=0  # both parts run, whatever the first gave
  for b in $beside; do beside_start "$b"; done
  (cd "$dir" && ctest --output-on-failure --timeout "$timeout" -j "$jobs" "${select[@]}") || status=$?
  if [ "$which" != unit+plain ]; then
    for b in $beside; do beside_signal STOP "$b"; done
    (cd "$dir" && ctest --output-on-failure --timeout "$timeout" -j 2 -L realtime) || status=$?
    for b in $beside; do beside_signal CONT "$b"; done
  fi
  return "$status"
}
# A build runs beside a ctest pass that leaves CPU time unused (the normal pass waits on its longest test, the batch
# recipes; the real-time tests mostly wait on their clocks), at the lowest priority (nice 19): a test gets the CPU
# whenever it wants it, the build takes the rest. That saves two to three minutes of the test command.
# beside_start NAME: starts the function NAME in the background, its output kept for beside_wait.
# beside_wait NAME: waits for it, prints its output, and fails as it failed; the phase's time is the wait's (the time
# the build added to the command).
declare -A beside_pid=()
beside_start() {
  local name=$1
  # A session of its own (setsid), so that the trap below stops the build's compilers too. Where the kernel groups
  # the scheduling of a session's processes (autogroup, /proc/sys/kernel/sched_autogroup_enabled), a new session
  # weighs as much as all the tests together whatever its processes' nice values: its group is niced as well.
  setsid nice -n 19 bash -c "{ echo 19 > /proc/self/autogroup; } 2> /dev/null || true; set -euo pipefail
    $(declare -f "$name")
    start=\$(date +%s); trap 'echo \"test.sh: $name ran \$((\$(date +%s) - start)) s in the background\"' EXIT
    $name" \
    > "$root/build/$name.log" 2>&1 &
  beside_pid[$name]=$!
}
# beside_signal SIGNAL NAME: sends SIGNAL to the whole session of NAME (its build's compilers too).
beside_signal() {
  [ -n "${beside_pid[$2]:-}" ] || return 0
  kill -"$1" -- "-${beside_pid[$2]}" 2> /dev/null || true
}
beside_wait() {
  local name=$1 status=0
  wait "${beside_pid[$name]}" || status=$?
  unset "beside_pid[$name]"
  cat "$root/build/$name.log"
  return "$status"
}
# A failed phase ends the command: a build still running beside it goes too; an install is let finish (dpkg
# interrupted leaves packages half configured).
trap 'for p in "${beside_pid[@]}"; do kill -- "-$p" 2> /dev/null || true; kill -CONT -- "-$p" 2> /dev/null || true; done
  [ -z "${setup_pid:-}" ] || wait "$setup_pid" 2> /dev/null || true' EXIT
export root
mkdir -p "$root/build"
"$root/scripts/setup.sh" tests > "$root/build/setup_tests.log" 2>&1 &
setup_pid=$!
setup_wait() {
  local status=0
  wait "$setup_pid" || status=$?
  setup_pid=""
  cat "$root/build/setup_tests.log"
  return "$status"
}
# Debug information is a third of the compile time: the normal build goes without, the sanitizer build keeps line
# tables (file:line in its reports).
# The normal build compiles its sources four to a unit (CMake's unity build): gcc parses the big headers (FFmpeg's,
# nlohmann/json, CLI11, doctest) once per unit instead of once per file, which took its build from 160 s to 111 s
# on this 2-core machine (stop 33). (clang's sanitizer builds gain nothing from it: their time is code generation.)
# Developers' builds (scripts/build.sh alone) compile file by file, so both ways stay compiled.
phase "build" "$root/scripts/build.sh" "$root/build/ci" -DMT_WERROR=ON -DMT_REALTIME_ALONE=OFF \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=4
phase "set-up of the tests (after the build)" setup_wait
# clang, and the fuzz targets too: the fuzz smoke below runs on this same build instead of building its own.
source "$root/scripts/sanitizer_flags.sh"
export asan_cxx_flags  # for sanitizer_build, which runs in a shell of its own (beside_start)
sanitizer_build() {
  CC=clang CXX=clang++ "$root/scripts/build.sh" "$root/build/asan" -DMT_WERROR=ON -DMT_FUZZ=ON \
    -DMT_REALTIME_ALONE=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$asan_cxx_flags"
}
# The threaded pipeline under ThreadSanitizer: graphrun (its input, graph and output threads) and the scheduler's and
# queues' unit tests, on a build of their own (clang; FFmpeg's libraries, not instrumented, are suppressed:
# tests/tsan.supp). graphrun's tests of ffmpeg's command line (label "parity", run on the normal build; 40% of this
# pass's time in ci49) are not run here: their threads walk the paths of the others (threaded, early ends, several
# inputs, signals, damaged and stalled inputs), which are.
thread_sanitizer_build() {
  CC=clang CXX=clang++ MT_BUILD_TARGETS="graphrun unit_tests" "$root/scripts/build.sh" "$root/build/tsan" \
    -DMT_WERROR=ON -DMT_TSAN=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG"
}
tsan=0
[ "$sanitize" = 0 ] || [ "${MT_SKIP_TSAN:-0}" = 1 ] || tsan=1
# copy_fixtures BUILD: the test media (tests/fixtures/make_fixtures.sh: deterministic, made by ffmpeg) are made once,
# by the normal pass; a sanitizer build takes a copy instead of making them again (7 s at the start of the ASan
# pass in ci50, when every test waits for them).
copy_fixtures() {
  local from=$root/build/ci/tests/fixtures to=$root/build/$1/tests/fixtures
  if [ -f "$from/.complete" ] && [ ! -f "$to/.complete" ]; then
    rm -rf "$to"
    mkdir -p "$(dirname "$to")"
    cp -a "$from" "$to"
  fi
}
# The fuzz smoke runs last, alone. (Beside the real-time tests, ci42, it saved 7 s and took 227 s of its 240 s cap
# for fuzz_probe, 89 s alone: on a slower machine the cap would cut its fixed number of executions short.)
fuzz=none
if [ "${MT_SKIP_FUZZ:-0}" != 1 ]; then
  if [ -n "${MT_FUZZ_SECONDS:-}" ]; then fuzz=timed; else fuzz=smoke; fi
fi

[ "$sanitize" = 0 ] || beside_start sanitizer_build
phase "normal pass" ctest_pass "$root/build/ci" 300 "$normal_tests"

if [ "$sanitize" = 1 ]; then
  phase "sanitizer build (after the normal pass)" beside_wait sanitizer_build
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # LeakSanitizer's check at exit costs a tool process as much CPU as the rest of a short run: each test checks a
  # set of options' first run and every fourth repeat of it (tests/sanitizer/leak_sampling.cpp says why and how).
  # MT_LEAK_CHECK_EVERY=1 checks every process.
  export MT_LEAK_CHECK_EVERY=${MT_LEAK_CHECK_EVERY:-4}
  beside=""
  [ "$tsan" = 0 ] || beside+=" thread_sanitizer_build"
  copy_fixtures asan
  phase "sanitizer pass" ctest_pass "$root/build/asan" 600 not-plain "$beside"
  unset ASAN_OPTIONS UBSAN_OPTIONS MT_LEAK_CHECK_EVERY
fi

if [ "$tsan" = 1 ]; then
  phase "thread sanitizer build (after the sanitizer pass)" beside_wait thread_sanitizer_build
  copy_fixtures tsan
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"
  phase "thread sanitizer pass" bash -c 'cd "$1" && shift && ctest --output-on-failure --timeout 600 "$@"' _ \
    "$root/build/tsan" -j "$jobs" -R '^fixtures$|^cli/graphrun/|^unit/test_scheduler$|^unit/test_queue$' -LE parity
fi

case $fuzz in
  timed) phase "fuzzing" "$root/scripts/fuzz/run.sh" "$MT_FUZZ_SECONDS" ;;
  smoke) phase "fuzz smoke" "$root/scripts/fuzz/run.sh" --smoke ;;
esac
