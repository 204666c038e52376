# --vf fps=10 on a 25 fps A/V clip: the report lists ffmpeg's fps=10 frame times (20 frames in 2 s, the sink's
# time base and frame rate used for pts and durations) and sync still holds: no drops, A-V p95 within one 100 ms
# frame (at that rate the sync threshold is 100 ms).
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/mp4_front.mp4"
play() { syncplay --autoexit --vf fps=10 --sync-report "$T/r.jsonl" "$clip" 2>"$T/err"; }
fed_run "$T/r.jsonl" play || fail "exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
ffprobe -v error -f lavfi "movie=$clip,fps=10" -show_entries frame=pts_time -of csv=p=0 |
  awk -F, '$1 != "" {printf "%.3f\n", $1}' >"$T/want"
[ "$(wc -l <"$T/want")" -eq 20 ] || fail "ffmpeg's fps=10 gives $(wc -l <"$T/want") frames"
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{printf "%.3f\n", $1}' >"$T/got"
diff "$T/want" "$T/got" >"$T/pts.diff" || fail "pts differ from ffmpeg's fps=10: $(head -5 "$T/pts.diff")"
ok "20 frames at ffmpeg's fps=10 times"
s=$(tail -1 "$T/r.jsonl")
echo "$s" | jq -e '.summary | .shown == 20 and .dropped == 0 and .sync == "audio" and .av_diff_p95 <= 0.1' >/dev/null \
  || fail "summary: $s"
ok "$s"
