#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address+undefined) and runs them, seeded from the generated fixtures
# and the kept regression inputs. A crash, leak or hang fails the run; its input is left under
# build/asan/artifacts/<target>/ — fix it, then keep it in tests/fuzz/regressions/<target>/.
# Two modes:
#   scripts/fuzz/run.sh SECONDS [TARGET...]   exploration: each target for SECONDS (default 60), libFuzzer seed
#                                             MT_FUZZ_SEED (default 0: a new one each run), corpus kept across runs
#   scripts/fuzz/run.sh --smoke [TARGET...]   CI's gate: from an empty corpus, seed 1 and the fixed number of
#                                             executions in tests/fuzz/smoke_runs (a minute or two per target on
#                                             CI's machine), capped at MT_FUZZ_SMOKE_CAP seconds (default 240)
# Targets run side by side, one per core (MT_FUZZ_JOBS). The build is scripts/test.sh's sanitizer build (build/asan).
# The smoke is a gate, so it is reproducible: the same inputs in the same order on every machine (a slower machine
# hitting the cap runs a prefix of them), and what it finds can be replayed here; a time-bound run would try a
# different number of inputs on each machine and turn a new finding into a red CI that nobody can reproduce.
# Prints one line per target: executions, new corpus size, outcome.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
smoke=0
seconds=60
case ${1:-} in
  --smoke) smoke=1; shift ;;
  '') ;;
  *[!0-9]*) echo "usage: scripts/fuzz/run.sh [SECONDS | --smoke] [TARGET...]" >&2; exit 2 ;;
  *) seconds=$1; shift ;;
esac
"$root/scripts/setup.sh"
# The sanitizer build of scripts/test.sh: the same configuration, so that after the test command this builds nothing.
build=$root/build/asan
# Warnings are errors here too: clang finds some that gcc does not (an unused private field).
source "$root/scripts/sanitizer_flags.sh"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DMT_FUZZ=ON -DMT_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$asan_cxx_flags" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
  if [ "$smoke" = 1 ]; then
    # In smoke_runs' order (the longest first), then any target it lacks (which then fails for that).
    mapfile -t targets < <({ awk '!/^#/ && NF { print $1 }' "$root/tests/fuzz/smoke_runs"; printf '%s\n' "${targets[@]}"; } |
      awk '!seen[$0]++' | grep -Fxf <(printf '%s\n' "${targets[@]}"))
  fi
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null
bash "$root/tests/fixtures/make_fixtures.sh" "$build/fixtures"

# One target: seeds, the run, its one-line outcome (plus what it found) in $build/$t.summary, its status in $t.rc.
run_target() {
  local t=$1 corpus seeds artifacts log rc execs outcome elapsed runs secs=$seconds
  corpus=$build/corpus/$t
  local limits=(-max_total_time="$secs" -seed="${MT_FUZZ_SEED:-0}")
  if [ "$smoke" = 1 ]; then
    runs=$(awk -v t="$t" '$1 == t { print $2 }' "$root/tests/fuzz/smoke_runs")
    [ -n "$runs" ] || { echo "$t: no entry in tests/fuzz/smoke_runs" > "$build/$t.summary"; echo 1 > "$build/$t.rc"; return; }
    corpus=$build/smoke-corpus/$t
    rm -rf "$corpus"
    secs=${MT_FUZZ_SMOKE_CAP:-240}
    limits=(-runs="$runs" -max_total_time="$secs" -seed=1 -reload=0)
  fi
  seeds=$build/seeds/$t
  artifacts=$build/artifacts/$t
  rm -rf "$seeds"
  mkdir -p "$corpus" "$seeds" "$artifacts"
  # Target-specific seeds when the target ships a seed maker, else the fixtures as they are.
  if [ -x "$root/tests/fuzz/seeds_$t.sh" ]; then
    "$root/tests/fuzz/seeds_$t.sh" "$build/fixtures" "$seeds"
  else
    for f in "$build"/fixtures/*; do
      case $f in *.txt|*.srt) continue ;; esac
      [ -s "$f" ] && cp "$f" "$seeds/"
    done
  fi
  [ -d "$root/tests/fuzz/regressions/$t" ] && cp "$root/tests/fuzz/regressions/$t"/* "$seeds/" 2>/dev/null || true
  log=$build/$t.log
  rc=0
  # UBSan halts too: undefined behaviour is a crash here, not a line in the log.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/bin/$t" "$corpus" "$seeds" "${limits[@]}" -timeout=20 \
    -rss_limit_mb=2048 -max_len=400000 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  if [ "$rc" -eq 0 ]; then outcome=clean; else outcome="FAILED (exit $rc, see $log and $artifacts)"; fi
  elapsed=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o '[0-9]* second' | grep -o '[0-9]*' || echo "$secs")
  {
    printf '%s: %s executions in %ss, corpus %s files, %s\n' "$t" "${execs:-0}" "${elapsed:-$secs}" "$(ls "$corpus" | wc -l)" "$outcome"
    if [ "$rc" -ne 0 ]; then
      # What was found, in the output itself (CI keeps only that): the sanitizer's summary and top frames, and the
      # input as libFuzzer's Base64 line, so that it can be replayed anywhere: base64 -d > in; build/asan/bin/$t in
      grep -E '^==[0-9]+==ERROR|^SUMMARY|^ +#[0-9] |^Base64:|^MS:' "$log" | head -n 16 | sed "s/^/  $t: /"
    fi
  } > "$build/$t.summary"
  echo "$rc" > "$build/$t.rc"
}

# The targets run side by side, one per core (MT_FUZZ_JOBS): each is single-threaded and CPU-bound, and a smoke's
# inputs do not depend on what else runs. Outcomes print in the targets' order.
jobs=${MT_FUZZ_JOBS:-$(nproc)}
running=0
for t in "${targets[@]}"; do
  rm -f "$build/$t.summary" "$build/$t.rc"
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  run_target "$t" &
  running=$((running + 1))
done
wait
status=0
for t in "${targets[@]}"; do
  cat "$build/$t.summary" 2> /dev/null || echo "$t: did not run"
  [ "$(cat "$build/$t.rc" 2> /dev/null)" = 0 ] || status=1
done
exit $status
