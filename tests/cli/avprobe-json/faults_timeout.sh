#!/usr/bin/env bash
# Shows: --timeout MS ends a probe whose pipe stalls: a pipe that never delivers ends with "reading input: read
# timed out"; one that stalls after some data prints what it read (streams, packets), then the error object, and
# "probing -: read timed out"; both exit 1 within about MS, not when the writer finally goes away. Without
# --timeout a slow pipe is waited for. With --tee the copy stops there too. A bad value is a usage error (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# run_stalled BYTES ARGS...: feeds BYTES of ts_single.ts then holds the pipe open for 20 s; times avprobe-json.
run_stalled() {
  local bytes=$1; shift
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  sh -c 'head -c "$1" "$2"; exec sleep 20' sh "$bytes" "$FX/ts_single.ts" > "$T/fifo" &
  local feeder=$!
  st=0
  local start; start=$(now_ms)
  avprobe-json "$@" < "$T/fifo" > "$T/out" 2> "$T/err" || st=$?
  elapsed=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
}
run_stalled 0 --timeout 300
[ "$st" -eq 1 ] || fail "silent pipe: exit $st"
[ "$elapsed" -lt 8000 ] || fail "silent pipe: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
outcome=$(check_run "$st" "silent pipe")
expect_stderr '^avprobe-json: error: reading input: read timed out$'
jq -e '.error.string == "read timed out"' "$T/out" > /dev/null || fail "silent pipe: $(cat "$T/out")"
record_fault avprobe-json "stalled pipe (--timeout), nothing sent" "$outcome"

run_stalled 120000 --timeout 300 --show-packets --show-streams
[ "$st" -eq 1 ] || fail "stalled pipe: exit $st"
[ "$elapsed" -lt 8000 ] || fail "stalled pipe: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
outcome=$(check_run "$st" "stalled pipe")
expect_stderr '^avprobe-json: error: probing -: read timed out$'
jq -e '(.packets | length) > 0 and (.streams | length) == 2 and .error.string == "read timed out"' "$T/out" > /dev/null ||
  fail "stalled pipe: $(jq -c '{n: (.packets | length), s: (.streams | length), error}' "$T/out")"
avprobe-json --show-packets "$FX/ts_single.ts" > "$T/full.json"
check_packet_prefix "$T/out" "$T/full.json" "stalled pipe"
record_fault avprobe-json "stalled pipe (--timeout), after some data" "$outcome"

# --tee: the copy stops at the stall too; what was copied is the input's start, and the JSON file is written.
run_stalled 120000 --tee --timeout 300 --show-packets --show-streams --json-out "$T/tee.json"
mv "$T/out" "$T/copy"
[ "$st" -eq 1 ] || fail "tee, stalled pipe: exit $st"
[ "$elapsed" -lt 8000 ] || fail "tee, stalled pipe: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
expect_stderr '^avprobe-json: error: probing -: read timed out$'
cmp -s "$T/copy" <(head -c 120000 "$FX/ts_single.ts") || fail "tee: the copy is not the 120000 bytes sent"
cp "$T/tee.json" "$T/out"
outcome=$(check_run "$st" "tee, stalled pipe" "$T/full.json")
jq -e '(.packets | length) > 0 and (.streams | length) == 2' "$T/out" > /dev/null || fail "tee: $(tail -c 300 "$T/out")"
record_fault avprobe-json "stalled pipe (--timeout), --tee" "$outcome"

# No timeout: a pipe that pauses (here 0.6 s) is waited for, and the probe is whole.
(sleep 0.6; cat "$FX/ts_single.ts") | avprobe-json > "$T/out" || fail "a slow pipe without --timeout failed"
jq -e '.streams | length == 2' "$T/out" > /dev/null || fail "slow pipe: $(cat "$T/out")"
# A timeout longer than the pause: also fine.
(sleep 0.3; cat "$FX/ts_single.ts") | avprobe-json --timeout 5000 > "$T/out" || fail "a pause shorter than --timeout failed"
for bad in -1 abc 1.5; do expect_status 2 avprobe-json --timeout "$bad" "$FX/ts_single.ts"; done
ok "--timeout: a stalled pipe ends with a clear error, promptly"
