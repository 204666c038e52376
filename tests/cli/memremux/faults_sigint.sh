#!/usr/bin/env bash
# Shows: SIGINT (or SIGTERM) while input is still arriving finishes the output properly (trailer written, -o renamed
# into place) and exits 130 (143), quietly; on a slow pipe to stdout (NUT, fragmented MP4) the output is valid and
# holds the first packets of the whole file's remux.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
interrupt() {  # interrupt SIGNAL EXPECTED_STATUS
  local sig=$1 want=$2
  rm -f "$T/in.fifo" "$T/got.mkv"
  mkfifo "$T/in.fifo"
  # two seconds of stream, then the writer stays open without sending more
  ( cat "$FX/ts_single.ts"; sleep 30 ) > "$T/in.fifo" &
  local writer=$!
  memremux "$T/in.fifo" -o "$T/got.mkv" 2>"$T/err" &
  local pid=$!
  for _ in $(seq 50); do
    # wait until it has written its header and is blocked on the pipe
    ls "$T"/.got.mkv.part-* >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 0.5
  kill -"$sig" "$pid"
  local status=0
  wait "$pid" || status=$?
  kill "$writer" 2>/dev/null || true
  [ "$status" -eq "$want" ] || { cat "$T/err"; fail "SIG$sig: exited $status, expected $want"; }
  [ ! -s "$T/err" ] || { cat "$T/err"; fail "SIG$sig: not quiet"; }
  [ -f "$T/got.mkv" ] || fail "SIG$sig: output not renamed into place"
  ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/got.mkv" > "$T/dur" 2>"$T/probe_err"
  [ ! -s "$T/probe_err" ] || { cat "$T/probe_err"; fail "SIG$sig: output does not probe cleanly"; }
  local n
  n=$(packets "$T/got.mkv" | grep -c MD5)
  [ "$n" -gt 50 ] || fail "SIG$sig: only $n packets written"
  record_fault memremux "SIG$sig with -o, input stalled" "exit $want, output finished"
  ok "SIG$sig: status $status, $n packets, duration $(cat "$T/dur") s, trailer written"
}
interrupt INT 130
interrupt TERM 143

# A slow pipe in and a pipe out: 8 KB every 50 ms (the 412 KB NUT takes 2.5 s), SIGINT once 60 KB are out; the
# output holds some but not all of the packets.
slow_pipe() {  # slow_pipe FIXTURE FORMAT
  local f=$FX/$1 fmt=$2
  memremux -f "$fmt" "$f" | cat > "$T/full"
  pkt_json "$T/full" > "$T/full.json"
  rm -f "$T/in.fifo" "$T/out.fifo"
  mkfifo "$T/in.fifo" "$T/out.fifo"
  sh -c 'i=0; while [ $((i * 8192)) -lt "$(stat -c %s "$1")" ]; do
           dd if="$1" bs=8192 skip=$i count=1 status=none; sleep 0.05; i=$((i + 1)); done' sh "$f" > "$T/in.fifo" &
  local feeder=$!
  cat "$T/out.fifo" > "$T/out" &
  local reader=$!
  memremux -f "$fmt" < "$T/in.fifo" > "$T/out.fifo" 2> "$T/err" &
  local pid=$!
  # Once packets are out (60 KB written; not at a fixed time: a loaded machine may still be probing), SIGINT.
  for _ in $(seq 1 100); do
    [ "$(stat -c %s "$T/out" 2> /dev/null || echo 0)" -gt 60000 ] && break
    sleep 0.05
  done
  kill -INT "$pid"
  local start st=0
  start=$(now_ms)
  wait "$pid" || st=$?
  local elapsed=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
  wait "$reader"
  [ "$st" -eq 130 ] || { cat "$T/err" >&2; fail "$1 -> $fmt: exit $st after SIGINT, expected 130"; }
  [ "$elapsed" -lt 3000 ] || fail "$1 -> $fmt: ${elapsed} ms to stop after SIGINT"
  [ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "$1 -> $fmt: not quiet after SIGINT"; }
  pkt_json "$T/out" > "$T/out.json" || fail "$1 -> $fmt: the output does not read back after SIGINT"
  check_prefix "$T/out.json" "$T/full.json" "$1 -> $fmt after SIGINT"
  local n full
  n=$(jq '.packets | length' "$T/out.json")
  full=$(jq '.packets | length' "$T/full.json")
  [ "$n" -gt 0 ] && [ "$n" -lt "$full" ] || fail "$1 -> $fmt: $n of $full packets: not in the middle"
  record_fault memremux "SIGINT on a slow pipe" "exit 130, output finished and a prefix"
  ok "$1 -> $fmt: SIGINT on a slow pipe: stopped in ${elapsed} ms, $n of $full packets, finished"
}
slow_pipe sync_av4.nut nut
slow_pipe sync_av4.nut mp4
