#!/usr/bin/env bash
# Shows: 1 s clips (NUT, MPEG-TS, MP4 with its index at the end) cut at five points (CUT_COUNT), as a file and on a pipe, play
# what is there and end promptly with exit 0 or 1 (then one error line), and the sync report is valid JSON Lines
# ending with its summary; nothing crashes or hangs.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# One clip's cuts, in a folder of its own (two clips run at a time).
cuts_of() {
  local f=$1 name cut i=0 outcome
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  for cut in $(cut_points "$f"); do
    head -c "$cut" "$f" > "$T/cut"
    if [ $((i % 2)) -eq 0 ]; then play "$T/cut"; else play < <(cat "$T/cut"); fi
    outcome=$(check_run "$st" "$name cut at $cut" "$T/r.jsonl")
    record_fault syncplay truncation "$outcome"
    i=$((i + 1))
  done
}
clips=("$(clip av1.nut)" "$(clip av1.ts)" "$(clip av1.mp4)")
items=("${clips[@]}")
n=$((${#items[@]} * CUT_COUNT))
for_each_parallel 2 cuts_of "a truncated input failed (above)" "${items[@]}"
ok "$n truncated inputs: documented status, one error line, a valid report"
