#!/usr/bin/env bash
# Shows: every fixture with seeded random byte corruption (two seeds, 20 bytes each), probed with packets (and,
# for one seed, every frame decoded), gives exit 0 or 1, valid JSON, and the error object with one error line
# when it fails.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# One fixture's two seeds, in a folder of its own (two fixtures at a time).
seeds_of() {
  local f=$1 name seed st frames outcome
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  for seed in 11 22; do
    corrupt "$f" "$T/bad" "$seed"
    st=0
    # Every frame is decoded for the first seed (the slow part); the others stop at the packets.
    frames=""
    [ "$seed" -ne 11 ] || frames=--count-frames
    avprobe-json --show-packets --show-streams $frames "$T/bad" > "$T/out" 2> "$T/err" || st=$?
    outcome=$(check_run "$st" "$name corrupted (seed $seed)")
    record_fault avprobe-json corruption "$outcome"
  done
}
items=($(damage_fixtures))
n=$((${#items[@]} * 2))
for_each_parallel 2 seeds_of "a corrupted input failed (above)" "${items[@]}"
ok "$n corrupted inputs: valid JSON and the documented status"
