#!/usr/bin/env bash
# Shows: several inputs give one JSON document per line, each naming its input and matching ffprobe's for that
# input; an unreadable one gives its error object while the others still print, and the exit status is 1.
# With --ndjson, packets and frames stream out one per line, the same ones ffprobe shows.
source "$(dirname "$0")/../lib.sh"
st=0; avprobe-json "$FX/mp4_front.mp4" "$T/missing.mkv" "$FX/audio.flac" - < "$FX/ts_single.ts" > "$T/lines" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || fail "exit $st with one bad input"
[ "$(wc -l < "$T/lines")" -eq 4 ] || fail "expected 4 lines"
i=0
for f in "$FX/mp4_front.mp4" "$T/missing.mkv" "$FX/audio.flac" -; do
  i=$((i + 1))
  sed -n "${i}p" "$T/lines" > "$T/line.json"
  jq -e --arg n "$f" '.input == $n' "$T/line.json" > /dev/null || fail "line $i does not name $f"
  if [ "$f" = "$T/missing.mkv" ]; then
    jq -e '.error.code == -2 and .error.string == "No such file or directory"' "$T/line.json" > /dev/null || fail "no error object"
    continue
  fi
  ffprobe -v quiet -of json -show_format -show_streams "${f/#-/$FX/ts_single.ts}" > "$T/ref.json"
  json_diff --ignore input --ignore format.filename "$T/ref.json" "$T/line.json" || fail "line $i differs from ffprobe"
done
grep -c 'missing.mkv' "$T/err" > /dev/null || fail "no stderr line for the bad input"

# Streaming packets: one line per packet, then the document line.
avprobe-json --ndjson --show-packets --show-streams "$FX/ts_programs.ts" > "$T/pk"
ffprobe -v quiet -of json -show_packets "$FX/ts_programs.ts" > "$T/ref.json"
n=$(jq '.packets | length' "$T/ref.json")
[ "$(grep -c '"packet":' "$T/pk")" -eq "$n" ] || fail "expected $n packet lines"
jq -c '.packets[]' "$T/ref.json" > "$T/ref_lines"
grep '"packet":' "$T/pk" | jq -c '.packet' > "$T/our_lines"
json_diff --lines "$T/ref_lines" "$T/our_lines" || fail "packet lines differ from ffprobe's packets"
tail -n 1 "$T/pk" | jq -e '.streams | length == 4' > /dev/null || fail "last line is not the document"
# Frames too.
avprobe-json --ndjson --show-frames "$FX/webm_vp9.webm" | grep '"frame":' | jq -c '.frame' > "$T/our_lines"
ffprobe -v quiet -of json -show_frames "$FX/webm_vp9.webm" | jq -c '.frames[]' > "$T/ref_lines"
json_diff --lines "$T/ref_lines" "$T/our_lines" || fail "frame lines differ from ffprobe's frames"
ok "JSON Lines for many inputs and streamed packets/frames"
