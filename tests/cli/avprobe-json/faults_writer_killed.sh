#!/usr/bin/env bash
# Shows: when the process writing our stdin is killed (SIGKILL) half-way, the probe ends promptly, the JSON is
# valid with the packets that arrived (each stream's first packets, as in the whole file), and the status is the
# documented one (0, or 1 with the error object and one line).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
for name in mkv_multi.mkv ts_programs.ts mp4_front.mp4 webm_vp9.webm audio.flac; do
  f=$FX/$name
  avprobe-json --show-packets "$f" > "$T/full.json"
  writer_killed 0.2 "$f" avprobe-json --show-packets --show-streams
  [ "$elapsed" -lt 5000 ] || fail "$name: the probe took ${elapsed} ms after its writer was killed"
  outcome=$(check_run "$st" "$name, writer killed")
  check_packet_prefix "$T/out" "$T/full.json" "$name, writer killed"
  jq -e '(.packets | length) > 0' "$T/out" > /dev/null || fail "$name: no packets from the half that arrived"
  record_fault avprobe-json "stdin writer killed" "$outcome"
done
ok "a killed writer: prompt end, valid JSON with the packets that arrived"
