#!/usr/bin/env bash
# Shows: SIGINT (and SIGTERM) end syncplay promptly with status 130 (143 for SIGTERM: 128 + signal) even while it waits on a stalled pipe (in the
# middle of playback, and while still probing a pipe that sent nothing): no error line, and the sync report is
# valid JSON Lines ending with its summary. (sigint.sh shows SIGINT while a file plays.)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
f=$FX/sync_av4.nut
# stalled BYTES SIGNAL: the writer sends BYTES of the 4 s clip and then nothing; SIGNAL comes while that plays (or,
# with nothing sent, 2.5 s into probing).
stalled() {
  local bytes=$1 sig=$2
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  sh -c 'head -c "$1" "$2"; exec sleep 30' sh "$bytes" "$f" > "$T/fifo" &
  local writer=$!
  st=0
  syncplay --no-display --sync-report "$T/r.jsonl" < "$T/fifo" > /dev/null 2> "$T/err" &
  local pid=$!
  # With data sent, the signal comes once the report shows a frame went up (the player is playing, however slowly
  # it started); with none, 2.5 s in (still probing).
  wait_handles_signals "$pid"
  if [ "$bytes" -gt 0 ]; then
    for _ in $(seq 1 200); do grep -q '"action":"shown"' "$T/r.jsonl" 2> /dev/null && break; sleep 0.1; done
    sleep 0.5
  else
    sleep 2.5
  fi
  kill "-$sig" "$pid"
  local start; start=$(now_ms)
  # A guard against a hang (not holding the test's stdout, so ctest does not wait for it).
  sh -c 'sleep 10; kill -KILL "$1"' sh "$pid" > /dev/null 2>&1 &
  local guard=$!
  wait "$pid" || st=$?
  elapsed=$(($(now_ms) - start))
  kill "$guard" 2> /dev/null || true
  kill "$writer" 2> /dev/null || true
  wait "$writer" 2> /dev/null || true
}
for sig in INT TERM; do
  stalled $(($(stat -c %s "$f") / 2)) "$sig"
  want=130; [ "$sig" = TERM ] && want=143
  [ "$st" -eq "$want" ] || { cat "$T/err" >&2; fail "SIG$sig on a stalled pipe: exit $st"; }
  [ "$elapsed" -lt 5000 ] || fail "SIG$sig on a stalled pipe: ${elapsed} ms"
  [ ! -s "$T/err" ] || fail "SIG$sig: stderr: $(cat "$T/err")"
  summary=$(check_report "$T/r.jsonl" "SIG$sig on a stalled pipe")
  echo "$summary" | jq -e '.shown > 0' > /dev/null || fail "SIG$sig: nothing shown before the stall: $summary"
  record_fault syncplay "SIG$sig while a stalled pipe is waited for" "exit $want, report ends with its summary"
done
# While still probing a pipe that sends nothing.
stalled 0 INT
[ "$st" -eq 130 ] || { cat "$T/err" >&2; fail "SIGINT while probing: exit $st"; }
[ "$elapsed" -lt 5000 ] || fail "SIGINT while probing: ${elapsed} ms"
grep -qv '^syncplay: ' "$T/err" && fail "SIGINT while probing: $(cat "$T/err")"
summary=$(check_report "$T/r.jsonl" "SIGINT while probing")
record_fault syncplay "SIGINT while probing a silent pipe" "exit 130, report ends with its summary"
ok "SIGINT/SIGTERM on a stalled pipe: prompt 130/143, a valid report"
