# Raw H.264 without timestamps plays at --fps (or a guessed 25 fps) with a warning, frames evenly spaced.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
# -noframedrop: all 50 frames are counted, so a frame late on a loaded machine must not be dropped; the span, on the
# player's clock, still tells 50 fps (0.98 s) from the guessed 25 (1.96 s).
timeout "$HANG_SECONDS" syncplay --autoexit -noframedrop --fps 50 --sync-report "$T/r.jsonl" <"$FX/sync_raw.h264" 2>"$T/err" \
  || fail "exit $?"
expect_stderr_file() { grep -Eq "$1" "$T/err" || fail "stderr: $(cat "$T/err")"; }
expect_stderr_file '^syncplay: warning: the video has no timestamps; playing it at 50 fps$'
span=$(video_span "$T/r.jsonl")
within "$span" 0.93 1.15 || fail "50 frames at 50 fps shown over $span s (0.98 s from the first to the last)"
jq -e -s 'map(select(.action == "shown") | .pts) | length == 50 and .[1] - .[0] == 0.02 and .[49] == 0.98' "$T/r.jsonl" \
  >/dev/null || fail "pts not at 50 fps: $(head -3 "$T/r.jsonl")"
syncplay --autoexit --t 0.2 <"$FX/sync_raw.h264" 2>"$T/err" || fail "exit $?"
expect_stderr_file 'playing it at 25 fps \(a guess; set the rate with --fps\)$'
ok "raw H.264 at 50 fps, shown over $span s"
