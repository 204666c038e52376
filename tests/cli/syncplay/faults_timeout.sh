#!/usr/bin/env bash
# Shows: --timeout MS ends playback of a stalled pipe with a clear error: a pipe that never delivers ends with
# "reading input: read timed out" within about MS; one that stalls after half a clip plays what arrived (a stall
# pauses playback), then ends about MS into the stall with exit 1 and one line "reading input: read timed out ...",
# the sync report ending with its summary. Without --timeout the stall is waited for (stalled_pipe.sh). A bad value
# is a usage error (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
f=$(clip av1.nut)
# stalled BYTES ARGS...: feeds BYTES of the clip then holds the pipe open for 20 s; times syncplay.
stalled() {
  local bytes=$1; shift
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  sh -c 'head -c "$1" "$2"; exec sleep 20' sh "$bytes" "$f" > "$T/fifo" &
  local feeder=$!
  local start; start=$(now_ms)
  play "$@" < "$T/fifo"
  elapsed=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
}
stalled 0 --timeout 300
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "silent pipe: exit $st"; }
# (The feeder holds the pipe for 20 s: ending well before that is the timeout's doing, start-up included.)
[ "$elapsed" -lt 8000 ] || fail "silent pipe: ${elapsed} ms for a 300 ms timeout"
outcome=$(check_run "$st" "silent pipe" "$T/r.jsonl")
expect_error_line '^syncplay: error: (opening|reading) input: read timed out$'
record_fault syncplay "stalled pipe (--timeout), nothing sent" "$outcome"

stalled $(($(stat -c %s "$f") / 2)) --timeout 400
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "stalled pipe: exit $st"; }
# Half a second of media, then 400 ms of stall: well under the 20 s the feeder holds the pipe.
[ "$elapsed" -lt 10000 ] || fail "stalled pipe: ${elapsed} ms for a 400 ms timeout"
outcome=$(check_run "$st" "stalled pipe" "$T/r.jsonl")
expect_error_line '^syncplay: error: reading input: read timed out'
tail -1 "$T/r.jsonl" | jq -e '.summary.shown > 5' > /dev/null || fail "stalled pipe: $(tail -1 "$T/r.jsonl")"
record_fault syncplay "stalled pipe (--timeout), after some data" "$outcome"

# A pause shorter than the timeout is waited for, and the clip plays whole.
play --timeout 3000 < <(sleep 0.5; cat "$f")
[ "$st" -eq 0 ] || { cat "$T/err" >&2; fail "a pause shorter than --timeout: exit $st"; }
check_report "$T/r.jsonl" "short pause" | jq -e '.shown + .dropped >= 24' > /dev/null || fail "short pause: $(tail -1 "$T/r.jsonl")"
for bad in -1 abc 1.5; do expect_status 2 syncplay --no-display --timeout "$bad" "$f"; done
expect_stderr '^syncplay: error: usage: '
ok "--timeout: a stalled pipe ends with a clear error, promptly"
