#!/usr/bin/env bash
# Shows: --timeout MS ends a run whose pipe stalls, within about MS and not when the writer finally goes away: a
# pipe that never delivers is exit 1 with "reading input: read timed out" and nothing written; one that stalls
# after some data is exit 1 with "reading input 0 '-': read timed out" and a finished output holding the whole
# run's first frames; a stalled second input (-i FIFO) is named. A pipe slower than the timeout but never silent
# that long is waited for. A bad value is a usage error (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
args=(--vf scale=32:24 --af anull)
graphrun "${args[@]}" "$MAIN" > "$T/full.nut"
hashes "$T/full.nut" > "$T/full.hashes"
# run_stalled BYTES ARGS...: feeds BYTES of $MAIN then holds the pipe open for 20 s; times graphrun.
run_stalled() {
  local bytes=$1; shift
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  sh -c 'head -c "$1" "$2"; exec sleep 20' sh "$bytes" "$MAIN" > "$T/fifo" &
  local feeder=$!
  st=0
  local start; start=$(now_ms)
  graphrun "$@" < "$T/fifo" > "$T/out" 2> "$T/err" || st=$?
  elapsed=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
}
run_stalled 0 --timeout 300 "${args[@]}"
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "silent pipe: exit $st"; }
[ "$elapsed" -lt 8000 ] || fail "silent pipe: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
expect_error_line '^graphrun: error: reading input: read timed out$'
[ ! -s "$T/out" ] || fail "silent pipe: wrote $(stat -c %s "$T/out") bytes"
record_fault graphrun "stalled pipe (--timeout), nothing sent" "exit 1, one error line, nothing written"

run_stalled 400000 --timeout 300 "${args[@]}"
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "stalled pipe: exit $st"; }
[ "$elapsed" -lt 8000 ] || fail "stalled pipe: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
outcome=$(check_gr "$st" "stalled pipe" "$T/full.hashes")
expect_error_line "^graphrun: error: reading input 0 '-': read timed out$"
[ -s "$T/cut.hashes" ] || fail "stalled pipe: no frames from the data that came"
record_fault graphrun "stalled pipe (--timeout), after some data" "$outcome"

# A stalled second input: the run stops there too, and the message names it.
rm -f "$T/side"; mkfifo "$T/side"
sh -c 'head -c 3000 "$1"; exec sleep 20' sh "$SIDE" > "$T/side" &
feeder=$!
st=0; start=$(now_ms)
graphrun -i "$MAIN" -i "$T/side" -g '[0:v][1:v]overlay[v]' --timeout 300 > "$T/out" 2> "$T/err" || st=$?
elapsed=$(($(now_ms) - start))
kill "$feeder" 2> /dev/null || true; wait "$feeder" 2> /dev/null || true
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "stalled -i: exit $st"; }
[ "$elapsed" -lt 8000 ] || fail "stalled -i: ${elapsed} ms for a 300 ms timeout (the feeder holds 20 s)"
expect_error_line "^graphrun: error: reading input( 1 '$T/side')?: read timed out$"
record_fault graphrun "stalled second input (--timeout)" "exit 1, one error line"

# Slow but never silent for 300 ms: 64 KB every 100 ms is waited for, and every frame comes out.
rm -f "$T/fifo"; mkfifo "$T/fifo"
sh -c 'i=0; n=$(( $(stat -c %s "$1") / 65536 + 1 )); while [ $i -lt $n ]; do
  dd if="$1" bs=65536 skip=$i count=1 status=none; sleep 0.1; i=$((i + 1)); done' sh "$MAIN" > "$T/fifo" &
graphrun --timeout 300 "${args[@]}" < "$T/fifo" > "$T/out" 2> "$T/err" || { cat "$T/err" >&2; fail "a slow pipe timed out"; }
wait
hashes "$T/out" | cmp -s - "$T/full.hashes" || fail "slow pipe: frames differ from the whole run"
for bad in -1 abc 1.5; do
  expect_status 2 graphrun --timeout "$bad" --vf null "$MAIN"
done
ok "--timeout: a stalled pipe ends the run promptly with a valid output"
