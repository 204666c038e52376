#!/usr/bin/env bash
# Shows: ffprobe's -o FILE (the output in FILE, "-" for stdout), -print_filename NAME (format.filename) and
# -find_stream_info / -nofind_stream_info (header only) give ffprobe's output byte for byte, on files and through
# a pipe; -o with --tee is refused, and an -o that cannot be written is one error line, status 1.
source "$(dirname "$0")/../lib.sh"
check() {
  ffprobe -v quiet "$@" > "$T/ref.txt" || true
  avprobe-json -v quiet "$@" > "$T/ours.txt" || true
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$*: differs from ffprobe"; }
}
for f in mkv_multi.mkv ts_programs.ts audio.mp3 rotated.mp4 webm_vp9.webm; do
  check -nofind_stream_info -show_format -show_streams -of json "$FX/$f"
done
check -find_stream_info -show_streams "$FX/mkv_multi.mkv"
check -print_filename 'shown name.mkv' -show_format -of xml "$FX/mkv_multi.mkv"
check -o - -show_format -of ini "$FX/audio.mp3"
ffprobe -v quiet -o "$T/ref.xml" -of xml -show_format -show_streams "$FX/mkv_multi.mkv"
avprobe-json -v quiet -o "$T/ours.xml" -of xml -show_format -show_streams "$FX/mkv_multi.mkv" > "$T/stdout"
cmp -s "$T/ref.xml" "$T/ours.xml" || fail "-o FILE differs from ffprobe's"
[ ! -s "$T/stdout" ] || fail "-o FILE also printed on stdout"
ffprobe -v quiet -nofind_stream_info -print_filename x -show_format -show_streams - < "$FX/ts_programs.ts" > "$T/ref.txt"
{ cat "$FX/ts_programs.ts" || true; } |
  avprobe-json -v quiet -nofind_stream_info -print_filename x -show_format -show_streams - > "$T/ours.txt"
cmp -s "$T/ref.txt" "$T/ours.txt" || fail "-nofind_stream_info -print_filename through a pipe differs"
expect_status 2 avprobe-json --tee -o "$T/x.json" < "$FX/audio.mp3"
expect_stderr '^avprobe-json: error: usage: -o does not go with --tee'
expect_status 1 avprobe-json -o "$T/no/such/dir/out.json" "$FX/audio.mp3"
expect_stderr "^avprobe-json: error: opening output"
ok "-o, -print_filename and -find_stream_info match ffprobe"
