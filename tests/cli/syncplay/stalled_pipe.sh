# A live pipe (a writer pacing the clip at about media speed) that stalls for 1.5 s mid-stream: with --live the
# external clock pauses while no data comes (underruns counted) instead of racing ahead, then every frame is shown
# in sync, the latency behind the writer grown by the stall only.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
# (With --live the external clock runs at 0.9 to 1.01 while the queues are short, so video is corrected more often;
# a few late frames may be dropped on a loaded machine, and the p95 bound is 50 ms.)
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
frames=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$clip")
size=$(stat -c %s "$clip")
chunk=16384
n=$(( (size + chunk - 1) / chunk ))
pace=$(echo "scale=3; 3.8 / $n" | bc)
{
  date +%s.%N > "$T/writer.start"
  for i in $(seq 0 $((n - 1))); do
    dd if="$clip" bs=$chunk skip="$i" count=1 status=none
    sleep "$pace"
    [ "$i" -ne $((n / 2)) ] || sleep 1.5
  done
  date +%s.%N > "$T/writer.end"
} | timeout "$HANG_SECONDS" syncplay --autoexit --live --sync-report "$T/r.jsonl" 2>"$T/err" \
  || fail "exit $?: $(cat "$T/err")"
s=$(tail -1 "$T/r.jsonl")
echo "$s" | jq -e --argjson n "$frames" '.summary.sync == "ext" and .summary.shown + .summary.dropped == $n and .summary.dropped <= 8' \
  >/dev/null || fail "$s"
echo "$s" | jq -e '.summary.underruns > 0 and .summary.av_diff_p95 <= 0.050' >/dev/null || fail "$s"
# Latency (shown_at - pts): small before the stall, grown by about the stall after it, never more. On a busy machine
# the writer itself runs late (each chunk's dd and sleep take longer): the player can only be as early as the data,
# so what the writer lost over its nominal pace is allowed on top.
late=$(awk -v a="$(cat "$T/writer.start")" -v b="$(cat "$T/writer.end")" -v p="$pace" -v n="$n" \
  'BEGIN { printf "%.3f", b - a - p * n - 1.5 }')
jq -s -e --argjson late "$late" 'map(select(.action == "shown") | .shown_at - .pts) |
  (.[10] < 0.3) and (.[-1] < .[10] + 1.8 + ([$late, 0] | max)) and (.[-1] > .[10] + 1.0)' \
  "$T/r.jsonl" >/dev/null || fail "latency: $(jq -s -c 'map(select(.action == "shown") | .shown_at - .pts) | [.[10], .[-1]]' "$T/r.jsonl")"
ok "stall: $s (the writer ran ${late} s behind its pace)"
