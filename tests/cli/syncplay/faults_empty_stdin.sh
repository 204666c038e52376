#!/usr/bin/env bash
# Shows: an empty stdin (a file, /dev/null, a pipe closed at once) ends at once with exit 1 and one line
# "syncplay: error: opening input: ...", and the sync report still holds its summary (nothing shown).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
for how in file devnull pipe; do
  start=$(now_ms)
  case $how in
    file) play < "$FX/empty.bin" ;;
    devnull) play < /dev/null ;;
    pipe) play < <(true) ;;
  esac
  elapsed=$(($(now_ms) - start))
  [ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "$how: exit $st"; }
  [ "$elapsed" -lt 10000 ] || fail "$how: ${elapsed} ms for an empty input"
  outcome=$(check_run "$st" "empty stdin ($how)" "$T/r.jsonl")
  expect_stderr '^syncplay: error: (opening|reading) input: '
  tail -1 "$T/r.jsonl" | jq -e '.summary.shown == 0' > /dev/null || fail "$how: $(cat "$T/r.jsonl")"
  record_fault syncplay "empty stdin ($how)" "$outcome"
done
ok "empty stdin: exit 1, one line, a report with its summary"
