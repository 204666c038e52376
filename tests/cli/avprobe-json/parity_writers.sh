#!/usr/bin/env bash
# Shows: called the ffprobe way without -print_format, avprobe-json prints ffprobe's default writer ([STREAM],
# key=value, TAG:, DISPOSITION:) byte for byte; flat, compact, csv and json=compact=1 (with writer options) too.
source "$(dirname "$0")/../lib.sh"
check() {
  local f=$1; shift
  ffprobe -v quiet "$@" "$FX/$f" > "$T/ref.txt"
  avprobe-json -v quiet "$@" "$FX/$f" > "$T/ours.txt" || fail "$f $*: failed"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$f $*: differs from ffprobe"; }
}
for f in mkv_multi.mkv ts_programs.ts rotated.mp4 audio.mp3; do
  check "$f" -show_format -show_streams
  check "$f" -of flat -show_format -show_streams -show_chapters
  check "$f" -of compact -show_format -show_streams -show_programs
  check "$f" -of csv -show_streams -show_packets
  check "$f" -of json=compact=1 -show_format -show_streams
done
check mkv_multi.mkv -show_packets -show_frames -show_chapters
check mkv_multi.mkv -of flat -show_packets -show_frames
check mkv_multi.mkv -of default=noprint_wrappers=1:nokey=1 -show_entries stream=codec_name
check mkv_multi.mkv -of csv=p=0 -show_entries stream=index,codec_type
check mkv_multi.mkv -of compact=item_sep=,:nokey=1 -show_streams
check mkv_multi.mkv -of flat=s=_:h=0 -show_format
check webm_vp9.webm -of json=c=1 -show_packets -show_frames
ok "default, flat, compact, csv and compact JSON writers match ffprobe"
