#!/usr/bin/env bash
# Shows: SIGINT while packets stream from a stalled pipe stops the probe promptly; the JSON written so far is
# closed properly (valid JSON with the packets read) and the exit status is 130.
source "$(dirname "$0")/../lib.sh"
mkfifo "$T/fifo"
( for _ in 1 2 3 4 5 6; do cat "$FX/ts_programs.ts"; done; exec sleep 20 ) > "$T/fifo" &
feeder=$!
avprobe-json --show-packets --show-streams < "$T/fifo" > "$T/out.json" 2> "$T/err" &
pid=$!
# Wait until packets are being written (the whole fixture is in the pipe; then the feeder stalls).
for _ in $(seq 1 100); do [ -s "$T/out.json" ] && break; sleep 0.1; done
sleep 0.3
kill -INT "$pid"
st=0; wait "$pid" || st=$?
kill "$feeder" 2> /dev/null || true
[ "$st" -eq 130 ] || fail "exit $st after SIGINT, expected 130"
jq -e '(.packets | length) > 0 and (.streams | length) == 4' "$T/out.json" > /dev/null || fail "the JSON is not complete: $(tail -c 200 "$T/out.json")"
ok "SIGINT closes the JSON and exits 130"
