#!/usr/bin/env bash
# Shows: -show_log LEVEL with -show_frames gives each frame ffprobe's logs section (context, level, category,
# parent, message, filtered by LEVEL) as ffprobe does, on files and through a pipe, in several writers; the only
# difference is the address in a message's "[h264 @ 0x...]" prefix, which no two runs share.
source "$(dirname "$0")/../lib.sh"
mask() { sed 's/0x[0-9a-f]\{6,\}/PTR/g'; }
check() {
  ffprobe -v quiet "$@" | mask > "$T/ref.txt" || true
  avprobe-json -v quiet "$@" | mask > "$T/ours.txt" || true
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$*: differs from ffprobe"; }
}
check -show_log 48 -show_frames -of json "$FX/sync_raw.h264"
grep -q '"logs"' "$T/ours.txt" || fail "no logs section: the test input logs nothing"
check -show_log 56 -show_frames -show_packets -of xml "$FX/mkv_multi.mkv"
check -show_log 24 -show_frames -of default "$FX/mkv_multi.mkv"
check -show_log 48 -show_frames -of compact -read_intervals '%+#5' "$FX/webm_vp9.webm"
ffprobe -v quiet -show_log 48 -show_frames -of json - < "$FX/sync_raw.h264" | mask > "$T/ref.txt"
{ cat "$FX/sync_raw.h264" || true; } | avprobe-json -v quiet -show_log 48 -show_frames -of json - | mask > "$T/ours.txt"
cmp -s "$T/ref.txt" "$T/ours.txt" || fail "-show_log through a pipe differs"
expect_status 2 avprobe-json -show_log loud -show_frames "$FX/audio.mp3"
expect_stderr 'show_log'
ok "-show_log matches ffprobe"
