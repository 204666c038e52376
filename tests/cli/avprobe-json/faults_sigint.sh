#!/usr/bin/env bash
# Shows: SIGINT in the middle of --show-packets on a slow pipe finishes the output properly -- valid JSON (and
# valid JSON Lines) holding each stream's first packets -- with exit status 130 and no error line; with --tee on a
# stalled pipe too. SIGTERM (sent in the JSON Lines run) does the same with status 143 (128 + signal).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
f=$FX/mkv_multi.mkv
avprobe-json --show-packets "$f" > "$T/full.json"
for mode in json ndjson; do
  args="--show-packets --show-streams --show-format"
  sig=INT want=130
  [ "$mode" = ndjson ] && args="$args --ndjson" sig=TERM want=143
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  # A slow pipe: 8 KB every 50 ms (the 210 KB file would take over a second).
  sh -c 'i=0; while [ $i -lt 30 ]; do dd if="$1" bs=8192 skip=$i count=1 status=none; sleep 0.05; i=$((i + 1)); done' \
    sh "$f" > "$T/fifo" &
  feeder=$!
  avprobe-json $args < "$T/fifo" > "$T/out" 2> "$T/err" &
  pid=$!
  wait_handles_signals "$pid"
  sleep 0.5  # some packets are out, most are still to come
  kill "-$sig" "$pid"
  start=$(now_ms)
  st=0; wait "$pid" || st=$?
  elapsed=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
  [ "$st" -eq "$want" ] || { cat "$T/err" >&2; fail "$mode: exit $st after SIG$sig, expected $want"; }
  [ "$elapsed" -lt 3000 ] || fail "$mode: ${elapsed} ms to stop after SIG$sig"
  ! grep -q '^avprobe-json: error:' "$T/err" || fail "$mode: an error line after SIG$sig: $(cat "$T/err")"
  if [ "$mode" = json ]; then
    jq -e '(.packets | length) > 0 and (.streams | length) == 4 and (.format.nb_streams == 4)' "$T/out" > /dev/null ||
      fail "json: not finished properly: $(tail -c 300 "$T/out")"
    n=$(jq '.packets | length' "$T/out")
    [ "$n" -lt "$(jq '.packets | length' "$T/full.json")" ] || fail "json: SIGINT came after the end"
    check_packet_prefix "$T/out" "$T/full.json" "json after SIGINT"
  else
    jq -e -s 'length > 1 and all(.[]; type == "object") and ([.[] | select(.packet)] | length > 0) and
      (.[-1] | has("streams") and has("format"))' "$T/out" > /dev/null ||
      fail "ndjson: not finished properly: $(tail -c 300 "$T/out")"
  fi
  echo "$mode: stopped in ${elapsed} ms"
  record_fault avprobe-json "SIG$sig during --show-packets" "exit $want, valid JSON"
done
# --tee on a stalled pipe: the copying thread may not be the one the signal reaches; it must stop all the same.
rm -f "$T/fifo"; mkfifo "$T/fifo"
sh -c 'head -c 120000 "$1"; exec sleep 20' sh "$FX/ts_single.ts" > "$T/fifo" &
feeder=$!
avprobe-json --tee --show-packets --json-out "$T/tee.json" < "$T/fifo" > "$T/copy" 2> "$T/err" &
pid=$!
for _ in $(seq 1 50); do [ "$(stat -c %s "$T/copy")" -ge 120000 ] && break; sleep 0.1; done
sleep 0.3
kill -INT "$pid"
start=$(now_ms)
st=0; wait "$pid" || st=$?
elapsed=$(($(now_ms) - start))
kill "$feeder" 2> /dev/null || true
wait "$feeder" 2> /dev/null || true
[ "$st" -eq 130 ] || { cat "$T/err" >&2; fail "tee: exit $st after SIGINT"; }
[ "$elapsed" -lt 3000 ] || fail "tee: ${elapsed} ms to stop after SIGINT on a stalled stdin"
cmp -s "$T/copy" <(head -c 120000 "$FX/ts_single.ts") || fail "tee: the copy is not what was sent"
jq -e '(.packets | length) > 0' "$T/tee.json" > /dev/null || fail "tee: JSON not finished: $(tail -c 300 "$T/tee.json")"
echo "tee: stopped in ${elapsed} ms"
record_fault avprobe-json "SIGINT during --tee on a stalled pipe" "exit 130, valid JSON"
ok "SIGINT on a slow pipe: exit 130 and a finished document"
