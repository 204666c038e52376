# Shows: -stream_loop N before an -i copies that input N more times (-1: forever), each pass's timestamps after the
# last's as ffmpeg 5.1 measures them: the packets (times, flags, payloads) are ffmpeg's for MPEG-4 in NUT, H.264 with
# B-frames and a variable frame rate in Matroska, MPEG-TS, into Matroska and MPEG-TS, and a loop without end cut by
# -t. An MP4 with its index at the end on a pipe, which ffmpeg reads once, is spooled and looped as ffmpeg loops the
# file. With an input -ss, each pass after the first is whole and follows the first (ffmpeg's next pass starts
# before the first ended, and its muxer clamps those timestamps). A bad count, -stream_loop after the last -i, or with
# --concat, is a usage error.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
MAIN=$FX/gr_main.nut  # 160x120 60 fps mpeg4 + 48 kHz pcm, 3 s
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# loop_case FMT ARGS...: memremux ARGS and ffmpeg ARGS -map 0 -c copy write the same packets in format FMT.
loop_case() {
  local fmt=$1; shift
  ff "$@" -map 0 -c copy -f "$fmt" "$T/ref.$fmt" || fail "ffmpeg $*"
  memremux "$@" -f "$fmt" -y "$T/got.$fmt" 2> "$T/err" || { cat "$T/err" >&2; fail "memremux $*: exit $?"; }
  same_packets "$T/ref.$fmt" "$T/got.$fmt"
  ok "$* -> $fmt: $(grep -c '^packet,' "$T/pa.txt") packets as ffmpeg's"
}
loop_case matroska -stream_loop 2 -i "$MAIN"
loop_case mpegts -stream_loop 2 -i "$MAIN"
loop_case matroska -stream_loop 1 -i "$FX/cut_bframes_vfr.mkv"
loop_case matroska -stream_loop 2 -i "$FX/ts_single.ts"
loop_case matroska -stream_loop -1 -i "$MAIN" -t 10
last=$(ffprobe -v error -select_streams v -show_entries packet=pts_time -of csv=p=0 "$T/got.matroska" | sort -n | tail -1)
within "$last" 9.9 10 || fail "-stream_loop -1 -t 10: the last video packet at $last s"

# An MP4 with its index at the end, on a pipe: spooled, then looped as ffmpeg loops the file.
ff -stream_loop 2 -i "$FX/mp4_end.mp4" -map 0 -c copy -f matroska "$T/ref.mkv"
cat "$FX/mp4_end.mp4" | memremux -stream_loop 2 -i - -f matroska -y "$T/pipe.mkv" 2> "$T/err" ||
  { cat "$T/err" >&2; fail "a looped pipe: exit $?"; }
same_packets "$T/ref.mkv" "$T/pipe.mkv"
ok "an MP4 with its index at the end on a pipe, looped 2 more times: ffmpeg's packets from the file"
# A spool cut short by its limit is an error, not the end of a pass to loop again.
expect_status 1 memremux -stream_loop 1 --spool-limit 200k -i - -f matroska - < <(cat "$MAIN")
tail -1 "$T/err" | grep -q "^memremux: error: spooling input: spool limit reached" || fail "past --spool-limit: $(cat "$T/err")"
ok "a looped pipe past --spool-limit: an error (status 1), not a loop over what was spooled"

# With an input -ss: 1.8 s, then the whole input, the video's times going on without a step back.
memremux -ss 1.2 -stream_loop 1 -i "$MAIN" -f matroska -y "$T/ss.mkv" 2> "$T/err" || fail "-ss 1.2 -stream_loop 1: exit $?"
ffprobe -v error -select_streams v -show_entries packet=pts_time -of csv=p=0 "$T/ss.mkv" > "$T/ss_pts"
sort -n "$T/ss_pts" | awk 'NR > 1 && ($1 - prev > 0.02 || $1 <= prev) { print "at " prev " then " $1; bad = 1 }
                           { prev = $1 } END { exit bad }' || fail "-ss 1.2 -stream_loop 1: the video's times jump"
[ "$(wc -l < "$T/ss_pts")" -gt 230 ] || fail "-ss 1.2 -stream_loop 1: $(wc -l < "$T/ss_pts") video packets, not a second whole pass"
ok "-ss 1.2 -stream_loop 1: the next pass right after the first"

expect_status 2 memremux -stream_loop x -i "$MAIN" -f null -
expect_stderr "^memremux: error: usage: -stream_loop: a number of passes more \(-1: forever\), not 'x' \(see --help\)$"
expect_status 2 memremux -i "$MAIN" -stream_loop 1 -f null -
expect_stderr "^memremux: error: usage: -stream_loop applies to an input: give it before the -i it belongs to"
expect_status 2 memremux --concat -stream_loop 1 -i "$MAIN" -i "$MAIN" -f null -
expect_stderr "^memremux: error: usage: --concat: options before an -i do not apply to a joined input"
ok "-stream_loop x, after the last -i, with --concat: usage errors"
