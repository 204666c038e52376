#!/usr/bin/env bash
# Shows: ffprobe's output options -count_packets, -show_data, -show_data_hash ALGO, -bitexact, -show_pixel_formats
# (with its flags and components), -show_library_versions (for the libraries we link) and -show_program_version /
# -show_versions (ffprobe's structure, our own version) give ffprobe's output byte for byte, on files and through a
# pipe, in several writers; the versions and pixel formats alone need no input; bad uses are refused in one line.
source "$(dirname "$0")/../lib.sh"
check() {
  ffprobe -v quiet "$@" > "$T/ref.txt" || true
  avprobe-json -v quiet "$@" > "$T/ours.txt" || true
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$*: differs from ffprobe"; }
}
check -count_packets -show_streams "$FX/ts_programs.ts"
check -count_packets -count_frames -show_streams -of json "$FX/mkv_multi.mkv"
check -show_data -show_streams -show_packets -read_intervals '%+#3' "$FX/mkv_multi.mkv"
check -show_data -show_packets -read_intervals '%+#2' -of xml "$FX/rotated.mp4"
for algo in md5 SHA256 crc32 murmur3; do
  check -show_data_hash "$algo" -show_streams -show_packets -read_intervals '%+#4' -of json "$FX/ts_programs.ts"
done
check -show_data -show_data_hash sha1 -show_packets -show_frames -read_intervals '%+#2' -of ini "$FX/webm_vp9.webm"
check -show_entries packet=stream_index,data_hash:stream=extradata_hash -show_data_hash md5 -of csv "$FX/rotated.mp4"
for of in default json xml; do
  check -bitexact -show_format -show_streams -show_programs -of $of "$FX/ts_programs.ts"
done
check -bitexact -show_streams "$FX/mkv_multi.mkv"
for of in default json xml ini flat; do check -show_pixel_formats -of $of; done
check -show_entries pixel_format=name,bits_per_pixel:pixel_format_components -of compact
check -show_pixel_formats -show_format "$FX/audio.mp3"
# Through a pipe.
ffprobe -v quiet -show_data_hash md5 -show_packets -of json - < "$FX/mkv_multi.mkv" > "$T/ref.txt"
{ cat "$FX/mkv_multi.mkv" || true; } | avprobe-json -v quiet -show_data_hash md5 -show_packets -of json - > "$T/ours.txt"
cmp -s "$T/ref.txt" "$T/ours.txt" || fail "-show_data_hash through a pipe differs"
# Library versions: ffprobe's entries for the libraries avprobe-json links (not libavdevice or libpostproc).
ffprobe -v quiet -show_library_versions -of json |
  jq -c '[.library_versions[] | select(.name != "libavdevice" and .name != "libpostproc")]' > "$T/ref.json"
avprobe-json -show_library_versions -of json < /dev/null | jq -c '.library_versions' > "$T/ours.json"
cmp -s "$T/ref.json" "$T/ours.json" || fail "library versions differ: $(cat "$T/ours.json")"
# Program version: ffprobe's keys, our version.
ffprobe -v quiet -show_program_version -of json | jq -c '.program_version | keys' > "$T/ref.json"
avprobe-json -show_versions -of json < /dev/null > "$T/ours.json"
jq -c '.program_version | keys' "$T/ours.json" | cmp -s - "$T/ref.json" || fail "program_version keys differ"
want=$(avprobe-json --version | head -1 | awk '{print $2}')
[ "$(jq -r .program_version.version "$T/ours.json")" = "$want" ] || fail "program_version is not ours ($want)"
jq -e '.library_versions | length == 6' "$T/ours.json" > /dev/null || fail "-show_versions lacks the libraries"
expect_status 2 avprobe-json -bitexact -show_versions
expect_stderr '^avprobe-json: error: usage: -bitexact and -show_program_version or -show_library_versions are incompatible'
expect_status 2 avprobe-json -show_data_hash nosuch -show_packets "$FX/audio.mp3"
expect_stderr "^avprobe-json: error: usage: -show_data_hash: unknown hash algorithm 'nosuch'"
ok "-count_packets, -show_data, -show_data_hash, -bitexact, versions and pixel formats match ffprobe"
