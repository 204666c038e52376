#!/usr/bin/env bash
# Shows: when the process writing our stdin is killed (SIGKILL) half-way, the probe ends promptly, the JSON is
# valid with the packets that arrived (each stream's first packets, as in the whole file), and the status is the
# documented one (0, or 1 with the error object and one line).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
for name in mkv_multi.mkv ts_programs.ts mp4_front.mp4 webm_vp9.webm audio.flac; do
  f=$FX/$name
  avprobe-json --show-packets "$f" > "$T/full.json"
  half=$(($(stat -c %s "$f") / 2))
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  # The writer sends half the file, then hangs (as a stuck producer would) until it is killed.
  sh -c 'head -c "$1" "$2"; exec sleep 60' sh "$half" "$f" > "$T/fifo" &
  writer=$!
  st=0
  avprobe-json --show-packets --show-streams < "$T/fifo" > "$T/out" 2> "$T/err" &
  pid=$!
  # Wait until the half has been read (the writer is then asleep), then kill the writer.
  for _ in $(seq 1 50); do
    [ "$(awk '/^rchar/ {print $2}' "/proc/$pid/io" 2> /dev/null || echo 0)" -ge "$half" ] 2> /dev/null && break
    sleep 0.1
  done
  sleep 0.2
  kill -KILL "$writer"
  start=$(now_ms)
  wait "$pid" || st=$?
  elapsed=$(($(now_ms) - start))
  [ "$elapsed" -lt 5000 ] || fail "$name: the probe took ${elapsed} ms after its writer was killed"
  outcome=$(check_run "$st" "$name, writer killed")
  check_packet_prefix "$T/out" "$T/full.json" "$name, writer killed"
  jq -e '(.packets | length) > 0' "$T/out" > /dev/null || fail "$name: no packets from the half that arrived"
  record_fault avprobe-json "stdin writer killed" "$outcome"
done
ok "a killed writer: prompt end, valid JSON with the packets that arrived"
