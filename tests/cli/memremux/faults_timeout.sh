#!/usr/bin/env bash
# Shows: --timeout MS ends a remux whose pipe stalls: a pipe that never delivers is exit 1 with "reading input:
# read timed out" and nothing written; one that stalls after some data (NUT, MPEG-TS, an MP4 through the spool)
# is exit 1 with "reading input: read timed out; the output holds what could be copied" and a finished output
# holding the packets that arrived; both within about MS, not when the writer finally goes away. Without
# --timeout a slow pipe is waited for. A bad value is a usage error (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# run_stalled FIXTURE BYTES ARGS...: feeds BYTES of FIXTURE then holds the pipe open for 20 s; times memremux.
run_stalled() {
  local f=$FX/$1 bytes=$2; shift 2
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  sh -c 'head -c "$1" "$2"; exec sleep 20' sh "$bytes" "$f" > "$T/fifo" &
  local feeder=$!
  st=0
  local start; start=$(now_ms)
  memremux "$@" < "$T/fifo" > "$T/out" 2> "$T/err" || st=$?
  elapsed=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
}
run_stalled ts_single.ts 0 --timeout 300 -f nut
[ "$st" -eq 1 ] || fail "silent pipe: exit $st"
[ "$elapsed" -lt 8000 ] || fail "silent pipe: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
check_stderr "$st" "silent pipe"
expect_stderr '^memremux: error: reading input: read timed out$'
outcome=$(check_output "$st" "silent pipe")
record_fault memremux "stalled pipe (--timeout), nothing sent" "$outcome"

for spec in "sync_av4.nut 200000 nut" "ts_single.ts 120000 mp4" "mp4_front.mp4 100000 nut"; do
  read -r name bytes fmt <<< "$spec"
  memremux -f "$fmt" "$FX/$name" > "$T/full"
  pkt_json "$T/full" > "$T/full.json"
  run_stalled "$name" "$bytes" --timeout 300 -f "$fmt"
  [ "$st" -eq 1 ] || fail "$name stalled: exit $st"
  [ "$elapsed" -lt 8000 ] || fail "$name stalled: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
  check_stderr "$st" "$name stalled"
  expect_stderr '^memremux: error: reading input: read timed out; the output holds what could be copied$'
  outcome=$(check_output "$st" "$name stalled" "$T/full.json")
  n=$(jq '.packets | length' "$T/out.json")
  [ "$n" -gt 0 ] && [ "$n" -lt "$(jq '.packets | length' "$T/full.json")" ] || fail "$name stalled: $n packets"
  echo "$name -> $fmt: stalled after $bytes bytes: exit 1 in ${elapsed} ms, $n packets"
  record_fault memremux "stalled pipe (--timeout), after some data" "$outcome"
done

# No timeout: a pipe that pauses (here 0.6 s) is waited for, and the remux is whole.
memremux -f nut "$FX/ts_single.ts" > "$T/full"
(sleep 0.6; cat "$FX/ts_single.ts") | memremux -f nut > "$T/out" || fail "a slow pipe without --timeout failed"
cmp -s "$T/out" "$T/full" || fail "a slow pipe without --timeout: not the whole remux"
# A timeout longer than the pause: also fine.
(sleep 0.3; cat "$FX/ts_single.ts") | memremux --timeout 5000 -f nut > "$T/out" || fail "a pause shorter than --timeout failed"
cmp -s "$T/out" "$T/full" || fail "a pause shorter than --timeout: not the whole remux"
for bad in -1 abc 1.5; do
  expect_status 2 memremux --timeout "$bad" -f nut "$FX/ts_single.ts"
  expect_stderr '^memremux: error: usage: '
done
ok "--timeout: a stalled pipe ends with a clear error and a finished output, promptly"
