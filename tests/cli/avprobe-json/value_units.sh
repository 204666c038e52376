#!/usr/bin/env bash
# Shows: -unit, -prefix, -byte_binary_prefix and -pretty (with -sexagesimal) print values as ffprobe does
# ("2.040000 s", "44.100000 KHz", "208.039062 Kibyte", "0:00:02.022000"), byte for byte, in every section that has
# such values and in several writers, through a pipe too; xsd_strict XML refuses them and --typed does not take them.
source "$(dirname "$0")/../lib.sh"
check() {
  ffprobe -v quiet "$@" > "$T/ref.txt" || true
  avprobe-json -v quiet "$@" > "$T/ours.txt" || true
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$*: differs from ffprobe"; }
}
for opts in -unit -prefix "-prefix -byte_binary_prefix" -pretty "-unit -sexagesimal"; do
  # shellcheck disable=SC2086
  check $opts -show_format -show_streams -show_packets -show_frames -read_intervals '%+#3' "$FX/mkv_multi.mkv"
done
check -pretty -show_format -show_streams -show_chapters -of json "$FX/mkv_multi.mkv"
check -pretty -show_programs -show_format -of xml "$FX/ts_programs.ts"
check -unit -prefix -show_format -show_streams -of flat "$FX/audio.mp3"
ffprobe -v quiet -pretty -show_format -show_streams - < "$FX/mkv_multi.mkv" > "$T/ref.txt"
{ cat "$FX/mkv_multi.mkv" || true; } | avprobe-json -v quiet -pretty -show_format -show_streams - > "$T/ours.txt"
cmp -s "$T/ref.txt" "$T/ours.txt" || fail "-pretty through a pipe differs"
expect_status 2 avprobe-json -pretty -noprivate -of xml=x=1 -show_format "$FX/audio.mp3"
expect_stderr 'xsd_strict: values with units'
expect_status 2 avprobe-json --typed -pretty "$FX/audio.mp3"
expect_stderr '^avprobe-json: error: usage: --typed prints numbers'
ok "-unit, -prefix, -byte_binary_prefix and -pretty match ffprobe"
