# ffplay's early drop: with a display far slower than the frames (300 ms a picture, 40 ms frames), the decoder
# thread drops the pictures already behind the audio clock, so the picture keeps up with the sound. With late drops
# alone the display takes at most the three queued frames per refresh and falls ever further behind (2 s after 4 s).
# Every frame is still accounted for, once: shown, or dropped (late by the display, or early by the decoder).
# ctest: RUN_SERIAL (real time, judged by the player's clocks)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
syncplay --autoexit --simulate-slow-display 300 --sync-report "$T/r.jsonl" "$FX/sync_av4.nut" 2>"$T/err" \
  || fail "exit $?: $(cat "$T/err")"
frames=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$FX/sync_av4.nut")
s=$(tail -1 "$T/r.jsonl")
echo "$s" | jq -e '.summary.dropped_early > 10 and .summary.dropped >= .summary.dropped_early' >/dev/null \
  || fail "no early drops: $s"
[ "$(grep -c '"early":true' "$T/r.jsonl")" -eq "$(echo "$s" | jq .summary.dropped_early)" ] || fail "early lines != summary"
[ "$(grep -c '"action":"dropped"' "$T/r.jsonl")" -eq "$(echo "$s" | jq .summary.dropped)" ] || fail "dropped lines != summary"
echo "$s" | jq -e --argjson n "$frames" '.summary.shown + .summary.dropped == $n' >/dev/null || fail "frames lost: $s"
# Each frame once, and the early ones really behind the master when dropped.
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | sort -g | uniq -d | grep -q . \
  && fail "a frame reported twice"
jq -s -e 'map(select(.early)) | all(.pts < .master)' "$T/r.jsonl" >/dev/null || fail "an early drop ahead of the master"
# The picture keeps up. The master is read after each 300 ms display, so a shown frame is at least that far behind;
# the queued frames that went late during the display add up to two more. Without early drops the median is 1.8 s
# and the worst 3.5 s (the last picture came 3.8 s after the sound ended).
echo "$s" | jq -e '.summary.av_diff_p50 <= 0.5 and .summary.av_diff_max <= 1.2' >/dev/null \
  || fail "the picture fell behind: $s"
ok "$s"
