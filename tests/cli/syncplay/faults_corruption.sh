#!/usr/bin/env bash
# Shows: 1 s clips (NUT, MPEG-TS) with 20 bytes overwritten at seeded positions (six seeds each) play what decodes
# and end with exit 0 or 1 (then one error line), a valid sync report, no crash and no hang.
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
seeds_of() {
  local f=$1 name seed outcome
  name=$(basename "$f")
  T=$T/$name
  mkdir -p "$T"
  for seed in 1 2 3 4 5 6; do
    corrupt "$f" "$T/bad" "$seed"
    play < "$T/bad"
    outcome=$(check_run "$st" "$name, seed $seed" "$T/r.jsonl")
    record_fault syncplay "random corruption" "$outcome"
  done
}
nut=$(clip av1.nut) ts=$(clip av1.ts)
failed=0
seeds_of "$nut" & a=$!
seeds_of "$ts" & b=$!
wait "$a" || failed=1
wait "$b" || failed=1
[ "$failed" -eq 0 ] || fail "a corrupted input failed (above)"
ok "12 corrupted inputs: documented status, one error line, a valid report"
