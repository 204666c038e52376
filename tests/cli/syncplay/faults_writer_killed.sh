#!/usr/bin/env bash
# Shows: when the process writing our stdin sends half of a clip and is then killed (SIGKILL) while syncplay waits
# for more, syncplay plays what arrived and ends promptly with exit 0 or 1 (then one error line), and the sync report
# is valid JSON Lines with the frames shown and its summary.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
for name in av1.nut av1.ts; do
  f=$(clip "$name")
  # Killed once syncplay has read the half and played some of it.
  writer_killed 0.3 "$f" syncplay --no-display --sync-report "$T/r.jsonl"
  # What is queued still plays (at most the half second that arrived), then it ends.
  [ "$elapsed" -lt 3000 ] || fail "$name: ${elapsed} ms after the writer was killed"
  outcome=$(check_run "$st" "$name, writer killed" "$T/r.jsonl")
  tail -1 "$T/r.jsonl" | jq -e '.summary.shown > 0' > /dev/null || fail "$name: nothing shown: $(tail -1 "$T/r.jsonl")"
  record_fault syncplay "stdin writer killed" "$outcome"
done
ok "a killed writer: prompt end, the frames that arrived, a valid report"
