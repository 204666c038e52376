#!/usr/bin/env bash
# Shows: every fixture cut at five points (CUT_COUNT) (as a file, and on a pipe) gives exit 0 or 1, valid JSON, the error object
# and one error line when it fails, and the packets it shows are the input's first packets: nothing invented.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# One fixture's cuts, in a folder of its own (two fixtures run at a time).
cuts_of() {
  local f=$1 name cut st i=0 outcome
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  avprobe-json --show-packets "$f" > "$T/full.json" 2> /dev/null || true
  for cut in $(cut_points "$f"); do
    head -c "$cut" "$f" > "$T/cut"
    st=0
    if [ $((i % 2)) -eq 0 ]; then
      avprobe-json --show-packets --show-format --show-streams "$T/cut" > "$T/out" 2> "$T/err" || st=$?
    else
      avprobe-json --show-packets --show-format --show-streams < <(cat "$T/cut") > "$T/out" 2> "$T/err" || st=$?
    fi
    outcome=$(check_run "$st" "$name cut at $cut" "$T/full.json")
    record_fault avprobe-json truncation "$outcome"
    i=$((i + 1))
  done
}
items=($(damage_fixtures))
n=$((${#items[@]} * CUT_COUNT))
for_each_parallel 2 cuts_of "a truncated input failed (above)" "${items[@]}"
ok "$n truncated inputs: valid JSON, documented status, packets a prefix of the input's"
