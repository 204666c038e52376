#!/usr/bin/env bash
# Shows: when the process writing our stdin is killed (SIGKILL) half-way, memremux ends promptly, finishes its
# output with the packets that arrived (the first packets of the whole file's remux), and exits 0 or 1 with one
# error line -- to a NUT file and to fragmented MP4 on a pipe, from a pipe or a named FIFO.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
i=0
for name in mkv_multi.mkv ts_programs.ts mp4_front.mp4 webm_vp9.webm audio.flac sync_av4.nut; do
  f=$FX/$name
  if [ $((i % 2)) -eq 0 ]; then fmt=nut; else fmt=mp4; fi
  memremux -f "$fmt" "$f" 2> /dev/null | cat > "$T/full" || true
  pkt_json "$T/full" > "$T/full.json"
  half=$(($(stat -c %s "$f") / 2))
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  # The writer sends half the file, then hangs (as a stuck producer would) until it is killed.
  sh -c 'head -c "$1" "$2"; exec sleep 60' sh "$half" "$f" > "$T/fifo" &
  writer=$!
  st=0
  reader=
  if [ "$fmt" = nut ]; then
    memremux -f nut < "$T/fifo" > "$T/out" 2> "$T/err" &
    pid=$!
  else  # stdout a pipe too: a reader on a second FIFO
    rm -f "$T/ofifo"; mkfifo "$T/ofifo"
    cat "$T/ofifo" > "$T/out" &
    reader=$!
    memremux -f mp4 "$T/fifo" > "$T/ofifo" 2> "$T/err" &
    pid=$!
  fi
  # Wait until the writer has sent its half (it is then asleep: the pipe is open at both ends and memremux has
  # all but what the pipe still holds), then kill the writer. (Not before: killed while still opening the named
  # FIFO, it would leave memremux waiting in open() for a writer that never comes.)
  for _ in $(seq 1 100); do
    [ "$(cat "/proc/$writer/comm" 2> /dev/null)" = sleep ] && break
    sleep 0.1
  done
  sleep 0.2
  kill -KILL "$writer"
  start=$(now_ms)
  wait "$pid" || st=$?
  elapsed=$(($(now_ms) - start))
  wait "$writer" 2> /dev/null || true
  [ -z "$reader" ] || wait "$reader"
  [ "$elapsed" -lt 5000 ] || fail "$name: memremux took ${elapsed} ms after its writer was killed"
  check_stderr "$st" "$name, writer killed"
  outcome=$(check_output "$st" "$name, writer killed" "$T/full.json")
  n=$(jq '.packets | length' "$T/out.json" 2> /dev/null || pkt_json "$T/out" | jq '.packets | length')
  [ "$n" -gt 0 ] || fail "$name: no packets from the half that arrived"
  echo "$name -> $fmt: exit $st, $n packets, ${elapsed} ms"
  record_fault memremux "stdin writer killed" "$outcome"
  i=$((i + 1))
done
ok "a killed writer: prompt end, a finished output with the packets that arrived"
