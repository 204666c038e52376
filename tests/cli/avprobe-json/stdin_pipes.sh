#!/usr/bin/env bash
# Shows: an MP4 with its index at the end is probed from a pipe (spooled), where ffprobe fails; the streams are
# the same as ffprobe's on the file. A redirected file on stdin is seekable (size known); a pipe has no size.
# --scan-duration finds the duration of a streamed WebM whose header has none (our packet scan: libavformat has no
# estimate even for the file), and --typed says so.
source "$(dirname "$0")/../lib.sh"
cat "$FX/mp4_end.mp4" | ffprobe -v quiet -of json -show_streams - > "$T/ff_pipe.json" || true
jq -e '.streams | length > 0' "$T/ff_pipe.json" > /dev/null 2>&1 && echo "note: ffprobe read it too"
avprobe-json < <(cat "$FX/mp4_end.mp4") > "$T/pipe.json" || fail "moov-at-end MP4 on a pipe failed"
ffprobe -v quiet -of json -show_format -show_streams "$FX/mp4_end.mp4" > "$T/ref.json"
json_diff --ignore format.filename --ignore format.size "$T/ref.json" "$T/pipe.json" || fail "piped MP4 differs from ffprobe on the file"
avprobe-json < "$FX/mp4_end.mp4" | jq -e --arg s "$(stat -c %s "$FX/mp4_end.mp4")" '.format.size == $s' > /dev/null || fail "redirected stdin has no size"
avprobe-json < <(cat "$FX/mkv_multi.mkv") | jq -e '.format | has("size") | not' > /dev/null || fail "a pipe cannot know its size"
# Streamed WebM: no duration in the header.
ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=160x120:rate=25:duration=3" -c:v libvpx-vp9 -deadline realtime \
  -cpu-used 8 -threads 1 -fflags +bitexact -f webm - | cat > "$T/live.webm"
avprobe-json --typed < <(cat "$T/live.webm") > "$T/plain.json" || fail "live WebM probe failed"
jq -e '(.format | has("duration") | not) and .format.duration_source == "none"' "$T/plain.json" > /dev/null || fail "live WebM unexpectedly has a duration"
avprobe-json --typed --scan-duration < <(cat "$T/live.webm") > "$T/scan.json" || fail "scan failed"
jq -e '.format.duration_source == "scan" and .format.duration > 2.9 and .format.duration < 3.1' "$T/scan.json" > /dev/null ||
  fail "scan duration: $(jq -c .format "$T/scan.json")"
# MPEG-TS on a pipe: no duration from libavformat; with --scan-duration the spooled input is a file to it, and its
# timestamp estimate gives ffprobe's duration for the file (scan_duration.sh compares every field).
avprobe-json --typed --scan-duration < <(cat "$FX/ts_single.ts") > "$T/ts.json"
ffprobe -v quiet -of json -show_format "$FX/ts_single.ts" > "$T/ref.json"
jq -e --slurpfile r "$T/ref.json" '.format.duration_source == "timestamps" and
  .format.duration == ($r[0].format.duration | tonumber)' "$T/ts.json" > /dev/null ||
  fail "TS scan: $(jq -c .format "$T/ts.json")"
ok "pipes: moov at end, sizes, scanned duration"
