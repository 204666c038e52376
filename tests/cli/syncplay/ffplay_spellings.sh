# Shows: syncplay takes ffplay's command lines (-i, -nodisp, -autoexit, -ss, -t, -an, -vn, -sync, -framedrop,
# -noframedrop, -ast/-vst, -volume, -x/-y, -left/-top, -window_title, -noborder, -loglevel, -hide_banner,
# -seek_interval, -genpts, -fast, -infbuf, -alwaysontop, -rdftspeed, -noautorotate, -acodec/-vcodec); every
# line also runs in ffplay (exit 0 in both), and what syncplay played is checked against ffprobe: the frames shown
# are the stream's frames of the range asked for, the master clock the one asked for. ffplay options syncplay does
# not honour yet are a usage error of one line naming them.
# ctest: RUN_SERIAL (real time: two players in turn)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
IN=$FX/sync_av4.nut
n=0
# play CHECK START DUR ARGS...: syncplay ARGS (with a report) and ffplay ARGS both exit 0; then CHECK, a jq filter on
# the summary, where $frames_ok says that the frames shown are ffprobe's frames of the range: ffplay's rule plays a
# frame when its time minus START is at most DUR; syncplay may end one frame short of that (its demuxer stops when
# every stream is past the range, which B-frame reordering can make come before the last frame in range).
play() {
  local check=$1 start=$2 dur=$3; shift 3
  timeout "$HANG_SECONDS" syncplay --sync-report "$T/r.jsonl" "$@" 2> "$T/err" || { cat "$T/err" >&2; fail "syncplay $*: exit $?"; }
  [ ! -s "$T/err" ] || fail "syncplay $*: stderr: $(cat "$T/err")"
  # ffplay only has to take the same line (exit 0): they all play together at the end (ffplay_line), four at a time.
  ffplay_lines+=("$(printf '%q ' "$@")")
  ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 "$IN" |
    awk -F, -v s="$start" -v d="$dur" '$1 != "" && $1 >= s - 0.0005 && $1 <= s + d + 0.0005 { printf "%.3f\n", $1 }' > "$T/want"
  jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{ printf "%.3f\n", $1 }' > "$T/got"
  local frames_ok=false
  if cmp -s "$T/got" "$T/want" || cmp -s "$T/got" <(head -n -1 "$T/want"); then frames_ok=true; fi
  jq -e -s --argjson frames_ok "$frames_ok" --rawfile got "$T/got" ".[-1].summary | $check" "$T/r.jsonl" > /dev/null ||
    fail "syncplay $*: $(tail -1 "$T/r.jsonl") ($(wc -l < "$T/got") frames, $(wc -l < "$T/want") wanted)"
  n=$((n + 1))
}
frames='$frames_ok'
ffplay_lines=()
# ffplay_line 'ARGS': ffplay plays ARGS and exits 0.
ffplay_line() { eval "timeout \"\$HANG_SECONDS\" ffplay -v error $1" > /dev/null 2>&1 < /dev/null || fail "ffplay $1: exit $?"; }
play "$frames and .sync == \"audio\"" 0 0.4 -nodisp -autoexit -t 0.4 "$IN"
# -ss counts from the input's start time (0.021 s here), as in ffplay; the first frame shown is within a frame of it.
# -ss and -t take ffplay's time syntax ([HH:]MM:SS[.m...], or seconds with s, ms or us).
st=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$IN")
play "(\$got | split(\"\n\") | .[0] | tonumber - $st - 1 | fabs < 0.045) and .shown >= 10 and .shown <= 12" 1 0.4 \
  -autoexit -ss 0:01 -t 400ms -i "$IN"
play "$frames and .sync == \"ext\" and .audio_seconds == null" 0 0.4 -autoexit -an -t 0.4 "$IN"
play "(\$got == \"\") and .shown == 0 and .audio_seconds > 0.3" 0 0.4 -autoexit -vn -t 0.4 "$IN"
play "$frames and .sync == \"video\"" 0 0.4 -autoexit -sync video -t 0.4 "$IN"
play "$frames and .sync == \"ext\"" 0 0.4 -autoexit -sync ext -framedrop -t 0.4 "$IN"
play "$frames" 0 0.4 -autoexit -noframedrop -t 0.4 "$IN"
play "$frames" 0 0.3 -autoexit -window_title clip -noborder -left 10 -top 10 -x 160 -y 120 -t 0.3 "$IN"
play "$frames" 0 0.3 -loglevel error -hide_banner -autoexit -volume 50 -t 0.3 "$IN"
play "$frames and .sync == \"audio\"" 0 0.3 -autoexit -ast a:0 -vst v:0 -t 0.3 "$IN"
play "$frames" 0 0.3 -autoexit -fs -t 0.3 "$IN"
play "$frames" 0 0.3 -autoexit -seek_interval 5 -genpts -fast -infbuf -t 0.3 "$IN"
play "$frames" 0 0.3 -autoexit -alwaysontop -rdftspeed 40 -noautorotate -t 0.3 "$IN"
play "$frames" 0 0.3 -autoexit -acodec aac_fixed -vcodec h264 -t 0.3 "$IN"
for_each_parallel 4 ffplay_line "ffplay refused a command line syncplay took" "${ffplay_lines[@]}"
ok "$n ffplay command lines play in both players; syncplay's frames are ffprobe's"
bad() {  # bad REGEX ARGS...
  local re=$1; shift
  expect_status 2 timeout "$HANG_SECONDS" syncplay "$@"
  expect_stderr "$re"
}
bad "^syncplay: error: usage: -enable_vulkan: an ffplay option that syncplay does not honour yet \(see --help\)$" -autoexit -enable_vulkan "$IN"
bad "^syncplay: error: -sst: 's:5' matches no subtitle stream$" -autoexit -sst s:5 "$IN"
bad "^syncplay: error: usage: -drp: -1, 0 or 1" -autoexit -drp 2 "$IN"
bad "^syncplay: error: usage: -ss: not a time: '1:x' \(\[HH:\]MM:SS\[.m...\] or SECONDS\[.m...\]\) \(see --help\)$" -ss 1:x "$IN"
bad "^syncplay: error: usage: -t: a duration, not negative \(see --help\)$" -t -1 "$IN"
bad "^syncplay: error: usage: -volume: not a whole number: 'loud' \(see --help\)$" -volume loud "$IN"
bad "^syncplay: error: usage: -seek_interval: not a number: 'far' \(see --help\)$" -seek_interval far "$IN"
bad "^syncplay: error: usage: -seek_interval: seconds, from 0 \(the default, 10\) to 1e9 \(see --help\)$" -seek_interval -1 "$IN"
bad "^syncplay: error: -ast: 'a:5' matches no audio stream$" -autoexit -ast a:5 "$IN"
bad "^syncplay: error: usage: -an and -vn together leave nothing to play" -an -vn "$IN"
bad "^syncplay: error: usage: unknown option '-nosuch' \(see --help\)$" -nosuch "$IN"
bad "^syncplay: error: usage: two inputs" -i "$IN" "$IN"
ok "ffplay options syncplay does not honour: status 2, one line naming them"
# --sync-report - is stdout.
syncplay -autoexit -nodisp -t 0.2 --sync-report - "$IN" > "$T/stdout.jsonl" 2> "$T/err" || fail "--sync-report -: exit $?"
tail -1 "$T/stdout.jsonl" | jq -e '.summary.shown > 0' > /dev/null || fail "--sync-report -: $(tail -2 "$T/stdout.jsonl")"
[ ! -e ./- ] || fail "--sync-report - made a file named '-'"
ok "--sync-report - writes to stdout"
