#!/usr/bin/env bash
# Shows: the other sections and options match ffprobe field by field: packets, frames (with packets interleaved),
# frame and packet counts, chapters, programs, -show_entries and -select_streams, both spellings of each.
source "$(dirname "$0")/../lib.sh"
check() {  # check FIXTURE ARGS...: ffprobe and avprobe-json with the same ffprobe-style arguments, JSON out
  local f=$1; shift
  ffprobe -v quiet -of json "$@" "$FX/$f" > "$T/ref.json"
  avprobe-json -v quiet -of json "$@" "$FX/$f" > "$T/ours.json" || fail "$f $*: failed"
  json_diff "$T/ref.json" "$T/ours.json" || fail "$f $*: differs from ffprobe"
  cmp -s "$T/ref.json" "$T/ours.json" || fail "$f $*: not byte-identical"
}
check mp4_front.mp4 -show_packets
check ts_programs.ts -show_packets -show_streams
check mkv_multi.mkv -show_frames
check webm_vp9.webm -show_packets -show_frames
check audio.flac -show_frames -show_streams
check ts_single.ts -count_frames -count_packets -show_streams
check mkv_multi.mkv -count_frames -show_streams -show_format
check mkv_multi.mkv -show_chapters -show_format
check ts_programs.ts -show_programs
check ts_programs.ts -show_programs -show_streams -select_streams a
check mp4_end.mp4 -show_entries format=duration,size:stream=codec_name,width,height
check mkv_multi.mkv -show_entries stream=index:stream_disposition=default:stream_tags=language
check ts_programs.ts -show_entries program=program_id:program_stream=index
check mkv_multi.mkv -select_streams a:1 -show_streams -show_packets
check mkv_multi.mkv -select_streams s -show_frames
check rotated.mp4 -show_streams -sexagesimal -show_format
# Our long spellings give the same as ffprobe's single-dash ones.
avprobe-json --show-packets --select-streams v "$FX/mp4_front.mp4" > "$T/long.json"
ffprobe -v quiet -of json -show_packets -select_streams v "$FX/mp4_front.mp4" > "$T/ref.json"
json_diff "$T/ref.json" "$T/long.json" || fail "--show-packets --select-streams differs"
avprobe-json --show-entries format=duration --show-entries stream=codec_name "$FX/audio.mp3" > "$T/long.json"
ffprobe -v quiet -of json -show_entries format=duration -show_entries stream=codec_name "$FX/audio.mp3" > "$T/ref.json"
json_diff "$T/ref.json" "$T/long.json" || fail "--show-entries differs"
avprobe-json --count-frames --show-streams "$FX/audio.wav" > "$T/long.json"
ffprobe -v quiet -of json -count_frames -show_streams "$FX/audio.wav" > "$T/ref.json"
json_diff "$T/ref.json" "$T/long.json" || fail "--count-frames differs"
ok "sections and options match ffprobe"
