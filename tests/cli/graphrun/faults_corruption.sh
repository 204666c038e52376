#!/usr/bin/env bash
# Shows: every fixture graphrun takes, with seeded random byte corruption (two seeds, 20 bytes each), run through
# a cheap graph, gives exit 0 or 1 (then with one error line), never a crash, and an output ffmpeg reads to its end.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
seeds_of() {
  local f=$1 name seed st outcome args
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  mapfile -t args < <(cheap_args "$f")
  for seed in 11 22; do
    corrupt "$f" "$T/bad" "$seed"
    st=0
    timeout 60 graphrun "${args[@]}" "$T/bad" > "$T/out" 2> "$T/err" || st=$?
    [ "$st" -ne 124 ] || fail "$name corrupted (seed $seed): still running after 60 s"
    outcome=$(check_gr "$st" "$name corrupted (seed $seed)" -)
    record_fault graphrun corruption "$outcome"
  done
}
items=($(gr_fixtures))
n=$((${#items[@]} * 2))
for_each_parallel 2 seeds_of "a corrupted input failed (above)" "${items[@]}"
ok "$n corrupted inputs: documented status, output read back by ffmpeg"
