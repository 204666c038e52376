#!/usr/bin/env bash
# Shows: every fixture with seeded random byte corruption (two seeds, 20 bytes each), remuxed file-to-NUT and
# pipe-to-fragmented-MP4-on-a-pipe, gives exit 0 or 1 with one error line, and what was written reads back as a
# finished file.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# One fixture's seeds, in a folder of its own (four fixtures at a time: most of the time is process start-up).
seeds_of() {
  local f=$1 name seed st outcome
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  for seed in 11 22; do
    corrupt "$f" "$T/bad" "$seed"
    st=0
    if [ "$seed" -ne 22 ]; then
      memremux -f nut "$T/bad" > "$T/out" 2> "$T/err" || st=$?
    else
      memremux -f mp4 < <(cat "$T/bad") 2> "$T/err" | cat > "$T/out" || st=$?
    fi
    check_stderr "$st" "$name corrupted (seed $seed)"
    outcome=$(check_output "$st" "$name corrupted (seed $seed)")
    record_fault memremux corruption "$outcome"
  done
}
items=($(damage_fixtures))
n=$((${#items[@]} * 2))
for_each_parallel 4 seeds_of "a corrupted input failed (above)" "${items[@]}"
ok "$n corrupted inputs: the documented status, one line, a finished output"
