#!/usr/bin/env bash
# Shows: when the process writing graphrun's stdin is killed (SIGKILL) half-way, graphrun ends promptly with exit 0
# or 1 (then one error line), and its output holds the frames of the half that arrived: read by ffmpeg, and a
# prefix of the whole input's frames.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
for name in gr_main.nut mkv_multi.mkv ts_single.ts webm_vp9.webm audio.flac; do
  f=$FX/$name
  mapfile -t args < <(cheap_args "$f")
  graphrun "${args[@]}" "$f" > "$T/full.nut"
  hashes "$T/full.nut" > "$T/full.hashes"
  writer_killed 0.2 "$f" graphrun "${args[@]}"
  [ "$elapsed" -lt 5000 ] || fail "$name: graphrun took ${elapsed} ms after its writer was killed"
  outcome=$(check_gr "$st" "$name, writer killed" "$T/full.hashes")
  [ -s "$T/cut.hashes" ] || fail "$name: no frames from the half that arrived"
  echo "$name: $outcome"
  record_fault graphrun "stdin writer killed" "$outcome"
done
ok "a killed writer: prompt end, output valid with the frames that arrived"
