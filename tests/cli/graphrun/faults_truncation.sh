#!/usr/bin/env bash
# Shows: every fixture graphrun takes, cut at five points (CUT_COUNT) (as a file, and on a pipe) and run through a cheap graph
# (--vf scale=32:24, --af anull), gives exit 0 or 1 (then with one error line), and what it wrote is read by ffmpeg
# and holds the first frames of the whole input's run: nothing invented, nothing out of order.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
# One fixture's cuts, in a folder of its own (two fixtures run at a time).
cuts_of() {
  local f=$1 name cut st i=0 outcome args
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  mapfile -t args < <(cheap_args "$f")
  graphrun "${args[@]}" "$f" > "$T/full.nut" 2> /dev/null || true
  hashes "$T/full.nut" > "$T/full.hashes" 2> /dev/null || : > "$T/full.hashes"
  for cut in $(cut_points "$f"); do
    head -c "$cut" "$f" > "$T/cut"
    st=0
    if [ $((i % 2)) -eq 0 ]; then
      graphrun "${args[@]}" "$T/cut" > "$T/out" 2> "$T/err" || st=$?
    else
      graphrun "${args[@]}" < <(cat "$T/cut") > "$T/out" 2> "$T/err" || st=$?
    fi
    outcome=$(check_gr "$st" "$name cut at $cut" "$T/full.hashes")
    record_fault graphrun truncation "$outcome"
    i=$((i + 1))
  done
}
items=($(gr_fixtures))
n=$((${#items[@]} * CUT_COUNT))
for_each_parallel 2 cuts_of "a truncated input failed (above)" "${items[@]}"
ok "$n truncated inputs: documented status, output valid and a prefix of the whole run's frames"
