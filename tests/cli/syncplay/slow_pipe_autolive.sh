# A pipe that delivers slower than it plays (4 s of media over 6 s) is detected as live without --live: the
# external clock takes over and waits for the data, so playback takes as long as the delivery and no frame is lost.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
frames=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$clip")
size=$(stat -c %s "$clip")
chunk=8192
n=$(( (size + chunk - 1) / chunk ))
pace=$(echo "scale=3; 6 / $n" | bc)
{
  for i in $(seq 0 $((n - 1))); do
    dd if="$clip" bs=$chunk skip="$i" count=1 status=none
    sleep "$pace"
  done
} | timeout "$HANG_SECONDS" syncplay --autoexit -v info --sync-report "$T/r.jsonl" 2>"$T/err" \
  || fail "exit $?: $(cat "$T/err")"
grep -q '^syncplay: info: the input delivers in real time: treating it as live' "$T/err" || fail "not detected: $(cat "$T/err")"
s=$(tail -1 "$T/r.jsonl")
echo "$s" | jq -e --argjson n "$frames" '.summary.sync == "ext" and .summary.shown + .summary.dropped == $n' >/dev/null \
  || fail "$s"
# The clock waited for the data: on the player's clock the pictures took clearly longer than the media they show
# (a player racing ahead shows them at 1 s per second, 0.99 to 1.01 in realtime_sync.sh; here about 1.2 to 1.5, as
# probing takes the first part of the delivery), and the audio device ran dry while it waited.
pace=$(video_pace "$T/r.jsonl")
within "$pace" 1.1 10 || fail "played ahead of the data: $pace s per media second"
echo "$s" | jq -e '.summary.underruns > 0' >/dev/null || fail "the clock never waited: $s"
ok "detected; $s at $pace s per media second"
