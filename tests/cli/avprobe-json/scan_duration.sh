#!/usr/bin/env bash
# Shows: --scan-duration on a pipe fills the streams' duration and duration_ts (and the format's duration, size and
# bit_rate) exactly as ffprobe fills them for the same bytes read as a file: MPEG-TS with H.264+AAC and with MPEG-2
# video+MP2, an MPEG-PS, ADTS AAC and MP3 alone; without it the TS streams on a pipe have none (as for ffprobe on a pipe).
source "$(dirname "$0")/../lib.sh"
gen() { ffmpeg -nostdin -v error -y "$@"; }
V=(-f lavfi -i "testsrc2=size=160x120:rate=25:duration=3")
A=(-f lavfi -i "sine=frequency=440:duration=3")
gen "${V[@]}" "${A[@]}" -c:v libx264 -preset ultrafast -threads 1 -c:a aac -fflags +bitexact -f mpegts "$T/h264_aac.ts"
gen "${V[@]}" "${A[@]}" -c:v mpeg2video -c:a mp2 -fflags +bitexact -f mpegts "$T/mpeg2_mp2.ts"
gen "${V[@]}" "${A[@]}" -c:v mpeg2video -c:a mp2 -fflags +bitexact -f vob "$T/program_stream.mpg"
gen "${A[@]}" -c:a aac -fflags +bitexact -f adts "$T/adts.aac"
gen "${A[@]}" -c:a libmp3lame -fflags +bitexact -f mp3 "$T/lame.mp3"
for f in h264_aac.ts mpeg2_mp2.ts program_stream.mpg adts.aac lame.mp3; do
  ffprobe -v quiet -of json -show_streams -show_format "$T/$f" > "$T/ref.json"
  jq -e '[.streams[] | has("duration") and has("duration_ts")] | all' "$T/ref.json" > /dev/null ||
    fail "$f: ffprobe gives no stream duration on the file: $(jq -c '[.streams[] | {duration, duration_ts}]' "$T/ref.json")"
  cat "$T/$f" | avprobe-json -v quiet --scan-duration -show_streams -show_format -of json > "$T/ours.json" ||
    fail "$f: --scan-duration on a pipe failed"
  # Field by field: each stream's duration and duration_ts as ffprobe's, then the whole documents.
  for k in duration duration_ts; do
    want=$(jq -c "[.streams[].$k]" "$T/ref.json")
    got=$(jq -c "[.streams[].$k]" "$T/ours.json")
    [ "$want" = "$got" ] || fail "$f: streams' $k $got, ffprobe on the file says $want"
  done
  json_diff --ignore format.filename "$T/ref.json" "$T/ours.json" || fail "$f: differs from ffprobe on the file"
done
# Without the option a TS on a pipe has no stream durations, as ffprobe reading the pipe.
cat "$T/h264_aac.ts" | ffprobe -v quiet -of json -show_streams - > "$T/ff_pipe.json"
cat "$T/h264_aac.ts" | avprobe-json -v quiet -show_streams -of json > "$T/plain.json"
json_diff --ignore format.filename "$T/ff_pipe.json" "$T/plain.json" || fail "TS on a pipe without --scan-duration differs from ffprobe's pipe"
jq -e '[.streams[] | has("duration")] | any | not' "$T/plain.json" > /dev/null || fail "a pipe has stream durations without the option"
# --typed says where the duration came from: libavformat's timestamp estimate, as for the file.
cat "$T/h264_aac.ts" | avprobe-json --typed --scan-duration > "$T/typed.json" || fail "--typed --scan-duration failed"
jq -e '.format.duration_source == "timestamps"' "$T/typed.json" > /dev/null || fail "duration source: $(jq -c .format "$T/typed.json")"
ok "--scan-duration on a pipe: stream and format durations as ffprobe on the file"
