#!/usr/bin/env bash
# Shows: -of xml (plain, fully_qualified, xsd_strict with -noprivate) and -of ini (hierarchical or not) print what
# ffprobe 5.1 prints, byte for byte, for every section (format, streams, programs, chapters, packets, frames,
# packets and frames together, error, -show_entries), on files and through a real pipe; xsd_strict with private
# data is refused in one line.
source "$(dirname "$0")/../lib.sh"
check() {
  local f=$1; shift
  ffprobe -v quiet "$@" "$FX/$f" > "$T/ref.txt" || true
  avprobe-json -v quiet "$@" "$FX/$f" > "$T/ours.txt" || true
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$f $*: differs from ffprobe"; }
}
for of in xml ini; do
  for f in mkv_multi.mkv ts_programs.ts rotated.mp4 attach_badtag.mkv; do
    check "$f" -of $of -show_format -show_streams -show_programs -show_chapters
  done
  check mkv_multi.mkv -of $of -show_packets -show_frames
  check webm_vp9.webm -of $of -show_frames -read_intervals '%+#3'
  check audio.mp3 -of $of -show_packets
  check garbage.bin -of $of -show_error -show_format
  check ts_programs.ts -of $of -show_entries 'stream=index,codec_name:program_tags:format=format_name'
done
check mkv_multi.mkv -of xml=fully_qualified=1 -show_format -show_streams
check mkv_multi.mkv -of xml=x=1 -noprivate -show_format -show_streams -show_chapters
check ts_programs.ts -of xml=q=1:x=0 -show_programs
check mkv_multi.mkv -of ini=hierarchical=0 -show_format -show_streams
check webm_vp9.webm -of ini=h=0 -show_packets -show_frames -read_intervals '%+#4'
# Through a pipe: ffprobe's pipe: and our stdin give the same document.
for of in xml ini; do
  ffprobe -v quiet -of $of -show_format -show_streams - < "$FX/mkv_multi.mkv" > "$T/ref.txt"
  { cat "$FX/mkv_multi.mkv" || true; } | avprobe-json -v quiet -of $of -show_format -show_streams - > "$T/ours.txt"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head >&2; fail "$of through a pipe differs"; }
done
expect_status 2 avprobe-json -of xml=x=1 -show_format "$FX/audio.mp3"
expect_stderr '^avprobe-json: error: .*xsd_strict.*-noprivate'
[ ! -s "$T/out" ] || fail "xsd_strict refused but printed"
expect_status 2 avprobe-json -of ini=nosuch=1 "$FX/audio.mp3"
expect_stderr "unknown option 'nosuch' for writer ini"
ok "xml and ini writers match ffprobe"
