#!/usr/bin/env bash
# Shows: -show_optional_fields always|never|auto (any case, or 1|0|-1) gives ffprobe's output byte for byte: always
# adds the "N/A" fields to JSON and XML, never drops every string field (as ffprobe 5.1 does), auto is each
# writer's rule; another value is refused in one line.
source "$(dirname "$0")/../lib.sh"
for mode in always never auto ALWAYS 1 0 -1; do
  ofs="json default xml flat"
  case $mode in always | never | auto) ;; *) ofs=json ;; esac  # the other spellings: one writer is enough
  for of in $ofs; do
    ffprobe -v quiet -show_optional_fields "$mode" -of $of -show_format -show_streams -show_packets \
      -read_intervals '%+#2' "$FX/ts_programs.ts" > "$T/ref.txt"
    avprobe-json -v quiet -show_optional_fields "$mode" -of $of -show_format -show_streams -show_packets \
      -read_intervals '%+#2' "$FX/ts_programs.ts" > "$T/ours.txt"
    cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head >&2; fail "-show_optional_fields $mode -of $of differs"; }
  done
done
ffprobe -v quiet -show_optional_fields always -of json -show_streams - < "$FX/mkv_multi.mkv" > "$T/ref.txt"
{ cat "$FX/mkv_multi.mkv" || true; } | avprobe-json -v quiet -show_optional_fields always -of json -show_streams - > "$T/ours.txt"
cmp -s "$T/ref.txt" "$T/ours.txt" || fail "-show_optional_fields always through a pipe differs"
expect_status 2 avprobe-json -show_optional_fields sometimes "$FX/audio.mp3"
expect_stderr "^avprobe-json: error: usage: -show_optional_fields: always, never or auto, not 'sometimes'"
ok "-show_optional_fields matches ffprobe"
