#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address+undefined) and runs each for SECONDS (default 60), seeded
# from the generated fixtures and the kept regression inputs. A crash, leak or hang fails the run; its input is
# left under build/fuzz/artifacts/<target>/ — fix it, then keep it in tests/fuzz/regressions/<target>/.
# Prints one line per target: executions, new corpus size, outcome. MT_FUZZ_SEED fixes libFuzzer's seed (CI: 1). Usage: scripts/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
shift || true
"$root/scripts/setup.sh"
build=$root/build/fuzz
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DMT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null
bash "$root/tests/fixtures/make_fixtures.sh" "$build/fixtures"

status=0
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t
  seeds=$build/seeds/$t
  artifacts=$build/artifacts/$t
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
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/bin/$t" "$corpus" "$seeds" -max_total_time="$seconds" -seed="${MT_FUZZ_SEED:-0}" -timeout=20 \
    -rss_limit_mb=2048 -max_len=400000 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  if [ "$rc" -eq 0 ]; then outcome=clean; else outcome="FAILED (exit $rc, see $log and $artifacts)"; status=1; fi
  printf '%s: %s executions in %ss, corpus %s files, %s\n' "$t" "${execs:-0}" "$seconds" "$(ls "$corpus" | wc -l)" "$outcome"
done
exit $status
