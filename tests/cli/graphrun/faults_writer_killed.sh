#!/usr/bin/env bash
# Shows: when the process writing graphrun's stdin is killed (SIGKILL) half-way, graphrun ends promptly with exit 0
# or 1 (then one error line), and its output holds the frames of the half that arrived: read by ffmpeg, and a
# prefix of the whole input's frames.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
for name in gr_main.nut mkv_multi.mkv ts_single.ts webm_vp9.webm audio.flac; do
  f=$FX/$name
  mapfile -t args < <(cheap_args "$f")
  graphrun "${args[@]}" "$f" > "$T/full.nut"
  hashes "$T/full.nut" > "$T/full.hashes"
  half=$(($(stat -c %s "$f") / 2))
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  # The writer sends half the file, then hangs (as a stuck producer would) until it is killed.
  sh -c 'head -c "$1" "$2"; exec sleep 60' sh "$half" "$f" > "$T/fifo" &
  writer=$!
  st=0
  graphrun "${args[@]}" < "$T/fifo" > "$T/out" 2> "$T/err" &
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
  [ "$elapsed" -lt 5000 ] || fail "$name: graphrun took ${elapsed} ms after its writer was killed"
  outcome=$(check_gr "$st" "$name, writer killed" "$T/full.hashes")
  [ -s "$T/cut.hashes" ] || fail "$name: no frames from the half that arrived"
  echo "$name: $outcome"
  record_fault graphrun "stdin writer killed" "$outcome"
done
ok "a killed writer: prompt end, output valid with the frames that arrived"
