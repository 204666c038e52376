#!/usr/bin/env bash
# Shows: every fixture cut at five points (CUT_COUNT), remuxed file-to-NUT and pipe-to-fragmented-MP4-on-a-pipe (alternately),
# gives exit 0 or 1 with one error line; what was written reads back as a finished file whose packets are the
# first packets of the whole fixture's remux (the same times and payloads): nothing invented, nothing lost.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# run_mode MODE IN: memremux on IN (a file) in one of the two modes, output in $T/out, stderr in $T/err; sets st.
run_mode() {
  st=0
  case $1 in
    nut) memremux -f nut "$2" > "$T/out" 2> "$T/err" || st=$? ;;
    mp4) memremux -f mp4 < <(cat "$2") 2> "$T/err" | cat > "$T/out" || st=$? ;;
  esac
}
# One fixture's cuts, in a folder of its own (four fixtures at a time: most of the time is process start-up).
cuts_of() {
  local f=$1 name cut i=0 mode outcome
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  for mode in nut mp4; do
    run_mode "$mode" "$f"
    if [ -s "$T/out" ]; then pkt_json "$T/out" > "$T/full.$mode.json"; else echo '{}' > "$T/full.$mode.json"; fi
  done
  for cut in $(cut_points "$f"); do
    head -c "$cut" "$f" > "$T/cut"
    if [ $((i % 2)) -eq 0 ]; then mode=nut; else mode=mp4; fi
    run_mode "$mode" "$T/cut"
    check_stderr "$st" "$name cut at $cut ($mode)"
    outcome=$(check_output "$st" "$name cut at $cut ($mode)" "$T/full.$mode.json")
    record_fault memremux truncation "$outcome"
    i=$((i + 1))
  done
}
items=($(damage_fixtures))
n=$((${#items[@]} * CUT_COUNT))
for_each_parallel 4 cuts_of "a truncated input failed (above)" "${items[@]}"
ok "$n truncated inputs: the documented status, one line, output a valid prefix of the full remux"
