# Fault injection: a display that takes 60 ms per frame (slower than the 40 ms frames) makes syncplay drop late
# frames, counted in the report, while the frames it shows stay in sync with the audio.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
cat "$FX/sync_av4.nut" | syncplay --autoexit --simulate-slow-display 60 --sync-report "$T/r.jsonl" 2>"$T/err" \
  || fail "exit $?: $(cat "$T/err")"
frames=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$FX/sync_av4.nut")
s=$(tail -1 "$T/r.jsonl")
echo "$s" | jq -e '.summary.dropped > 10' >/dev/null || fail "no frames dropped: $s"
echo "$s" | jq -e --argjson n "$frames" '.summary.shown + .summary.dropped == $n' >/dev/null || fail "frames lost: $s"
[ "$(grep -c '"action":"dropped"' "$T/r.jsonl")" -eq "$(echo "$s" | jq .summary.dropped)" ] || fail "dropped lines != summary"
# Each late drop is one the display loop reached after the frame that follows was due (ffplay's rule): more than a
# frame (40 ms) after the dropped one's own time (its "due"); and the report shows the player late to its plan, as
# the real-time tests' check for a starved run sees it (lib.sh, starved): a player slow by itself is never taken for
# a busy host.
jq -s -e 'map(select(.action == "dropped" and .early != true)) | length > 0 and all(.shown_at - .due > 0.039)' \
  "$T/r.jsonl" >/dev/null || fail "a late drop before its time: $(jq -c 'select(.action == "dropped")' "$T/r.jsonl" | head -3)"
why=$(starved "$T/r.jsonl") || fail "the report does not show the slow display's lateness"
[[ $why == "a frame handled "* ]] || fail "the slow display shows as: $why"
# Sync holds: with a 60 ms display, shown frames within 1.5 frames (60 ms) of the audio at the 95th percentile.
echo "$s" | jq -e '.summary.av_diff_p95 <= 0.060' >/dev/null || fail "sync lost: $s"
ok "$s"
