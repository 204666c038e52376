#!/usr/bin/env bash
# Shows: -read_intervals in every form ffprobe takes (absolute and relative starts, %END, %+DURATION, %+#PACKETS,
# negative times, several intervals) gives ffprobe's packets and frames byte for byte, from files and from stdin
# (where ffprobe cannot seek, we spool: the answer is ffprobe's on the file); bad specs are one usage line.
source "$(dirname "$0")/../lib.sh"
check() {  # check FIXTURE INTERVALS SECTIONS...: ffprobe and avprobe-json on the file, then avprobe-json on stdin
  local f=$1 iv=$2
  shift 2
  ffprobe -v quiet -of json -read_intervals "$iv" "$@" "$FX/$f" > "$T/ref.json"
  [ -s "$T/ref.json" ] || fail "$f $iv: ffprobe printed nothing"
  avprobe-json -v quiet -of json -read_intervals "$iv" "$@" "$FX/$f" > "$T/ours.json" || fail "$f '$iv' $*: failed"
  cmp -s "$T/ref.json" "$T/ours.json" || { diff "$T/ref.json" "$T/ours.json" | head >&2; fail "$f '$iv' $*: differs"; }
  { cat "$FX/$f" || true; } | avprobe-json -v quiet -of json --read-intervals="$iv" "$@" - > "$T/pipe.json" ||
    fail "$f '$iv' $*: stdin failed"
  cmp -s "$T/ref.json" "$T/pipe.json" || { diff "$T/ref.json" "$T/pipe.json" | head >&2; fail "$f '$iv' $* on stdin: differs"; }
}
check mkv_multi.mkv '1%+0.5' -show_packets -show_frames
check mkv_multi.mkv '%+#5' -show_packets
check mkv_multi.mkv '0.5%+#3,1.5%+#2' -show_packets -show_frames
check mkv_multi.mkv '%0.3,+0.5%+0.2' -show_frames -select_streams a
check mp4_end.mp4 '1.2%1.5' -show_packets -show_frames
check mp4_end.mp4 '-1%+#4,00:00:01.5%' -show_packets
check ts_programs.ts '1.5%+#3,+0.2%+0.2' -show_packets -show_frames -select_streams v
check ts_programs.ts '%+#0,3%+#2' -show_packets -count_packets -show_streams
check webm_vp9.webm '0.4%+0.3' -show_frames -count_frames -show_streams
# The spool that lets a pipe seek is bounded by --spool-limit: past it the input fails, it is never cut silently.
st=0
{ cat "$FX/mkv_multi.mkv" || true; } | avprobe-json --spool-limit 10K -of json -read_intervals 1%+#2 -show_packets - \
  > "$T/out" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || fail "past --spool-limit: status $st"
grep -q '"string": "spool limit reached' "$T/out" || fail "past --spool-limit: no error object"
# ffprobe 5.1 takes a negative packet count, reads nothing in that interval, and says so.
ffprobe -v quiet -of json -read_intervals '%+#-1,1%+#2' -show_packets "$FX/mkv_multi.mkv" > "$T/ref.json"
expect_status 0 avprobe-json -of json -read_intervals '%+#-1,1%+#2' -show_packets "$FX/mkv_multi.mkv"
cmp -s "$T/ref.json" "$T/out" || fail "a negative packet count differs"
expect_stderr "Invalid or negative value '-1' for duration number of frames"
# What ffprobe refuses: one usage line naming the interval, nothing on stdout.
for bad in '' abc '1%%2' '#3' '%#3' '1%2,' '+%2'; do
  ffprobe -v quiet -read_intervals "$bad" -show_packets "$FX/mkv_multi.mkv" > /dev/null 2>&1 && fail "ffprobe took '$bad'"
  expect_status 2 avprobe-json -read_intervals "$bad" -show_packets "$FX/mkv_multi.mkv"
  expect_stderr "^avprobe-json: error: usage: parsing -read_intervals: interval #[0-9]+ "
  [ ! -s "$T/out" ] || fail "'$bad': printed on stdout"
done
ok "-read_intervals as ffprobe, on files and stdin"
